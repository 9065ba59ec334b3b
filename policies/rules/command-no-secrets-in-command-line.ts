import { ResourceRule, TYPES } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

export const commandNoSecretsInCommandLine: ResourceRule = {
  name: "command-no-secrets-in-command-line",
  description: "Remote step command lines (create/update/delete) and environment hold nothing that looks like a secret.",
  why: "A command line is stored in plain text in state, shown in previews, and visible in the server's process list and sudo log.",
  remediationSteps: "Pass secrets on stdin (with logging: none) instead of in the command or its environment.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command) return;
    for (const field of ["create", "update", "delete"]) {
      const text = args.props[field];
      if (typeof text !== "string") continue;
      const findings = findSecretLooking(text);
      if (findings.length > 0) report(`${field} contains ${describeFindings(findings)} (values not shown)`);
    }
    for (const [name, value] of Object.entries((args.props.environment ?? {}) as Record<string, string>)) {
      const findings = findSecretLooking(String(value));
      if (findings.length > 0) report(`environment ${name} contains ${describeFindings(findings)} (value not shown)`);
    }
  },
};
