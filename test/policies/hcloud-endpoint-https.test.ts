import { describe, expect, it } from "vitest";
import { by, deployment, hcloud, messages, violationsOf } from "./harness";

const RULE = "hcloud-endpoint-https";

describe(RULE, () => {
  it("passes the default provider and an https endpoint", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    const v = await violationsOf(() => {
      const p = new hcloud.Provider("eu", { token: "x".repeat(64), endpoint: "https://api.hetzner.cloud/v1" });
      new hcloud.SshKey("k", { publicKey: "ssh-ed25519 AAAA" }, { provider: p });
    });
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a plain-http endpoint on the provider and on every resource that uses it", async () => {
    const v = await violationsOf(() => {
      const p = new hcloud.Provider("proxied", { token: "x".repeat(64), endpoint: "http://hcloud-proxy.internal/v1" });
      new hcloud.SshKey("k", { publicKey: "ssh-ed25519 AAAA" }, { provider: p });
    });
    expect(messages(v, RULE)).toMatch(/this hcloud provider's endpoint is not https[\s\S]*the hcloud provider of this resource \('proxied'\)/);
  });
});
