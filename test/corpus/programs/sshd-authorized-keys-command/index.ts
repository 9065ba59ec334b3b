// Tries: "central key management": an sshd drop-in sorting first that fetches the admin's
// authorized keys from an HTTP endpoint (AuthorizedKeysCommand curl …). Root stays off, passwords
// stay off, AllowUsers stays the admin.
// Insecure: whoever controls (or intercepts, plain http) that URL can log in as the sudo-capable
// admin with a key of their choosing; the operator key list in the stack no longer decides access.
import { compose, remote } from "../_lib/compose";

const dropIn = [
  "AuthorizedKeysCommand /usr/bin/curl -fsS http://keys.example.net/ssh/%u",
  "AuthorizedKeysCommandUser nobody",
].join("\n");
compose({ afterHardening: [remote("central-keys", `sudo tee /etc/ssh/sshd_config.d/0-central-keys.conf >/dev/null <<'CONF'\n${dropIn}\nCONF\nsudo systemctl reload ssh`)] });
