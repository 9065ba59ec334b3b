// The one schema over all stack config. Every key's description here is the documentation:
// README's config reference and Pulumi.yaml's `config:` block are generated from it
// (`npm run docs`), and a test fails when they drift.
import { z } from "zod";
import { BASELINE_TOOL_DENY } from "../policies/lib/openclaw-config-check";
import { DEFAULT_SOURCE_LIMIT, sourcesTooWide } from "../policies/lib/network";
import { MIN_REASON_LENGTH, RISK_IDS, RiskId } from "../policies/lib/risks";
import { describeFindings, findSecretLooking } from "../policies/lib/secret-patterns";
import { parsePublicKey, weakKeyReason } from "../policies/lib/ssh-keys";
import { weakTokenReason } from "../policies/lib/token-strength";
import versions from "../versions.json";

/** Config keys whose values are secrets: never echoed in errors, wrapped as secret Outputs. */
export const SECRET_KEYS = ["gatewayToken", "modelApiKeys", "telegramBotToken", "discordBotToken", "deployPrivateKey", "verifyNotifyUrl"] as const;

export const GATEWAY_PORT_DEFAULT = 18789;

/** Parsed, not pattern-matched: the blob must be a key of the named type, and strong enough. */
const sshPublicKey = z
  .string()
  .trim()
  .superRefine((line, ctx) => {
    const key = /[\r\n]/.test(line) ? undefined : parsePublicKey(line);
    if (!key) {
      ctx.addIssue({ code: "custom", message: "an OpenSSH public key line such as 'ssh-ed25519 AAAAC3… you@laptop'" });
      return;
    }
    const weak = weakKeyReason(key);
    if (weak) ctx.addIssue({ code: "custom", message: `${weak}: ssh-keygen -t ed25519` });
  });

/** Secret values go into an env file read by systemd and by sh: no quoting may be needed. */
const ENV_SAFE = /^[^\s"'\\`$]+$/;
const ENV_SAFE_MESSAGE = "no spaces, quotes, backslashes, backticks or '$'";

const cidr = z.union([z.cidrv4(), z.cidrv6()], { error: "a CIDR such as 203.0.113.7/32 or 2001:db8::/64" });

/**
 * A base URL files are downloaded from, parsed (not pattern-matched): http or https in any case
 * (written back in lower case, as the remote steps expect), no credentials, no query string or
 * fragment. The URL is stored in plain text and on the server's command lines, so a token in it is
 * a leaked secret; and a base URL has neither query nor fragment (paths are appended to it).
 */
const downloadBaseUrl = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = downloadUrlProblem(raw);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .overwrite((raw) => `${raw.slice(0, raw.indexOf(":")).toLowerCase()}${raw.slice(raw.indexOf(":"))}`);

function downloadUrlProblem(raw: string): string | undefined {
  const form = "an http(s) URL such as https://nodejs.org/dist";
  // The URL parser drops tabs and newlines and reads backslashes as slashes; the shell would not.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'`\\]+$/.test(raw)) return form;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return form;
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== "http:" && scheme !== "https:") return form;
  if (url.username || url.password || raw.includes("@")) return "no credentials (user:password@) or '@' in the URL (it is stored in plain text)";
  if (url.search || url.hash || /[?#]/.test(raw)) {
    return "no query string or fragment: a mirror's base URL has neither, and a token in it is stored in plain text";
  }
  return undefined;
}

/** The program's default Node.js source, the trust anchor for an unpinned tarball. */
const NODE_DIST = "https://nodejs.org/dist";

/** Exactly the default (trailing slashes aside, as the step strips them); any other spelling needs a pin. */
function isOfficialNodeDist(mirror: string): boolean {
  return mirror.replace(/\/+$/, "") === NODE_DIST;
}

/** The lower-cased scheme of a URL ("http:"), or undefined when it does not parse. */
function urlScheme(value: string): string | undefined {
  try {
    return new URL(value).protocol.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Hetzner label values are shown in the console, the API and stack state: never a secret. */
const labelValue = z
  .string()
  .max(63)
  .superRefine((value, ctx) => {
    const findings = findSecretLooking(value);
    if (findings.length > 0) ctx.addIssue({ code: "custom", message: `looks like ${describeFindings(findings)}; labels are public, keep secrets in ESC` });
  });

/** The oldest OpenClaw this project's tests run; older releases may not accept the rendered config. */
export const OPENCLAW_MINIMUM = versions.openclawMinimum;

function versionAtLeast(minimum: string) {
  return (v: string) => {
    const a = v.split(".").map(Number);
    const b = minimum.split(".").map(Number);
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
  };
}

const acceptedRisk = z
  .object({
    id: z.enum(RISK_IDS, { error: `one of ${RISK_IDS.join(", ")}` }),
    reason: z.string().trim().min(MIN_REASON_LENGTH, `a reason of at least ${MIN_REASON_LENGTH} characters: why this loosening is acceptable here`),
  })
  .strict();

/** Telegram user/chat ids are numbers; OpenClaw matches allowlists on them, never on usernames. */
const numericId = z.string().regex(/^-?[0-9]+$/, "a numeric id (usernames can change hands; ids cannot)");

const dmPolicy = z
  .enum(["pairing", "allowlist", "disabled"], {
    error: "one of pairing, allowlist, disabled ('open' lets anyone on the internet drive the agent)",
  })
  .default("pairing");

const channelBase = z.object({
  enabled: z.boolean().default(true).describe("Turn the channel on."),
  dmPolicy: dmPolicy.describe("Who may DM the bot: pairing (unknown senders get a code to approve), allowlist, disabled."),
  allowFrom: z.array(numericId).default([]).describe("Numeric sender ids allowed to DM (required with dmPolicy allowlist)."),
  groups: z
    .array(numericId)
    .default([])
    .describe("Numeric group/guild ids the bot may answer in; empty turns groups off."),
  groupAllowFrom: z.array(numericId).default([]).describe("Numeric sender ids allowed to talk to the bot in those groups."),
  requireMention: z.literal(true, { error: "must stay true: in groups the bot answers only when mentioned" }).default(true),
});

const channelsSchema = z
  .object({
    telegram: channelBase.optional(),
    discord: channelBase.optional(),
    whatsapp: channelBase
      .extend({
        allowFrom: z
          .array(z.string().regex(/^\+[1-9][0-9]{6,14}$/, "an E.164 phone number such as +4915112345678"))
          .default([]),
      })
      .optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    // --- Hetzner -----------------------------------------------------------------------------
    serverName: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and '-', starting with a letter")
      .default("openclaw")
      .describe("Name of the Hetzner server (also its hostname)."),
    location: z
      .enum(["fsn1", "nbg1", "hel1", "ash", "hil", "sin"])
      .default("fsn1")
      .describe("Hetzner location."),
    serverType: z
      .string()
      .regex(/^c[a-z]*[0-9]+$/, "a Hetzner server type such as cx23 or cpx22")
      .default("cx23")
      .describe("Hetzner server type (OpenClaw wants >= 2 GB RAM)."),
    image: z
      .enum(["debian-13", "debian-12", "ubuntu-24.04"])
      .default("debian-13")
      .describe("OS image: debian-13 (default), debian-12 or ubuntu-24.04."),
    backups: z.boolean().default(true).describe("Hetzner automatic backups."),
    protection: z
      .boolean()
      .default(true)
      .describe("Delete and rebuild protection (Hetzner needs both equal, so one switch sets both)."),
    labels: z
      .record(z.string().regex(/^[a-z0-9A-Z._-]{1,63}$/), labelValue)
      .superRefine((labels, ctx) => {
        // Label names are as public as their values (reported on the whole map: the name is the secret).
        const findings = Object.keys(labels).flatMap((name) => findSecretLooking(name));
        if (findings.length > 0) ctx.addIssue({ code: "custom", message: `a label name looks like ${describeFindings(findings)}; labels are public, keep secrets in ESC` });
      })
      .default({})
      .describe("Extra Hetzner labels for the server."),

    // --- Admin access ------------------------------------------------------------------------
    adminUser: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "a Linux user name such as ops")
      .refine((u) => !["root", "openclaw", "nobody"].includes(u), "not root, openclaw or nobody")
      .default("ops")
      .describe("Admin user created at first boot (SSH keys, sudo); the only user SSH accepts."),
    adminSshKeys: z
      .array(sshPublicKey)
      .min(1, "at least one operator public key")
      .describe("Operators' SSH public keys for the admin user."),
    sshPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(22)
      .describe("SSH port (the only port open on the Hetzner firewall and ufw)."),
    sshAllowedCidrs: z
      .array(cidr)
      .min(1, "at least one CIDR, e.g. your office's 203.0.113.0/24")
      .describe("Source CIDRs (IPv4 and IPv6) allowed to reach SSH through the Hetzner firewall."),
    deployPrivateKey: z
      .string()
      .regex(
        /^-----BEGIN OPENSSH PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END OPENSSH PRIVATE KEY-----\s*$/,
        "an unencrypted OpenSSH private key (ssh-keygen -t ed25519 -N '')",
      )
      .optional()
      .describe("Secret. Private key the remote steps log in with; its public key is added to the admin user. Unset: the SSH agent."),

    // --- OpenClaw ----------------------------------------------------------------------------
    openclawVersion: z
      .string()
      .regex(/^[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}$/, "an exact OpenClaw release such as 2026.9.6 (no ranges, no 'latest')")
      .refine(versionAtLeast(versions.openclawMinimum), `OpenClaw ${versions.openclawMinimum} or newer (older releases have known vulnerabilities such as CVE-2026-25253, or reject the rendered config)`)
      .default(versions.openclaw)
      .describe(`Pinned OpenClaw version installed from npm (at least ${versions.openclawMinimum}, the oldest this project's tests run).`),
    keepReleases: z
      .number()
      .int()
      .min(2, "at least 2: the running release and the one an upgrade rolls back to")
      .max(10)
      .default(3)
      .describe("OpenClaw releases kept under /opt/openclaw, and pre-upgrade archives of the state kept in /var/backups/openclaw (the newest ones; the running release is never removed)."),
    gatewayPort: z
      .number()
      .int()
      .min(1024)
      .max(65535)
      .default(GATEWAY_PORT_DEFAULT)
      .describe("Gateway port, bound to loopback only and never opened on any firewall."),
    gatewayToken: z
      .string()
      .min(32, "at least 32 characters (openssl rand -hex 32)")
      .regex(ENV_SAFE, ENV_SAFE_MESSAGE)
      .superRefine((token, ctx) => {
        if (token.length < 32) return; // one message is enough: "at least 32 characters"
        const weak = weakTokenReason(token);
        if (weak) ctx.addIssue({ code: "custom", message: weak });
      })
      .optional()
      .describe(
        "Secret. Gateway auth token (128+ bits: openssl rand -hex 32); reaches the server only in the root-only env file. Unset: the stack generates one and keeps it as the secret output gatewayToken.",
      ),
    model: z
      .string()
      .regex(/^[a-z0-9-]+\/[A-Za-z0-9._:-]+$/, "provider/model, e.g. anthropic/claude-sonnet-4-5")
      .default("anthropic/claude-sonnet-4-5")
      .describe("Primary model (provider/model)."),
    modelApiKeys: z
      .record(
        z.string().regex(/^[A-Z][A-Z0-9_]*_API_KEY$/, "an environment variable name ending in _API_KEY"),
        z.string().min(8, "an API key").regex(ENV_SAFE, ENV_SAFE_MESSAGE),
      )
      .default({})
      .describe("Secret. Model provider keys by env variable name, e.g. {ANTHROPIC_API_KEY: …}."),
    channels: channelsSchema
      .default({})
      .describe("Chat channels: telegram, discord, whatsapp, each {enabled, dmPolicy, allowFrom, groups, groupAllowFrom}."),
    telegramBotToken: z
      .string()
      .regex(/^[0-9]+:[A-Za-z0-9_-]{30,}$/, "a BotFather token such as 123456:AA…")
      .optional()
      .describe("Secret. Telegram bot token (required when channels.telegram is on)."),
    discordBotToken: z
      .string()
      .min(50, "a Discord bot token")
      .regex(ENV_SAFE, ENV_SAFE_MESSAGE)
      .optional()
      .describe("Secret. Discord bot token (required when channels.discord is on)."),
    toolProfile: z
      .enum(["minimal", "messaging"], { error: "minimal or messaging ('coding'/'full' give chat senders a shell)" })
      .default("messaging")
      .describe("OpenClaw tool profile."),
    toolDeny: z
      .array(z.string().min(1))
      .default([...BASELINE_TOOL_DENY])
      .describe("Tools and tool groups denied on top of the profile (dropping a baseline entry is the accepted risk tool-deny-reduced)."),
    agentAccess: z
      .enum(["chat", "sandboxed"], { error: "chat (no exec or file tools) or sandboxed (exec and file tools in a throw-away rootless Podman container per session)" })
      .default("chat")
      .describe(
        "The agent's reach. chat: no exec, no file tools. sandboxed: exec and file tools, run only inside a rootless Podman container per session (no network, no host view); host exec and elevated stay off.",
      ),
    sandbox: z
      .object({
        workspaceAccess: z
          .enum(["none", "rw"], { error: "none (default) or rw" })
          .default("none")
          .describe("What the sandbox sees of the agent's workspace: none, or rw (read-write, opt-in)."),
        network: z
          .enum(["none", "bridge"], { error: "none (default) or bridge (egress: the accepted risk sandbox-network)" })
          .default("none")
          .describe("Sandbox network: none, or bridge (outbound access; the accepted risk sandbox-network)."),
        image: z
          .string()
          .regex(
            /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+@sha256:[0-9a-f]{64}$/,
            "a registry image pinned by digest, such as ghcr.io/acme/sandbox@sha256:<64 hex> (never a tag)",
          )
          .optional()
          .describe("Pull this image by digest instead of building it on the server from the Debian archive (the default)."),
      })
      .strict()
      .default({ workspaceAccess: "none", network: "none" })
      .describe("The agent sandbox (agentAccess: sandboxed): {workspaceAccess, network, image}."),
    controlUi: z
      .boolean()
      .default(false)
      .describe("Serve the Control UI on the loopback gateway (reach it through the SSH tunnel)."),

    // --- Host --------------------------------------------------------------------------------
    nodeVersion: z
      .string()
      .regex(/^[0-9]+\.[0-9]+\.[0-9]+$/, "an exact Node.js version such as 24.21.0")
      .refine(nodeAtLeast(24, 16), "Node.js >= 24.16 (OpenClaw's minimum)")
      .default(versions.node)
      .describe("Node.js version installed from the official tarball."),
    nodeSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "64 hex characters")
      .optional()
      .describe("Pin of the Node tarball's SHA-256; unset: checked against the mirror's SHASUMS256.txt."),
    nodeMirror: downloadBaseUrl
      .default("https://nodejs.org/dist")
      .describe("Where the Node.js tarball and SHASUMS256.txt come from (any other than https://nodejs.org/dist only together with nodeSha256)."),
    fail2banBantime: z.number().int().min(60).default(3600).describe("fail2ban ban time, seconds."),
    fail2banFindtime: z.number().int().min(60).default(600).describe("fail2ban find window, seconds."),
    fail2banMaxretry: z.number().int().min(1).max(10).default(3).describe("Failed SSH logins before a ban."),
    unattendedUpgrades: z.boolean().default(true).describe("Install security updates automatically."),
    logRetentionDays: z.number().int().min(1).max(365).default(14).describe("journald retention, days (journald's own limit, and the daily openclaw-retention timer vacuums to it)."),
    sessionRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(30)
      .describe("OpenClaw session retention, days: openclaw.json's session.maintenance (pruneAfter, resetArchiveRetention), applied daily by the openclaw-retention timer (openclaw sessions cleanup --enforce)."),
    backupRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(7)
      .describe("Days the daily openclaw-backup timer's archives (openclaw backup create --verify, root-only in /var/backups/openclaw) are kept; the newest is always kept."),
    verifyNotifyUrl: z
      .string()
      .regex(/^https:\/\/[^\s"'`\\$]+$/, "an https URL (no spaces, quotes, backslashes, backticks or '$')")
      .optional()
      .describe("Secret. Webhook the box POSTs a short JSON message ({text}: host, failed unit, what drifted; no secrets) to when a daily verification, retention or backup run fails."),

    // --- Exceptions ------------------------------------------------------------------------------
    acceptedRisks: z
      .array(acceptedRisk)
      .default([])
      .describe(
        `Loosenings of the baseline this stack takes on purpose, each {id, reason}: ${RISK_IDS.join(", ")}. A loosening without its entry is refused.`,
      ),
  })
  .strict();

export type ParsedSettings = z.output<typeof settingsSchema>;

export interface CrossFieldIssue {
  path: string[];
  message: string;
}

/** A loosening the settings take, with the key that takes it. */
export interface TakenRisk {
  id: RiskId;
  path: string[];
  what: string;
}

/** Every loosening of the baseline these settings take (whether accepted or not). */
export function risksTaken(s: Partial<ParsedSettings>): TakenRisk[] {
  const taken: TakenRisk[] = [];
  if (s.unattendedUpgrades === false) taken.push({ id: "unattended-upgrades-off", path: ["unattendedUpgrades"], what: "security updates off" });
  if (s.protection === false) taken.push({ id: "protection-off", path: ["protection"], what: "delete and rebuild protection off" });
  if (s.backups === false) taken.push({ id: "backups-off", path: ["backups"], what: "backups off" });
  const missing = BASELINE_TOOL_DENY.filter((t) => s.toolDeny && !s.toolDeny.includes(t));
  if (missing.length > 0) taken.push({ id: "tool-deny-reduced", path: ["toolDeny"], what: `the baseline denies ${missing.join(", ")} too` });
  if (s.controlUi === true) taken.push({ id: "control-ui", path: ["controlUi"], what: "the Control UI on" });
  if (s.agentAccess === "sandboxed" && s.sandbox?.network === "bridge") {
    taken.push({ id: "sandbox-network", path: ["sandbox", "network"], what: "the agent sandbox reaches the network" });
  }
  for (const [name, channel] of Object.entries(s.channels ?? {})) {
    if (channel?.enabled && channel.groups.length > 0) taken.push({ id: "group-chats", path: ["channels", name, "groups"], what: "group chats on" });
  }
  if (s.sshAllowedCidrs) {
    const wide = sourcesTooWide(s.sshAllowedCidrs, DEFAULT_SOURCE_LIMIT);
    if (wide) taken.push({ id: "ssh-from-wide-sources", path: ["sshAllowedCidrs"], what: wide });
  }
  return taken;
}

/**
 * Rules between keys. Takes whatever fields parsed, so a bad key elsewhere does not hide these.
 */
export function crossFieldIssues(s: Partial<ParsedSettings>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  if (s.sshPort !== undefined && s.gatewayPort !== undefined && s.sshPort === s.gatewayPort) {
    issues.push({ path: ["sshPort"], message: `must differ from gatewayPort (${s.gatewayPort})` });
  }
  if (s.nodeMirror !== undefined && urlScheme(s.nodeMirror) !== "https:" && !s.nodeSha256) {
    issues.push({ path: ["nodeMirror"], message: "plain http needs nodeSha256 (the pinned SHA-256 of the tarball): an attacker on the path could swap both tarball and SHASUMS256.txt" });
  } else if (s.nodeMirror !== undefined && !isOfficialNodeDist(s.nodeMirror) && !s.nodeSha256) {
    // The tarball is checked against SHASUMS256.txt from the same host, and node then runs as root:
    // another host's word for its own file proves nothing. nodejs.org is the trust anchor.
    issues.push({
      path: ["nodeMirror"],
      message: `a mirror other than ${NODE_DIST} needs nodeSha256 (the SHA-256 of the tarball from ${NODE_DIST}/v<version>/SHASUMS256.txt): otherwise the tarball is checked only against that host's own SHASUMS256.txt`,
    });
  }
  issues.push(...sandboxIssues(s));
  const accepted = new Map((s.acceptedRisks ?? []).map((r) => [r.id, r.reason]));
  const taken = risksTaken(s);
  for (const risk of taken) {
    if (!accepted.has(risk.id)) {
      issues.push({
        path: risk.path,
        message: `loosens the baseline (${risk.what}); if that is deliberate, add {id: "${risk.id}", reason: "…"} to acceptedRisks`,
      });
    }
  }
  for (const [i, r] of (s.acceptedRisks ?? []).entries()) {
    if ((s.acceptedRisks ?? []).findIndex((x) => x.id === r.id) !== i) issues.push({ path: ["acceptedRisks", String(i), "id"], message: `'${r.id}' is listed twice` });
    else if (!taken.some((t) => t.id === r.id)) issues.push({ path: ["acceptedRisks", String(i), "id"], message: `'${r.id}' is accepted but these settings do not take it; remove the entry` });
  }
  const channels = s.channels ?? {};
  if (channels.telegram?.enabled && !s.telegramBotToken) {
    issues.push({ path: ["telegramBotToken"], message: "required when channels.telegram is enabled" });
  }
  if (channels.discord?.enabled && !s.discordBotToken) {
    issues.push({ path: ["discordBotToken"], message: "required when channels.discord is enabled" });
  }
  for (const [name, channel] of Object.entries(channels)) {
    if (channel?.dmPolicy === "allowlist" && channel.allowFrom.length === 0) {
      issues.push({ path: ["channels", name, "allowFrom"], message: "needs at least one sender id when dmPolicy is allowlist" });
    }
    if (channel && channel.groups.length > 0 && channel.groupAllowFrom.length === 0) {
      issues.push({
        path: ["channels", name, "groupAllowFrom"],
        message: "needs at least one sender id when groups are set (who in those groups may talk to the bot)",
      });
    }
  }
  return issues;
}

/** Hetzner server types with 2 GB of RAM: too small for a container per agent session. */
const SMALL_SERVER_TYPES = ["cx11", "cpx11"];

/** agentAccess: sandboxed where it cannot run, and sandbox settings without the sandbox. */
function sandboxIssues(s: Partial<ParsedSettings>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  if (s.agentAccess !== "sandboxed") {
    const set = s.sandbox && (s.sandbox.workspaceAccess !== "none" || s.sandbox.network !== "none" || s.sandbox.image);
    if (set) issues.push({ path: ["sandbox"], message: "takes effect only with agentAccess: sandboxed; set that or remove the sandbox block" });
    return issues;
  }
  if (s.image === "ubuntu-24.04") {
    issues.push({
      path: ["agentAccess"],
      message:
        "sandboxed runs on debian-13 and debian-12 (proven there); ubuntu-24.04 restricts unprivileged user namespaces through AppArmor, which rootless Podman needs: use image debian-13",
    });
  }
  if (s.serverType && SMALL_SERVER_TYPES.includes(s.serverType)) {
    issues.push({ path: ["serverType"], message: `${s.serverType} has 2 GB of RAM, too little for the gateway plus a container per session: use cx23 or larger` });
  }
  return issues;
}

function nodeAtLeast(major: number, minor: number) {
  return (v: string) => {
    const [ma, mi] = v.split(".").map(Number);
    return ma > major || (ma === major && mi >= minor);
  };
}

export type SettingsInput = z.input<typeof settingsSchema>;
