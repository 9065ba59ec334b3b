// Finds secret-looking material in text (user data, command lines). Reports what kind and where,
// never the matched value: CrossGuard hands policies secrets in plain text, and a violation
// message must not repeat them.

const PATTERNS: [string, RegExp][] = [
  ["a private key block", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/],
  ["an Anthropic API key", /sk-ant-[A-Za-z0-9_-]{16,}/],
  ["an OpenAI-style API key", /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/],
  ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/],
  ["a Telegram bot token", /\b\d{6,12}:[A-Za-z0-9_-]{30,}/],
  ["a Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["an AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
  ["a Hetzner-style API token", /\b[A-Za-z0-9]{64}\b/],
  ["a long hex token", /\b[0-9a-fA-F]{40,}\b/],
];

const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

/** SSH public keys are long base64 by nature and not secret. */
const SSH_PUBLIC_KEY = /\b(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA[A-Za-z0-9+/]+={0,3}/g;

/** Checksums named as such (e.g. a pinned Node.js tarball SHA-256) are not secrets. */
const NAMED_CHECKSUM = /\b[A-Z0-9_]*SHA256='?[0-9a-f]{64}'?/g;

function isPrintableText(buf: Buffer): boolean {
  const text = buf.toString("utf8");
  return text.length > 0 && !text.includes("\uFFFD") && /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text);
}

export interface SecretFinding {
  kind: string;
  /** Character offset in the scanned text (of the enclosing base64 run for decoded content). */
  offset: number;
}

export function findSecretLooking(text: string, depth = 0): SecretFinding[] {
  const cleaned = text.replace(SSH_PUBLIC_KEY, (m) => " ".repeat(m.length)).replace(NAMED_CHECKSUM, (m) => " ".repeat(m.length));
  const findings: SecretFinding[] = [];
  // Base64 runs that decode to text (file contents shipped base64) are scanned decoded instead.
  let rest = cleaned;
  for (const m of cleaned.matchAll(BASE64_RUN)) {
    const decoded = Buffer.from(m[0], "base64");
    if (depth < 2 && isPrintableText(decoded)) {
      for (const f of findSecretLooking(decoded.toString("utf8"), depth + 1)) findings.push({ kind: f.kind, offset: m.index ?? 0 });
      rest = rest.slice(0, m.index) + " ".repeat(m[0].length) + rest.slice((m.index ?? 0) + m[0].length);
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
