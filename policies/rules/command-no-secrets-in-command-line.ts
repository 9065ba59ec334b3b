import { readStepResource } from "../lib/payloads";
import { raw } from "../lib/props";
import { ResourceRule, TYPES } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

export const commandNoSecretsInCommandLine: ResourceRule = {
  name: "command-no-secrets-in-command-line",
  description:
    "Remote and local step command lines (create/update/delete), their decoded inputs and environment, and the files a CopyToRemote ships, hold nothing that looks like a secret.",
  why: "A command line and a copied asset are stored in plain text in state, shown in previews, and a command line is visible in the server's process list and sudo log.",
  remediationSteps: "Pass secrets on stdin (with logging: none) instead of in the command, its environment or a copied file.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: async (args, report) => {
    if (![TYPES.command, TYPES.localCommand, TYPES.copyToRemote].includes(args.type as never)) return;
    const reading = await readStepResource(args.type, args.props, args.name);
    const del = raw(args.props).delete;
    const texts = [...reading.texts, ...(typeof del === "string" ? [{ where: "delete", text: del }] : [])];
    for (const { where, text } of texts) {
      const findings = findSecretLooking(text);
      if (findings.length > 0) report(`${where} contains ${describeFindings(findings)} (values not shown)`);
    }
  },
};
