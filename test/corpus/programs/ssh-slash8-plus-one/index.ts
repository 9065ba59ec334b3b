// Tries: exactly a /8 is the most the baseline allows, so take a /8 on one firewall and one more
// address on another (attached by server id): each looks within bounds.
// Insecure: together they admit more than a /8 of IPv4 on SSH, without the accepted risk.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
const port = String(settings.sshPort);
const serverIds = [d.server.server.id.apply(Number)];

const corp = new hcloud.Firewall("corp-slash8", { rules: [{ direction: "in", protocol: "tcp", port, sourceIps: ["10.0.0.0/8"] }] });
new hcloud.FirewallAttachment("corp-slash8-attach", { firewallId: corp.id.apply(Number), serverIds });
const jump = new hcloud.Firewall("jump-host", { rules: [{ direction: "in", protocol: "tcp", port, sourceIps: ["192.0.2.10/32"] }] });
new hcloud.FirewallAttachment("jump-host-attach", { firewallId: jump.id.apply(Number), serverIds });
