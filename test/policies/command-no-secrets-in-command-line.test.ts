import { describe, expect, it } from "vitest";
import { by, command, deployment, pulumi, remoteCommand, violationsOf } from "./harness";

const RULE = "command-no-secrets-in-command-line";
const KEY = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

describe(RULE, () => {
  it("passes the real steps (a pinned Node SHA-256 is a declared checksum input, not a secret)", async () => {
    expect(by(await violationsOf(() => deployment({ nodeSha256: "ab".repeat(32) })), RULE)).toEqual([]);
  });

  it("passes a secret written from stdin (the secret channel)", async () => {
    const v = await violationsOf(() => remoteCommand({ create: "sudo tee /etc/app.env >/dev/null", stdin: `API_KEY=${KEY}`, logging: "none" }, { additionalSecretOutputs: ["stdout", "stderr"] }));
    expect(by(v, RULE)).toEqual([]);
  });

  it.each([
    ["in create", { create: `curl -H 'x-api-key: ${KEY}' https://api.example` }],
    ["in update", { create: "true", update: `echo ${KEY}` }],
    ["base64 in create", { create: `echo ${Buffer.from(`ANTHROPIC_API_KEY=${KEY}`).toString("base64")} | base64 -d > /etc/env` }],
    ["a 32-hex token in create", { create: "curl -H 'Authorization: Bearer 9f86d081884c7d659a2feaa0c55ad015' https://x" }],
    ["in the environment", { environment: { API_KEY: KEY } }],
    ["in delete", { delete: `echo ${KEY}` }],
  ])("refuses a secret %s, without quoting it", async (_where, args) => {
    const v = by(await violationsOf(() => remoteCommand(args)), RULE);
    expect(v.length).toBeGreaterThanOrEqual(1);
    for (const x of v) expect(x.message).not.toContain(KEY);
  });

  it("refuses a secret in a local command and in a copied file", async () => {
    const v = await violationsOf(() => {
      new command.local.Command("notify", { create: `curl -d token=${KEY} https://hooks.example` });
      new command.remote.CopyToRemote("env", { connection: { host: "203.0.113.10", user: "ops", privateKey: "k" }, source: new pulumi.asset.StringAsset(`KEY=${KEY}\n`), remotePath: "/etc/app.env" });
    });
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["env", "notify"]);
  });
});
