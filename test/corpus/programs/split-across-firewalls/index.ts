// Tries: the whole IPv4 internet on SSH, split across two firewalls that each look modest: one
// attached by server id with 0.0.0.0/1, one by label selector with 128.0.0.0/1 (plus ::/1 and
// 8000::/1 the same way). No single firewall, and no single rule, covers the internet.
// Insecure: Hetzner applies both; together they admit every address.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
const port = String(settings.sshPort);

const lower = new hcloud.Firewall("ssh-lower-half", { rules: [{ direction: "in", protocol: "tcp", port, sourceIps: ["0.0.0.0/1", "::/1"] }] });
new hcloud.FirewallAttachment("ssh-lower-half-attach", { firewallId: lower.id.apply(Number), serverIds: [d.server.server.id.apply(Number)] });
new hcloud.Firewall("ssh-upper-half", {
  rules: [{ direction: "in", protocol: "tcp", port, sourceIps: ["128.0.0.0/1", "8000::/1"] }],
  applyTos: [{ labelSelector: "managed-by=openclaw-hetzner" }],
});
