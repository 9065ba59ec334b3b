// Runs a Pulumi program under the SDK's mocks (no engine, no provider plugins, no cloud) and captures what the engine would see: every
// registration in its raw wire form (secrets keep their secret marker, unknowns their sentinel),
// with parent, dependencies and options, plus the program's outputs.
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

export const PROJECT = "openclaw-hetzner";
export const STACK = "dev";

/** Pulumi's wire markers. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CapturedResource {
  type: string;
  name: string;
  urn: string;
  parent: string;
  custom: boolean;
  /** Inputs as sent to the engine (secret/unknown markers intact). */
  wireInputs: Record<string, unknown>;
  /** Inputs with secrets unwrapped (what a provider or a policy sees). */
  inputs: Record<string, any>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  protect: boolean;
  /** Explicit provider reference (`urn::id`), empty for the default provider. */
  provider: string;
}

export interface ProgramOutput {
  value: unknown;
  secret: boolean;
  known: boolean;
}

export interface MockRun {
  resources: CapturedResource[];
  outputs: Record<string, ProgramOutput>;
}

export interface MockRunOptions {
  /** Full config map (`ns:key` -> raw string), as a stack file would give it. */
  config: Record<string, string>;
  /** Keys of `config` that hold secrets. */
  secretKeys: string[];
  /** Preview (unknown server outputs) instead of update. */
  preview?: boolean;
  /** The program: registers resources, returns its exports. */
  program: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The audit step's stdout in the mock (the summary the real step prints). */
  auditStdout?: string;
  /** Project and stack names (default: this project, `dev`). */
  project?: string;
  stack?: string;
}

let nextId = 1000;

function mocks(opts: MockRunOptions): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const id = String(nextId++);
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === "hcloud:index/server:Server") {
        Object.assign(state, { ipv4Address: "203.0.113.10", ipv6Address: "2001:db8::1", status: "running" });
      }
      if (args.type === "command:remote:Command") {
        state.stdout = args.name === "audit-gateway" ? (opts.auditStdout ?? defaultAuditStdout) : "";
        state.stderr = "";
      }
      if (args.type === "random:index/randomPassword:RandomPassword") {
        // What the provider would generate: random characters of the requested length.
        state.result = randomBytes(64).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, Number(args.inputs.length ?? 32));
      }
      return { id, state };
    },
    call: () => ({}),
  };
}

export const defaultAuditStdout =
  '{"critical":0,"warn":0,"info":1,"findings":[],"secrets":{"status":"clean","exitCode":0,"plaintextCount":0}}\n';

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return unwrapSecrets(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

export async function runMocked(opts: MockRunOptions): Promise<MockRun> {
  await pulumi.runtime.setMocks(mocks(opts), opts.project ?? PROJECT, opts.stack ?? STACK, opts.preview ?? false);
  pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);

  const resources: CapturedResource[] = [];
  let pending = 0;
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    pending++;
    register(req, (err: unknown, resp: any) => {
      if (!err) {
        const wireInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: resp.getUrn(),
          parent: req.getParent(),
          custom: req.getCustom(),
          wireInputs,
          inputs: unwrapSecrets(wireInputs) as Record<string, any>,
          dependencies: req.getDependenciesList(),
          propertyDependencies,
          ignoreChanges: req.getIgnorechangesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          protect: req.getProtect?.() ?? false,
          provider: req.getProvider?.() ?? "",
        });
      }
      pending--;
      callback(err, resp);
    });
  };

  const exportsObject = await opts.program();
  const outputs: Record<string, ProgramOutput> = {};
  for (const [name, value] of Object.entries(exportsObject)) {
    outputs[name] = await settle(value);
  }
  // Registrations finish asynchronously; wait until nothing is in flight for a while.
  for (let quiet = 0; quiet < 5; ) {
    await new Promise((r) => setTimeout(r, 20));
    quiet = pending === 0 ? quiet + 1 : 0;
  }
  return { resources, outputs };
}

/** Resolves an export. Unknown outputs never fire apply, so known-ness is checked first. */
async function settle(value: unknown): Promise<ProgramOutput> {
  if (!pulumi.Output.isInstance(value)) return { value, secret: false, known: true };
  const out = value as any;
  const [known, secret] = await Promise.all([out.isKnown as Promise<boolean>, out.isSecret as Promise<boolean>]);
  const resolved = known ? await out.promise() : undefined;
  return { value: resolved, secret, known };
}

export function byType(run: MockRun, type: string): CapturedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function byName(run: MockRun, name: string): CapturedResource {
  const found = run.resources.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0];
}
