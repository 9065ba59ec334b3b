import { describe, expect, it } from "vitest";
import { renderOpenclawConfig } from "../../components/openclaw/openclaw-config";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { openclawConfigProblems, STATEFUL_COMMANDS } from "../../policies/lib/openclaw-config-check";
import { by, command, deployment, messages, pulumi, remoteCommand, server, stepOn, violationsOf } from "./harness";

const RULE = "openclaw-config-hardened";
const good = () => JSON.parse(JSON.stringify(renderOpenclawConfig(parseSettings(PROJECT, "dev", rawConfig(baseValues())))));
const PATH = "/var/lib/openclaw/.openclaw/openclaw.json";
/** A server and a step that ships `config` as a heredoc (any program may ship it so). */
const heredoc = (config: unknown) => `sudo tee ${PATH} >/dev/null <<'EOF'\n${JSON.stringify(config, null, 2)}\nEOF`;
const shipped = (config: unknown) => () => {
  server();
  remoteCommand({ create: heredoc(config) });
};
const CONTROL_UI = { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" };
const GROUP_CHATS = { id: "group-chats", reason: "our ops group talks to the bot, mention required" };
/** The deployment with the Control UI and a Telegram group, both accepted (what the pack and the gate accept). */
const loosened = { controlUi: true, channels: { telegram: { dmPolicy: "pairing", groups: ["-100123"], groupAllowFrom: ["1"] } }, acceptedRisks: [CONTROL_UI, GROUP_CHATS] };
/** `config` shipped by an extra step on that deployment's server, so its accepted risks apply. */
const shippedWithRisks = (config: unknown) => () => {
  stepOn(deployment(loosened), "extra-config", { create: heredoc(config) });
};
const goodLoosened = () => JSON.parse(JSON.stringify(renderOpenclawConfig(parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...loosened })))));

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

    // Channel blocks wherever the schema has them: accounts, groups, topics, per-DM, guild channels.
    ["an account with an open DM policy", (c) => (c.channels.telegram.accounts = { support: { dmPolicy: "open" } }), "channels.telegram.accounts.support.dmPolicy is 'open'"],
    ["an account that lets everyone in", (c) => (c.channels.telegram.accounts = { support: { allowFrom: ["*"] } }), "channels.telegram.accounts.support.allowFrom contains the wildcard '*'"],
    ["an account that takes config writes", (c) => (c.channels.telegram.accounts = { support: { configWrites: true } }), "channels.telegram.accounts.support.configWrites is not false"],
    ["one DM with an open policy", (c) => (c.channels.telegram.direct = { "11223344": { dmPolicy: "open" } }), "channels.telegram.direct.11223344.dmPolicy is 'open'"],
    ["a group with an open policy", (c) => (c.channels.telegram.groups = { "-100": { requireMention: true, groupPolicy: "open" } }), "channels.telegram.groups.-100.groupPolicy is 'open'"],
    ["a group that lets every member talk", (c) => (c.channels.telegram.groups = { "-100": { requireMention: true, allowFrom: ["*"] } }), "channels.telegram.groups.-100.allowFrom contains the wildcard '*'"],
    ["a forum topic without mention", (c) => (c.channels.telegram.groups = { "-100": { requireMention: true, topics: { "1": { requireMention: false } } } }), "channels.telegram.groups.-100.topics.1 does not require a mention"],
    ["an account's group without mention", (c) => (c.channels.telegram.accounts = { support: { groups: { "-100": { requireMention: false } } } }), "channels.telegram.accounts.support.groups.-100 does not require a mention"],
    ["every channel of a Discord guild", (c) => (c.channels.discord = { enabled: false, configWrites: false, guilds: { "1": { requireMention: true, channels: { "*": {} } } } }), "channels.discord.guilds.1.channels answers in every group"],
    ["an open default group policy", (c) => (c.channels.defaults = { groupPolicy: "open" }), "channels.defaults.groupPolicy is 'open'"],
    ["an access group of a whole channel audience", (c) => (c.accessGroups = { ops: { type: "discord.channelAudience", guildId: "1", channelId: "2" } }), "accessGroups.ops is a discord.channelAudience"],
    ["a shared session for every sender", (c) => (c.session.scope = "global"), "session.scope is 'global'"],

    // Plain-text URLs and insecure switches, anywhere.
    ["a plain-http Bot API root (the token is in every URL)", (c) => (c.channels.telegram.apiRoot = "http://tg.internal.example.net:8081/botliteral-token-value"), "channels.telegram.apiRoot is a plain http:// URL"],
    ["a plain-http model endpoint", (c) => (c.models = { providers: { vllm: { baseUrl: "HTTP://10.0.0.5:8000/v1" } } }), "models.providers.vllm.baseUrl is a plain http:// URL"],
    ["a plain-ws URL", (c) => (c.plugins.entries["device-pair"].config = { publicUrl: "ws://gw.example.net:18789" }), "plugins.entries.device-pair.config.publicUrl is a plain ws:// URL"],
    ["a dangerously* flag", (c) => (c.gateway.controlUi.dangerouslyDisableDeviceAuth = true), "gateway.controlUi.dangerouslyDisableDeviceAuth is set"],
    ["a private-network fetch", (c) => (c.channels.telegram.network = { dangerouslyAllowPrivateNetwork: true }), "channels.telegram.network.dangerouslyAllowPrivateNetwork is set"],
    ["TLS verification off", (c) => (c.models = { providers: { x: { request: { tls: { insecureSkipVerify: true } } } } }), "models.providers.x.request.tls.insecureSkipVerify is set"],
    ["apply_patch outside the workspace", (c) => (c.tools.exec.applyPatch = { workspaceOnly: false }), "tools.exec.applyPatch.workspaceOnly is false"],

    // Code Mode: off explicitly, everywhere it can be switched on.
    ["Code Mode unset ('auto')", (c) => delete c.tools.codeMode, "tools.codeMode is unset ('auto')"],
    ["Code Mode 'auto'", (c) => (c.tools.codeMode = "auto"), "tools.codeMode is not off"],
    ["Code Mode on with the Node executor", (c) => (c.tools.codeMode = { enabled: true, executor: "node" }), "tools.codeMode is not off"],
    ["Code Mode for one agent", (c) => (c.agents.entries = { main: { tools: { codeMode: { enabled: "auto" } } } }), "agents.entries.main.tools.codeMode is not off"],
    ["Code Mode for one model", (c) => (c.agents.defaults.models = { "anthropic/claude-sonnet-5": { codeMode: true } }), `agents.defaults.models["anthropic/claude-sonnet-5"].codeMode is not false`],
    ["another agent harness", (c) => (c.agents.defaults.models = { "anthropic/claude-sonnet-4-5": { agentRuntime: { id: "claude-cli" } } }), "agentRuntime.id is 'claude-cli'"],

    // Tool policies that re-allow what the baseline denies, and cross-session reach.
    ["a sender re-allowed the runtime tools", (c) => (c.tools.toolsBySender = { "id:11223344": { alsoAllow: ["group:runtime"] } }), `tools.toolsBySender["id:11223344"].alsoAllow re-allows denied tools (group:runtime)`],
    ["a provider re-allowed fs by glob", (c) => (c.tools.byProvider = { anthropic: { allow: ["session_status", "wri*"] } }), "tools.byProvider.anthropic.allow re-allows denied tools (wri*)"],
    ["a provider profile 'full'", (c) => (c.tools.byProvider = { anthropic: { profile: "full" } }), "tools.byProvider.anthropic.profile is 'full'"],
    ["a group's tools re-allowed exec", (c) => (c.channels.telegram.groups = { "-100": { requireMention: true, tools: { alsoAllow: ["exec"] } } }), "channels.telegram.groups.-100.tools.alsoAllow re-allows denied tools (exec)"],
    ["an agent's allow list with '*'", (c) => (c.agents.entries = { main: { tools: { allow: ["*"] } } }), "agents.entries.main.tools.allow re-allows denied tools"],
    ["elevated senders listed", (c) => (c.tools.elevated.allowFrom = { telegram: ["11223344"] }), "tools.elevated.allowFrom lists senders"],
    ["exec pinned to a sandbox that is off", (c) => (c.tools.exec = { host: "sandbox" }), "tools.exec.host is 'sandbox', outside a contained sandbox for agents.defaults"],
    ["fs undenied with no profile (every core tool)", (c) => Object.assign(c.tools, { deny: ["group:automation", "group:runtime", "sessions_spawn", "sessions_send"], profile: undefined }), "tools.deny lacks group:fs, and the tool profile is unset (every core tool)"],
    ["the sandbox tool policy re-allowing exec with no sandbox", (c) => (c.tools.sandbox = { tools: { allow: ["exec"] } }), "tools.sandbox.tools.allow re-allows denied tools (exec), outside a contained sandbox for agents.defaults"],
    ["every session visible", (c) => (c.tools.sessions.visibility = "all"), "tools.sessions.visibility is 'all'"],
    ["cross-agent access", (c) => (c.tools.agentToAgent.enabled = true), "tools.agentToAgent.enabled is not false"],
    ["posts into other conversations", (c) => (c.tools.message.crossContext.allowWithinProvider = true), "tools.message.crossContext.allowWithinProvider is not false"],

    // Chat commands and surfaces that change config or state at runtime.
    ["the commands block dropped", (c) => delete c.commands, "commands.restart is unset"],
    ["a wildcard command allowlist", (c) => (c.commands.allowFrom = { telegram: ["*"] }), "commands.allowFrom.telegram contains the wildcard '*'"],
    ["device pairing from chat", (c) => delete c.plugins, "plugins.entries.device-pair.enabled is not false"],
    ["a plugin switched on", (c) => (c.plugins.entries["admin-http-rpc"] = { enabled: true }), "plugins.entries.admin-http-rpc.enabled is true"],
    ["plugin code from a path", (c) => (c.plugins.load = { paths: ["/srv/plugins"] }), "plugins.load.paths is set"],
    ["webhooks", (c) => (c.hooks = { enabled: true, token: "literal-token-value-0123456789abcdef", mappings: [{ match: { path: "x" } }] }), "hooks.enabled is true"],
    ["an MCP app bridge", (c) => (c.mcp = { apps: { enabled: true } }), "mcp.apps.enabled is true"],
    ["ACP harnesses", (c) => (c.acp = { enabled: true }), "acp.enabled is true"],
    ["self-updates", (c) => (c.update.auto = { enabled: true }), "update.auto.enabled is true"],
    ["wide-area discovery", (c) => (c.discovery.wideArea = { enabled: true }), "discovery.wideArea.enabled is true"],

    // Gateway surfaces.
    ["gateway mode remote", (c) => (c.gateway.mode = "remote"), "gateway.mode is 'remote'"],
    ["a remote gateway", (c) => (c.gateway.remote = { url: "wss://gw.example.net", token: "literal-token-value-0123456789abcdef" }), "gateway.remote is set"],
    ["the OpenAI-compatible HTTP API", (c) => (c.gateway.http = { endpoints: { chatCompletions: { enabled: true } } }), "gateway.http.endpoints.chatCompletions.enabled is true"],
    ["tools over HTTP", (c) => (c.gateway.tools = { allow: ["exec"] }), "gateway.tools.allow is set"],
    ["trusted proxies", (c) => (c.gateway.trustedProxies = ["10.0.0.1"]), "gateway.trustedProxies is set"],
    ["Tailscale identity for auth", (c) => (c.gateway.auth.allowTailscale = true), "gateway.auth.allowTailscale is true"],
    ["extra node commands", (c) => (c.gateway.nodes = { commands: { allow: ["system.run"] } }), "gateway.nodes.commands.allow is set"],
  ];

  it.each(Object.keys(STATEFUL_COMMANDS))("refuses commands.%s on", async (k) => {
    const c = good();
    c.commands[k] = true;
    expect(messages(await violationsOf(shipped(c)), RULE)).toContain(`commands.${k} is not false`);
  });

  it.each(mutations)("refuses %s", async (_what, mutate, text) => {
    const c = good();
    mutate(c);
    const v = await violationsOf(shipped(c));
    expect(messages(v, RULE)).toContain(text);
    expect(messages(v, RULE)).not.toContain("literal-token-value");
  });

  it("refuses a suppression that hides every dangerous flag, and a per-account group, even with the risks accepted", async () => {
    expect(by(await violationsOf(shippedWithRisks(goodLoosened())), RULE)).toEqual([]);
    const c = goodLoosened();
    for (const s of c.security.audit.suppressions) if (s.checkId === "config.insecure_or_dangerous_flags") delete s.detailIncludes;
    c.gateway.controlUi.dangerouslyDisableDeviceAuth = true;
    const text = messages(await violationsOf(shippedWithRisks(c)), RULE);
    expect(text).toContain("hides every 'config.insecure_or_dangerous_flags' finding (its detailIncludes must be 'security.audit.suppressions configured')");
    expect(text).toContain("gateway.controlUi.dangerouslyDisableDeviceAuth is set");
    const widened = goodLoosened();
    widened.security.audit.suppressions.find((s: { checkId: string }) => s.checkId === "config.insecure_or_dangerous_flags").detailIncludes = "flag";
    expect(messages(await violationsOf(shippedWithRisks(widened)), RULE)).toContain("hides every 'config.insecure_or_dangerous_flags' finding");
  });

  it("takes groups of a second account as group chats: refused without the risk, accepted with it", async () => {
    const c = good();
    c.channels.telegram.accounts = { support: { groupPolicy: "allowlist", groups: { "-100": { requireMention: true } } } };
    expect(messages(await violationsOf(shipped(c)), RULE)).toContain("channels.telegram.accounts.support answers in group chats (accept 'group-chats'");
    const withRisk = goodLoosened();
    withRisk.channels.telegram.accounts = { support: { groups: { "-100": { requireMention: true } } } };
    expect(by(await violationsOf(shippedWithRisks(withRisk)), RULE)).toEqual([]);
  });

  it("accepts plain http on loopback, Code Mode off in object form, and allow lists of harmless tools", async () => {
    const c = good();
    c.models = { providers: { ollama: { baseUrl: "http://127.0.0.1:11434/v1" } } };
    c.gateway.controlUi.allowedOrigins = ["http://localhost:18789", "http://[::1]:18789"];
    c.tools.codeMode = { enabled: false, executor: "quickjs" };
    c.agents.entries = { main: { tools: { codeMode: false, alsoAllow: ["session_status"] }, models: { "anthropic/claude-sonnet-5": { codeMode: false } } } };
    c.agents.defaults.models = { "anthropic/claude-sonnet-4-5": { agentRuntime: { id: "openclaw" } } };
    expect(by(await violationsOf(shipped(c)), RULE)).toEqual([]);
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

  describe("agentAccess: sandboxed (exec and file tools, contained in the sandbox)", () => {
    const SANDBOX_NETWORK = { id: "sandbox-network", reason: "the agent installs packages from the Debian archive" };
    const sandboxedValues = (extra: Record<string, unknown> = {}) => ({ agentAccess: "sandboxed", ...extra });
    const sandboxed = (extra: Record<string, unknown> = {}) =>
      JSON.parse(JSON.stringify(renderOpenclawConfig(parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...sandboxedValues(extra) })))));
    const bridged = { sandbox: { network: "bridge", workspaceAccess: "rw" }, acceptedRisks: [SANDBOX_NETWORK] };

    it("passes the sandboxed deployment and its openclaw.json shipped another way", async () => {
      const c = sandboxed();
      expect(c.tools).toMatchObject({ alsoAllow: ["group:fs", "group:runtime"], exec: { host: "sandbox" } });
      expect(c.agents.defaults.sandbox).toMatchObject({ mode: "all", backend: "podman", scope: "session" });
      expect(by(await violationsOf(() => deployment(sandboxedValues())), RULE)).toEqual([]);
      expect(by(await violationsOf(shipped(c)), RULE)).toEqual([]);
      expect(openclawConfigProblems(c, [])).toEqual([]);
    });

    it("passes a networked sandbox once sandbox-network is accepted, and refuses it without", async () => {
      expect(by(await violationsOf(() => deployment(sandboxedValues(bridged))), RULE)).toEqual([]);
      const c = sandboxed(bridged);
      expect(openclawConfigProblems(c, ["sandbox-network"])).toEqual([]);
      expect(messages(await violationsOf(shipped(c)), RULE)).toContain("agents.defaults.sandbox.docker.network is 'bridge' (commands in the sandbox reach the network) (accept 'sandbox-network'");
    });

    const accepted: [string, (c: any) => void, string[]][] = [
      ["a registry image pinned by digest", (c) => (c.agents.defaults.sandbox.docker.image = `ghcr.io/acme/sandbox@sha256:${"a".repeat(64)}`), []],
      ["a local image pinned by digest", (c) => (c.agents.defaults.sandbox.docker.image = `localhost/sandbox@sha256:${"b".repeat(64)}`), []],
      ["a read-only workspace", (c) => (c.agents.defaults.sandbox.workspaceAccess = "ro"), []],
      ["exec approvals in the sandbox (mode ask)", (c) => (c.tools.exec.mode = "ask"), []],
      ["exec denied outright (fs tools only)", (c) => Object.assign(c.tools, { exec: { mode: "deny" }, alsoAllow: ["group:fs"], deny: [...c.tools.deny, "group:runtime"] }), []],
      ["limits, env and tmpfs in the docker block", (c) => Object.assign(c.agents.defaults.sandbox.docker, { pidsLimit: 128, memory: "1g", cpus: 1, tmpfs: ["/tmp"], env: { LANG: "C.UTF-8" } }), []],
      ["an agent that inherits the contained defaults", (c) => (c.agents.entries = { ops: { tools: { alsoAllow: ["read"] } } }), []],
      ["a custom network with the accepted risk", (c) => (c.agents.defaults.sandbox.docker.network = "sandbox-egress"), ["sandbox-network"]],
      ["a data directory mounted with the accepted risk", (c) => (c.agents.defaults.sandbox.docker.binds = ["/srv/datasets:/data:ro"]), ["sandbox-host-mounts"]],
    ];
    it.each(accepted)("accepts %s", async (_what, mutate, risks) => {
      const c = sandboxed();
      mutate(c);
      expect(openclawConfigProblems(c, risks)).toEqual([]);
    });

    it("accepts exec and file tools for one agent whose own sandbox contains them, and refuses them when it does not", async () => {
      const c = good();
      const own = { mode: "all", backend: "podman", scope: "session", docker: sandboxed().agents.defaults.sandbox.docker };
      c.agents.entries = { coder: { sandbox: own, tools: { alsoAllow: ["group:fs", "group:runtime"], exec: { host: "sandbox" } } } };
      expect(openclawConfigProblems(c, [])).toEqual([]);
      c.agents.entries.coder.sandbox.mode = "non-main";
      const text = messages(await violationsOf(shipped(c)), RULE);
      expect(text).toContain("agents.entries.coder.tools.alsoAllow re-allows denied tools (group:fs, group:runtime), outside a contained sandbox for agents.entries.coder");
      expect(text).toContain("agents.entries.coder.sandbox.mode is 'non-main' (must be 'all'");
    });

    const refused: [string, (c: any) => void, string][] = [
      // Exec leaves the sandbox.
      ["exec on the gateway host with the sandbox on", (c) => (c.tools.exec.host = "gateway"), "tools.exec.host is 'gateway'"],
      ["exec on a node", (c) => (c.tools.exec.host = "node"), "tools.exec.host is 'node'"],
      ["exec host 'auto' (the gateway when no sandbox is up)", (c) => (c.tools.exec.host = "auto"), "tools.exec.host is 'auto'"],
      ["exec host left unset", (c) => delete c.tools.exec.host, "tools.exec.host is unset"],
      ["exec mode full in the sandbox", (c) => (c.tools.exec.mode = "full"), "tools.exec mode is 'full'"],
      ["exec mode auto in the sandbox", (c) => (c.tools.exec.mode = "auto"), "tools.exec mode is 'auto'"],
      ["exec full by the legacy key", (c) => (c.tools.exec.security = "full"), "tools.exec mode is 'full'"],
      ["one agent's exec on the gateway", (c) => (c.agents.entries = { ops: { tools: { exec: { host: "gateway" } } } }), "agents.entries.ops.tools.exec.host is 'gateway'"],
      ["elevated exec (out of every sandbox)", (c) => (c.tools.elevated.enabled = true), "tools.elevated.enabled is not false"],
      // Not every session sandboxed.
      ["sandbox mode non-main with fs allowed", (c) => (c.agents.defaults.sandbox.mode = "non-main"), "agents.defaults.sandbox.mode is 'non-main' (must be 'all'"],
      ["the sandbox off with exec and fs allowed", (c) => (c.agents.defaults.sandbox = { mode: "off" }), "tools.alsoAllow re-allows denied tools (group:fs, group:runtime), outside a contained sandbox for agents.defaults"],
      ["one agent opting out of the sandbox", (c) => (c.agents.entries = { ops: { sandbox: { mode: "off" } } }), "agents.entries.ops.sandbox.mode is 'off' (must be 'all'"],
      ["the sandbox off for a sender's widened tools", (c) => Object.assign(c, { tools: { ...good().tools, toolsBySender: { "id:11223344": { alsoAllow: ["exec"] } } }, agents: good().agents }), `tools.toolsBySender["id:11223344"].alsoAllow re-allows denied tools (exec), outside a contained sandbox for agents.defaults`],
      // The runtime.
      ["the docker backend (its socket is root)", (c) => (c.agents.defaults.sandbox.backend = "docker"), "agents.defaults.sandbox.backend is 'docker' (must be 'podman'"],
      ["the backend left to its default", (c) => delete c.agents.defaults.sandbox.backend, "agents.defaults.sandbox.backend is unset ('docker')"],
      ["the ssh backend", (c) => (c.agents.defaults.sandbox.backend = "ssh"), "agents.defaults.sandbox.backend is 'ssh'"],
      ["one agent on docker", (c) => (c.agents.entries = { ops: { sandbox: { backend: "docker" } } }), "agents.entries.ops.sandbox.backend is 'docker'"],
      ["a shared container", (c) => (c.agents.defaults.sandbox.scope = "shared"), "agents.defaults.sandbox.scope is 'shared' (must be 'session'"],
      ["a container per agent (every sender in one)", (c) => (c.agents.defaults.sandbox.scope = "agent"), "agents.defaults.sandbox.scope is 'agent' (must be 'session'"],
      ["sandboxed sessions seeing every session", (c) => (c.agents.defaults.sandbox.sessionToolsVisibility = "all"), "agents.defaults.sandbox.sessionToolsVisibility is 'all'"],
      ["sandbox workspaces made elsewhere on the host", (c) => (c.agents.defaults.sandbox.workspaceRoot = "/srv/sbx"), "agents.defaults.sandbox.workspaceRoot is set"],
      ["the sandbox browser", (c) => (c.agents.defaults.sandbox.browser.enabled = true), "agents.defaults.sandbox.browser.enabled is not false"],
      ["a sandbox key the pack does not know", (c) => (c.agents.defaults.sandbox.perSession = true), "agents.defaults.sandbox.perSession is a sandbox key the pack does not know"],
      ["a legacy agents.list roster", (c) => (c.agents.list = [{ id: "ops", sandbox: { mode: "off" } }]), "agents.list is set (a legacy agent roster"],
      // The network.
      ["network bridge without the risk", (c) => (c.agents.defaults.sandbox.docker.network = "bridge"), "agents.defaults.sandbox.docker.network is 'bridge' (commands in the sandbox reach the network) (accept 'sandbox-network'"],
      ["the host's network", (c) => (c.agents.defaults.sandbox.docker.network = "host"), "agents.defaults.sandbox.docker.network is 'host' (the host's network"],
      ["another container's network", (c) => (c.agents.defaults.sandbox.docker.network = "container:gateway"), "agents.defaults.sandbox.docker.network is 'container:gateway'"],
      ["slirp4netns with the host's loopback", (c) => (c.agents.defaults.sandbox.docker.network = "slirp4netns:allow_host_loopback=true"), "agents.defaults.sandbox.docker.network is '(value not shown)' (the host's network"],
      ["the network left to its default", (c) => delete c.agents.defaults.sandbox.docker.network, "agents.defaults.sandbox.docker.network is unset"],
      ["one agent on the host's network", (c) => (c.agents.entries = { ops: { sandbox: { docker: { network: "host" } } } }), "agents.entries.ops.sandbox.docker.network is 'host'"],
      ["joining a container's namespace by break-glass", (c) => Object.assign(c.agents.defaults.sandbox.docker, { network: "container:x", dangerouslyAllowContainerNamespaceJoin: true }), "dangerouslyAllowContainerNamespaceJoin is set"],
      // Host mounts.
      ["the podman socket mounted", (c) => (c.agents.defaults.sandbox.docker.binds = ["/run/user/1000/podman/podman.sock:/run/podman.sock"]), "agents.defaults.sandbox.docker.binds[0] mounts /run (system state"],
      ["the docker socket mounted", (c) => (c.agents.defaults.sandbox.docker.binds = ["/var/run/docker.sock:/var/run/docker.sock"]), "agents.defaults.sandbox.docker.binds[0] mounts /var/run"],
      ["the podman runtime dir under /tmp", (c) => (c.agents.defaults.sandbox.docker.binds = ["/tmp/podman-run-1000:/x"]), "mounts a container runtime's socket"],
      ["the rootless store", (c) => (c.agents.defaults.sandbox.docker.binds = ["/srv/openclaw/.local/share/containers:/x"]), "mounts a container runtime's socket, runtime dir or store"],
      ["the host's root", (c) => (c.agents.defaults.sandbox.docker.binds = ["/:/host:ro"]), "agents.defaults.sandbox.docker.binds[0] mounts the host's root"],
      ["the host's root spelled with dots", (c) => (c.agents.defaults.sandbox.docker.binds = ["/srv/../:/host:ro"]), "binds[0] mounts the host's root"],
      ["/etc", (c) => (c.agents.defaults.sandbox.docker.binds = ["/etc/openclaw:/cfg:ro"]), "binds[0] mounts /etc"],
      ["the state dir", (c) => (c.agents.defaults.sandbox.docker.binds = ["/var/lib/openclaw/.openclaw:/state"]), "mounts OpenClaw's state dir"],
      ["the gateway user's home", (c) => (c.agents.defaults.sandbox.docker.binds = ["/var/lib/openclaw:/home"]), "mounts a directory that holds home directories"],
      ["an env file", (c) => (c.agents.defaults.sandbox.docker.binds = ["/srv/app/gateway.env:/env:ro"]), "mounts an env file"],
      ["a named volume", (c) => (c.agents.defaults.sandbox.docker.binds = ["state:/state"]), "mounts a source that is not an absolute host path"],
      ["a data directory without the risk", (c) => (c.agents.defaults.sandbox.docker.binds = ["/srv/datasets:/data:ro"]), "binds[0] mounts a host path into the sandbox (the agent reads or writes it) (accept 'sandbox-host-mounts'"],
      ["one agent's bind of the docker socket", (c) => (c.agents.entries = { ops: { sandbox: { docker: { binds: ["/run/docker.sock:/d.sock"] } } } }), "agents.entries.ops.sandbox.docker.binds[0] mounts /run"],
      // The container.
      ["a writable root", (c) => (c.agents.defaults.sandbox.docker.readOnlyRoot = false), "agents.defaults.sandbox.docker.readOnlyRoot is not true"],
      ["capabilities kept", (c) => (c.agents.defaults.sandbox.docker.capDrop = ["NET_RAW"]), "agents.defaults.sandbox.docker.capDrop does not drop ALL"],
      ["root in the container", (c) => (c.agents.defaults.sandbox.docker.user = "0:0"), "agents.defaults.sandbox.docker.user is not a non-zero numeric uid"],
      ["a user by name", (c) => (c.agents.defaults.sandbox.docker.user = "root"), "agents.defaults.sandbox.docker.user is not a non-zero numeric uid"],
      ["the image's own user", (c) => delete c.agents.defaults.sandbox.docker.user, "agents.defaults.sandbox.docker.user is unset"],
      ["a floating registry tag", (c) => (c.agents.defaults.sandbox.docker.image = "ghcr.io/acme/sandbox:latest"), "agents.defaults.sandbox.docker.image is not pinned"],
      ["a short name with a tag", (c) => (c.agents.defaults.sandbox.docker.image = "openclaw-sandbox:bookworm-slim"), "agents.defaults.sandbox.docker.image is not pinned"],
      ["the default image", (c) => delete c.agents.defaults.sandbox.docker.image, "agents.defaults.sandbox.docker.image is unset"],
      ["a setup command", (c) => (c.agents.defaults.sandbox.docker.setupCommand = "apt-get update && apt-get install -y curl"), "agents.defaults.sandbox.docker.setupCommand is set"],
      ["seccomp off", (c) => (c.agents.defaults.sandbox.docker.seccompProfile = "unconfined"), "agents.defaults.sandbox.docker.seccompProfile is set"],
      ["host GPUs", (c) => (c.agents.defaults.sandbox.docker.gpus = "all"), "agents.defaults.sandbox.docker.gpus is set"],
      ["a docker key the pack does not know", (c) => (c.agents.defaults.sandbox.docker.privileged = true), "agents.defaults.sandbox.docker.privileged is a sandbox docker key the pack does not know"],
      // What no sandbox makes acceptable.
      ["sessions_spawn re-allowed", (c) => c.tools.alsoAllow.push("sessions_spawn"), "tools.alsoAllow re-allows denied tools (sessions_spawn)"],
      ["a glob that covers automation", (c) => (c.tools.alsoAllow = ["group:*"]), "tools.alsoAllow re-allows denied tools (group:*)"],
      ["the sandbox tool policy re-allowing the gateway tool", (c) => (c.tools.sandbox = { tools: { allow: ["exec", "gateway"] } }), "tools.sandbox.tools.allow re-allows denied tools (gateway)"],
      ["automation dropped from the deny list", (c) => (c.tools.deny = ["sessions_spawn", "sessions_send"]), "tools.deny lacks group:automation"],
      ["the profile full", (c) => (c.tools.profile = "full"), "tools.profile is 'full'"],
    ];
    it.each(refused)("refuses %s", async (_what, mutate, text) => {
      const c = sandboxed();
      mutate(c);
      const v = await violationsOf(shipped(c));
      expect(messages(v, RULE)).toContain(text);
      // Never the values of binds, images or commands; only key paths and short enum-like words.
      expect(messages(v, RULE)).not.toMatch(/apt-get|datasets|acme|gateway\.env|podman\.sock|allow_host_loopback/);
    });

    it("refuses a sandbox that is on in chat mode but is not the contained shape (the docker socket for the gateway user)", async () => {
      const c = good();
      c.agents.defaults.sandbox = { mode: "non-main", backend: "docker", scope: "shared" };
      const text = messages(await violationsOf(shipped(c)), RULE);
      expect(text).toContain("agents.defaults.sandbox.backend is 'docker'");
      expect(text).toContain("agents.defaults.sandbox.scope is 'shared'");
      expect(text).not.toContain("exec or file tools are widened");
    });

    it("checks the sandbox a gateway role requires even when agents leave it off", async () => {
      const c = good();
      c.gateway.roles = { default: "guest", definitions: { guest: { scopes: ["operator.read"], sandbox: "required" } } };
      expect(messages(await violationsOf(shipped(c)), RULE)).toContain("agents.defaults.sandbox.backend is unset ('docker')");
    });
  });

  it("refuses an openclaw.json that is not JSON", async () => {
    const v = await violationsOf(() => {
      server();
      remoteCommand({ create: `echo '{ not json' | sudo tee ${PATH}` });
    });
    expect(messages(v, RULE)).toContain("not JSON the pack can read");
  });
});
