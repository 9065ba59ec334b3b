// The component's Args and the validated Settings, both ways. A program that uses OpenClawHetzner
// directly passes plain values and secrets as Inputs; the component validates them with the same
// schema as the stack config (the plain ones at once, the secrets when they resolve). The stack
// config is one way to fill the Args: argsFromSettings.
import * as pulumi from "@pulumi/pulumi";
import type { OpenClawHetznerArgs } from "../components/openclaw-hetzner-args";
import { buildSettings, ConfigProblem, DEFERRED_SECRET, isSecretKey, SecretKey, SettingsError, Settings, validateInput } from "./load";
import { SECRET_KEYS, settingsSchema } from "./schema";

const shape = settingsSchema.def.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { message: string; path: PropertyKey[] }[] } } }>;

/** Args that are not settings. */
const NOT_SETTINGS = ["host"];

/** The Args that give these settings (secrets stay secret Outputs). */
export function argsFromSettings(s: Settings): OpenClawHetznerArgs {
  const { project: _project, stack: _stack, secrets, modelApiKeyNames, ...plain } = s;
  const modelApiKeys = Object.fromEntries(modelApiKeyNames.map((name) => [name, pulumi.secret(secrets.modelApiKeys.apply((keys) => keys[name]))]));
  const args: Record<string, unknown> = { ...structuredClone(plain), modelApiKeys };
  for (const key of SECRET_KEYS) if (key !== "modelApiKeys" && secrets[key] !== undefined) args[key] = secrets[key];
  return args as unknown as OpenClawHetznerArgs;
}

/** How an error names one of a component's Args: `OpenClawHetzner 'alice': sshPort`. */
export type ArgName = (key: string) => string;

/** OpenClawHetzner's Args, as its errors name them. */
export const argName = (component: string): ArgName => (key) => `OpenClawHetzner '${component}': ${key}`;

/**
 * Validates a component's Args into Settings, or throws a SettingsError naming each bad field as
 * `<name>.<field>`. Secrets given as Outputs are checked when they resolve (a bad one fails the
 * deployment, naming the field, never the value).
 */
export function settingsFromArgs(name: string, args: OpenClawHetznerArgs, fullName: ArgName = argName(name)): Settings {
  const problems: ConfigProblem[] = [];
  const input: Record<string, unknown> = {};
  const deferred: Partial<Record<SecretKey, pulumi.Output<unknown>>> = {};
  for (const [key, value] of Object.entries(args as unknown as Record<string, unknown>)) {
    if (NOT_SETTINGS.includes(key) || value === undefined) continue;
    if (!(key in shape)) {
      problems.push({ key: fullName(key), message: "not an argument of OpenClawHetzner (see README, \"Config reference\")" });
      continue;
    }
    if (isSecretKey(key) && containsOutput(value)) {
      deferred[key] = pulumi.output(value);
      input[key] = key === "modelApiKeys" ? Object.fromEntries(Object.keys(value as object).map((k) => [k, "placeholder-name-check"])) : DEFERRED_SECRET;
    } else input[key] = value;
  }
  const { problems: found, parsed } = validateInput(fullName, input);
  problems.push(...found);
  if (problems.length > 0) throw new SettingsError(problems);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each key's own type, checked by the schema
  const secret = (key: SecretKey): any => {
    if (deferred[key]) return pulumi.secret(deferred[key]!.apply((value) => checkedSecret(fullName, key, value)));
    return parsed[key] === undefined ? undefined : pulumi.secret(parsed[key]);
  };
  const modelApiKeyNames = Object.keys((parsed.modelApiKeys as Record<string, unknown>) ?? {});
  return buildSettings(pulumi.getProject(), pulumi.getStack(), parsed, {
    gatewayToken: secret("gatewayToken"),
    modelApiKeys: secret("modelApiKeys") ?? pulumi.secret({}),
    telegramBotToken: secret("telegramBotToken"),
    discordBotToken: secret("discordBotToken"),
    deployPrivateKey: secret("deployPrivateKey"),
    verifyNotifyUrl: secret("verifyNotifyUrl"),
  }, modelApiKeyNames);
}

/** A secret argument's resolved value, checked by the schema: thrown as a SettingsError that names it, never shows it. */
export function checkedSecret(component: string | ArgName, key: SecretKey, value: unknown): unknown {
  const fullName = typeof component === "string" ? argName(component) : component;
  const result = shape[key].safeParse(value);
  if (result.success) return result.data;
  // The messages describe the expected form; the value is never shown.
  throw new SettingsError((result.error?.issues ?? []).map((i) => ({ key: `${fullName(key)}${i.path.length ? `.${i.path.map(String).join(".")}` : ""}`, message: i.message })));
}

function containsOutput(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
  if (value && typeof value === "object") return Object.values(value).some(containsOutput);
  return false;
}
