import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePublicKey, publicKeySpans, weakKeyReason } from "../../../policies/lib/ssh-keys";

function keygen(type: string, bits?: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "oc-keys-"));
  try {
    execFileSync("ssh-keygen", ["-q", "-t", type, ...(bits ? ["-b", String(bits)] : []), "-N", "", "-C", "c0ffee".repeat(8), "-f", path.join(dir, "k")]);
    return readFileSync(path.join(dir, "k.pub"), "utf8").trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("OpenSSH public keys, parsed", () => {
  it.each([
    ["ed25519", undefined, 256],
    ["ecdsa", 384, 384],
    ["rsa", 2048, 2048],
    ["rsa", 3072, 3072],
  ] as const)("reads ssh-keygen's %s key size", (type, bits, expected) => {
    const key = parsePublicKey(keygen(type, bits));
    expect(key?.bits).toBe(expected);
    expect(key?.comment).toBe("c0ffee".repeat(8));
  });

  it("refuses RSA under 3072 bits and DSA, accepts the rest", () => {
    expect(weakKeyReason(parsePublicKey(keygen("rsa", 2048))!)).toContain("2048 bits");
    expect(weakKeyReason(parsePublicKey(keygen("rsa", 3072))!)).toBeUndefined();
    expect(weakKeyReason(parsePublicKey(keygen("ed25519"))!)).toBeUndefined();
  });

  it("does not take a blob of another type, or garbage, for a key", () => {
    const rsa = keygen("rsa", 3072).split(" ");
    expect(parsePublicKey(`ssh-ed25519 ${rsa[1]}`)).toBeUndefined();
    expect(parsePublicKey(`ssh-ed25519 ${"A".repeat(68)}`)).toBeUndefined();
  });

  it("spans a key with its comment, in text and in quotes", () => {
    const key = keygen("ed25519");
    const text = `users:\n  - "${key}"\nnext: 1\n`;
    const [[from, to]] = publicKeySpans(text);
    expect(text.slice(from, to)).toBe(key);
  });
});
