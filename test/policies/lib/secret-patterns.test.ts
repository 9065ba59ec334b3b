import { describe, expect, it } from "vitest";
import { describeFindings, findSecretLooking } from "../../../policies/lib/secret-patterns";

const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4c0bWmWyN1hY3S8i2pXgq3cJ0h9O5cM8Ue2l4N7kQ";

describe("secret-looking text", () => {
  it("matches this project's own minimum: 32 hex digits", () => {
    expect(describeFindings(findSecretLooking("TOKEN=9f86d081884c7d659a2feaa0c55ad015"))).toContain("hex token");
    expect(findSecretLooking("id 9f86d081884c7d659a2feaa0c55ad01")).toEqual([]); // 31
    expect(findSecretLooking("uuid 123e4567-e89b-12d3-a456-426614174000")).toEqual([]);
  });

  it("never flags an SSH public key or its comment, whatever the comment holds", () => {
    expect(findSecretLooking(`${ED25519} deploy-${"ab12".repeat(10)}`)).toEqual([]);
    expect(findSecretLooking(`- "${ED25519} ${"9f86d081884c7d659a2feaa0c55ad015"}"\n`)).toEqual([]);
  });

  it("still flags a secret next to a key, and a fake key", () => {
    expect(findSecretLooking(`${ED25519} a\nTOKEN=${"9f86d081884c7d659a2feaa0c55ad015"}`)).toHaveLength(1);
    expect(findSecretLooking(`ssh-ed25519 ${"Q".repeat(68)}`).length).toBeGreaterThan(0);
  });

  it("looks inside base64 that decodes to text", () => {
    const hidden = Buffer.from("ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv\n").toString("base64");
    expect(describeFindings(findSecretLooking(`echo ${hidden} | base64 -d`))).toContain("Anthropic");
  });
});
