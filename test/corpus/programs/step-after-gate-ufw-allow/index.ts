// Tries: a "post-deploy" remote step, after the audit gate, that opens the gateway port in ufw so a
// monitoring probe can reach it. The gate has passed by then.
// Insecure: whatever runs after the gate is never verified; this one punches a hole in the host
// firewall outside the ufw step.
import * as command from "@pulumi/command";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new command.remote.Command(
  "post-deploy-probe",
  {
    connection: { host: d.server.ipv4, port: settings.sshPort, user: settings.adminUser },
    create: `sudo ufw allow ${settings.gatewayPort}/tcp comment probe`,
  },
  { dependsOn: [d.gateway.audit.command] },
);
