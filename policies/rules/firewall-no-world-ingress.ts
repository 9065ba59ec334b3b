import { configOf, ResourceRule, TYPES } from "../lib/rule";
import { hasPorts, isWorld, portCovers, portRange } from "../lib/network";

const defaults = { allowWorldSsh: false, sshPort: 22 };

export const firewallNoWorldIngress: ResourceRule = {
  name: "firewall-no-world-ingress",
  description: "No inbound firewall rule opens a port (single, range or 'any') to 0.0.0.0/0 or ::/0.",
  why: "Every port open to the whole internet is found by scanners within minutes; the 2026 exposed-gateway wave came through exactly such rules.",
  remediationSteps: "List your own CIDRs in sshAllowedCidrs. If SSH must be world-reachable, set allowWorldSsh and sshPort in the pack config.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowWorldSsh: { type: "boolean", default: false, description: "Allow the SSH port (and only it) from anywhere." },
      sshPort: { type: "integer", default: 22, description: "The SSH port allowWorldSsh refers to." },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.firewall) return;
    const cfg = configOf(args, defaults);
    for (const [i, rule] of ((args.props.rules ?? []) as any[]).entries()) {
      if (rule.direction !== "in" || !hasPorts(rule.protocol)) continue;
      const world = ((rule.sourceIps ?? []) as string[]).filter(isWorld);
      if (world.length === 0) continue;
      const range = portRange(rule.port);
      const isSshOnly = range !== undefined && range[0] === range[1] && portCovers(rule.port, cfg.sshPort) && rule.protocol === "tcp";
      if (cfg.allowWorldSsh && isSshOnly) continue;
      report(`rule ${i} (${rule.protocol} port ${rule.port ?? "any"}) is open to ${world.join(", ")}`);
    }
  },
};
