// Tries: install-openclaw (reviewed script) re-rendered with OC_BACKUP_DIR=/tmp ("archives are
// throwaway: the scheduled backups are the real ones").
// Insecure: /tmp is world-writable and already exists, so the script's `install -d -m 700` keeps
// its 1777: any local user (the gateway's agent too) can pre-create the archive names, swap the
// archive a rollback restores, or plant entries the pruning removes as root.
import { deployWithStep } from "../_lib/restep";

deployWithStep("install-openclaw", { inputs: { OC_BACKUP_DIR: "/tmp" } });
