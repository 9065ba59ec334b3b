// Tries: after the gate, copy a "tuned" openclaw.json over the deployed one with CopyToRemote
// (a StringAsset), binding the gateway to the LAN so a sidecar can reach it.
// Insecure: the copy runs after the last check; bind 'lan' puts the gateway on every interface.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const tuned = renderOpenclawConfig(settings) as any;
tuned.gateway.bind = "lan";
new command.remote.CopyToRemote(
  "tuned-openclaw-json",
  {
    connection: { host: d.server.ipv4, port: settings.sshPort, user: settings.adminUser },
    source: new pulumi.asset.StringAsset(`${JSON.stringify(tuned, null, 2)}\n`),
    remotePath: "/var/lib/openclaw/.openclaw/openclaw.json",
  },
  { dependsOn: [d.gateway.audit.command] },
);
