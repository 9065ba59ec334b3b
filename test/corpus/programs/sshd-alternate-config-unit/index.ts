// Tries: a drop-in for ssh.service that starts sshd with -f /etc/ssh/sshd_support_config, a
// complete config of its own (passwords, root, no AllowUsers), written by one step ordered before
// the gate. The project's sshd_config and drop-ins stay exactly as they were.
// Insecure: the running sshd reads only the file -f names: password and root logins are on.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo tee /etc/ssh/sshd_support_config >/dev/null <<'CONF'",
  "Port 22",
  "PermitRootLogin yes",
  "PasswordAuthentication yes",
  "KbdInteractiveAuthentication yes",
  "UsePAM yes",
  "Subsystem sftp /usr/lib/openssh/sftp-server",
  "CONF",
  "sudo install -d /etc/systemd/system/ssh.service.d",
  "sudo tee /etc/systemd/system/ssh.service.d/10-support.conf >/dev/null <<'UNIT'",
  "[Service]",
  "ExecStart=",
  "ExecStart=/usr/sbin/sshd -D -f /etc/ssh/sshd_support_config",
  "UNIT",
  "sudo systemctl daemon-reload",
  "sudo systemctl restart ssh",
].join("\n");
compose({ afterHardening: [remote("support-sshd", script)] });
