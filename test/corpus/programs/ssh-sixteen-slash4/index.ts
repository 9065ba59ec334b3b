// Tries: SSH from sixteen "regional" /4 blocks on a firewall applied to the server: a long list
// that nobody adds up in review.
// Insecure: 0.0.0.0/4 … 240.0.0.0/4 is the whole IPv4 internet.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const regions = Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`);
new hcloud.Firewall("regional-ssh", {
  rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: regions }],
  applyTos: [{ server: d.server.server.id.apply(Number) }],
});
