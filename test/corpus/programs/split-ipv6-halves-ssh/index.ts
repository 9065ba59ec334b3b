// Tries: SSH from "all IPv6 providers" as ::/1 and 8000::/1, attached by a FirewallAttachment.
// Insecure: the two halves together are the whole IPv6 internet.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const v6 = new hcloud.Firewall("ipv6-providers", {
  rules: [{ direction: "in", protocol: "tcp", port: String(settings.sshPort), sourceIps: ["::/1", "8000::/1"] }],
});
new hcloud.FirewallAttachment("ipv6-providers-attach", { firewallId: v6.id.apply(Number), serverIds: [d.server.server.id.apply(Number)] });
