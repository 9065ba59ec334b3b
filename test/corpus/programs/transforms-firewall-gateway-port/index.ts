// Tries: open the gateway port on the component's own firewall with the newer `transforms` resource
// option (a ResourceTransform the engine applies to the component's children), instead of the
// older `transformations`.
// Insecure: the engine applies the transform, so `pulumi up` opens 18789 to the world on the
// server's firewall; every check must see the resources as the engine will create them.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const openGateway: pulumi.ResourceTransform = async (args) => {
  if (args.type !== "hcloud:index/firewall:Firewall") return undefined;
  const rules = [...(args.props.rules ?? []), { direction: "in", protocol: "tcp", port: "18789", sourceIps: ["0.0.0.0/0", "::/0"] }];
  return { props: { ...args.props, rules }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transforms: [openGateway] });
