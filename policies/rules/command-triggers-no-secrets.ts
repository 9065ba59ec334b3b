import { raw } from "../lib/props";
import { StackRule } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";
import { buildStackModel } from "../lib/stack-model";

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

export const commandTriggersNoSecrets: StackRule = {
  name: "command-triggers-no-secrets",
  description: "The triggers of remote and local steps hold nothing that looks like a secret, beyond the digests of this stack's own steps.",
  why: "Triggers are stored in plain text in state and shown in every diff; a token put there to force a re-run is published.",
  remediationSteps: "Trigger on a digest of the secret's version, not the secret; this stack's steps use the digests of their commands.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    // The digests steps re-run on (their own and, for the gate, every step before it) are hashes of
    // public commands: not secrets.
    const digests = new Set(model.steps.map((s) => s.digest).filter((d): d is string => !!d));
    for (const step of model.steps) {
      for (const text of strings(raw(step.resource.props).triggers)) {
        if (digests.has(text)) continue;
        const findings = findSecretLooking(text);
        if (findings.length > 0) report(`step '${step.resource.name}': a trigger contains ${describeFindings(findings)} (value not shown)`, step.resource.urn);
      }
    }
  },
};
