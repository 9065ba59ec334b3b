// Tries: re-render the gate with the catalogue (its reviewed script, unchanged) but with
// OC_GATEWAY_PORT 18790, a port nothing listens on, "to work around a false positive".
// Insecure: the gate then checks a port the gateway does not use, and its listener and port checks
// pass vacuously.
import * as pulumi from "@pulumi/pulumi";
import { layout } from "../../../../components/openclaw/layout";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { renderStepCommand } from "../../../../components/remote/command-line";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const otherPort: pulumi.ResourceTransformation = (args) => {
  if (args.type !== "command:remote:Command" || args.name !== "audit-gateway") return undefined;
  const { command } = renderStepCommand("audit-gateway", {
    OC_STATE_DIR: layout.stateDir,
    OC_ENV_FILE: layout.envFile,
    OC_UNIT_NAME: layout.unitName,
    OC_OPENCLAW_HOME: layout.openclawHome,
    OC_SSH_PORT: String(settings.sshPort),
    OC_ADMIN_USER: settings.adminUser,
    OC_GATEWAY_PORT: "18790",
    OC_ACCEPTED_RISKS: JSON.stringify(settings.acceptedRisks),
  });
  return { props: { ...args.props, create: command }, opts: args.opts };
};
new OpenClawHetzner(settings.serverName, { settings }, { transformations: [otherPort] });
