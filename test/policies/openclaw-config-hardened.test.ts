import { describe, expect, it } from "vitest";
import { renderOpenclawConfig } from "../../components/openclaw/openclaw-config";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { by, remoteCommand, violationsOf } from "./harness";

const RULE = "openclaw-config-hardened";
const good = () => JSON.parse(JSON.stringify(renderOpenclawConfig(parseSettings(PROJECT, "dev", rawConfig(baseValues())))));
const step = (openclawConfig: unknown) => () => remoteCommand({ triggers: ["digest", { openclawConfig }] });

describe(RULE, () => {
  it("passes the rendered baseline", async () => {
    expect(by(await violationsOf(step(good())), RULE)).toEqual([]);
  });

  const mutations: [string, (c: any) => void, string][] = [
    ["bind lan", (c) => (c.gateway.bind = "lan"), "gateway.bind"],
    ["auth none", (c) => (c.gateway.auth = { mode: "none" }), "gateway.auth.mode"],
    ["a literal token", (c) => (c.gateway.auth.token = "literal-token-value-0123456789abcdef"), "literal value"],
    ["dmPolicy open", (c) => (c.channels.telegram.dmPolicy = "open"), "dmPolicy is 'open'"],
    ["wildcard allowFrom", (c) => (c.channels.telegram.allowFrom = ["*"]), "wildcard"],
    ["groups without mention", (c) => (c.channels.telegram.groups = { "-100": { requireMention: false } }), "mention"],
    ["exec full", (c) => (c.tools.exec.security = "full"), "tools.exec.security is 'full'"],
    ["exec unset", (c) => delete c.tools.exec, "not set explicitly"],
    ["elevated on", (c) => (c.tools.elevated.enabled = true), "tools.elevated"],
    ["fs anywhere", (c) => (c.tools.fs.workspaceOnly = false), "workspaceOnly"],
    ["profile full", (c) => (c.tools.profile = "full"), "tools.profile"],
  ];

  it.each(mutations)("refuses %s", async (_what, mutate, text) => {
    const c = good();
    mutate(c);
    const v = by(await violationsOf(step(c)), RULE);
    expect(v.length).toBeGreaterThanOrEqual(1);
    expect(v.map((x) => x.message).join("\n")).toContain(text);
    expect(v.map((x) => x.message).join("\n")).not.toContain("literal-token-value");
  });

  it("accepts tailnet with token auth", async () => {
    const c = good();
    c.gateway.bind = "tailnet";
    expect(by(await violationsOf(step(c)), RULE)).toEqual([]);
  });
});
