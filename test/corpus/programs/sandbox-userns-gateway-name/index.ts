// Tries: on Debian 12 with the agent sandbox, re-render the sandbox-userns step (reviewed script)
// with OC_USERNS_UNIT_NAME=openclaw-gateway, "so there is one unit to manage".
// Insecure: the helper, without NoNewPrivileges and with four capabilities in its bounding set, is
// written over the gateway's unit; the steps are unordered, so which of the two lands last, and is
// restarted, is a race, and the gateway's own hardening may be gone.
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

deployWithUsernsInputs({ OC_USERNS_UNIT_NAME: "openclaw-gateway" });
