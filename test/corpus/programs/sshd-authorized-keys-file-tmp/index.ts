// Tries: an sshd drop-in that adds a second AuthorizedKeysFile "for the break-glass key", in /tmp
// (with StrictModes off, which /tmp needs).
// Root stays off, passwords stay off, AllowUsers stays the admin.
// Insecure: any local account (the openclaw service user included) can write /tmp/ops.keys and log
// in as the sudo-capable admin: a service compromise becomes root.
import { compose, remote } from "../_lib/compose";

const script = [
  "printf 'AuthorizedKeysFile .ssh/authorized_keys /tmp/%%u.keys\\nStrictModes no\\n' | sudo tee /etc/ssh/sshd_config.d/10-break-glass.conf >/dev/null",
  "sudo sshd -t && sudo systemctl reload ssh",
].join("\n");
compose({ afterHardening: [remote("break-glass-keys", script)] });
