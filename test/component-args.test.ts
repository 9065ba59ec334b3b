// The component's Args and its Pulumi package schema are generated from settings/schema.ts:
// components/openclaw-hetzner-args.ts (settings/args-reference.ts renders it) and
// component/schema.json (Pulumi's component analyzer, run offline on the component, as the plugin
// serves it). This fails when either drifts, or when the schema stops documenting a setting;
// UPDATE_DOCS=1 (npm run docs) rewrites both instead.
import { ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { PackageSchema, plainSecretMap, renderSchemaFile, RESOURCE_TOKEN } from "../component/provider";
import { ARGS_FILE, HOST_ARG, renderComponentArgs } from "../settings/args-reference";
import { SECRET_KEYS, settingsSchema } from "../settings/schema";
import { ROOT } from "./harness/tools";

const update = process.env.UPDATE_DOCS === "1";
const SCHEMA_FILE = path.join(ROOT, "component", "schema.json");
const shape = settingsSchema.def.shape as Record<string, { description?: string; safeParse(v: unknown): { success: boolean } }>;
const KEYS = Object.keys(shape);
const isSecret = (key: string) => (SECRET_KEYS as readonly string[]).includes(key);
const optional = (key: string) => shape[key].safeParse(undefined).success;

describe("OpenClawHetznerArgs", () => {
  it(`${ARGS_FILE} is the schema's`, () => {
    const file = path.join(ROOT, ARGS_FILE);
    if (update) writeFileSync(file, renderComponentArgs());
    expect(readFileSync(file, "utf8"), "settings/schema.ts changed: run `npm run docs`").toBe(renderComponentArgs());
  });

  it("has every settings key in schema order, documented with its description, optional exactly when the schema accepts undefined", () => {
    const source = ts.createSourceFile(ARGS_FILE, renderComponentArgs(), ts.ScriptTarget.Latest, true);
    const args = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "OpenClawHetznerArgs");
    expect(args).toBeDefined();
    const members = args!.members.filter(ts.isPropertySignature);
    expect(members.map((m) => (m.name as ts.Identifier).text)).toEqual([...KEYS, HOST_ARG.name]);
    for (const m of members) {
      const key = (m.name as ts.Identifier).text;
      const doc = ts.getJSDocCommentsAndTags(m).map((d) => ts.getTextOfJSDocComment((d as ts.JSDoc).comment) ?? "").join("\n");
      expect(doc, key).toContain(key === HOST_ARG.name ? HOST_ARG.description : shape[key].description);
      expect(Boolean(m.questionToken), key).toBe(key === HOST_ARG.name || optional(key));
      // Secrets may be secret Outputs (config.requireSecret, ESC); plain settings are validated at once.
      expect(m.type!.getText().includes("pulumi.Input<"), key).toBe(key === HOST_ARG.name || isSecret(key));
    }
  });
});

let analyzed: Promise<string> | undefined;
/** The schema the analyzer makes of the component now (written to schema.json under UPDATE_DOCS=1). */
function currentSchema(): Promise<string> {
  analyzed ??= renderSchemaFile().then((text) => {
    if (update) writeFileSync(SCHEMA_FILE, text);
    return text;
  });
  return analyzed;
}

describe("the component package schema (component/schema.json)", () => {
  it("is what Pulumi's analyzer makes of the component now", async () => {
    const current = await currentSchema();
    expect(readFileSync(SCHEMA_FILE, "utf8"), "the component or its Args changed: run `npm run docs`").toBe(current);
  });

  it("lists every settings key as an input with its description, secrets as secret, and host", async () => {
    const schema = JSON.parse(await currentSchema()) as PackageSchema;
    expect(schema.name).toBe("openclaw-hetzner");
    const resource = schema.resources[RESOURCE_TOKEN];
    expect(Object.keys(resource.inputProperties)).toEqual([...KEYS, HOST_ARG.name]);
    for (const key of KEYS) {
      const input = resource.inputProperties[key];
      expect(input.description, key).toContain(shape[key].description);
      expect(Boolean(input.secret), `${key} secret`).toBe(isSecret(key));
      // Plain settings are validated when the component is constructed; secrets may be Outputs (a
      // secret map is a plain map of Inputs: its names are needed at once).
      expect(Boolean(input.plain), `${key} plain`).toBe(!isSecret(key) || input.type === "object");
    }
    expect(resource.requiredInputs).toEqual(KEYS.filter((k) => !optional(k)).sort());
    expect(resource.inputProperties.host).toMatchObject({ type: "string", description: HOST_ARG.description });
    expect(resource.inputProperties.sshPort.type).toBe("integer");
    expect(resource.inputProperties.location.$ref).toBe("#/types/openclaw-hetzner:index:Location");
  });

  it("documents the nested settings (channels, sandbox) as object types and the enums as enums", async () => {
    const schema = JSON.parse(await currentSchema()) as PackageSchema;
    const type = (name: string) => schema.types[`openclaw-hetzner:index:${name}`];
    expect(Object.keys(type("Channels").properties!)).toEqual(["telegram", "discord", "whatsapp"]);
    expect(type("Channel").properties!.dmPolicy).toMatchObject({ $ref: "#/types/openclaw-hetzner:index:DmPolicy", description: expect.stringContaining("Who may DM the bot") });
    expect(type("Sandbox").properties!.network.description).toContain("Sandbox network");
    expect(type("DmPolicy").enum!.map((e) => e.value)).toEqual(["pairing", "allowlist", "disabled"]);
    expect(type("AcceptedRisk").required).toEqual(["id", "reason"]);
  });

  it("lists the component's outputs, documented, the gateway token secret, and no child components", async () => {
    const schema = JSON.parse(await currentSchema()) as PackageSchema;
    const outputs = schema.resources[RESOURCE_TOKEN].properties;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["sshCommand", "tunnelCommand", "auditSummary", "gatewayToken"]));
    for (const [name, output] of Object.entries(outputs)) {
      expect(output.description, `output ${name} has no JSDoc`).toBeTruthy();
      expect(output.$ref ?? "", name).not.toContain("/resources/");
    }
    expect(outputs.gatewayToken.secret).toBe(true);
    expect(schema.resources[RESOURCE_TOKEN].required).toEqual(Object.keys(outputs).sort());
  });

  it("is what the plugin serves when Pulumi's run-plugin starts it (as `pulumi package add` does)", async () => {
    const served = await servedSchema(path.join(ROOT, "component"));
    expect(JSON.parse(served)).toEqual(JSON.parse(await currentSchema()));
  }, 180_000);
});

describe("the component provider", () => {
  it("hands a secret map from another language's SDK (one secret value) to the component as a plain map of secrets", async () => {
    const value = (v: pulumi.Output<string>) => (v as unknown as { promise(): Promise<string> }).promise();
    const map = (await plainSecretMap(pulumi.secret({ ANTHROPIC_API_KEY: "sk-ant-test-0123456789" }), "modelApiKeys")) as Record<string, pulumi.Output<string>>;
    expect(Object.keys(map)).toEqual(["ANTHROPIC_API_KEY"]);
    expect(await pulumi.isSecret(map.ANTHROPIC_API_KEY)).toBe(true);
    expect(await value(map.ANTHROPIC_API_KEY)).toBe("sk-ant-test-0123456789");
    const plain = { OPENAI_API_KEY: pulumi.secret("sk-test-0123456789") };
    expect(await plainSecretMap(plain, "modelApiKeys")).toBe(plain);
  });
});

/** Starts the plugin directory with @pulumi/pulumi's run-plugin (ts-node), asks it for its schema over gRPC. */
async function servedSchema(dir: string): Promise<string> {
  const runPlugin = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin", "index.js");
  const child: ChildProcess = spawn(process.execPath, [runPlugin, dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n").find((l) => /^[0-9]+$/.test(l.trim()));
        if (line) resolve(line.trim());
      });
      child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port:\n${out}${err}`)));
    });
    // @pulumi/pulumi's own gRPC stubs (CommonJS, untyped).
    const load = createRequire(path.join(ROOT, "package.json"));
    const grpc = load("@grpc/grpc-js");
    const services = load("@pulumi/pulumi/proto/provider_grpc_pb.js");
    const messages = load("@pulumi/pulumi/proto/provider_pb.js");
    const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      return await new Promise<string>((resolve, reject) =>
        client.getSchema(new messages.GetSchemaRequest(), (e: Error | null, res: { getSchema(): string }) => (e ? reject(e) : resolve(res.getSchema()))),
      );
    } finally {
      client.close();
    }
  } finally {
    child.kill();
  }
}
