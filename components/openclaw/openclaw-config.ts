// openclaw.json: the hardened baseline of the pinned OpenClaw version (docs/gateway/security/
// hardened-baseline.md in the package) plus the stack's channels. It holds no secret: every
// credential is a SecretRef to a variable of the root-only env file.
import type { Settings } from "../../settings/load";
import { STATEFUL_COMMANDS, SUPPRESSIONS_FLAG, SUPPRESSIONS_FLAG_DETAIL } from "../../policies/lib/openclaw-config-check";
import { renderSandboxConfig } from "./agent-sandbox";

/** Env variable names the gateway reads its secrets from. */
export const SECRET_ENV = {
  gatewayToken: "OPENCLAW_GATEWAY_TOKEN",
  telegramBotToken: "TELEGRAM_BOT_TOKEN",
  discordBotToken: "DISCORD_BOT_TOKEN",
} as const;

type ConfigSettings = Pick<
  Settings,
  "gatewayPort" | "controlUi" | "model" | "agentAccess" | "sandbox" | "image" | "toolProfile" | "toolDeny" | "channels" | "sessionRetentionDays"
>;

export interface AuditSuppression {
  checkId: string;
  /** Narrows the suppression to findings whose detail contains this text. */
  detailIncludes?: string;
  reason: string;
}

/**
 * Warnings of `openclaw security audit` that a setting makes expected, each with the reason we
 * accept it. With the defaults there are none.
 */
export function auditSuppressions(s: ConfigSettings): AuditSuppression[] {
  const out: AuditSuppression[] = [];
  if (s.controlUi) {
    out.push({
      checkId: "gateway.trusted_proxies_missing",
      reason:
        "openclaw-hetzner: the Control UI is served on loopback only and reached through the SSH tunnel; no reverse proxy sends forwarded headers.",
    });
  }
  if (Object.values(s.channels).some((c) => c?.enabled && c.groups.length > 0)) {
    out.push({
      checkId: "security.trust_model.multi_user_heuristic",
      reason:
        "openclaw-hetzner: group access is configured on purpose: allowlisted group ids and senders, mention required, exec denied, elevated off, fs workspace-only.",
    });
  }
  if (out.length > 0) {
    // OpenClaw flags any configured suppression as a warning of its own; accept exactly that one.
    // Only that finding: the same check reports every dangerous flag, which must stay visible.
    out.push({
      checkId: SUPPRESSIONS_FLAG,
      detailIncludes: SUPPRESSIONS_FLAG_DETAIL,
      reason: "openclaw-hetzner: the suppressions above are deliberate and each carries its reason.",
    });
  }
  return out;
}

function secretRef(id: string) {
  return { source: "env", provider: "default", id };
}

function groupPolicy(groups: readonly string[]) {
  return groups.length > 0 ? "allowlist" : "disabled";
}

function mentionOnly(groups: readonly string[]) {
  return Object.fromEntries(groups.map((g) => [g, { requireMention: true }]));
}

type Channel = NonNullable<ConfigSettings["channels"]["telegram"]>;

/** What every channel gets: DM policy, allowlists, groups only by id, no config writes from chat. */
function channelBase(c: Channel) {
  return {
    enabled: c.enabled,
    dmPolicy: c.dmPolicy,
    allowFrom: c.allowFrom,
    groupPolicy: groupPolicy(c.groups),
    configWrites: false,
  };
}

function renderChannels(channels: ConfigSettings["channels"]) {
  const out: Record<string, unknown> = {};
  const { telegram, discord, whatsapp } = channels;
  if (telegram) {
    out.telegram = {
      ...channelBase(telegram),
      botToken: secretRef(SECRET_ENV.telegramBotToken),
      groups: mentionOnly(telegram.groups),
      groupAllowFrom: telegram.groupAllowFrom,
    };
  }
  if (discord) {
    out.discord = {
      ...channelBase(discord),
      token: secretRef(SECRET_ENV.discordBotToken),
      // Discord has no groupAllowFrom: who may talk in a guild is listed per guild.
      guilds: Object.fromEntries(discord.groups.map((g) => [g, { requireMention: true, users: discord.groupAllowFrom }])),
    };
  }
  if (whatsapp) {
    out.whatsapp = { ...channelBase(whatsapp), groups: mentionOnly(whatsapp.groups), groupAllowFrom: whatsapp.groupAllowFrom };
  }
  return out;
}

/** The tool groups `agentAccess: sandboxed` opens, inside the sandbox only. */
export const SANDBOXED_TOOL_GROUPS = ["group:fs", "group:runtime"] as const;

/** tools.*: chat denies exec and file tools; sandboxed allows them, and exec runs in the sandbox only. */
function renderToolAccess(s: ConfigSettings) {
  if (s.agentAccess !== "sandboxed") return { deny: s.toolDeny, exec: { mode: "deny" } };
  const open: readonly string[] = SANDBOXED_TOOL_GROUPS;
  return {
    alsoAllow: [...SANDBOXED_TOOL_GROUPS],
    deny: s.toolDeny.filter((t) => !open.includes(t)),
    // host 'sandbox' pins exec into the container: no per-call or per-session move to the gateway.
    // No mode: OpenClaw then runs sandbox exec and keeps host exec at 'deny' (bash-tools' exec
    // target resolution); mode 'deny' would deny it in the sandbox too, 'full' is an audit warning.
    exec: { host: "sandbox" },
  };
}

export function renderOpenclawConfig(s: ConfigSettings): Record<string, unknown> {
  const suppressions = auditSuppressions(s);
  const access = renderToolAccess(s);
  return {
    gateway: {
      mode: "local",
      bind: "loopback",
      port: s.gatewayPort,
      auth: {
        mode: "token",
        token: secretRef(SECRET_ENV.gatewayToken),
        // Every client arrives through the SSH tunnel, i.e. from loopback: with OpenClaw's default
        // loopback exemption the limiter would never apply. Defaults otherwise (10 / min, 5 min lockout).
        rateLimit: { maxAttempts: 10, windowMs: 60_000, lockoutMs: 300_000, exemptLoopback: false },
      },
      controlUi: { enabled: s.controlUi },
      // The operator terminal is a browser shell on the host: never on a hardened gateway.
      terminal: { enabled: false },
    },
    discovery: { mdns: { mode: "off" } },
    // No browser automation on a headless gateway: less surface, less start-up work.
    browser: { enabled: false },
    // The version is pinned by the stack; the gateway must not update or phone home by itself.
    update: { checkOnStart: false },
    session: {
      dmScope: "per-channel-peer",
      // OpenClaw's own retention (the gateway applies it as it writes; the openclaw-retention timer
      // runs `sessions cleanup --enforce` daily): sessions idle longer are archived, their reset and
      // deleted transcript archives removed.
      maintenance: { mode: "enforce", pruneAfter: `${s.sessionRetentionDays}d`, resetArchiveRetention: `${s.sessionRetentionDays}d` },
    },
    tools: {
      profile: s.toolProfile,
      ...("alsoAllow" in access ? { alsoAllow: access.alsoAllow } : {}),
      deny: access.deny,
      fs: { workspaceOnly: true },
      // 2026.9.6's key (tools.exec.security/ask are the legacy spelling).
      exec: access.exec,
      elevated: { enabled: false },
      sessions: { visibility: "agent" },
      agentToAgent: { enabled: false },
      // A sender may make the bot post only into the conversation it talks in.
      message: { crossContext: { allowWithinProvider: false, allowAcrossProviders: false }, broadcast: { enabled: false } },
      // Unset is "auto": Code Mode for the models OpenClaw flags "preferred" (claude-sonnet-5, …),
      // i.e. model-written JavaScript in node:vm through an exec tool added after the deny list.
      codeMode: false,
    },
    // No chat command changes the config or the installation: /config, /mcp, /plugins, /debug
    // (runtime overrides no file shows), /bash, /restart (also /update).
    commands: Object.fromEntries(Object.keys(STATEFUL_COMMANDS).map((k) => [k, false])),
    // Bundled and on by default: its owner-only /pair puts an operator.admin setup code into chat.
    plugins: { entries: { "device-pair": { enabled: false } } },
    agents: { defaults: { model: { primary: s.model }, sandbox: renderSandboxConfig(s) } },
    channels: renderChannels(s.channels),
    ...(suppressions.length > 0 ? { security: { audit: { suppressions } } } : {}),
  };
}

/** The file as written to the server: stable key order, trailing newline. */
export function renderOpenclawJson(s: ConfigSettings): string {
  return `${JSON.stringify(renderOpenclawConfig(s), null, 2)}\n`;
}
