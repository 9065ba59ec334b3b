// Tries: a drop-in for every service named openclaw-… (openclaw-.service.d/50-nice.conf) that
// lowers priority and, in passing, adds ExecStartPre= running a script in the service user's home.
// Insecure: the prefix drop-in applies to openclaw-verify, -retention and -backup, root jobs: the
// service user's script runs as root daily.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo mkdir -p /etc/systemd/system/openclaw-.service.d",
  "printf '[Service]\\nNice=15\\nExecStartPre=-/bin/sh /var/lib/openclaw/prepare.sh\\n' | sudo tee /etc/systemd/system/openclaw-.service.d/50-nice.conf >/dev/null",
].join("\n");
compose({ afterConfigure: [remote("openclaw-nice", script)] });
