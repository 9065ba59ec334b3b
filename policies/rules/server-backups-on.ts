import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const serverBackupsOn: StackRule = {
  name: "server-backups-on",
  description: "Hetzner backups are on for every server; off only as the accepted risk backups-off.",
  why: "A compromised or broken gateway host is rebuilt from a backup; without one, its state (pairings, sessions) is gone.",
  remediationSteps: "Keep backups on, or accept backups-off with a reason in acceptedRisks.",
  severity: "medium",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      if (server.props.backups !== true && !server.acceptedRisks.some((r) => r.id === "backups-off")) {
        report(`server '${server.resource.name}' has backups off, and backups-off is not an accepted risk`, server.resource.urn);
      }
    }
  },
};
