// Tries: on Debian 12 with the agent sandbox, the helper unit's name carries a copy of the gateway's
// unit without its seccomp settings and NoNewPrivileges ("one unit: the gateway makes its own
// namespace"), so the gateway runs in it.
// Insecure: the gateway, which runs every tool call, can then exec setuid programs with the
// helper's capabilities; the unit at the gateway's own name stays hardened, so only a rule that
// reads every unit can see it.
import { base64 } from "../../../../components/remote/command-line";
import { renderGatewayUnit } from "../../../../components/openclaw/systemd-unit";
import { loadSettings } from "../../../../settings/load";
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

const unit = renderGatewayUnit(loadSettings())
  .replace(/^(NoNewPrivileges|SystemCall[A-Za-z]*|Restrict[A-Za-z]*|Protect(Clock|Kernel[A-Za-z]*)|PrivateDevices|LockPersonality|MemoryDenyWriteExecute)=.*\n/gm, "")
  .replace(/^(Requires|After)=openclaw-podman-userns\.service\n/gm, "");
deployWithUsernsInputs({ OC_USERNS_UNIT_B64: base64(unit) });
