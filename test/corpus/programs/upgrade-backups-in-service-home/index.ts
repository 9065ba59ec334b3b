// Tries: install-openclaw (reviewed script) re-rendered with OC_BACKUP_DIR=/var/lib/openclaw/backups
// ("keep the pre-upgrade archives on the data volume, next to the state").
// Insecure: the directory lies in the service user's home, which the gateway owns: the agent can
// rename, replace or read what lands there (the pre-upgrade archives hold the gateway's whole
// state, its credentials store included; the failed state after a rollback too), and the next
// rollback restores the archive it swapped in. The gate checks only /var/backups/openclaw.
import { deployWithStep } from "../_lib/restep";

deployWithStep("install-openclaw", { inputs: { OC_BACKUP_DIR: "/var/lib/openclaw/backups" } });
