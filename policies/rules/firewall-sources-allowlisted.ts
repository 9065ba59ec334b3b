import { cidrWithin } from "../lib/network";
import { configOf, StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

const defaults = { allowedCidrs: [] as string[] };

export const firewallSourcesAllowlisted: StackRule = {
  name: "firewall-sources-allowlisted",
  description: "When the pack config lists allowedCidrs, every source of every path that reaches a server (ICMP aside) lies inside one of them.",
  why: "An organisation can pin where admin access may come from (office, VPN egress), so a stack cannot quietly widen it.",
  remediationSteps: "Use sources inside the allowed CIDRs, or extend allowedCidrs in the pack config through review.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedCidrs: { type: "array", items: { type: "string" }, default: [], description: "CIDRs inbound sources must lie in (empty: not enforced)." },
    },
  },
  validateStack: async (args, report) => {
    const { allowedCidrs } = configOf(args, defaults);
    if (allowedCidrs.length === 0) return;
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      for (const path of server.paths) {
        if (path.protocol === "icmp") continue;
        const outside = path.sources.filter((src) => !allowedCidrs.some((a) => cidrWithin(src, a)));
        if (outside.length > 0) report(`${path.via} reaches server '${server.resource.name}' from ${outside.join(", ")}, outside allowedCidrs`, path.resource.urn);
      }
    }
  },
};
