// Derives the OpenSSH public key line from an OpenSSH private key, so the deploy key is configured
// once (as a secret) and its public half can never disagree with it. The openssh-key-v1 format
// stores the public key in clear before the (possibly encrypted) private part.
const MAGIC = "openssh-key-v1\0";

function readString(buf: Buffer, offset: number): [Buffer, number] {
  if (offset + 4 > buf.length) throw new Error("truncated OpenSSH key");
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) throw new Error("truncated OpenSSH key");
  return [buf.subarray(offset + 4, offset + 4 + len), offset + 4 + len];
}

export function publicKeyFromPrivate(privateKey: string, comment = "openclaw-hetzner-deploy"): string {
  const body = privateKey
    .replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, "")
    .replace(/\s+/g, "");
  const buf = Buffer.from(body, "base64");
  if (buf.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) throw new Error("not an OpenSSH private key");
  let offset = MAGIC.length;
  let field: Buffer;
  [, offset] = readString(buf, offset); // cipher name
  [, offset] = readString(buf, offset); // kdf name
  [, offset] = readString(buf, offset); // kdf options
  const count = buf.readUInt32BE(offset);
  offset += 4;
  if (count !== 1) throw new Error("expected exactly one key");
  [field] = readString(buf, offset);
  const [type] = readString(field, 0);
  return `${type.toString("latin1")} ${field.toString("base64")} ${comment}`;
}
