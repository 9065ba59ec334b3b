import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { estimateTokenBits, weakTokenReason } from "../../../policies/lib/token-strength";

describe("gateway token strength", () => {
  it("scores random tokens by their alphabet: 32 hex = 128 bits, 64 hex = 256", () => {
    // Deterministic stand-ins for random tokens: SHA-256 of a counter.
    const random = (i: number) => createHash("sha256").update(String(i)).digest();
    for (let i = 0; i < 500; i++) {
      expect(weakTokenReason(random(i).subarray(0, 16).toString("hex")), `token ${i}`).toBeUndefined();
      expect(weakTokenReason(random(i).toString("base64url"))).toBeUndefined();
    }
    expect(estimateTokenBits("9f86d081884c7d659a2feaa0c55ad015")).toBe(128);
  });

  it.each([
    ["the example's placeholder", "replace-with-openssl-rand-hex-32-0000000000000000000000000000", "placeholder"],
    ["the docs' placeholder", "your-long-random-token-your-long-random-token", "placeholder"],
    ["one character", "a".repeat(64), "guessable"],
    ["a run", "abcdefghijklmnopqrstuvwxyz0123456789", "guessable"],
    ["a repeated pattern", "0123456789abcdef".repeat(4), "guessable"],
    ["words", "passwordpasswordpasswordpassword", "guessable"],
    ["a short alphabet", "0101010110101010010110101001011001101001", "guessable"],
  ])("refuses %s", (_what, token, reason) => {
    expect(weakTokenReason(token)).toContain(reason);
    expect(weakTokenReason(token)).not.toContain(token);
  });
});
