// Tries: re-render the gate with the catalogue (its reviewed script, unchanged) but with
// OC_GATEWAY_PORT 18790, a port nothing listens on, "to work around a false positive".
// Insecure: the gate then checks a port the gateway does not use, and its listener and port checks
// pass vacuously.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { renderStepCommand } from "../../../../components/remote/command-line";
import { auditGatewayInputs } from "../../../../components/step-inputs";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const otherPort: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "command:remote:Command" || !args.name.endsWith("-audit-gateway")) return undefined;
  const { command } = renderStepCommand("audit-gateway", { ...auditGatewayInputs(settings), OC_GATEWAY_PORT: "18790" });
  return { props: { ...args.props, create: command }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [otherPort] });
