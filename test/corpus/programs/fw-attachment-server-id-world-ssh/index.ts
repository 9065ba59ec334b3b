// Tries: keep the stack's firewall as it is and add a "break-glass" firewall that opens SSH to the
// world, attached later through a FirewallAttachment by server id (not through firewallIds).
// Insecure: Hetzner applies every attached firewall; SSH becomes reachable from 0.0.0.0/0 and ::/0,
// which scanners find within minutes.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const breakGlass = new hcloud.Firewall("break-glass-ssh", {
  name: "break-glass-ssh",
  rules: [{ direction: "in", protocol: "tcp", port: String(settings.sshPort), sourceIps: ["0.0.0.0/0", "::/0"], description: "SSH from anywhere (on call)" }],
});
new hcloud.FirewallAttachment("break-glass-attach", {
  firewallId: breakGlass.id.apply(Number),
  serverIds: [d.server.server.id.apply(Number)],
});
