// OpenSSH public key lines, parsed rather than pattern-matched: the type, a blob that really
// decodes to a key of that type, the key size for RSA, and the comment. The settings schema uses it
// to refuse weak operator keys; the secret scanner uses it to leave keys (and their comments) alone.

export const KEY_TYPES = [
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "ssh-dss",
] as const;

export interface PublicKey {
  type: string;
  /** Base64 blob as written. */
  blob: string;
  comment: string;
  /** Key size in bits (RSA: modulus, DSA: p; ed25519 256; ECDSA curve size). */
  bits: number;
}

function readString(buf: Buffer, offset: number): [Buffer, number] | undefined {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return [buf.subarray(offset + 4, offset + 4 + len), offset + 4 + len];
}

/** Bit length of an SSH mpint (big-endian, may carry a leading zero byte). */
function mpintBits(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + bytes[i].toString(2).length;
}

/** The key size encoded in a blob of `type`, or undefined when the blob is not such a key. */
function blobBits(type: string, blob: Buffer): number | undefined {
  const first = readString(blob, 0);
  if (!first || first[0].toString("latin1") !== type) return undefined;
  let offset = first[1];
  if (type === "ssh-rsa" || type === "ssh-dss") {
    const fields: Buffer[] = [];
    const count = type === "ssh-rsa" ? 2 : 4;
    for (let i = 0; i < count; i++) {
      const f = readString(blob, offset);
      if (!f) return undefined;
      fields.push(f[0]);
      offset = f[1];
    }
    // ssh-rsa: e, n; ssh-dss: p, q, g, y.
    return mpintBits(type === "ssh-rsa" ? fields[1] : fields[0]);
  }
  if (type.includes("ed25519")) {
    const key = readString(blob, offset);
    return key && key[0].length === 32 ? 256 : undefined;
  }
  const curve = readString(blob, offset);
  if (!curve) return undefined;
  const size = Number(curve[0].toString("latin1").replace("nistp", ""));
  return Number.isInteger(size) && size > 0 ? size : undefined;
}

/** Parses one `type base64 [comment]` line (surrounding whitespace ignored). */
export function parsePublicKey(line: string): PublicKey | undefined {
  const m = line.trim().match(/^(\S+)\s+([A-Za-z0-9+/]+={0,3})(?:\s+(.*))?$/);
  if (!m || !(KEY_TYPES as readonly string[]).includes(m[1])) return undefined;
  const bits = blobBits(m[1], Buffer.from(m[2], "base64"));
  if (bits === undefined) return undefined;
  return { type: m[1], blob: m[2], comment: m[3] ?? "", bits };
}

/** Why an operator key is too weak, or undefined. */
export function weakKeyReason(key: PublicKey): string | undefined {
  if (key.type === "ssh-dss") return "DSA keys are broken (1024-bit, removed from OpenSSH)";
  if (key.type === "ssh-rsa" && key.bits < 3072) return `an RSA key of ${key.bits} bits; at least 3072 (or ssh-ed25519)`;
  return undefined;
}

/**
 * Spans of `text` holding public keys, each from the key type to the end of its comment (end of
 * line, or the closing quote when the key stood in quotes). Only keys whose blob decodes to a key
 * of the named type count: a base64 string dressed up as a key is not exempt.
 */
export function publicKeySpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = new RegExp(`(${KEY_TYPES.map((t) => t.replace(/[.@]/g, "\\$&")).join("|")})[ \\t]+([A-Za-z0-9+/]+={0,3})`, "g");
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (blobBits(m[1], Buffer.from(m[2], "base64")) === undefined) continue;
    const quote = start > 0 ? text[start - 1] : "";
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, start);
      if (close !== -1 && close < end) end = close;
    }
    spans.push([start, end]);
  }
  return spans;
}
