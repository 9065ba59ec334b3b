// Tries: the settings refuse wide SSH sources, so widen them after validation: a transformation
// rewrites the component firewall's SSH rule to 10.0.0.0/7 ("our VPN pool").
// Insecure: a /7 is 33 million addresses, twice the /8 the baseline allows; and the stack's
// acceptedRisks does not name ssh-from-wide-sources.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const widen: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "hcloud:index/firewall:Firewall") return undefined;
  const rules = pulumi.output(args.props.rules).apply((r: any[]) => r.map((rule) => (rule.protocol === "tcp" ? { ...rule, sourceIps: ["10.0.0.0/7"] } : rule)));
  return { props: { ...args.props, rules }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [widen] });
