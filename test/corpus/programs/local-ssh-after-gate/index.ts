// Tries: not a remote step at all: a local Command, after the gate, that ssh-es to the box from the
// machine running Pulumi and flips the gateway's bind in openclaw.json with sed.
// Insecure: it changes openclaw.json after the last check, in a form (sed -i over ssh) nothing
// before the gate can read.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new command.local.Command(
  "expose-for-sidecar",
  {
    create: pulumi.interpolate`ssh -o StrictHostKeyChecking=accept-new ${settings.adminUser}@${d.server.ipv4} "sudo sed -i s/loopback/lan/ /var/lib/openclaw/.openclaw/openclaw.json && sudo systemctl restart openclaw-gateway"`,
  },
  { dependsOn: [d.gateway.audit.command] },
);
