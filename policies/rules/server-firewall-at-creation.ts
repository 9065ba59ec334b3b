import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";
import { raw } from "../lib/props";

export const serverFirewallAtCreation: StackRule = {
  name: "server-firewall-at-creation",
  description: "Every server gets a firewall of this stack through firewallIds at creation; every firewall reference resolves to a firewall the pack can read.",
  why: "A firewall attached after creation leaves the fresh server, with password-less root and default sshd, open to the internet until it lands; a firewall defined elsewhere has rules no one here checks.",
  remediationSteps: "Pass the id of an hcloud.Firewall of this stack in the server's firewallIds; define every firewall the server uses in the stack.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const atCreation = (server.resource.propertyDependencies.firewallIds ?? []).filter((d) => d.type === "hcloud:index/firewall:Firewall");
      const ids = raw(server.resource.props).firewallIds;
      if (atCreation.length === 0) report(`server '${server.resource.name}' gets no firewall of this stack at creation (firewallIds ${Array.isArray(ids) && ids.length > 0 ? "names none of this stack's firewalls" : "is empty"})`, server.resource.urn);
      for (const problem of server.unresolvedFirewalls) report(`server '${server.resource.name}': ${problem}`, server.resource.urn);
    }
  },
};
