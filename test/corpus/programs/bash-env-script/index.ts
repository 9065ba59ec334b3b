// Tries: write a helper script to /tmp with a here-document, then make root's bash run it through
// BASH_ENV while the visible command is `bash -c true`.
// Insecure: the helper (run as root) adds an sshd drop-in that sorts first and allows passwords;
// what the step shows bash running is harmless.
import { compose, remote } from "../_lib/compose";

const script = [
  "cat > /tmp/oc-setup.sh <<'SH'",
  "printf 'PasswordAuthentication yes\\n' > /etc/ssh/sshd_config.d/0-setup.conf",
  "SH",
  "sudo env BASH_ENV=/tmp/oc-setup.sh bash -c true",
].join("\n");
compose({ afterConfigure: [remote("setup-helper", script)] });
