// Tries: "an old Jenkins agent still needs ssh-rsa": an sshd drop-in sorting first that offers the
// RSA host key with SHA-1 signatures and accepts ssh-rsa and DSA user keys. Kex, ciphers and MACs
// are left clean.
// Insecure: SHA-1 signatures (ssh-rsa) and DSA are what ssh-audit fails; host and user
// authentication fall back to broken algorithms.
import { compose, remote } from "../_lib/compose";

const dropIn = [
  "HostKey /etc/ssh/ssh_host_rsa_key",
  "HostKeyAlgorithms ssh-ed25519,ssh-rsa",
  "PubkeyAcceptedAlgorithms ssh-ed25519,ssh-rsa,ssh-dss",
  "RequiredRSASize 1024",
].join("\n");
compose({ afterHardening: [remote("legacy-ci-ssh", `sudo tee /etc/ssh/sshd_config.d/0-legacy-ci.conf >/dev/null <<'CONF'\n${dropIn}\nCONF\nsudo systemctl reload ssh`)] });
