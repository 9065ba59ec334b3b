import { raw } from "../lib/props";
import { StackRule, TYPES } from "../lib/rule";

export const publicIpTargetsKnown: StackRule = {
  name: "public-ip-targets-known",
  description: "Floating and primary IPs (once listed in allowedResourceTypes) are assigned only to servers of this stack, whose firewalls the pack evaluates.",
  why: "An extra address reaches its server through that server's Hetzner firewall; assigned to a server outside the stack, no rule here knows what it exposes.",
  remediationSteps: "Assign the IP to a server defined in this stack (by its id output), or leave it unassigned.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const checks: [string, string][] = [
      [TYPES.floatingIp, "serverId"],
      [TYPES.floatingIpAssignment, "serverId"],
      [TYPES.primaryIp, "assigneeId"],
    ];
    for (const [type, prop] of checks) {
      for (const r of args.resources.filter((x) => x.type === type)) {
        const value = raw(r.props)[prop];
        if (value === undefined || value === null) continue;
        if (!(r.propertyDependencies[prop] ?? []).some((d) => d.type === TYPES.server)) {
          report(`'${r.name}' assigns an address to a server outside this stack (${prop} does not come from a server of the stack)`, r.urn);
        }
      }
    }
  },
};
