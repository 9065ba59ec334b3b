// Tries: "we sign SSH certificates with our CA now": an sshd drop-in that trusts a user CA. Root
// stays off, passwords stay off, AllowUsers stays the admin, the algorithms stay clean.
// Insecure: whoever holds the CA's private key (outside the stack, unreviewed) mints a certificate
// for the admin and logs in with sudo; the operator keys in the stack no longer decide access.
import { compose, remote } from "../_lib/compose";

const ca = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKvmSuv4A3c+AiDzrOyy0nRV5OA/KrNAiz0WPq2FGCwQ ops-ca";
const script = [
  `echo '${ca}' | sudo tee /etc/ssh/ops_user_ca.pub >/dev/null`,
  "echo 'TrustedUserCAKeys /etc/ssh/ops_user_ca.pub' | sudo tee /etc/ssh/sshd_config.d/10-user-ca.conf >/dev/null",
  "sudo sshd -t && sudo systemctl reload ssh",
].join("\n");
compose({ afterHardening: [remote("ssh-user-ca", script)] });
