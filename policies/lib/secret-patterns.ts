// Finds secret-looking material in text (user data, labels, command lines, shipped files). Reports
// what kind and where, never the matched value: CrossGuard hands policies secrets in plain text, and
// a violation message must not repeat them.
//
// The patterns match at least what this project itself accepts as a secret: a gateway token is 32
// or more characters, so 32 hex digits are a secret. SSH public keys are parsed (ssh-keys.ts) and
// exempt with their comments, whatever the comment holds.
import { publicKeySpans } from "./ssh-keys";

const PATTERNS: [string, RegExp][] = [
  ["a private key block", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/],
  ["an Anthropic API key", /sk-ant-[A-Za-z0-9_-]{16,}/],
  ["an OpenAI-style API key", /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/],
  ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/],
  ["a Telegram bot token", /\b\d{6,12}:[A-Za-z0-9_-]{30,}/],
  ["a Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["an AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
  ["a Hetzner-style API token", /\b[A-Za-z0-9]{64}\b/],
  ["a hex token of 32 or more digits", /(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])/],
];

const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

function isPrintableText(buf: Buffer): boolean {
  const text = buf.toString("utf8");
  return text.length > 0 && !text.includes("\uFFFD") && /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text);
}

export interface SecretFinding {
  kind: string;
  /** Character offset in the scanned text (of the enclosing base64 run for decoded content). */
  offset: number;
}

function blank(text: string, spans: [number, number][]): string {
  let out = text;
  for (const [from, to] of spans) out = out.slice(0, from) + " ".repeat(to - from) + out.slice(to);
  return out;
}

export function findSecretLooking(text: string, depth = 0): SecretFinding[] {
  if (typeof text !== "string" || text === "") return [];
  let rest = blank(text, publicKeySpans(text));
  const findings: SecretFinding[] = [];
  // Base64 runs that decode to text (file contents shipped base64) are scanned decoded instead.
  for (const m of [...rest.matchAll(BASE64_RUN)]) {
    const decoded = Buffer.from(m[0], "base64");
    if (depth < 3 && isPrintableText(decoded)) {
      for (const f of findSecretLooking(decoded.toString("utf8"), depth + 1)) findings.push({ kind: f.kind, offset: m.index ?? 0 });
      rest = blank(rest, [[m.index ?? 0, (m.index ?? 0) + m[0].length]]);
    }
  }
  for (const [kind, re] of PATTERNS) {
    const m = rest.match(re);
    if (m) findings.push({ kind, offset: m.index ?? 0 });
  }
  for (const m of rest.matchAll(BASE64_RUN)) findings.push({ kind: "a long base64 token", offset: m.index ?? 0 });
  return findings;
}

export function describeFindings(findings: SecretFinding[]): string {
  return [...new Set(findings.map((f) => f.kind))].join(", ");
}
