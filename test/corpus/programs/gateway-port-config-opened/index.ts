// Tries: a stack that (validly) moves the gateway to 18790 through config (run with
// configs/secure/Pulumi.ssh-on-18789.yaml: sshPort 18789, gatewayPort 18790), plus a firewall,
// attached by server id, that opens "the SSH range" 18789-18790 from the office.
// Insecure: the range covers the configured gateway port 18790.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
const office = new hcloud.Firewall("office-ssh-range", {
  rules: [{ direction: "in", protocol: "tcp", port: `${settings.sshPort}-${settings.gatewayPort}`, sourceIps: ["198.51.100.0/24"] }],
});
new hcloud.FirewallAttachment("office-ssh-range-attach", { firewallId: office.id.apply(Number), serverIds: [d.server.server.id.apply(Number)] });
