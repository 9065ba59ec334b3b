// Tries: on Debian 12 with the agent sandbox, the helper's second ExecStart runs a script from the
// service user's home inside the namespace ("warm the image cache at boot").
// Insecure: the script is the service user's (the gateway writes its home): whoever drives the
// agent gets code run at boot in a unit without NoNewPrivileges, where setuid programs keep
// CAP_SYS_ADMIN, CAP_SETUID and CAP_DAC_OVERRIDE.
import { base64 } from "../../../../components/remote/command-line";
import { renderPodmanUsernsUnit } from "../../../../components/openclaw/systemd-unit";
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

const unit = renderPodmanUsernsUnit().replace("ExecStart=/usr/bin/podman unshare /bin/true", "ExecStart=/usr/bin/podman unshare /bin/sh /home/openclaw/.cache/warm.sh");
deployWithUsernsInputs({ OC_USERNS_UNIT_B64: base64(unit) });
