import { raw } from "../lib/props";
import { ResourceRule } from "../lib/rule";
import { describeFindings, findSecretLooking } from "../lib/secret-patterns";

/** Every string of a value with where it sits (labels.owner, rules[2].description…). */
function strings(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

export const hcloudInputsNoSecrets: ResourceRule = {
  name: "hcloud-inputs-no-secrets",
  description:
    "No input of a Hetzner resource (labels, names, firewall rule descriptions…; user data has a rule of its own) holds something that looks like a secret; SSH public keys are parsed and left alone.",
  why: "Hetzner shows these in its console and API to everyone with project access, and stack state keeps them in plain text.",
  remediationSteps: "Keep secrets in ESC and deliver them on a step's stdin; labels and descriptions are for names and selectors.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (!args.type.startsWith("hcloud:")) return;
    const { userData: _userData, ...props } = raw(args.props) ?? {};
    for (const [where, text] of strings(props, "")) {
      const findings = findSecretLooking(where.startsWith("labels.") ? `${where.slice(7)}=${text}` : text);
      if (findings.length > 0) report(`${where.startsWith("labels.") ? `label '${where.slice(7)}'` : where} contains ${describeFindings(findings)} (value not shown)`);
    }
  },
};
