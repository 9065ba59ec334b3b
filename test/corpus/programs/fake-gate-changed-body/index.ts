// Tries: keep the gate's catalogue form (same command line shape, same inputs, same name) and
// change one line of its script body: `exit 0` right after the script marker, "while the audit is
// flaky".
// Insecure: the gate passes without checking anything; every loosening of the host would deploy.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const skipAudit: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "command:remote:Command" || !args.name.endsWith("-audit-gateway")) return undefined;
  const create = (args.props.create as string).replace("# ---- audit-gateway.sh ----\n", "# ---- audit-gateway.sh ----\nexit 0\n");
  return { props: { ...args.props, create }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [skipAudit] });
