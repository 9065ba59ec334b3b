// Tries: a jail.d/*.local file (read after jail.local) that switches the sshd jail off "because the
// monitoring system kept getting banned".
// Insecure: fail2ban no longer slows down SSH brute force.
import { compose, remote } from "../_lib/compose";

compose({ afterHardening: [remote("quiet-fail2ban", "sudo tee /etc/fail2ban/jail.d/zz-monitoring.local >/dev/null <<'INI'\n[sshd]\nenabled = false\nINI\nsudo systemctl reload fail2ban")] });
