// Tries: a firewall that applies itself to the server (applyTos: [{server}]) and forwards a port
// range "for webhooks" that happens to include the gateway port, from anywhere.
// Insecure: 18000-19000 covers 18789; the gateway becomes reachable from the internet.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new hcloud.Firewall("webhooks", {
  rules: [{ direction: "in", protocol: "tcp", port: "18000-19000", sourceIps: ["0.0.0.0/0", "::/0"], description: "webhook receivers" }],
  applyTos: [{ server: d.server.server.id.apply(Number) }],
});
