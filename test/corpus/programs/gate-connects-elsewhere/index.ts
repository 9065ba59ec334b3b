// Tries: run the deploy gate against another machine ("the bastion runs the audits for the whole
// fleet"): a transformation points only the gate's connection at 198.51.100.7, a host that is
// hardened and passes. Every other step still configures the gateway host.
// Insecure: the gate audits a host that is not the gateway host, so nothing on the gateway host is
// ever verified.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const bastion: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "command:remote:Command" || !args.name.endsWith("-audit-gateway")) return undefined;
  const connection = pulumi.output(args.props.connection).apply((c: any) => ({ ...c, host: "198.51.100.7" }));
  return { props: { ...args.props, connection }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [bastion] });
