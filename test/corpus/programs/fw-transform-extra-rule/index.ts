// Tries: leave every file of the component alone and add a rule to its firewall through a
// resource transformation in the program: "temporarily" open 18789 for a demo.
// Insecure: the gateway port is opened on the server's own firewall, to the world.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const demo: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "hcloud:index/firewall:Firewall") return undefined;
  const rules = pulumi.output(args.props.rules).apply((r: any[]) => [
    ...r,
    { direction: "in", protocol: "tcp", port: "18789", sourceIps: ["0.0.0.0/0", "::/0"], description: "demo" },
  ]);
  return { props: { ...args.props, rules }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [demo] });
