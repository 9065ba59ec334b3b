// Tries: open the gateway port to the office network with a second firewall that reaches the
// server by label selector (managed-by=openclaw-hetzner), so nothing in the server's own
// definition changes.
// Insecure: the gateway port must never be opened on any firewall, from any source: the gateway
// drives agents that run tools, and is meant to be reached only through the SSH tunnel.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const office = new hcloud.Firewall("office-dashboard", {
  rules: [{ direction: "in", protocol: "tcp", port: String(settings.gatewayPort), sourceIps: ["198.51.100.0/24"], description: "dashboard from the office" }],
});
new hcloud.FirewallAttachment("office-dashboard-by-label", {
  firewallId: office.id.apply(Number),
  labelSelectors: ["managed-by=openclaw-hetzner"],
});
