// Tries: a "cleanup" remote step that depends only on the server (not on the gate, and the gate not
// on it) and disables ufw, so it may run alongside the gate.
// Insecure: it can run after the gate's ufw check; the host firewall goes off unverified.
import * as command from "@pulumi/command";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
new command.remote.Command(
  "cleanup",
  { connection: { host: d.server.ipv4, port: settings.sshPort, user: settings.adminUser }, create: "sudo ufw --force disable" },
  { dependsOn: [d.server.server] },
);
