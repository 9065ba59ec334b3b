import { describe, expect, it } from "vitest";
import { by, deployment, firewall, hcloud, messages, violationsOf } from "./harness";

const RULE = "hcloud-inputs-no-secrets";

describe(RULE, () => {
  it("passes the real deployment's labels", async () => {
    expect(by(await violationsOf(() => deployment({ labels: { team: "ops", env: "prod" } })), RULE)).toEqual([]);
  });

  it("refuses an API key in a firewall label and a 32-hex token in an SSH key's label, without quoting them", async () => {
    const v = await violationsOf(() => {
      new hcloud.Firewall("fw", { rules: [], labels: { owner: "sk-ant-api03-AbCdEfGhIjKlMnOpQrSt" } });
      new hcloud.SshKey("key", { publicKey: "ssh-ed25519 AAAA", labels: { build: "9f86d081884c7d659a2feaa0c55ad015" } });
      void firewall;
    });
    expect(messages(v, RULE)).toMatch(/label 'owner' contains an Anthropic API key[\s\S]*label 'build' contains a hex token/);
    expect(messages(v, RULE)).not.toMatch(/sk-ant-api03|9f86d081/);
  });

  it("refuses a secret in a firewall rule's description, and leaves public keys alone", async () => {
    const v = await violationsOf(() => {
      new hcloud.Firewall("described", { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"], description: "ops token ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" }] });
      new hcloud.SshKey("op", { publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4c0bWmWyN1hY3S8i2pXgq3cJ0h9O5cM8Ue2l4N7kQ ci-9f86d081884c7d659a2feaa0c55ad015" });
    });
    expect(by(v, RULE).map((x) => x.message)).toEqual(["rules[0].description contains a GitHub token (value not shown)"]);
  });
});
