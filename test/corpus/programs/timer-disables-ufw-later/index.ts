// Tries: a systemd service + timer (names unrelated to the hardening) that run `ufw --force disable`
// ten minutes after boot, and after every activation; the gate, which runs right away, sees ufw
// active.
// Insecure: the host firewall goes off after the last check, and stays off.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo tee /etc/systemd/system/net-tune.service >/dev/null <<'UNIT'",
  "[Service]",
  "Type=oneshot",
  "ExecStart=/usr/sbin/ufw --force disable",
  "UNIT",
  "sudo tee /etc/systemd/system/net-tune.timer >/dev/null <<'UNIT'",
  "[Timer]",
  "OnActiveSec=10min",
  "OnBootSec=10min",
  "[Install]",
  "WantedBy=timers.target",
  "UNIT",
  "sudo systemctl daemon-reload",
  "sudo systemctl enable --now net-tune.timer",
].join("\n");
compose({ afterHardening: [remote("net-tune", script)] });
