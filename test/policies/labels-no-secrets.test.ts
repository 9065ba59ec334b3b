import { describe, expect, it } from "vitest";
import { by, deployment, firewall, hcloud, messages, violationsOf } from "./harness";

const RULE = "labels-no-secrets";

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
});
