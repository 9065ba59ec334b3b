import { configOf, ResourceRule, TYPES } from "../lib/rule";

const defaults = { requireProtection: false };

export const serverProtectionConsistent: ResourceRule = {
  name: "server-protection-consistent",
  description: "Delete and rebuild protection are equal (and on, when requireProtection is set).",
  why: "Hetzner rejects unequal flags mid-deploy; and a production gateway should not be deletable or rebuildable by one mistaken call.",
  remediationSteps: "Set deleteProtection and rebuildProtection to the same value (the stack's `protection` key does both).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { requireProtection: { type: "boolean", default: false, description: "Require both protections on." } },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const del = Boolean(args.props.deleteProtection);
    const rebuild = Boolean(args.props.rebuildProtection);
    if (del !== rebuild) report(`deleteProtection is ${del} but rebuildProtection is ${rebuild}`);
    if (configOf(args, defaults).requireProtection && !(del && rebuild)) report("protection is required but off");
  },
};
