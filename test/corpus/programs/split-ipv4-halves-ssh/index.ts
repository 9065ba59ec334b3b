// Tries: SSH "from our providers' ranges", written as 0.0.0.0/1 and 128.0.0.0/1 on a firewall that
// applies itself to the server. No rule says 0.0.0.0/0.
// Insecure: the two halves together are the whole IPv4 internet.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new hcloud.Firewall("provider-ranges", {
  rules: [{ direction: "in", protocol: "tcp", port: String(settings.sshPort), sourceIps: ["0.0.0.0/1", "128.0.0.0/1"] }],
  applyTos: [{ server: d.server.server.id.apply(Number) }],
});
