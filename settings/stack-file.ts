// Reads a `Pulumi.<stack>.yaml` file (and, offline, the ESC environment it imports from this
// repository's esc/ folder) into the raw config map Pulumi hands a program. Used by the tests and
// the offline plan; `pulumi up` itself never goes through here.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface StackConfig {
  /** `ns:key` -> raw string, as Pulumi gives it to a program (JSON for structured values). */
  config: Record<string, string>;
  /** Keys whose values are secrets (ESC fn::secret, or `secure:` in the stack file). */
  secretKeys: string[];
}

type Value = unknown;

function lookup(values: Record<string, Value>, ref: string): Value {
  return ref.split(".").reduce<Value>((v, part) => (v && typeof v === "object" ? (v as Record<string, Value>)[part] : undefined), values);
}

/** Resolves the subset of ESC this project's example uses: fn::secret and ${a.b} references. */
function resolve(value: Value, values: Record<string, Value>, secret = { found: false }): Value {
  if (typeof value === "string") {
    const whole = value.match(/^\$\{([^}]+)\}$/);
    if (whole) return resolve(lookup(values, whole[1]), values, secret);
    return value.replace(/\$\{([^}]+)\}/g, (_, ref) => String(resolve(lookup(values, ref), values, secret)));
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, values, secret));
  if (value && typeof value === "object") {
    const obj = value as Record<string, Value>;
    if ("fn::secret" in obj) {
      secret.found = true;
      return resolve(obj["fn::secret"], values, secret);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, values, secret)]));
  }
  return value;
}

function raw(value: Value): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * `escDir`: where `environment:` imports are looked up as `<name>.yaml` (the last path segment).
 * Plain values where a real stack holds `secure:` ones are accepted; such keys stay secret only if
 * the program marks them so, which the settings loader enforces for secret keys.
 */
export function readStackFile(file: string, escDir: string, secretKeyNames: readonly string[] = []): StackConfig {
  const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { environment?: string[]; config?: Record<string, Value> };
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const env of doc.environment ?? []) {
    const envFile = path.join(escDir, `${env.split("/").pop()}.yaml`);
    if (!existsSync(envFile)) throw new Error(`${file}: imports ESC environment '${env}', but ${envFile} does not exist`);
    const values = (parse(readFileSync(envFile, "utf8")) ?? {}).values ?? {};
    for (const [key, value] of Object.entries((values.pulumiConfig ?? {}) as Record<string, Value>)) {
      const secret = { found: false };
      config[key] = raw(resolve(value, values, secret));
      if (secret.found) secretKeys.add(key);
    }
  }
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value && typeof value === "object" && "secure" in (value as object)) {
      throw new Error(`${file}: ${key} is encrypted ('secure:'); offline runs need the plain value or an ESC import`);
    }
    config[key] = raw(value);
    if (secretKeyNames.some((n) => key.endsWith(`:${n}`))) secretKeys.add(key);
  }
  return { config, secretKeys: [...secretKeys] };
}
