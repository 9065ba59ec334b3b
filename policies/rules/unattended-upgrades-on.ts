import { aptPeriodic, overlay } from "../lib/host-files";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const unattendedUpgradesOn: StackRule = {
  name: "unattended-upgrades-on",
  description:
    "On every server, apt's periodic settings the stack ships install security updates unattended (Update-Package-Lists and Unattended-Upgrade \"1\"); off only as the accepted risk unattended-upgrades-off.",
  why: "An exposed host that does not patch itself keeps every published hole open until someone remembers to log in.",
  remediationSteps: "Keep unattendedUpgrades on, or accept unattended-upgrades-off with a reason in acceptedRisks.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const periodic = aptPeriodic(overlay(server.files.filter((f) => f.kind === "apt-config")));
      const name = server.resource.name;
      for (const p of periodic.unreadable) report(`server '${name}': ${p} sets apt's periodic settings in a nested form the pack cannot read`, server.resource.urn);
      const on = periodic.updateLists === "1" && periodic.unattended === "1";
      if (on || server.acceptedRisks.some((r) => r.id === "unattended-upgrades-off")) continue;
      const source = periodic.sources["Unattended-Upgrade"];
      const urn = server.steps.find((s) => s.reading.files.some((f) => f.path === source))?.resource.urn ?? server.resource.urn;
      report(
        `server '${name}': unattended security upgrades are off (Update-Package-Lists ${periodic.updateLists ?? "unset"}, Unattended-Upgrade ${periodic.unattended ?? "unset"}), and unattended-upgrades-off is not an accepted risk`,
        urn,
      );
    }
  },
};
