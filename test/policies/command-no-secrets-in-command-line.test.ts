import { describe, expect, it } from "vitest";
import { by, remoteCommand, violationsOf } from "./harness";

const RULE = "command-no-secrets-in-command-line";
const KEY = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

describe(RULE, () => {
  it("passes the real steps' command lines, base64 file contents and a named SHA-256 pin included", async () => {
    const v = await violationsOf(() => remoteCommand({ create: `sudo env OC_NODE_SHA256='${"ab".repeat(32)}' OC_X_B64='${Buffer.from("Port 22\nPermitRootLogin no\n").toString("base64")}' bash -c 'true'` }));
    expect(by(v, RULE)).toEqual([]);
  });

  it.each([
    ["in create", { create: `curl -H 'x-api-key: ${KEY}' https://api.example` }],
    ["in update", { create: "true", update: `echo ${KEY}` }],
    ["base64 in create", { create: `echo ${Buffer.from(`ANTHROPIC_API_KEY=${KEY}`).toString("base64")} | base64 -d > /etc/env` }],
    ["in the environment", { environment: { API_KEY: KEY } }],
  ])("refuses a secret %s, without quoting it", async (_where, args) => {
    const v = by(await violationsOf(() => remoteCommand(args)), RULE);
    expect(v).toHaveLength(1);
    expect(v[0].message).not.toContain(KEY);
  });
});
