// Reads the raw stack config, validates it with the schema, and returns one frozen Settings object.
// This is the only module that sees plain secret values: it validates them, then wraps them as
// secret Outputs so nothing downstream can print them by accident.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { findSecretLooking } from "../policies/lib/secret-patterns";
import { crossFieldIssues, ParsedSettings, SECRET_KEYS, settingsSchema } from "./schema";

export type SecretKey = (typeof SECRET_KEYS)[number];

/** The validated stack settings; secret values only as secret Outputs. */
export type Settings = Readonly<
  Omit<ParsedSettings, SecretKey> & {
    project: string;
    stack: string;
    secrets: Readonly<{
      /** Unset: the deployment generates one (OpenClawHetzner.gatewayToken). */
      gatewayToken?: pulumi.Output<string>;
      modelApiKeys: pulumi.Output<Record<string, string>>;
      telegramBotToken?: pulumi.Output<string>;
      discordBotToken?: pulumi.Output<string>;
      deployPrivateKey?: pulumi.Output<string>;
      /** Webhook for failed maintenance runs (its URL may carry a token). */
      verifyNotifyUrl?: pulumi.Output<string>;
    }>;
    /** Names (never values) of the model API key variables, for the env file layout. */
    modelApiKeyNames: readonly string[];
    /**
     * The gateway's id on a server it shares with others (placement: shared): its name, which
     * suffixes its user, paths and units (components/openclaw/layout.ts). Unset: the server's only gateway.
     */
    gatewayId?: string;
    /** A shared server's settings for its host: every gateway's port (the SSH tunnel may reach each). */
    tunnelPorts?: readonly number[];
  }
>;

export interface ConfigProblem {
  /** The full config key, e.g. `openclaw-hetzner:sshPort`. */
  key: string;
  message: string;
}

/** Thrown before any resource is registered; lists every problem at once. */
export class SettingsError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "SettingsError";
  }
}

/** What the loader needs from Pulumi's config store; tests and the offline plan pass their own. */
export interface RawConfig {
  /** Every config key of the stack, fully qualified (`ns:key`), with its raw string value. */
  all: Record<string, string>;
  /** Whether a fully qualified key holds a secret. */
  isSecret(key: string): boolean;
  /** Environment variables the providers read as fallbacks for their config (HCLOUD_ENDPOINT). */
  env?: Record<string, string | undefined>;
}

const shape = settingsSchema.def.shape;
const jsonSchema = z.toJSONSchema(settingsSchema, { io: "input", unrepresentable: "any" }) as {
  properties: Record<string, { type?: string; enum?: unknown[] }>;
};

function expectsString(key: string): boolean {
  const prop = jsonSchema.properties[key];
  return prop?.type === "string" || (Array.isArray(prop?.enum) && typeof prop.enum[0] === "string");
}

export function isSecretKey(key: string): key is SecretKey {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

/** Pulumi hands config values to programs as strings; structured values are JSON. */
function decode(key: string, raw: string): unknown {
  if (expectsString(key)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // the schema then reports the wrong type, with the key
  }
}

/** URLs in text: scheme://, then userinfo (up to the authority's last '@'), the rest, query and fragment. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'\\]*@)?([^\s?#"']*)(\?[^\s#"']*)?(#[^\s"']*)?/gi;

/** `text` with every URL's userinfo, query string and fragment replaced: they carry credentials and tokens. */
function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (_m, scheme: string, userinfo?: string, rest = "", query?: string, fragment?: string) =>
    `${scheme}${userinfo ? "***@" : ""}${rest}${query ? "?***" : ""}${fragment ? "#***" : ""}`,
  );
}

/** Every string in a decoded config value, object keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

/** Every string in a decoded config value, object keys left out. */
export function valuesIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(valuesIn);
  return [];
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  return value;
}

/**
 * A bad value as an error may show it: never a secret key's value, never anything that looks like a
 * secret, and URLs without their userinfo, query and fragment.
 */
function describeValue(key: string, value: unknown): string {
  if (isSecretKey(key)) return "(secret value not shown)";
  const shown = mapStrings(value, redactUrls);
  if (stringsIn(shown).some((s) => findSecretLooking(s).length > 0)) return "(value not shown: it looks like a secret)";
  const text = JSON.stringify(shown);
  return text === undefined ? "(unset)" : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A key path segment as an error may show it (record keys are user data, and may hold a pasted secret). */
function describeSegment(segment: string): string {
  return findSecretLooking(segment).length > 0 ? "(a name that looks like a secret)" : segment;
}

/**
 * Strings no error may contain: the values of secret keys, and anything in the config that looks
 * like a secret or sits in a URL's userinfo or query. The last line of defence behind describeValue,
 * for messages that quote input some other way.
 */
function unshowable(raw: RawConfig): string[] {
  const out = new Set<string>();
  for (const [fullKey, value] of Object.entries(raw.all)) {
    const key = fullKey.split(":").pop() ?? fullKey;
    let decoded: unknown = value;
    try {
      decoded = JSON.parse(value);
    } catch {
      // a plain string
    }
    // A secret's values are hidden; its names (modelApiKeys' variable names) are not secrets.
    if (raw.isSecret(fullKey) || isSecretKey(key)) for (const s of [value, ...valuesIn(decoded)]) out.add(s);
    for (const s of new Set([value, ...stringsIn(decoded)])) {
      if (findSecretLooking(s).length > 0) out.add(s);
      for (const m of s.matchAll(URL_IN_TEXT)) for (const part of [m[2], m[4], m[5]]) if (part) out.add(part);
    }
  }
  // Short strings ("1", "true") would blank ordinary words; secrets this project accepts are longer.
  return [...out].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
}

function scrub(text: string, hidden: string[]): string {
  return hidden.reduce((t, h) => t.split(h).join("(not shown)"), text);
}

/** The Hetzner provider's config key for the API URL, the URL the Hetzner API token is sent to. */
const HCLOUD_ENDPOINT = "hcloud:endpoint";

/** Why the Hetzner API endpoint would expose the token, or undefined. */
function endpointProblem(endpoint: string, source: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url?.protocol.toLowerCase() !== "https:") {
    return `${source} must be an https:// URL: the Hetzner API token is sent with every request, and over plain http (or anything else) it travels in clear`;
  }
  if (url.username || url.password) return `${source} must not hold credentials (the API token authenticates; the URL is stored in plain text)`;
  return undefined;
}

function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
}

/**
 * Validates the stack config of `project`. Returns the settings or throws a SettingsError naming
 * every bad key, the bad value (never a secret's, nor anything that looks like one) and the
 * expected form.
 */
export function parseSettings(project: string, stack: string, raw: RawConfig, keyPath: (key: string) => string = (key) => key): Settings {
  const problems: ConfigProblem[] = [];
  const input: Record<string, unknown> = {};
  const known = Object.keys(shape);
  const prefix = `${project}:`;
  const fullName = (key: string) => `${prefix}${keyPath(key)}`;

  for (const [fullKey, value] of Object.entries(raw.all)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (!(key in shape)) {
      const hint = closest(key, known);
      problems.push({ key: fullName(describeSegment(key)), message: `unknown key${hint ? `; did you mean '${hint}'?` : ""} (see README, "Config reference")` });
      continue;
    }
    if (isSecretKey(key) && !raw.isSecret(fullKey)) {
      const how = keyPath(key) === key ? `pulumi config set --secret ${key}` : `pulumi config set --path --secret '${keyPath(key)}'`;
      problems.push({
        key: fullName(key),
        message: `holds a secret in plain text; set it with '${how}' or as fn::secret in the ESC environment`,
      });
    }
    input[key] = decode(key, value);
  }
  if (raw.all["hcloud:token"] !== undefined && !raw.isSecret("hcloud:token")) {
    problems.push({ key: "hcloud:token", message: "holds a secret in plain text; set it with 'pulumi config set --secret hcloud:token'" });
  }
  // The provider falls back to HCLOUD_ENDPOINT when the config key is unset.
  const endpoint = raw.all[HCLOUD_ENDPOINT] !== undefined
    ? endpointProblem(raw.all[HCLOUD_ENDPOINT], "the Hetzner API endpoint")
    : raw.env?.HCLOUD_ENDPOINT
      ? endpointProblem(raw.env.HCLOUD_ENDPOINT, "the Hetzner API endpoint (from the environment variable HCLOUD_ENDPOINT)")
      : undefined;
  if (endpoint) problems.push({ key: HCLOUD_ENDPOINT, message: `${endpoint}; unset it to use https://api.hetzner.cloud/v1` });

  const { problems: found, parsed } = validateInput(fullName, input);
  problems.push(...found);
  if (problems.length > 0) {
    const hidden = unshowable(raw);
    throw new SettingsError(problems.map((p) => ({ key: scrub(p.key, hidden), message: scrub(p.message, hidden) })));
  }
  const { gatewayToken, modelApiKeys, telegramBotToken, discordBotToken, deployPrivateKey, verifyNotifyUrl } = parsed as ParsedSettings;
  return buildSettings(project, stack, parsed, {
    gatewayToken: gatewayToken === undefined ? undefined : pulumi.secret(gatewayToken),
    modelApiKeys: pulumi.secret(modelApiKeys),
    telegramBotToken: telegramBotToken === undefined ? undefined : pulumi.secret(telegramBotToken),
    discordBotToken: discordBotToken === undefined ? undefined : pulumi.secret(discordBotToken),
    deployPrivateKey: deployPrivateKey === undefined ? undefined : pulumi.secret(deployPrivateKey),
    verifyNotifyUrl: verifyNotifyUrl === undefined ? undefined : pulumi.secret(verifyNotifyUrl),
  }, Object.keys(modelApiKeys));
}

/** A secret whose value is not known yet (an Output): present for the rules between keys, checked when it resolves. */
export const DEFERRED_SECRET = "(a secret checked when it resolves)";

/**
 * Each key on its own, then the rules between keys, so one run reports every problem. Keys whose
 * value is DEFERRED_SECRET count as set and are checked later, by whoever holds their Output.
 */
export function validateInput(fullName: (key: string) => string, input: Record<string, unknown>): { problems: ConfigProblem[]; parsed: Record<string, unknown> } {
  const problems: ConfigProblem[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape) as [string, z.ZodType][]) {
    if (input[key] === DEFERRED_SECRET) {
      parsed[key] = DEFERRED_SECRET;
      continue;
    }
    const result = field.safeParse(input[key]);
    if (result.success) {
      if (result.data !== undefined) parsed[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      problems.push(problemFor(fullName, key, issue.path.map(String), issue.code, issue.message, input[key]));
    }
  }
  for (const issue of crossFieldIssues(parsed as Partial<ParsedSettings>)) {
    const [top, ...rest] = issue.path;
    problems.push(problemFor(fullName, top, rest, "custom", issue.message, input[top]));
  }
  return { problems, parsed };
}

/** The frozen Settings from validated values, with the secrets as (secret) Outputs. */
export function buildSettings(project: string, stack: string, parsed: Record<string, unknown>, secrets: Settings["secrets"], modelApiKeyNames: string[]): Settings {
  const plain = Object.fromEntries(Object.entries(parsed).filter(([key]) => !isSecretKey(key)));
  const settings = {
    ...plain,
    project,
    stack,
    secrets: Object.freeze({ ...secrets }),
    modelApiKeyNames: Object.freeze([...modelApiKeyNames].sort()),
  } as Settings;
  return deepFreeze(settings);
}

function problemFor(fullName: (key: string) => string, top: string, rest: string[], code: string, message: string, value: unknown): ConfigProblem {
  const key = `${fullName(top)}${rest.length ? `.${rest.map(describeSegment).join(".")}` : ""}`;
  const got = pathValue(value, rest);
  if (got === undefined) {
    return { key, message: `${code === "invalid_type" ? "required" : message}${expectedForm(top)}` };
  }
  return { key, message: `${message} (got ${describeValue(top, got)})` };
}

function pathValue(value: unknown, path: string[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function expectedForm(key: string | undefined): string {
  if (key === undefined) return "";
  const description = (shape as Record<string, z.ZodType>)[key]?.description;
  const how = isSecretKey(key) ? `pulumi config set --secret ${key} …` : `pulumi config set ${key} …`;
  return `: ${description ?? "see README"} Set it with '${how}' or in the ESC environment.`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !pulumi.Output.isInstance(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The running Pulumi program's config (the only place that touches Pulumi's config store). */
export function runtimeConfig(): RawConfig {
  // isConfigSecret is exported by the runtime but missing from its typings.
  const config = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
  return {
    all: pulumi.runtime.allConfig(),
    isSecret: (k) => config.isConfigSecret(k),
    env: { HCLOUD_ENDPOINT: process.env.HCLOUD_ENDPOINT },
  };
}

/** Reads the running Pulumi program's config (a single gateway's: see settings/fleet.ts for gateways). */
export function loadSettings(): Settings {
  return parseSettings(pulumi.getProject(), pulumi.getStack(), runtimeConfig());
}
