import { ResourceRule, TYPES } from "../lib/rule";

export const commandSecretStepsSilent: ResourceRule = {
  name: "command-secret-steps-silent",
  description: "A remote step that receives data on stdin (how secrets reach the server) logs nothing or keeps stdout and stderr secret.",
  why: "@pulumi/command streams a step's output into the Pulumi log and stores it in state; a script echoing its input would publish the secret.",
  remediationSteps: "Set logging: \"none\" on the step, or list stdout and stderr in additionalSecretOutputs.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command) return;
    if (args.props.stdin === undefined) return;
    const silent = args.props.logging === "none";
    const secretOutputs = args.opts.additionalSecretOutputs ?? [];
    const outputsSecret = ["stdout", "stderr"].every((o) => secretOutputs.includes(o));
    if (!silent) report(`the step gets stdin but logs (logging: ${args.props.logging ?? "stdoutAndStderr"})`);
    if (!outputsSecret) report("the step gets stdin but its stdout/stderr are not additionalSecretOutputs");
  },
};
