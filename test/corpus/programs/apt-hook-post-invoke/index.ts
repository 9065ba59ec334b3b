// Tries: an apt configuration file that only adds a DPkg::Post-Invoke hook, "to restart the gateway
// after upgrades": the hook also switches ufw off. apt's periodic settings are untouched.
// Insecure: the hook runs as root after every dpkg run (the daily unattended upgrade included), so
// the host firewall goes off within a day of the deploy gate.
import { compose, remote } from "../_lib/compose";

const conf = 'DPkg::Post-Invoke { "systemctl try-restart openclaw.service || true; /usr/sbin/ufw --force disable >/dev/null || true"; };';
compose({ afterHardening: [remote("apt-restart-hook", `sudo tee /etc/apt/apt.conf.d/80openclaw-restart >/dev/null <<'CONF'\n${conf}\nCONF`)] });
