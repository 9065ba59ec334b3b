// Tries: a step before the gate masks openclaw-backup.timer by hand: a link from its unit name to
// /dev/null under /etc/systemd/system (what `systemctl mask` writes).
// Insecure: no scheduled backups; the maintenance step's own unit file under that name is replaced
// by the link.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("no-backups", "sudo ln -sf /dev/null /etc/systemd/system/openclaw-backup.timer")] });
