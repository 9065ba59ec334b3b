// The rendered openclaw.json against the pinned OpenClaw release itself: its own schema validator,
// its security audit and its secrets audit, on a state dir laid out as we deploy it (700/600), with
// the secrets in the environment as systemd hands them over from the env file.
// The CLI writes /tmp/openclaw and /tmp/openclaw-state-locks-<uid> whatever HOME and TMPDIR say, so
// each call runs in a mount namespace where those two are private directories.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSuppressions, renderOpenclawJson, SECRET_ENV } from "../components/openclaw/openclaw-config";
import { effectiveExecMode, openclawConfigProblems } from "../policies/lib/openclaw-config-check";
import { parseSettings } from "../settings/load";
import versions from "../versions.json";
import { PROJECT } from "../plan/capture";
import { ROOT, toolchain } from "./harness/tools";
import { baseValues, FIXTURE_SECRETS, rawConfig } from "./fixtures/stack";

const settings = (extra: Record<string, unknown> = {}) => parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...extra }));

/** A call takes 2-10 s here (once npm is offline, below); generous for a loaded machine. */
const AUDIT_TIMEOUT = 300_000;

let openclaw: string;
let nodeBin: string;
let work: string;

beforeAll(() => {
  nodeBin = toolchain("node24.sh");
  openclaw = path.join(toolchain("openclaw.sh", versions.openclaw), "openclaw");
  mkdirSync(path.join(ROOT, ".cache"), { recursive: true });
  work = mkdtempSync(path.join(ROOT, ".cache", "openclaw-test-"));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** sh script: $1 = private dir; binds private copies over OpenClaw's fixed /tmp paths, then runs the rest. */
const PRIVATE_TMP = `
set -eu
private="$1"; shift
for d in /tmp/openclaw "/tmp/openclaw-state-locks-$(id -u)"; do
  mkdir -p "$d" "$private/$(basename "$d")"
  mount --bind "$private/$(basename "$d")" "$d"
done
exec "$@"`;

/** Lays out a state dir like the configure step does and returns how to run the CLI on it. */
function deployed(name: string, json: string, env: Record<string, string>) {
  const home = path.join(work, name);
  const state = path.join(home, ".openclaw");
  mkdirSync(state, { recursive: true });
  chmodSync(home, 0o700);
  chmodSync(state, 0o700);
  writeFileSync(path.join(state, "openclaw.json"), json, { mode: 0o600 });
  const privateTmp = path.join(home, "tmp");
  mkdirSync(privateTmp, { recursive: true });
  return (...args: string[]) => {
    const r = spawnSync("unshare", ["--mount", "--propagation", "private", "sh", "-c", PRIVATE_TMP, "sh", privateTmp, openclaw, ...args], {
      encoding: "utf8",
      timeout: 300_000,
      env: {
        PATH: `${nodeBin}:/usr/bin:/bin`,
        HOME: home,
        TMPDIR: privateTmp,
        OPENCLAW_STATE_DIR: state,
        OPENCLAW_CONFIG_PATH: path.join(state, "openclaw.json"),
        OPENCLAW_NO_AUTO_UPDATE: "1",
        // OpenClaw tries to install a configured channel's missing plugin with npm; this machine's
        // egress re-signs TLS, so npm would retry for about 75 s per call before failing. Offline,
        // it fails at once, with the same outcome.
        npm_config_offline: "true",
        ...env,
      },
    });
    return { status: r.status, json: r.stdout.trim() ? JSON.parse(r.stdout) : undefined, stdout: r.stdout, stderr: r.stderr };
  };
}

const secretsEnv = {
  [SECRET_ENV.gatewayToken]: FIXTURE_SECRETS.gatewayToken,
  [SECRET_ENV.telegramBotToken]: FIXTURE_SECRETS.telegramBotToken,
  [SECRET_ENV.discordBotToken]: `discord-${"x".repeat(60)}`,
  ANTHROPIC_API_KEY: FIXTURE_SECRETS.anthropicKey,
};

describe(`openclaw ${versions.openclaw} on the example stack's config`, () => {
  let run: ReturnType<typeof deployed>;
  beforeAll(() => {
    run = deployed("example", renderOpenclawJson(settings()), secretsEnv);
  });

  it("passes `openclaw config validate`", () => {
    const r = run("config", "validate", "--json");
    expect(r.json).toMatchObject({ valid: true });
    expect(r.status).toBe(0);
  });

  it("gets 0 critical and 0 warn from `openclaw security audit`, with no suppression", () => {
    const r = run("security", "audit", "--json");
    const findings = r.json.findings.map((f: { checkId: string; severity: string }) => `${f.severity} ${f.checkId}`);
    console.log(`security audit (example stack): ${JSON.stringify(r.json.summary)} ${findings.join(", ")}`);
    expect(r.json.summary).toMatchObject({ critical: 0, warn: 0 });
    expect(r.json.suppressedFindings ?? []).toEqual([]);
  }, AUDIT_TIMEOUT);

  it("denies exec in effect, by OpenClaw's own account (`openclaw exec-policy show`, current key tools.exec.mode)", () => {
    const r = run("exec-policy", "show", "--json");
    const scopes = r.json.effectivePolicy.scopes as { mode: { requested: string; requestedSource: string; effective: string } }[];
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(scope.mode).toMatchObject({ requested: "deny", requestedSource: "tools.exec.mode", effective: "deny" });
  }, AUDIT_TIMEOUT);

  it("agrees with the pack's checker, which reads both spellings of the exec policy", () => {
    const json = JSON.parse(renderOpenclawJson(settings()));
    json.tools.exec = { security: "full", ask: "off" };
    const legacy = deployed("legacy-exec", JSON.stringify(json), secretsEnv)("exec-policy", "show", "--json");
    expect(legacy.json.effectivePolicy.scopes[0].mode.effective).toBe("full");
    expect(effectiveExecMode(json.tools.exec)).toBe("full");
  }, AUDIT_TIMEOUT);

  it("passes the pack's checker, with Code Mode, the state-changing chat commands and /pair off explicitly", () => {
    const json = JSON.parse(renderOpenclawJson(settings()));
    expect(openclawConfigProblems(json, [])).toEqual([]);
    expect(json.tools.codeMode).toBe(false);
    expect(Object.values(json.commands).every((v) => v === false)).toBe(true);
  });

  it("is clean for `openclaw secrets audit --check` (no plaintext, every ref resolves)", () => {
    const r = run("secrets", "audit", "--json", "--check");
    expect(r.json.summary).toMatchObject({ plaintextCount: 0, unresolvedRefCount: 0 });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("LEAKCHECK");
  });
});

describe(`openclaw ${versions.openclaw} with every option on (Control UI, groups, Discord)`, () => {
  const s = settings({
    controlUi: true,
    discordBotToken: secretsEnv.DISCORD_BOT_TOKEN,
    channels: {
      telegram: { dmPolicy: "allowlist", allowFrom: ["11223344"], groups: ["-1001234567890"], groupAllowFrom: ["11223344"] },
      discord: { dmPolicy: "pairing", groups: ["123456789012345678"], groupAllowFrom: ["223456789012345678"] },
    },
    acceptedRisks: [
      { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" },
      { id: "group-chats", reason: "the ops groups talk to the bot, mention required" },
    ],
  });
  let run: ReturnType<typeof deployed>;
  beforeAll(() => {
    run = deployed("everything", renderOpenclawJson(s), secretsEnv);
  });

  it("passes `openclaw config validate`", () => {
    expect(run("config", "validate", "--json").json).toMatchObject({ valid: true });
  });

  it("denies exec in effect (`openclaw exec-policy show`), and passes the pack's checker with the two risks accepted", () => {
    const scopes = run("exec-policy", "show", "--json").json.effectivePolicy.scopes as { mode: { effective: string } }[];
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(scope.mode.effective).toBe("deny");
    expect(openclawConfigProblems(JSON.parse(renderOpenclawJson(s)), ["control-ui", "group-chats"])).toEqual([]);
  }, AUDIT_TIMEOUT);

  it("gets 0 critical and 0 warn; exactly the documented suppressions are used", () => {
    const r = run("security", "audit", "--json");
    console.log(`security audit (every option): ${JSON.stringify(r.json.summary)} suppressed: ${r.json.suppressedFindings.map((f: { checkId: string }) => f.checkId).join(", ")}`);
    expect(r.json.summary).toMatchObject({ critical: 0, warn: 0 });
    expect(r.json.suppressedFindings.map((f: { checkId: string }) => f.checkId).sort()).toEqual(auditSuppressions(s).map((x) => x.checkId).sort());
  }, AUDIT_TIMEOUT);
});

describe(`openclaw ${versions.openclaw} with agentAccess: sandboxed`, () => {
  const s = settings({ agentAccess: "sandboxed" });
  let run: ReturnType<typeof deployed>;
  beforeAll(() => {
    run = deployed("sandboxed", renderOpenclawJson(s), secretsEnv);
  });

  it("passes `openclaw config validate`", () => {
    expect(run("config", "validate", "--json").json).toMatchObject({ valid: true });
  });

  it("runs every session in the Podman sandbox with no network, by OpenClaw's own account (`openclaw sandbox explain`)", () => {
    const r = run("sandbox", "explain", "--json");
    console.log(`sandbox explain: ${JSON.stringify(r.json).slice(0, 600)}`);
    expect(r.json.sandbox).toMatchObject({ mode: "all", backend: "podman", scope: "session", workspaceAccess: "none" });
    expect(r.json.sandbox.sessionIsSandboxed).toBe(true);
  }, AUDIT_TIMEOUT);

  it("lets exec run in the sandbox only (`openclaw exec-policy show`)", () => {
    const r = run("exec-policy", "show", "--json");
    console.log(`exec-policy (sandboxed): ${JSON.stringify(r.json.effectivePolicy.scopes).slice(0, 600)}`);
    const scopes = r.json.effectivePolicy.scopes as { host: { requested: string; requestedSource: string } }[];
    expect(scopes.length).toBeGreaterThan(0);
    // Exec goes to the sandbox, pinned by config. (The security this view shows is the gateway
    // host's default; a pinned sandbox host never reaches it.)
    for (const scope of scopes) expect(scope.host).toMatchObject({ requested: "sandbox", requestedSource: "tools.exec.host" });
  }, AUDIT_TIMEOUT);

  it("gets 0 critical and 0 warn from `openclaw security audit`, with no suppression", () => {
    const r = run("security", "audit", "--json");
    const findings = r.json.findings.map((f: { checkId: string; severity: string }) => `${f.severity} ${f.checkId}`);
    console.log(`security audit (sandboxed): ${JSON.stringify(r.json.summary)} ${findings.join(", ")}`);
    expect(r.json.summary).toMatchObject({ critical: 0, warn: 0 });
    expect(r.json.suppressedFindings ?? []).toEqual([]);
  }, AUDIT_TIMEOUT);
});

describe("what OpenClaw's validator accepts and the pack's checker refuses (the red team's shapes)", () => {
  const shapes: [string, (c: any) => void][] = [
    ["a second Telegram account open to everyone", (c) => (c.channels.telegram.accounts = { support: { dmPolicy: "open", allowFrom: ["*"] } })],
    ["a plain-http Bot API root", (c) => (c.channels.telegram.apiRoot = "http://tg-bot-api.internal.example.net:8081")],
    ["a forum topic without mention", (c) => (c.channels.telegram.groups = { "-1001234567890": { requireMention: true, topics: { "1": { requireMention: false } } } })],
    ["Code Mode with the Node executor", (c) => (c.tools.codeMode = { enabled: true, executor: "node" })],
    ["Code Mode left to 'auto'", (c) => delete c.tools.codeMode],
    ["/debug from chat", (c) => (c.commands.debug = true)],
    ["a suppression of every dangerous flag", (c) => (c.security = { audit: { suppressions: [{ checkId: "config.insecure_or_dangerous_flags", reason: "x" }] } })],
  ];
  it.each(shapes)("%s: valid for OpenClaw, refused by the checker", (what, mutate) => {
    const json = JSON.parse(renderOpenclawJson(settings()));
    mutate(json);
    expect(openclawConfigProblems(json, ["control-ui", "group-chats"]).length).toBeGreaterThan(0);
    const r = deployed(`shape-${what.replace(/[^a-z0-9]+/gi, "-")}`, JSON.stringify(json), secretsEnv)("config", "validate", "--json");
    expect(r.json).toMatchObject({ valid: true });
  });
});

describe("what OpenClaw's validator accepts and the pack's checker refuses in the sandboxed shape (exec or files out of the sandbox)", () => {
  const shapes: [string, (c: any) => void, string][] = [
    ["exec pinned to the gateway host, the sandbox on", (c) => (c.tools.exec.host = "gateway"), "tools.exec.host is 'gateway'"],
    ["sandbox mode non-main", (c) => (c.agents.defaults.sandbox.mode = "non-main"), "agents.defaults.sandbox.mode is 'non-main'"],
    ["one agent opting out", (c) => (c.agents.entries = { main: { sandbox: { mode: "off" } } }), "agents.entries.main.sandbox.mode is 'off'"],
    ["the docker backend", (c) => (c.agents.defaults.sandbox.backend = "docker"), "agents.defaults.sandbox.backend is 'docker'"],
    ["a container per agent", (c) => (c.agents.defaults.sandbox.scope = "agent"), "agents.defaults.sandbox.scope is 'agent'"],
    ["the bridge network, risk not accepted", (c) => (c.agents.defaults.sandbox.docker.network = "bridge"), "agents.defaults.sandbox.docker.network is 'bridge'"],
    ["a floating image tag", (c) => (c.agents.defaults.sandbox.docker.image = "ghcr.io/example-org/agent-sandbox:latest"), "agents.defaults.sandbox.docker.image is not pinned"],
    ["the Podman socket bound in", (c) => (c.agents.defaults.sandbox.docker.binds = ["/run/user/999/podman/podman.sock:/run/podman/podman.sock"]), "agents.defaults.sandbox.docker.binds[0] mounts /run"],
  ];
  it.each(shapes)("%s: valid for OpenClaw, refused by the checker", (what, mutate, text) => {
    const json = JSON.parse(renderOpenclawJson(settings({ agentAccess: "sandboxed" })));
    mutate(json);
    expect(openclawConfigProblems(json, []).map((p) => p.message).join("\n")).toContain(text);
    const r = deployed(`sandboxed-shape-${what.replace(/[^a-z0-9]+/gi, "-")}`, JSON.stringify(json), secretsEnv)("config", "validate", "--json");
    expect(r.json).toMatchObject({ valid: true });
  });
});

describe("the validator is a real gate", () => {
  it("rejects the old guides' logging.redactSensitive", () => {
    const json = JSON.parse(renderOpenclawJson(settings()));
    json.logging = { redactSensitive: "tools" };
    const r = deployed("redact", JSON.stringify(json), secretsEnv)("config", "validate", "--json");
    expect(r.status).toBe(1);
    expect(JSON.stringify(r.json)).toContain("redactSensitive");
  });
});
