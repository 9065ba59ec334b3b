// The component's typed Args, generated from the schema: `components/openclaw-hetzner-args.ts`
// declares `OpenClawHetznerArgs` with one property per settings key, in schema order, each
// documented with the key's zod description. Pulumi's component analyzer reads that file (types and
// JSDoc) to build the package schema other languages' SDKs are generated from, so the schema, the
// TypeScript types, README's config table and Pulumi.yaml all say what settings/schema.ts says.
// `npm run docs` writes the file; test/component-args.test.ts fails when it drifts.
import { z } from "zod";
import { SECRET_KEYS, settingsSchema } from "./schema";

/** Where the rendered Args live (relative to the repository root). */
export const ARGS_FILE = "components/openclaw-hetzner-args.ts";

/** The component-only input, not a settings key. */
export const HOST_ARG = {
  name: "host",
  description:
    "Where the remote steps connect. Defaults to the new server's IPv4 address; the local stand-in harness passes its own address.",
} as const;

/** A node of zod's JSON Schema (input side), as far as the renderer reads it. */
export interface JsonNode {
  type?: string;
  enum?: (string | number)[];
  const?: unknown;
  anyOf?: JsonNode[];
  items?: JsonNode;
  properties?: Record<string, JsonNode>;
  additionalProperties?: JsonNode | boolean;
  required?: string[];
  default?: unknown;
  description?: string;
}

export const settingsJsonSchema = z.toJSONSchema(settingsSchema, { io: "input", unrepresentable: "any" }) as JsonNode & {
  properties: Record<string, JsonNode>;
};

const isSecretKey = (key: string) => (SECRET_KEYS as readonly string[]).includes(key);

/**
 * Secret keys are Inputs, so a secret Output (config.requireSecret, ESC) passes through as one. A
 * secret map (modelApiKeys) is a plain map of Inputs: its names are not secret, and the component
 * needs them when it is constructed (they lay out the env file); the provider hands other
 * languages' maps on in that form (component/provider.ts).
 */
function secretType(key: string, node: JsonNode): string {
  if (node.type === "string") return "pulumi.Input<string>";
  if (node.type === "object" && typeof node.additionalProperties === "object" && node.additionalProperties.type === "string") {
    return "{ [name: string]: pulumi.Input<string> }";
  }
  throw new Error(`secret key ${key}: no Input type for ${JSON.stringify(node.type)}`);
}

/**
 * Names of nested interfaces and enums, by path in the schema (`a.b`, `a[]` for array items); any
 * path not listed is named by its segments in PascalCase (`sandbox.network` → SandboxNetwork). A
 * name is a type in every generated SDK, so it must say what it is without its path.
 */
const TYPE_NAMES: [RegExp, string][] = [
  [/^image$/, "ServerImage"],
  [/^channels\.(telegram|discord)$/, "Channel"],
  [/^channels\.whatsapp$/, "WhatsAppChannel"],
  [/^channels\.[a-z]+\.dmPolicy$/, "DmPolicy"],
  [/^acceptedRisks\[\]$/, "AcceptedRisk"],
  [/^acceptedRisks\[\]\.id$/, "RiskId"],
];

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

function typeName(path: string): string {
  return TYPE_NAMES.find(([re]) => re.test(path))?.[1] ?? pascal(path.replace(/\[\]/g, ""));
}

/** An enum member's name: its value in PascalCase (`debian-13` → Debian13, `ubuntu-24.04` → Ubuntu2404). */
export function enumMemberName(value: string | number): string {
  const name = pascal(String(value));
  return /^[0-9]/.test(name) ? `V${name}` : name;
}

interface Rendered {
  /** Nested interfaces and enums, by name: the rendered declaration and the JSON node it came from. */
  types: Map<string, { text: string; node: JsonNode }>;
}

function docLines(node: JsonNode, extra: string[] = []): string[] {
  const paragraphs = [node.description, ...extra].filter((p): p is string => Boolean(p));
  if (node.default !== undefined) paragraphs.push(`Default: \`${JSON.stringify(node.default)}\`.`);
  for (const p of paragraphs) if (p.includes("*/")) throw new Error(`a description contains "*/": ${p}`);
  return paragraphs;
}

function jsdoc(paragraphs: string[], indent: string): string[] {
  if (paragraphs.length === 0) return [];
  const body = paragraphs.flatMap((p, i) => (i === 0 ? [p] : ["", p]));
  return [`${indent}/**`, ...body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/** Registers a named declaration; the same name twice must render the same text (or the names clash). */
function register(out: Rendered, name: string, text: string, node: JsonNode) {
  const known = out.types.get(name);
  if (known && known.text !== text) throw new Error(`two different types would be named ${name}: add a TYPE_NAMES entry`);
  if (!known) out.types.set(name, { text, node });
}

/** The TypeScript type of a plain (non-secret) value, registering nested interfaces and enums. */
function plainType(node: JsonNode, path: string, out: Rendered): { type: string; notes: string[] } {
  if (node.anyOf) {
    const members = node.anyOf.map((n, i) => plainType(n, `${path}|${i}`, out).type);
    if (new Set(members).size === 1) return { type: members[0], notes: [] };
    throw new Error(`${path}: unions of different types have no Pulumi schema type (${members.join(" | ")})`);
  }
  if (node.enum) {
    const name = typeName(path);
    const members = node.enum.map((v) => `  ${enumMemberName(v)}: ${JSON.stringify(v)},`);
    const text = [`export const ${name} = {`, ...members, "} as const;", `export type ${name} = (typeof ${name})[keyof typeof ${name}];`].join("\n");
    register(out, name, text, node);
    return { type: name, notes: [] };
  }
  if (node.const !== undefined) {
    // The analyzer has no literal types: the type is the literal's, the value is in the doc.
    return { type: typeof node.const, notes: [`Only \`${JSON.stringify(node.const)}\` is accepted.`] };
  }
  switch (node.type) {
    case "string":
    case "boolean":
      return { type: node.type, notes: [] };
    case "number":
    case "integer":
      return { type: "number", notes: [] };
    case "array": {
      if (!node.items) throw new Error(`${path}: an array without items`);
      const item = plainType(node.items, `${path}[]`, out);
      return { type: `${item.type}[]`, notes: item.notes };
    }
    case "object": {
      if (node.properties) {
        const name = typeName(path);
        const text = renderInterface(name, node, path, out, []);
        register(out, name, text, node);
        return { type: name, notes: [] };
      }
      if (typeof node.additionalProperties === "object") {
        return { type: `{ [name: string]: ${plainType(node.additionalProperties, `${path}{}`, out).type} }`, notes: [] };
      }
      throw new Error(`${path}: an object with neither properties nor a value type`);
    }
    default:
      throw new Error(`${path}: no Pulumi schema type for ${JSON.stringify(node)}`);
  }
}

function renderInterface(name: string, node: JsonNode, path: string, out: Rendered, extra: string[]): string {
  const required = new Set(node.required ?? []);
  const lines = [`export interface ${name} {`];
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const full = path ? `${path}.${key}` : key;
    const secret = !path && isSecretKey(key);
    const { type, notes } = secret ? { type: secretType(key, prop), notes: [] } : plainType(prop, full, out);
    lines.push(...jsdoc(docLines(prop, notes), "  "), `  ${key}${required.has(key) ? "" : "?"}: ${type};`);
  }
  lines.push(...extra, "}");
  return lines.join("\n");
}

/** The nested interfaces and enums of the Args, by name, with the schema node each renders. */
export function argsTypes(): Map<string, JsonNode> {
  const out: Rendered = { types: new Map() };
  renderInterface("OpenClawHetznerArgs", settingsJsonSchema, "", out, []);
  return new Map([...out.types].map(([name, { node }]) => [name, node]));
}

export function renderComponentArgs(): string {
  const out: Rendered = { types: new Map() };
  const host = [...jsdoc([HOST_ARG.description], "  "), `  ${HOST_ARG.name}?: pulumi.Input<string>;`];
  const args = renderInterface("OpenClawHetznerArgs", settingsJsonSchema, "", out, host);
  return [
    "// Generated by `npm run docs` from settings/schema.ts (settings/args-reference.ts); edit the schema, not this file.",
    "// Plain values are validated when the component is constructed; secrets are Inputs (secret Outputs pass through).",
    'import type * as pulumi from "@pulumi/pulumi";',
    "",
    "/** The OpenClawHetzner component's inputs: every stack setting (settings/schema.ts), plus where to connect. */",
    args,
    ...[...out.types.values()].flatMap(({ text }) => ["", text]),
    "",
  ].join("\n");
}
