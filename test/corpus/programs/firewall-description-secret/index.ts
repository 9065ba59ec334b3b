// Tries: leave the hetzner API token of the ops account in a firewall rule's description ("rotate
// me: …"), on an extra ICMP-only firewall attached to the server.
// Insecure: rule descriptions are shown in the Hetzner console and API and stored in stack state in
// plain text.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
new hcloud.Firewall("ping-only", {
  rules: [{ direction: "in", protocol: "icmp", sourceIps: ["198.51.100.0/24"], description: "rotate: 4f1c9a0b7e2d58c3a6b9f0e1d2c3b4a5d6e7f8091a2b3c4d" }],
  applyTos: [{ server: d.server.server.id.apply(Number) }],
});
