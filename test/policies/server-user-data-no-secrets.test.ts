import { describe, expect, it } from "vitest";
import { by, server, SSH_KEY, violationsOf } from "./harness";

const RULE = "server-user-data-no-secrets";

const secrets: [string, string][] = [
  ["an Anthropic key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"],
  ["an OpenAI key", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123"],
  ["a GitHub token", "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"],
  ["a Telegram bot token", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"],
  ["a private key block", "-----BEGIN OPENSSH PRIVATE KEY-----"],
  ["a long hex token", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
  ["a long base64 token", "q8V0u0o0L3xq3m9ZP1kq7t2wO9YbK3jR6uV5cT4sE1dW0aZ+/Pq=="],
];

describe(RULE, () => {
  it("passes cloud-config with SSH public keys", async () => {
    const userData = `#cloud-config\nusers:\n  - name: ops\n    ssh_authorized_keys:\n      - "${SSH_KEY}"\n`;
    expect(by(await violationsOf(() => server({ userData })), RULE)).toEqual([]);
  });

  it.each(secrets)("refuses %s, without quoting it", async (_what, secret) => {
    const v = by(await violationsOf(() => server({ userData: `#cloud-config\nruncmd:\n  - echo ${secret} > /etc/x\n` })), RULE);
    expect(v).toHaveLength(1);
    expect(v[0].message).not.toContain(secret);
    expect(v[0].message).toContain("values not shown");
  });

  it("finds a secret hidden in base64 file content", async () => {
    const content = Buffer.from(`TOKEN=${secrets[0][1]}\n`).toString("base64");
    const v = await violationsOf(() => server({ userData: `#cloud-config\nwrite_files:\n  - path: /x\n    encoding: b64\n    content: ${content}\n` }));
    expect(by(v, RULE)).toHaveLength(1);
  });
});
