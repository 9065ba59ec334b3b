import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const serverProtectionConsistent: StackRule = {
  name: "server-protection-consistent",
  description: "Delete and rebuild protection are on (and equal); off only as the accepted risk protection-off.",
  why: "A production gateway should not be deletable or rebuildable by one mistaken call; Hetzner also rejects unequal flags mid-deploy.",
  remediationSteps: "Keep protection on (the stack's `protection` key sets both), or accept protection-off with a reason in acceptedRisks.",
  severity: "medium",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const del = server.props.deleteProtection === true;
      const rebuild = server.props.rebuildProtection === true;
      const name = server.resource.name;
      if (del !== rebuild) report(`server '${name}': deleteProtection is ${del} but rebuildProtection is ${rebuild}`, server.resource.urn);
      else if (!del && !server.acceptedRisks.some((r) => r.id === "protection-off")) {
        report(`server '${name}' has delete and rebuild protection off, and protection-off is not an accepted risk`, server.resource.urn);
      }
    }
  },
};
