// Tries: attach the organisation's shared "ops" firewall, defined in another project, by its
// numeric id. Its rules live elsewhere, so the diff shows nothing open.
// Insecure: nobody here can tell what that firewall admits (the shared one allows 0.0.0.0/0 on
// several ports); a firewall the stack cannot read must not reach the gateway host.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new hcloud.FirewallAttachment("shared-ops-firewall", {
  firewallId: 4711,
  serverIds: [d.server.server.id.apply(Number)],
});
