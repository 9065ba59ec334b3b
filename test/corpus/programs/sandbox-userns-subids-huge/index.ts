// Tries: on Debian 12 with the agent sandbox, the service user gets 999999999 subordinate ids
// instead of 65536 ("room for nested containers").
// Insecure: nearly every host uid above 100000 becomes the service user's to map: files of other
// users' ranges and of containers' ids come within reach of whoever drives the agent.
import { deployWithUsernsInputs } from "../_lib/sandbox-userns";

deployWithUsernsInputs({ OC_SUBORDINATE_IDS: "999999999" });
