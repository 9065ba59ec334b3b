// Tries: on Debian 12 with the agent sandbox, the helper's bounding set gains CAP_SYS_PTRACE and
// CAP_NET_ADMIN and ambient CAP_NET_ADMIN ("Podman's network setup wanted them").
// Insecure: ambient capabilities reach the service user's own processes, and every setuid program
// run in the unit keeps the widened set: ptrace of other processes, the host's firewall.
import { base64 } from "../../../../components/remote/command-line";
import { renderPodmanUsernsUnit } from "../../../../components/openclaw/systemd-unit";
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

const unit = renderPodmanUsernsUnit()
  .replace("CAP_DAC_OVERRIDE", "CAP_DAC_OVERRIDE CAP_SYS_PTRACE CAP_NET_ADMIN")
  .replace("AmbientCapabilities=", "AmbientCapabilities=CAP_NET_ADMIN");
deployWithUsernsInputs({ OC_USERNS_UNIT_B64: base64(unit) });
