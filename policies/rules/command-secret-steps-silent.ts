import { raw } from "../lib/props";
import { ResourceRule, TYPES } from "../lib/rule";

export const commandSecretStepsSilent: ResourceRule = {
  name: "command-secret-steps-silent",
  description: "A remote or local step that receives data on stdin (how secrets reach the server) logs nothing and keeps stdout and stderr secret.",
  why: "@pulumi/command streams a step's output into the Pulumi log and stores it in state; a script echoing its input would publish the secret.",
  remediationSteps: 'Set logging: "none" on the step and list stdout and stderr in additionalSecretOutputs.',
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command && args.type !== TYPES.localCommand) return;
    const props = raw(args.props);
    if (props.stdin === undefined || props.stdin === null) return;
    const secretOutputs = args.opts.additionalSecretOutputs ?? [];
    if (props.logging !== "none") report(`the step gets stdin but logs (logging: ${props.logging ?? "stdoutAndStderr"})`);
    if (!["stdout", "stderr"].every((o) => secretOutputs.includes(o))) report("the step gets stdin but its stdout/stderr are not additionalSecretOutputs");
  },
};
