import { ResourceRule, TYPES } from "../lib/rule";
import { raw } from "../lib/props";

export const serverNoRescueOrIso: ResourceRule = {
  name: "server-no-rescue-or-iso",
  description: "No server boots a rescue system or an ISO.",
  why: "A rescue boot starts a root shell with a password Hetzner mails out and the disk mounted, past every hardening step; an ISO boots something no step configured.",
  remediationSteps: "Remove rescue and iso; use the Hetzner console by hand, outside the stack, when you really need rescue.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const props = raw(args.props);
    for (const key of ["rescue", "iso"]) {
      const v = props[key];
      if (v !== undefined && v !== null && v !== "" && v !== false) report(`the server sets ${key}${typeof v === "string" ? ` ('${v}')` : ""}`);
    }
  },
};
