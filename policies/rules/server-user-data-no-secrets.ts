import { ResourceRule, TYPES } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

export const serverUserDataNoSecrets: ResourceRule = {
  name: "server-user-data-no-secrets",
  description: "Server user data holds nothing that looks like a secret (API keys, bot tokens, private keys, long tokens).",
  why: "User data is readable from the metadata service by any process on the server and is kept in Hetzner's API and in stack state.",
  remediationSteps: "Deliver secrets in a remote step's stdin (logging: none) into a root-only file, never in user data.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const userData = args.props.userData;
    if (typeof userData !== "string") return;
    const findings = findSecretLooking(userData);
    if (findings.length > 0) report(`user data contains ${describeFindings(findings)} (values not shown)`);
  },
};
