// The component provider that other Pulumi languages reach through `pulumi package add`. It is
// Pulumi's own ComponentProvider: its analyzer reads OpenClawHetzner's constructor Args and output
// fields (types and JSDoc, components/openclaw-hetzner-args.ts being generated from
// settings/schema.ts) and builds the package schema the SDKs are generated from. Two facts the
// analyzer cannot read from TypeScript types are added here from settings/schema.ts: which inputs
// and outputs are secrets (so every SDK wraps them as secrets before they reach stack state), and
// which numbers are integers (so Python's SDK says int, not float). schema.json is this schema,
// committed; test/component-args.test.ts fails when it drifts (`npm run docs` rewrites it).
import * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsTypes, JsonNode, settingsJsonSchema } from "../settings/args-reference";
import { SECRET_KEYS } from "../settings/schema";

/** The Pulumi package name: the first part of every type token (the npm package's name too). */
export const PACKAGE_NAME = "openclaw-hetzner";
export const RESOURCE_TOKEN = `${PACKAGE_NAME}:index:OpenClawHetzner`;

export interface SchemaProperty {
  type?: string;
  $ref?: string;
  description?: string;
  plain?: boolean;
  secret?: boolean;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
}

export interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, { inputProperties: Record<string, SchemaProperty>; requiredInputs: string[]; properties: Record<string, SchemaProperty>; required: string[]; description?: string }>;
  types: Record<string, { type: string; properties?: Record<string, SchemaProperty>; required?: string[]; enum?: { name: string; value: string | number }[] }>;
  [key: string]: unknown;
}

const isSecretKey = (key: string) => (SECRET_KEYS as readonly string[]).includes(key);

/** Integers where the settings say integer (the analyzer knows only `number`). */
function integers(properties: Record<string, SchemaProperty>, node: JsonNode) {
  for (const [key, prop] of Object.entries(properties)) {
    const setting = node.properties?.[key];
    if (setting?.type === "integer" && prop.type === "number") prop.type = "integer";
    if (setting?.type === "array" && setting.items?.type === "integer" && prop.items?.type === "number") prop.items.type = "integer";
  }
}

/** The analyzer's schema, with secrets and integers from settings/schema.ts. */
export function refineSchema(schema: PackageSchema): PackageSchema {
  const resource = schema.resources[RESOURCE_TOKEN];
  if (!resource) throw new Error(`the analyzer found no ${RESOURCE_TOKEN}`);
  integers(resource.inputProperties, settingsJsonSchema);
  for (const [key, prop] of Object.entries(resource.inputProperties)) if (isSecretKey(key)) prop.secret = true;
  // An output named like a secret setting (gatewayToken) carries that secret.
  for (const [key, prop] of Object.entries(resource.properties)) if (isSecretKey(key)) prop.secret = true;
  for (const [name, node] of argsTypes()) {
    const type = schema.types[`${PACKAGE_NAME}:index:${name}`];
    if (type?.properties) integers(type.properties, node);
  }
  return schema;
}

/** The runtime's Output, with what it has beyond the public type (known-ness, the value itself). */
type RuntimeOutput<T> = pulumi.Output<T> & { isKnown: Promise<boolean>; promise(): Promise<T> };

/**
 * A secret map as the component takes it: a plain map of secret Outputs. Other languages' SDKs
 * send a secret map (modelApiKeys, marked secret in the schema) as one secret value, and Pulumi
 * hoists a secret map value's secretness to the whole map, so the provider receives one secret
 * Output. The component needs the names when it is constructed (they lay out the env file), so the
 * map is read here and handed on name by name, each value still secret, dependencies kept.
 */
export async function plainSecretMap(value: unknown, key: string): Promise<unknown> {
  if (!pulumi.Output.isInstance(value)) return value;
  const map = value as RuntimeOutput<Record<string, string> | undefined>;
  if (!(await map.isKnown)) throw new Error(`${key} must be known when OpenClawHetzner is constructed (its names lay out the env file)`);
  const names = Object.keys((await map.promise()) ?? {});
  return Object.fromEntries(names.map((name) => [name, pulumi.secret(map.apply((m) => m?.[name] ?? ""))]));
}

/** Secret settings that are maps (their names are needed at once). */
const SECRET_MAPS = SECRET_KEYS.filter((key) => settingsJsonSchema.properties[key]?.type === "object");

/** Hosts OpenClawHetzner only; its child components are not part of the package. */
export class OpenClawHetznerProvider extends ComponentProvider {
  constructor() {
    super({ name: PACKAGE_NAME, dirname: __dirname, components: [OpenClawHetzner] });
  }

  override async getSchema(): Promise<string> {
    return JSON.stringify(refineSchema(JSON.parse(await super.getSchema()) as PackageSchema));
  }

  override async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    const args = { ...inputs };
    for (const key of SECRET_MAPS) if (args[key] !== undefined) args[key] = await plainSecretMap(args[key], key);
    return super.construct(name, type, args, options);
  }
}

/** The schema as committed in schema.json: pretty-printed, with a final newline. */
export async function renderSchemaFile(): Promise<string> {
  return `${JSON.stringify(JSON.parse(await new OpenClawHetznerProvider().getSchema()), null, 2)}\n`;
}
