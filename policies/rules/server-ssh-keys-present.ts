import { ResourceRule, TYPES } from "../lib/rule";
import { raw } from "../lib/props";

export const serverSshKeysPresent: ResourceRule = {
  name: "server-ssh-keys-present",
  description: "Every server is created with at least one SSH key.",
  why: "Without keys Hetzner sets a root password and e-mails it: a password login path the hardening is meant to remove.",
  remediationSteps: "Give the server the operators' hcloud.SshKey ids in sshKeys.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const keys = raw(args.props).sshKeys;
    if (!Array.isArray(keys) || keys.length === 0) report("the server has no sshKeys");
  },
};
