import { readUserData } from "../lib/cloud-init";
import { raw } from "../lib/props";
import { ResourceRule, TYPES } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

export const serverUserDataNoSecrets: ResourceRule = {
  name: "server-user-data-no-secrets",
  description: "Server user data, and every file it writes once decoded (base64, gzip), holds nothing that looks like a secret.",
  why: "User data is readable from the metadata service by any process on the server and is kept in Hetzner's API and in stack state.",
  remediationSteps: "Deliver secrets in a remote step's stdin (logging: none) into a root-only file, never in user data.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const userData = raw(args.props).userData;
    if (typeof userData !== "string") return;
    const reading = readUserData(userData);
    const texts = [{ where: "user data", text: reading.text || userData }, ...reading.files.filter((f) => f.content).map((f) => ({ where: `user data file ${f.path}`, text: f.content! }))];
    for (const { where, text } of texts) {
      const findings = findSecretLooking(text);
      if (findings.length > 0) report(`${where} contains ${describeFindings(findings)} (values not shown)`);
    }
  },
};
