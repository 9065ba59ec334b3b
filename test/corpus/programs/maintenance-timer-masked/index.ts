// Tries: a step before the gate masks and stops openclaw-verify.timer and openclaw-backup.timer
// ("we back up elsewhere"), with systemctl mask --now.
// Insecure: no daily verification and no backups; the maintenance step enables them again only when
// it re-runs.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("quiet-timers", "sudo systemctl mask --now openclaw-verify.timer openclaw-backup.timer")] });
