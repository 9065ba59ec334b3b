import { raw } from "../lib/props";
import { ResourceRule, TYPES } from "../lib/rule";

export const commandNoDelete: ResourceRule = {
  name: "command-no-delete",
  description: "No remote or local step has a delete command.",
  why: "A delete command runs when its step is removed or replaced, at the end of `pulumi up`, after the deploy gate has passed: whatever it does is never verified.",
  remediationSteps: "Remove the delete command; undo work with a new step ordered before the gate.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command && args.type !== TYPES.localCommand) return;
    const del = raw(args.props).delete;
    if (del !== undefined && del !== null && del !== "") report("the step has a delete command, which would run after the deploy gate");
  },
};
