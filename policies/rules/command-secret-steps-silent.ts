import { raw } from "../lib/props";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const commandSecretStepsSilent: StackRule = {
  name: "command-secret-steps-silent",
  description:
    "A remote or local step that receives data on stdin (how secrets reach the server), or reads a file the stack delivers secrets to (the gateway's env file), logs nothing and keeps stdout and stderr secret; a catalogue step with its reviewed script is trusted to print no secret.",
  why: "@pulumi/command streams a step's output into the Pulumi log and stores it in state; a script echoing its input, or `cat` of the env file, would publish every secret.",
  remediationSteps: 'Set logging: "none" on the step and list stdout and stderr in additionalSecretOutputs; better, do not print secret files at all.',
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    // Files secrets are delivered to: the env file of every secrets step in the stack.
    const secretFiles = [...new Set(model.steps.flatMap((s) => (s.reading.step === "gateway-secrets" && s.reading.inputs?.OC_ENV_FILE ? [s.reading.inputs.OC_ENV_FILE] : [])))];
    for (const step of model.steps) {
      if (step.kind === "copy") continue;
      const props = raw(step.resource.props);
      const texts = ["create", "update", "delete"].map((f) => props[f]).filter((t): t is string => typeof t === "string");
      const getsStdin = props.stdin !== undefined && props.stdin !== null;
      const reads = step.reading.step === undefined ? secretFiles.filter((f) => texts.some((t) => t.includes(f))) : [];
      if (!getsStdin && reads.length === 0) continue;
      const why = getsStdin ? "gets stdin" : `reads ${reads.join(", ")}`;
      const secretOutputs = step.resource.opts.additionalSecretOutputs ?? [];
      if (props.logging !== "none") report(`step '${step.resource.name}' ${why} but logs (logging: ${props.logging ?? "stdoutAndStderr"})`, step.resource.urn);
      if (!["stdout", "stderr"].every((o) => secretOutputs.includes(o))) report(`step '${step.resource.name}' ${why} but its stdout/stderr are not additionalSecretOutputs`, step.resource.urn);
    }
  },
};
