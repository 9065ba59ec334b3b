// Tries: a project-wide "ssh-anywhere" firewall that applies to every server labelled with a stack
// (applyTos: [{labelSelector: "stack"}]): it names no server, so the diff looks unrelated.
// Insecure: the server carries the label `stack`, so SSH becomes reachable from the whole internet.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new hcloud.Firewall("ssh-anywhere", {
  rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0", "::/0"] }],
  applyTos: [{ labelSelector: "stack" }],
});
