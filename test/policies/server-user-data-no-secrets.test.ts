import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { by, deployment, server, SSH_KEY, violationsOf } from "./harness";

const RULE = "server-user-data-no-secrets";

const secrets: [string, string][] = [
  ["an Anthropic key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"],
  ["an OpenAI key", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123"],
  ["a GitHub token", "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"],
  ["a Telegram bot token", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"],
  ["a private key block", "-----BEGIN OPENSSH PRIVATE KEY-----"],
  ["a 32-hex token (our own minimum)", "9f86d081884c7d659a2feaa0c55ad015"],
  ["a long base64 token", "q8V0u0o0L3xq3m9ZP1kq7t2wO9YbK3jR6uV5cT4sE1dW0aZ+/Pq=="],
];

describe(RULE, () => {
  it("passes the real deployment, and SSH public keys whatever their comment holds", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    const withHexComment = `${SSH_KEY.split(" ").slice(0, 2).join(" ")} deploy-${"ab12".repeat(10)}`;
    const userData = `#cloud-config\nusers:\n  - name: ops\n    ssh_authorized_keys:\n      - "${SSH_KEY}"\n      - ${withHexComment}\n`;
    expect(by(await violationsOf(() => server({ userData })), RULE)).toEqual([]);
  });

  it.each(secrets)("refuses %s, without quoting it", async (_what, secret) => {
    const v = by(await violationsOf(() => server({ userData: `#cloud-config\nruncmd:\n  - echo ${secret} > /etc/x\n` })), RULE);
    expect(v.length).toBeGreaterThanOrEqual(1);
    for (const x of v) expect(x.message).not.toContain(secret);
    expect(v[0].message).toContain("values not shown");
  });

  it("finds a secret in a write_files entry encoded gzip+base64", async () => {
    const content = gzipSync(`TOKEN=${secrets[0][1]}\n`).toString("base64");
    const v = await violationsOf(() => server({ userData: `#cloud-config\nwrite_files:\n  - path: /etc/x\n    encoding: gz+b64\n    content: ${content}\n` }));
    expect(by(v, RULE).map((x) => x.message).join("\n")).toContain("user data file /etc/x contains an Anthropic API key");
  });

  it("does not mistake a key blob dressed as a key for a key", async () => {
    const fake = `ssh-ed25519 ${"Q".repeat(68)}`;
    expect(by(await violationsOf(() => server({ userData: `#cloud-config\nusers:\n  - name: ops\n    ssh_authorized_keys: ["${fake}"]\n` })), RULE)).toHaveLength(1);
  });
});
