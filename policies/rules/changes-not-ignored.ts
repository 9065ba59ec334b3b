import { StackRule, TYPES } from "../lib/rule";

/** What a server may ignore after creation: first-boot inputs, which the steps manage from then on. */
const SERVER_IGNORABLE = ["userData", "sshKeys"];

export const changesNotIgnored: StackRule = {
  name: "changes-not-ignored",
  description:
    "No step, copy, firewall or firewall attachment ignores changes, and a server ignores changes only to its first-boot inputs (userData, sshKeys): what the pack reads in the program is what the deployment becomes.",
  why: "ignoreChanges keeps the deployed resource as it was: a gate that ignores its triggers never re-runs, a firewall that ignores its rules keeps the old ones, and the program the pack approves is not what runs.",
  remediationSteps: "Remove ignoreChanges from steps, copies and firewalls; on servers keep it to userData and sshKeys.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const strict = [TYPES.command, TYPES.copyToRemote, TYPES.localCommand, TYPES.firewall, TYPES.firewallAttachment];
    for (const r of args.resources) {
      const ignored = r.opts.ignoreChanges ?? [];
      if (ignored.length === 0) continue;
      const bad = r.type === TYPES.server ? ignored.filter((p) => !SERVER_IGNORABLE.includes(p.split(/[.[]/)[0])) : strict.includes(r.type as never) ? ignored : [];
      if (bad.length > 0) report(`'${r.name}' ignores changes to ${bad.join(", ")}`, r.urn);
    }
  },
};
