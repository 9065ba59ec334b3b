// Entry point: stack config -> validated settings -> the deployment -> stack outputs.
import { OpenClawHetzner } from "./components/openclaw-hetzner";
import { argsFromSettings } from "./settings/args";
import { loadSettings } from "./settings/load";

const settings = loadSettings();
const deployment = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

export const ipv4 = deployment.server.ipv4;
export const ipv6 = deployment.server.ipv6;
export const sshCommand = deployment.sshCommand;
export const tunnelCommand = deployment.tunnelCommand;
export const gatewayUrl = `http://127.0.0.1:${settings.gatewayPort}/ (through the tunnel)`;
export const securityAudit = deployment.auditSummary;
/** Secret: `pulumi stack output gatewayToken --show-secrets` (clients need it through the tunnel). */
export const gatewayToken = deployment.gatewayToken;
