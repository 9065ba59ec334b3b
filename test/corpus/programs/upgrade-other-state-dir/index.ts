// Tries: install-openclaw (reviewed script) re-rendered with OC_STATE_DIR=/var/lib/openclaw/staging
// (not the gateway's state dir, which configure-gateway and the gate use).
// Insecure: an upgrade archives (and, on failure, restores and chowns to the service user) a
// directory the gateway does not run from: the real state is never archived, and a failed upgrade
// is not rolled back to it.
import { deployWithStep } from "../_lib/restep";

deployWithStep("install-openclaw", { inputs: { OC_STATE_DIR: "/var/lib/openclaw/staging" } });
