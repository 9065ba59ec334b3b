import { configOf, ResourceRule, TYPES } from "../lib/rule";
import { cidrWithin, hasPorts } from "../lib/network";

const defaults = { allowedCidrs: [] as string[] };

export const firewallSourcesAllowlisted: ResourceRule = {
  name: "firewall-sources-allowlisted",
  description: "When the pack config lists allowedCidrs, every inbound TCP/UDP source lies inside one of them.",
  why: "An organisation can pin where admin access may come from (office, VPN egress), so a stack cannot quietly widen it.",
  remediationSteps: "Use sources inside the allowed CIDRs, or extend allowedCidrs in the pack config through review.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedCidrs: { type: "array", items: { type: "string" }, default: [], description: "CIDRs inbound sources must lie in (empty: not enforced)." },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.firewall) return;
    const { allowedCidrs } = configOf(args, defaults);
    if (allowedCidrs.length === 0) return;
    for (const [i, rule] of ((args.props.rules ?? []) as any[]).entries()) {
      if (rule.direction !== "in" || !hasPorts(rule.protocol)) continue;
      const outside = ((rule.sourceIps ?? []) as string[]).filter((src) => !allowedCidrs.some((a) => cidrWithin(src, a)));
      if (outside.length > 0) report(`rule ${i} allows ${outside.join(", ")}, outside allowedCidrs`);
    }
  },
};
