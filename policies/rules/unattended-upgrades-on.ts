import { aptPeriodic, overlay } from "../lib/host-files";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const unattendedUpgradesOn: StackRule = {
  name: "unattended-upgrades-on",
  description:
    "On every server, apt's settings the stack ships install security updates unattended (Update-Package-Lists and Unattended-Upgrade \"1\", periodic runs enabled, no blacklist of everything, no #clear); off only as the accepted risk unattended-upgrades-off.",
  why: "An exposed host that does not patch itself keeps every published hole open until someone remembers to log in.",
  remediationSteps: "Keep unattendedUpgrades on, or accept unattended-upgrades-off with a reason in acceptedRisks.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const periodic = aptPeriodic(overlay(server.files.filter((f) => f.kind === "apt-config")));
      const name = server.resource.name;
      const urnOf = (path: string | undefined) => server.steps.find((s) => s.reading.files.some((f) => f.path === path))?.resource.urn ?? server.resource.urn;
      for (const p of periodic.unreadable) report(`server '${name}': ${p} sets apt's periodic or unattended-upgrade settings in a nested form the pack cannot read`, urnOf(p));
      const reasons = [...periodic.off];
      if (periodic.enable === "0") reasons.push(`APT::Periodic::Enable is "0" (${periodic.sources.Enable})`);
      if (!(periodic.updateLists === "1" && periodic.unattended === "1")) {
        reasons.push(`Update-Package-Lists ${periodic.updateLists ?? "unset"}, Unattended-Upgrade ${periodic.unattended ?? "unset"}`);
      }
      if (reasons.length === 0 || server.acceptedRisks.some((r) => r.id === "unattended-upgrades-off")) continue;
      const source = periodic.sources["Unattended-Upgrade"] ?? Object.values(periodic.sources)[0];
      report(`server '${name}': unattended security upgrades are off (${reasons.join("; ")}), and unattended-upgrades-off is not an accepted risk`, urnOf(reasons[0].match(/\/etc\/apt\/[^\s)]+/)?.[0] ?? source));
    }
  },
};
