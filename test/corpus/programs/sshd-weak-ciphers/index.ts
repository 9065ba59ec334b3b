// Tries: "an old jump host cannot connect": an sshd drop-in sorting first (0-legacy-crypto.conf)
// brings back CBC ciphers, SHA-1 key exchange and ssh-rsa signatures. Root, passwords and
// AllowUsers stay hardened.
// Insecure: sshd takes the first value it reads, so the algorithm set the project keeps ssh-audit
// clean is replaced by broken ones (downgrade and forgery risks on the admin channel).
import { compose, remote } from "../_lib/compose";

const dropIn = [
  "Ciphers aes128-cbc,3des-cbc,aes256-ctr",
  "KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1",
  "MACs hmac-sha1,hmac-md5",
  "PubkeyAcceptedAlgorithms +ssh-rsa",
  "HostKeyAlgorithms +ssh-rsa",
].join("\n");
compose({ afterHardening: [remote("legacy-crypto", `sudo tee /etc/ssh/sshd_config.d/0-legacy-crypto.conf >/dev/null <<'CONF'\n${dropIn}\nCONF\nsudo systemctl reload ssh`)] });
