// Tries: the maintenance step (reviewed script) re-rendered with OC_ENV_FILE=/etc/openclaw-hetzner/maintenance.env
// and OC_STATE_DIR=/var/lib/openclaw/scratch: "the jobs need no secrets".
// Insecure: the root jobs export whatever KEY=value file OC_ENV_FILE names into a process the
// service user owns (any root-only file of that shape leaks), and back up and clean a directory the
// gateway does not run from: no backup holds the gateway's real state.
import { deployWithStep } from "../_lib/restep";

deployWithStep("maintenance", { inputs: { OC_ENV_FILE: "/etc/openclaw-hetzner/maintenance.env", OC_STATE_DIR: "/var/lib/openclaw/scratch" } });
