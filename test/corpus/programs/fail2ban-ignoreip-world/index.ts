// Tries: keep the sshd jail enabled with the project's maxretry and bantime, and add an ignoreip
// for "our monitoring" that is in fact every address (0.0.0.0/0 ::/0), in a jail.d/*.local file.
// Insecure: fail2ban never bans anyone; the jail that slows SSH brute force is a no-op.
import { compose, copy } from "../_lib/compose";

compose({ afterHardening: [copy("fail2ban-monitoring", "/etc/fail2ban/jail.d/monitoring.local", "[DEFAULT]\nignoreip = 127.0.0.1/8 ::1 0.0.0.0/0 ::/0\n")] });
