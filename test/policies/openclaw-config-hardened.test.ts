import { describe, expect, it } from "vitest";
import { renderOpenclawConfig } from "../../components/openclaw/openclaw-config";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { by, command, deployment, messages, pulumi, remoteCommand, server, violationsOf } from "./harness";

const RULE = "openclaw-config-hardened";
const good = () => JSON.parse(JSON.stringify(renderOpenclawConfig(parseSettings(PROJECT, "dev", rawConfig(baseValues())))));
const PATH = "/var/lib/openclaw/.openclaw/openclaw.json";
/** A server and a step that ships `config` as a heredoc (any program may ship it so). */
const shipped = (config: unknown) => () => {
  server();
  remoteCommand({ create: `sudo tee ${PATH} >/dev/null <<'EOF'\n${JSON.stringify(config, null, 2)}\nEOF` });
};

describe(RULE, () => {
  it("passes the real deployment, and the rendered baseline shipped another way", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(shipped(good())), RULE)).toEqual([]);
  });

  const mutations: [string, (c: any) => void, string][] = [
    ["bind lan", (c) => (c.gateway.bind = "lan"), "gateway.bind is 'lan'"],
    ["bind custom 0.0.0.0", (c) => Object.assign(c.gateway, { bind: "custom", customBindHost: "0.0.0.0" }), "gateway.bind is 'custom'"],
    ["auth none", (c) => (c.gateway.auth = { mode: "none" }), "gateway.auth.mode is 'none'"],
    ["a literal token", (c) => (c.gateway.auth.token = "literal-token-value-0123456789abcdef"), "literal value"],
    ["tailscale funnel", (c) => (c.gateway.tailscale = { mode: "funnel" }), "funnel"],
    ["the terminal on", (c) => (c.gateway.terminal.enabled = true), "gateway.terminal.enabled"],
    ["a rate limit switched off in effect", (c) => (c.gateway.auth.rateLimit.maxAttempts = 1000000), "rateLimit"],
    ["dmPolicy open", (c) => (c.channels.telegram.dmPolicy = "open"), "dmPolicy is 'open'"],
    ["wildcard allowFrom", (c) => (c.channels.telegram.allowFrom = ["*"]), "wildcard"],
    ["every group", (c) => Object.assign(c.channels.telegram, { groupPolicy: "allowlist", groups: { "*": { requireMention: true } } }), "every group"],
    ["groups without mention", (c) => (c.channels.telegram.groups = { "-100": { requireMention: false } }), "mention"],
    ["exec full (current key)", (c) => (c.tools.exec = { mode: "full" }), "tools.exec mode is 'full'"],
    ["exec full (legacy key)", (c) => (c.tools.exec = { security: "full", ask: "off" }), "tools.exec mode is 'full'"],
    ["exec allowlist (legacy key)", (c) => (c.tools.exec = { security: "allowlist", ask: "on-miss" }), "tools.exec mode is 'ask'"],
    ["exec unset", (c) => delete c.tools.exec, "tools.exec.mode is not set"],
    ["a per-agent exec override", (c) => (c.agents.entries = { main: { tools: { exec: { mode: "full" } } } }), "agents.entries.main.tools.exec mode is 'full'"],
    ["elevated on", (c) => (c.tools.elevated.enabled = true), "tools.elevated"],
    ["elevated by default", (c) => (c.agents.defaults.elevatedDefault = "on"), "elevatedDefault"],
    ["fs anywhere", (c) => (c.tools.fs.workspaceOnly = false), "workspaceOnly"],
    ["profile full", (c) => (c.tools.profile = "full"), "tools.profile"],
    ["a reduced deny list", (c) => (c.tools.deny = ["group:automation"]), "tools.deny lacks group:runtime"],
    ["the Control UI", (c) => (c.gateway.controlUi.enabled = true), "controlUi is enabled"],
    ["a suppression without a risk", (c) => (c.security = { audit: { suppressions: [{ checkId: "gateway.bind_no_auth", reason: "x" }] } }), "hides 'gateway.bind_no_auth'"],
  ];

  it.each(mutations)("refuses %s", async (_what, mutate, text) => {
    const c = good();
    mutate(c);
    const v = await violationsOf(shipped(c));
    expect(messages(v, RULE)).toContain(text);
    expect(messages(v, RULE)).not.toContain("literal-token-value");
  });

  it("accepts tailnet with token auth", async () => {
    const c = good();
    c.gateway.bind = "tailnet";
    expect(by(await violationsOf(shipped(c)), RULE)).toEqual([]);
  });

  it("accepts the Control UI and groups once the stack accepts them (the risks reach the gate)", async () => {
    const v = await violationsOf(() =>
      deployment({
        controlUi: true,
        channels: { telegram: { dmPolicy: "pairing", groups: ["-100123"], groupAllowFrom: ["1"] } },
        acceptedRisks: [
          { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" },
          { id: "group-chats", reason: "our ops group talks to the bot, mention required" },
        ],
      }),
    );
    expect(by(v, RULE)).toEqual([]);
  });

  it("reads an openclaw.json from a CopyToRemote asset and from user data", async () => {
    const c = good();
    c.channels.telegram.dmPolicy = "open";
    const v = await violationsOf(() => {
      server({ userData: `#cloud-config\nwrite_files:\n  - path: ${PATH}\n    encoding: b64\n    content: ${Buffer.from(JSON.stringify(c)).toString("base64")}\n` });
      new command.remote.CopyToRemote("config-copy", { connection: { host: "203.0.113.10", user: "ops", privateKey: "k" }, source: new pulumi.asset.StringAsset(JSON.stringify(c)), remotePath: PATH });
    });
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["config-copy", "srv"]);
  });

  it("refuses an openclaw.json that is not JSON", async () => {
    const v = await violationsOf(() => {
      server();
      remoteCommand({ create: `echo '{ not json' | sudo tee ${PATH}` });
    });
    expect(messages(v, RULE)).toContain("not JSON the pack can read");
  });
});
