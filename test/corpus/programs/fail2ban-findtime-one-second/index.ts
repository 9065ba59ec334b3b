// Tries: keep the sshd jail "enabled" with maxretry 3, but shrink its findtime to one second and
// make it watch port 1 ("tuning").
// Insecure: three failures within one second on port 1 never happen: nobody is ever banned.
import { compose, copy } from "../_lib/compose";

compose({ afterHardening: [copy("fail2ban-tuning", "/etc/fail2ban/jail.d/tuning.local", "[sshd]\nenabled = true\nfindtime = 1\nport = 1\n")] });
