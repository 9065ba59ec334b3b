// Tries: do the "last bit of setup" in a Pulumi dynamic provider instead of a Command: its create()
// opens ufw for the gateway port over SSH. A dynamic resource is neither a Command nor a
// CopyToRemote, so step rules might not look at it.
// Insecure: it changes the host after, and outside, every check; any type the pack does not
// understand must be refused.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { host: string }) {
    const { execFileSync } = await import("node:child_process");
    execFileSync("ssh", [`ops@${inputs.host}`, "sudo ufw allow 18789/tcp"]);
    return { id: `finish-${inputs.host}`, outs: inputs };
  },
};
class FinishSetup extends pulumi.dynamic.Resource {
  constructor(name: string, host: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { host }, opts);
  }
}
new FinishSetup("finish-setup", d.server.ipv4, { dependsOn: [d.gateway.audit.command] });
