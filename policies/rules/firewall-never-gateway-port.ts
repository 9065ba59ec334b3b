import { configOf, ResourceRule, TYPES } from "../lib/rule";
import { portCovers } from "../lib/network";

const defaults = { gatewayPort: 18789 };

export const firewallNeverGatewayPort: ResourceRule = {
  name: "firewall-never-gateway-port",
  description: "No inbound firewall rule covers the OpenClaw gateway port (18789 by default), from any source.",
  why: "The gateway drives agents that read files and run commands; it must be reached only through the SSH tunnel to its loopback bind.",
  remediationSteps: "Remove the rule; reach the gateway with the stack's tunnelCommand (ssh -N -L 18789:127.0.0.1:18789 …).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { gatewayPort: { type: "integer", default: 18789, description: "The gateway port." } },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.firewall) return;
    const { gatewayPort } = configOf(args, defaults);
    for (const [i, rule] of ((args.props.rules ?? []) as any[]).entries()) {
      if (rule.direction === "in" && portCovers(rule.port, gatewayPort)) {
        report(`rule ${i} (${rule.protocol} port ${rule.port}) opens the gateway port ${gatewayPort}`);
      }
    }
  },
};
