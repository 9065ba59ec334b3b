// Many gateways in one stack. `gateways: {alice: {...}, shop: {...}}` holds each gateway's own
// plain keys (any stack config key: channels, tools, access mode…) over the shared defaults at the
// top level, and `gatewaySecrets: {alice: {...}}` its secrets (token, bot tokens, model keys), from
// ESC: Pulumi takes a key whole from either the stack file or the environment, so the reviewable
// plain part and the secret part are two keys. Each gateway is validated as a stack config of its
// own, so every rule and every error message applies per gateway, naming `gateways.<name>.<key>`.
// Without `gateways` the stack is one gateway, as before.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigProblem, isSecretKey, parseSettings, RawConfig, runtimeConfig, SettingsError, Settings } from "./load";
import { SECRET_KEYS } from "./schema";

/** A gateway's name: part of its server's name and of every resource's. */
export const GATEWAY_NAME = /^[a-z][a-z0-9-]{0,23}$/;

export const fleetSchema = z
  .object({
    gateways: z
      .record(z.string().regex(GATEWAY_NAME, "lowercase letters, digits and '-', starting with a letter, at most 24"), z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        "Several gateways in one stack, by name: {alice: {...}, shop: {...}}. Each entry takes any plain key of this table (its own channels, toolProfile, agentAccess, gatewayPort…) over the top-level values, which are the shared defaults. Each gateway gets its own server, named <serverName>-<name> unless the entry sets serverName.",
      ),
    gatewaySecrets: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        "Secret. Each gateway's secrets by gateway name: {alice: {gatewayToken, telegramBotToken, discordBotToken, modelApiKeys…}} (fn::secret in ESC, or pulumi config set --path --secret 'gatewaySecrets.alice.telegramBotToken'). Top-level secrets are shared defaults, except gatewayToken: each gateway has its own (unset: generated).",
      ),
    placement: z
      .enum(["dedicated", "shared"])
      .default("dedicated")
      .describe(
        "dedicated: each gateway on its own server, <serverName>-<name> (the default). shared: every gateway on one server, serverName, each as its own service user (openclaw-<name>) with its own home and state dir, env file, unit, install root, backups, maintenance jobs and loopback gatewayPort; the server's keys (image, location, sshPort, adminUser…) are then the top-level ones only.",
      ),
  })
  .strict();

/** The fleet's secret keys (a gateway's are SECRET_KEYS). */
export const FLEET_SECRET_KEYS = ["gatewaySecrets"] as const;

/** Keys of the stack config that are about the fleet, not one gateway. */
export const FLEET_KEYS = Object.keys(fleetSchema.def.shape);

/**
 * Keys that describe the server, not a gateway: with placement: shared every gateway has the
 * top-level value (an entry setting one is refused).
 */
export const SERVER_KEYS = [
  "serverName", "location", "serverType", "image", "backups", "protection", "labels", "adminUser", "adminSshKeys", "sshPort", "sshAllowedCidrs",
  "deployPrivateKey", "nodeVersion", "nodeSha256", "nodeMirror", "fail2banBantime", "fail2banFindtime", "fail2banMaxretry", "unattendedUpgrades",
  "logRetentionDays", "verifyNotifyUrl",
] as const;

/** Secrets that must differ between gateways: a token or bot token guards, or belongs to, one gateway. */
export const UNIQUE_SECRETS = ["gatewayToken", "telegramBotToken", "discordBotToken"] as const;

export interface Gateway {
  /** The gateway's name in `gateways` (its serverName for a single-gateway stack). */
  name: string;
  settings: Settings;
}

export interface Fleet {
  /** Whether the stack config has `gateways` (a single-gateway stack keeps its outputs as they were). */
  isFleet: boolean;
  /** dedicated: a server per gateway; shared: one server (the top-level serverName) for all, each gateway with its gatewayId. */
  placement: "dedicated" | "shared";
  gateways: Gateway[];
}

/**
 * Validates the stack config into its gateways. Throws one SettingsError naming every problem of
 * every gateway (each once), the bad value never shown for a secret.
 */
export function parseFleet(project: string, stack: string, raw: RawConfig): Fleet {
  const prefix = `${project}:`;
  const gatewaysKey = `${prefix}gateways`;
  const placementKey = `${prefix}placement`;
  const secretsKey = `${prefix}gatewaySecrets`;
  const shared = Object.fromEntries(Object.entries(raw.all).filter(([k]) => ![gatewaysKey, placementKey, secretsKey].includes(k)));
  const problems: ConfigProblem[] = [];
  const add = (p: ConfigProblem) => {
    if (!problems.some((q) => q.key === p.key && q.message === p.message)) problems.push(p);
  };

  const placement = raw.all[placementKey] ?? "dedicated";
  if (placement !== "dedicated" && placement !== "shared") {
    add({ key: placementKey, message: `dedicated (each gateway on its own server) or shared (all on one server) (got ${JSON.stringify(placement.slice(0, 40))})` });
  }
  const sharedServer = placement === "shared";
  if (raw.all[gatewaysKey] === undefined) {
    if (sharedServer) add({ key: placementKey, message: "shared puts a fleet's gateways on one server: only with gateways" });
    if (raw.all[secretsKey] !== undefined) add({ key: secretsKey, message: "only with gateways: a single-gateway stack sets its secrets at the top level (gatewayToken, telegramBotToken…)" });
    const settings = collect(() => parseSettings(project, stack, { ...raw, all: shared }), add);
    if (problems.length > 0 || !settings) throw new SettingsError(problems);
    return { isFleet: false, placement: "dedicated", gateways: [{ name: settings.serverName, settings }] };
  }

  const entries = decodeMap(raw.all[gatewaysKey]);
  if (!entries || Object.keys(entries).length === 0) {
    add({ key: gatewaysKey, message: "a map of at least one gateway by name, e.g. {alice: {channels: …}, shop: {…}}" });
    throw new SettingsError(problems);
  }
  const secrets = raw.all[secretsKey] === undefined ? {} : decodeMap(raw.all[secretsKey]);
  if (!secrets) add({ key: secretsKey, message: "a map of each gateway's secrets by gateway name, e.g. {alice: {telegramBotToken: …}}" });
  else if (raw.all[secretsKey] !== undefined && !raw.isSecret(secretsKey)) {
    add({ key: secretsKey, message: "holds secrets in plain text; set it as fn::secret values in the ESC environment, or with 'pulumi config set --path --secret gatewaySecrets.<gateway>.<key> …'" });
  }
  for (const name of Object.keys(secrets ?? {})) {
    if (!(name in entries)) add({ key: `${secretsKey}.${describeName(name)}`, message: `no gateway of that name in gateways (${Object.keys(entries).join(", ")})` });
  }
  const topServerName = shared[`${prefix}serverName`] ?? "openclaw";
  if (shared[`${prefix}gatewayToken`] !== undefined) {
    add({
      key: `${prefix}gatewayToken`,
      message: "one token for every gateway would let each gateway's clients into the others: set gatewaySecrets.<name>.gatewayToken for each, or leave it unset and each gateway gets its own generated token",
    });
  }

  const gateways: Gateway[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const at = (key: string) => `gateways.${name}.${key}`;
    if (!GATEWAY_NAME.test(name)) {
      add({ key: `${gatewaysKey}.(a gateway name)`, message: `gateway names are lowercase letters, digits and '-', starting with a letter, at most 24 (got ${JSON.stringify(name.slice(0, 30))})` });
      continue;
    }
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      add({ key: `${prefix}${at("")}`.replace(/\.$/, ""), message: "a map of this gateway's keys, e.g. {channels: …, agentAccess: chat} ({} for the shared defaults only)" });
      continue;
    }
    const own = entry as Record<string, unknown>;
    const ownSecrets = secretsOf(secrets?.[name]);
    const all: Record<string, string> = { ...shared };
    for (const [key, value] of Object.entries(own)) {
      if (FLEET_KEYS.includes(key)) {
        add({ key: `${prefix}${at(key)}`, message: `${key} is a stack-wide key: set it at the top level` });
      } else if (sharedServer && (SERVER_KEYS as readonly string[]).includes(key)) {
        add({ key: `${prefix}${at(key)}`, message: `${key} is the server's with placement: shared (every gateway is on one server): set it at the top level` });
      } else if (isSecretKey(key)) {
        add({ key: `${prefix}${at(key)}`, message: `a secret: set it as gatewaySecrets.${name}.${key} (fn::secret in the ESC environment), not in plain text` });
      } else all[`${prefix}${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    for (const [key, value] of Object.entries(ownSecrets)) {
      if (!isSecretKey(key)) {
        add({ key: `${secretsKey}.${name}.${describeName(key)}`, message: `not a secret key (${SECRET_KEYS.join(", ")}); plain keys go in gateways.${name}` });
      } else if (sharedServer && (SERVER_KEYS as readonly string[]).includes(key)) {
        add({ key: `${secretsKey}.${name}.${key}`, message: `${key} is the server's with placement: shared (every gateway is on one server): set it at the top level` });
      } else all[`${prefix}${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    if (own.serverName === undefined) all[`${prefix}serverName`] = sharedServer ? topServerName : `${topServerName}-${name}`;
    const settings = collect(
      () =>
        parseSettings(
          project,
          stack,
          // A gateway's secret is as secret as gatewaySecrets (refused above when it is not).
          { ...raw, all, isSecret: (k) => (k.startsWith(prefix) && k.slice(prefix.length) in ownSecrets ? true : raw.isSecret(k)) },
          (key) => (key in ownSecrets ? `gatewaySecrets.${name}.${key}` : key in own ? at(key) : key),
        ),
      add,
    );
    if (settings) gateways.push({ name, settings: sharedServer ? Object.freeze({ ...settings, gatewayId: name }) : settings });
  }

  for (const [i, g] of gateways.entries()) {
    const earlier = gateways.slice(0, i);
    const sameServer = earlier.find((e) => e.settings.serverName === g.settings.serverName);
    if (sharedServer) {
      sharedGatewayProblems(g, earlier, (gateway, key) => `${prefix}gateways.${gateway}.${key}`).forEach(add);
    } else if (sameServer) {
      add({
        key: `${prefix}gateways.${g.name}.serverName`,
        message: `${g.settings.serverName} is gateway ${sameServer.name}'s server too; each gateway gets its own server (placement: dedicated): give it another serverName`,
      });
    }
    // Compared as the gateways will use them (own, or the shared default), and only where used.
    const used = (gw: Gateway, key: (typeof UNIQUE_SECRETS)[number]) =>
      usesSecret(gw.settings, key) ? effective(secretsOf(secrets?.[gw.name])[key], shared[`${prefix}${key}`]) : undefined;
    for (const key of UNIQUE_SECRETS) {
      const mine = used(g, key);
      const twin = mine === undefined ? undefined : earlier.find((e) => used(e, key) === mine);
      if (twin) add({ key: `${prefix}gatewaySecrets.${g.name}.${key}`, message: `the same value as gateway ${twin.name}'s (not shown); each gateway needs its own ${key === "gatewayToken" ? "token" : "bot"}` });
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return { isFleet: true, placement: sharedServer ? "shared" : "dedicated", gateways };
}

/**
 * What one server refuses of a gateway it shares with the `earlier` ones (placement: shared): the
 * port of another, the server's SSH port, a sandboxed agent. `at` names a gateway's key.
 */
export function sharedGatewayProblems(g: Gateway, earlier: readonly Gateway[], at: (gateway: string, key: string) => string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const samePort = earlier.find((e) => e.settings.gatewayPort === g.settings.gatewayPort);
  if (samePort) {
    problems.push({ key: at(g.name, "gatewayPort"), message: `${g.settings.gatewayPort} is gateway ${samePort.name}'s port on the same server (placement: shared): give each gateway its own gatewayPort` });
  }
  if (g.settings.gatewayPort === g.settings.sshPort) problems.push({ key: at(g.name, "gatewayPort"), message: "the server's sshPort: give the gateway another port" });
  if (g.settings.agentAccess === "sandboxed") {
    problems.push({
      key: at(g.name, "agentAccess"),
      message: "sandboxed needs a server of its own (rootless Podman is set up for one service user per server): use placement: dedicated, or chat for this gateway",
    });
  }
  return problems;
}

/** Whether a gateway uses this secret: its token always, a bot token when its channel is on. */
export function usesSecret(s: Settings, key: (typeof UNIQUE_SECRETS)[number]): boolean {
  return key === "gatewayToken" || channelOn(s, key);
}

function decodeMap(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function secretsOf(entry: unknown): Record<string, unknown> {
  return entry && typeof entry === "object" && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
}

function effective(own: unknown, shared: string | undefined): string | undefined {
  return typeof own === "string" ? own : shared;
}

function channelOn(s: Settings, key: "telegramBotToken" | "discordBotToken"): boolean {
  return Boolean((key === "telegramBotToken" ? s.channels.telegram : s.channels.discord)?.enabled);
}

/** A name from the config as an error may show it. */
function describeName(name: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(name) ? name : "(a name)";
}

/** What parse returns, or undefined with its SettingsError's problems handed to add. */
export function collect<T>(parse: () => T, add: (p: ConfigProblem) => void): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    e.problems.forEach(add);
    return undefined;
  }
}

/** Reads the running Pulumi program's config into its gateways. */
export function loadFleet(): Fleet {
  return parseFleet(pulumi.getProject(), pulumi.getStack(), runtimeConfig());
}
