// Tries: mask apt's upgrade timer by hand (a link to /dev/null), not with `systemctl mask`, "to
// avoid surprise restarts"; Update-Package-Lists and Unattended-Upgrade stay "1".
// Insecure: the timer that runs unattended-upgrades never fires again: no security updates.
import { compose, remote } from "../_lib/compose";

compose({ afterHardening: [remote("no-surprise-restarts", "sudo ln -sf /dev/null /etc/systemd/system/apt-daily-upgrade.timer && sudo systemctl daemon-reload")] });
