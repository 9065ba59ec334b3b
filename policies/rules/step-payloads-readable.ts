import { readStepResource } from "../lib/payloads";
import { ResourceRule, TYPES } from "../lib/rule";

export const stepPayloadsReadable: ResourceRule = {
  name: "step-payloads-readable",
  description:
    "What every step ships to the hardening (sshd, openclaw.json, units, fail2ban, ufw, apt, sudoers, accounts, kernel parameters and modules, audit rules, core-dump settings) can be read by the pack: catalogue steps with a known script, literal writes, readable CopyToRemote assets. Computed paths, downloads, in-place edits of those files, firewall or service changes outside known steps, and code the pack cannot read (eval, curl | sh) are refused.",
  why: "The pack checks the bytes a step installs; a step that installs what cannot be read would pass unchecked until the gate, and one that runs after it would never be checked.",
  remediationSteps: "Ship hardening files as literal content (a catalogue step, a heredoc, a CopyToRemote with a text asset) and leave ufw, fail2ban and sshd to the catalogue's steps.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: async (args, report) => {
    if (![TYPES.command, TYPES.localCommand, TYPES.copyToRemote].includes(args.type as never)) return;
    const reading = await readStepResource(args.type, args.props, args.name);
    for (const refusal of reading.refusals) report(refusal);
  },
};
