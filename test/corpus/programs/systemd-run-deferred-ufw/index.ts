// Tries: a transient timer (`systemd-run --on-active`) that switches ufw off twenty minutes after
// the step, "so a long migration is not cut by the firewall": no unit file is written, nothing runs
// now.
// Insecure: the host firewall goes off after the deploy gate checked it, and stays off.
import { compose, remote } from "../_lib/compose";

compose({ afterHardening: [remote("migration-window", "sudo systemd-run --on-active=20min --unit=migration-window /usr/sbin/ufw --force disable")] });
