import { raw } from "../lib/props";
import { ResourceRule } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

export const labelsNoSecrets: ResourceRule = {
  name: "labels-no-secrets",
  description: "No label of any resource (server, firewall, key, network…) holds something that looks like a secret.",
  why: "Labels are shown in the Hetzner console and API to everyone with project access, and are stored in stack state in plain text.",
  remediationSteps: "Keep secrets in ESC and deliver them on a step's stdin; labels are for names and selectors.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const labels = raw(args.props)?.labels;
    if (!labels || typeof labels !== "object") return;
    for (const [key, value] of Object.entries(labels)) {
      const findings = findSecretLooking(`${key}=${typeof value === "string" ? value : ""}`);
      if (findings.length > 0) report(`label '${key}' contains ${describeFindings(findings)} (value not shown)`);
    }
  },
};
