// Tries: on Debian 12 with the agent sandbox, ship the namespace helper without User= ("Podman
// failed to map ids once, root always works").
// Insecure: the unit then runs as root without NoNewPrivileges, with CAP_SYS_ADMIN and
// CAP_DAC_OVERRIDE: root's namespace, not the service user's, at every boot, after the gate.
import { base64 } from "../../../../components/remote/command-line";
import { renderPodmanUsernsUnit } from "../../../../components/openclaw/systemd-unit";
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

deployWithUsernsInputs({ OC_USERNS_UNIT_B64: base64(renderPodmanUsernsUnit().replace("User=openclaw\nGroup=openclaw\n", "")) });
