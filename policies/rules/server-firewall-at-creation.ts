import { ResourceRule, TYPES } from "../lib/rule";

export const serverFirewallAtCreation: ResourceRule = {
  name: "server-firewall-at-creation",
  description: "Every server gets its firewall through firewallIds at creation.",
  why: "A firewall attached after creation leaves the fresh server, with password-less root and default sshd, open to the internet until it lands.",
  remediationSteps: "Pass the firewall's id in the server's firewallIds; do not use FirewallAttachment for it.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const ids = args.props.firewallIds;
    if (!Array.isArray(ids) || ids.length === 0) report("the server has no firewallIds");
  },
};
