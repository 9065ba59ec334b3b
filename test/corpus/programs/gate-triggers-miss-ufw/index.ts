// Tries: drop the ufw step's digest from the gate's triggers ("the gate re-runs too often"), so a
// later change to the ufw step re-runs ufw but not the gate.
// Insecure: a changed host firewall would deploy without being checked.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";
import { renderStepCommand } from "../../../../components/remote/command-line";

const settings = loadSettings();
const ufwDigest = renderStepCommand("ufw", { OC_SSH_PORT: String(settings.sshPort) }).digest;
const quieterGate: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "command:remote:Command" || !args.name.endsWith("-audit-gateway")) return undefined;
  const triggers = (args.props.triggers as string[]).filter((t) => t !== ufwDigest);
  return { props: { ...args.props, triggers }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [quieterGate] });
