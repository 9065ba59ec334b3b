// Runs a Pulumi program under the SDK's mocks (no engine, no provider plugins, no cloud) and captures what the engine would see: every
// registration in its raw wire form (secrets keep their secret marker, unknowns their sentinel),
// with parent, dependencies and options, plus the program's outputs. What the mock monitor leaves
// to the engine is done here as the engine does it: the program runs inside the root
// `pulumi:pulumi:Stack` resource (as Pulumi's runner runs it), URNs are formed the engine's way, and
// `transforms` (a resource's own, its ancestors', the stack's) apply before a registration is
// answered or captured.
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import { decodeStepCommand } from "../policies/lib/catalogue";

// The SDK's protocol messages and the gRPC client it talks to its callback server with (the engine's
// side of a transform call), from the SDK's own dependencies.
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const aliasproto = require("@pulumi/pulumi/proto/alias_pb");
const callbackpb = require("@pulumi/pulumi/proto/callback_pb");
const callbackgrpc = require("@pulumi/pulumi/proto/callback_grpc_pb");
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));

export const PROJECT = "openclaw-hetzner";
export const STACK = "dev";

/** Pulumi's wire markers. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** An output value (value, secretness and dependencies together), as the engine sends transforms. */
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

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
  /**
   * The state the mock answered with (inputs plus what a provider computes, e.g. a server's
   * addresses), in wire form: what the engine hands AnalyzeStack (a resource's outputs).
   */
  wireOutputs: Record<string, unknown>;
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
  /**
   * Every registration but the root stack's. Resources a program creates without a parent have the
   * root stack as parent, as under the engine.
   */
  resources: CapturedResource[];
  /** The root `pulumi:pulumi:Stack` resource the program ran in. */
  stack?: CapturedResource;
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
  let servers = 0;
  return {
    newResource(args) {
      const id = String(nextId++);
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === "hcloud:index/server:Server") {
        // Each server its own address (documentation ranges), as Hetzner gives them: the first 203.0.113.10.
        const n = servers++;
        Object.assign(state, { ipv4Address: `203.0.113.${10 + n}`, ipv6Address: `2001:db8::${(1 + n).toString(16)}`, status: "running" });
      }
      if (args.type === "command:remote:Command") {
        state.stdout = decodeStepCommand(String(args.inputs.create ?? ""))?.step === "audit-gateway" ? (opts.auditStdout ?? defaultAuditStdout) : "";
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

type Wire = unknown;

function isSigned(v: unknown, sig: string): v is Record<string, any> {
  return !!v && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === sig;
}

/**
 * The engine reads a registration with secrets and unknowns upgraded to output values
 * (plugin.UnmarshalProperties with UpgradeToOutputValues), which is what a transform receives.
 */
function upgrade(v: Wire): Wire {
  if (v === UNKNOWN) return { [SIG_KEY]: OUTPUT_SIG };
  if (Array.isArray(v)) return v.map(upgrade);
  if (v && typeof v === "object") {
    const obj = v as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: OUTPUT_SIG, secret: true, value: upgrade(obj.value) };
    if (SIG_KEY in obj) return v; // assets, archives, resource references, output values
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, upgrade(x)]));
  }
  return v;
}

/** upgradeOutputValues: a resource with its own transforms hands them its property dependencies too. */
function withDependencies(props: Record<string, Wire>, propertyDependencies: Record<string, string[]>): Record<string, Wire> {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => {
      const deps = propertyDependencies[k] ?? [];
      const current = outputDependencies(v);
      if (deps.every((d) => current.has(d))) return [k, v];
      const out: Record<string, unknown> = isSigned(v, OUTPUT_SIG) ? { ...v } : { [SIG_KEY]: OUTPUT_SIG, value: v };
      out.dependencies = [...new Set([...((out.dependencies as string[]) ?? []), ...deps])];
      return [k, out];
    }),
  );
}

/** addOutputDependencies: the URNs output values inside a property carry. */
function outputDependencies(v: Wire, into = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => outputDependencies(x, into));
  else if (v && typeof v === "object") {
    const obj = v as Record<string, unknown>;
    if (obj[SIG_KEY] === OUTPUT_SIG) {
      if ("value" in obj) outputDependencies(obj.value, into);
      for (const d of (obj.dependencies as string[]) ?? []) into.add(d);
    } else if (obj[SIG_KEY] === SECRET_SIG) outputDependencies(obj.value, into);
    else if (!(SIG_KEY in obj)) Object.values(obj).forEach((x) => outputDependencies(x, into));
  }
  return into;
}

/**
 * Back to the form the engine gives providers and analyzers (MarshalProperties without
 * KeepOutputValues): an output value becomes its value, the unknown sentinel if unknown, wrapped
 * in a secret marker if secret.
 */
function downgrade(v: Wire): Wire {
  if (Array.isArray(v)) return v.map(downgrade);
  if (v && typeof v === "object") {
    const obj = v as Record<string, unknown>;
    if (obj[SIG_KEY] === OUTPUT_SIG) {
      const value = "value" in obj ? downgrade(obj.value) : UNKNOWN;
      return obj.secret === true ? { [SIG_KEY]: SECRET_SIG, value } : value;
    }
    if (obj[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, value: downgrade(obj.value) };
    if (SIG_KEY in obj) return v;
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, downgrade(x)]));
  }
  return v;
}

/**
 * What the engine's resource monitor does with transforms (pkg/resource/deploy/source_eval.go,
 * RegisterResource), which the SDK's mock monitor leaves out: it runs the resource's own
 * transforms, then those of each ancestor from the parent up, then the stack's, each call fed the
 * properties and options the previous one returned, through the program's callback server over
 * gRPC as the engine does. The registration request is rewritten with the result, so the mock and
 * the capture both see the transformed resource.
 */
class TransformEngine {
  private stack: any[] = [];
  private own = new Map<string, any[]>();
  private parents = new Map<string, string>();
  private componentProviders = new Map<string, Map<string, string>>();
  private clients = new Map<string, any>();

  addStackTransform(cb: any) {
    if (cb.getTarget()) this.stack.push(cb);
  }

  /** After a registration: its own transforms apply to its descendants from now on. */
  registered(urn: string, req: any) {
    this.parents.set(urn, req.getParent());
    this.own.set(urn, req.getTransformsList());
    if (!req.getCustom()) this.componentProviders.set(urn, new Map(req.getProvidersMap().entries()));
  }

  close() {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private collect(req: any): any[] {
    const transforms = [...req.getTransformsList()];
    for (let current = req.getParent(); current; current = this.parents.get(current) ?? "") {
      transforms.push(...(this.own.get(current) ?? []));
    }
    return [...transforms, ...this.stack];
  }

  async transform(req: any): Promise<void> {
    const transforms = this.collect(req);
    if (transforms.length === 0) return;
    const ownTransforms = req.getTransformsList().length > 0;
    const wire = (req.getObject()?.toJavaScript() ?? {}) as Record<string, Wire>;

    const dependencies: string[] = req.getDependenciesList();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
    if (req.getPropertydependenciesMap().getLength() === 0 && !req.getRemote()) {
      for (const k of Object.keys(wire)) propertyDependencies[k] = dependencies;
    }

    let props = upgrade(wire) as Record<string, Wire>;
    if (ownTransforms) props = withDependencies(props, propertyDependencies);
    let options = this.initialOptions(req);
    for (const cb of transforms) {
      const request = new resproto.TransformRequest();
      request.setName(req.getName());
      request.setType(req.getType());
      request.setParent(req.getParent());
      request.setCustom(req.getCustom());
      request.setProperties(structproto.Struct.fromJavaScript(props as any));
      request.setOptions(options);
      const response = await this.invoke(cb, request);
      if (response.hasOptions()) options = response.getOptions();
      if (response.hasProperties()) props = response.getProperties().toJavaScript() as Record<string, Wire>;
    }

    req.setObject(structproto.Struct.fromJavaScript(downgrade(props) as any));
    this.applyOptions(req, options);
    // The engine rebuilds dependencies from the transformed options and output values only when
    // the resource has transforms of its own; otherwise it keeps the request's.
    if (ownTransforms) {
      const all = new Set<string>(options.getDependsOnList());
      const map = req.getPropertydependenciesMap();
      map.clear();
      for (const [k, v] of Object.entries(props)) {
        const deps = outputDependencies(v);
        deps.forEach((d) => all.add(d));
        const pd = new resproto.RegisterResourceRequest.PropertyDependencies();
        pd.setUrnsList([...deps]);
        map.set(k, pd);
      }
      req.setDependenciesList([...all]);
    }
  }

  /** The options the engine hands the first transform (TransformResourceOptions from the request). */
  private initialOptions(req: any): any {
    const o = new resproto.TransformResourceOptions();
    o.setImport(req.getImportid());
    o.setDependsOnList(req.getDependenciesList());
    if (req.hasProtect()) o.setProtect(req.getProtect());
    o.setIgnoreChangesList(req.getIgnorechangesList());
    o.setReplaceOnChangesList(req.getReplaceonchangesList());
    if (req.hasReplacementTrigger()) o.setReplacementTrigger(req.getReplacementTrigger());
    o.setVersion(req.getVersion());
    const aliases = req.getAliasurnsList().map((urn: string) => {
      const a = new aliasproto.Alias();
      a.setUrn(urn);
      return a;
    });
    o.setAliasesList([...aliases, ...req.getAliasesList()]);
    let provider: string = req.getProvider();
    if (req.getCustom() || req.getRemote()) {
      const pkg = req.getType().split(":")[0];
      provider ||= req.getProvidersMap().get(pkg) ?? this.componentProviders.get(req.getParent())?.get(pkg) ?? "";
    }
    o.setProvider(provider);
    copyMap(req.getProvidersMap(), o.getProvidersMap());
    o.setHideDiffList(req.getHidediffsList());
    if (req.hasCustomtimeouts()) o.setCustomTimeouts(req.getCustomtimeouts());
    o.setPluginDownloadUrl(req.getPlugindownloadurl());
    if (req.hasRetainondelete()) o.setRetainOnDelete(req.getRetainondelete());
    o.setDeletedWith(req.getDeletedwith());
    o.setReplaceWithList(req.getReplaceWithList());
    if (req.getDeletebeforereplacedefined() || req.getDeletebeforereplace()) o.setDeleteBeforeReplace(req.getDeletebeforereplace());
    o.setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList());
    copyMap(req.getPluginchecksumsMap(), o.getPluginChecksumsMap());
    if (req.hasHooks()) o.setHooks(req.getHooks());
    return o;
  }

  /** Every option the engine takes from the last transform's result, back on the request. */
  private applyOptions(req: any, o: any) {
    req.setImportid(o.getImport());
    if (o.hasProtect()) req.setProtect(o.getProtect());
    else req.clearProtect();
    req.setIgnorechangesList(o.getIgnoreChangesList());
    req.setReplaceonchangesList(o.getReplaceOnChangesList());
    if (o.hasReplacementTrigger()) req.setReplacementTrigger(o.getReplacementTrigger());
    else req.clearReplacementTrigger();
    req.setVersion(o.getVersion());
    req.setAliasurnsList([]);
    req.setAliasesList(o.getAliasesList());
    req.setProvider(o.getProvider());
    req.getProvidersMap().clear();
    copyMap(o.getProvidersMap(), req.getProvidersMap());
    req.setHidediffsList(o.getHideDiffList());
    if (o.hasCustomTimeouts()) req.setCustomtimeouts(o.getCustomTimeouts());
    else req.clearCustomtimeouts();
    req.setPlugindownloadurl(o.getPluginDownloadUrl());
    if (o.hasRetainOnDelete()) req.setRetainondelete(o.getRetainOnDelete());
    else req.clearRetainondelete();
    req.setDeletedwith(o.getDeletedWith());
    req.setReplaceWithList(o.getReplaceWithList());
    req.setDeletebeforereplace(o.hasDeleteBeforeReplace() ? o.getDeleteBeforeReplace() : false);
    req.setDeletebeforereplacedefined(o.hasDeleteBeforeReplace());
    req.setAdditionalsecretoutputsList(o.getAdditionalSecretOutputsList());
    req.getPluginchecksumsMap().clear();
    copyMap(o.getPluginChecksumsMap(), req.getPluginchecksumsMap());
    if (o.hasHooks()) req.setHooks(o.getHooks());
    else req.clearHooks();
  }

  private invoke(cb: any, request: any): Promise<any> {
    let client = this.clients.get(cb.getTarget());
    if (!client) {
      client = new callbackgrpc.CallbacksClient(cb.getTarget(), grpc.credentials.createInsecure());
      this.clients.set(cb.getTarget(), client);
    }
    const call = new callbackpb.CallbackInvokeRequest();
    call.setToken(cb.getToken());
    call.setRequest(request.serializeBinary());
    return new Promise((resolve, reject) =>
      client.invoke(call, (err: any, resp: any) =>
        err
          ? reject(new Error(`invoke transform: ${err.details || err.message}`))
          : resolve(resproto.TransformResponse.deserializeBinary(resp.getResponse_asU8())),
      ),
    );
  }
}

function copyMap(from: any, to: any) {
  from.forEach((v: unknown, k: string) => to.set(k, v));
}

export async function runMocked(opts: MockRunOptions): Promise<MockRun> {
  await pulumi.runtime.setMocks(mocks(opts), opts.project ?? PROJECT, opts.stack ?? STACK, opts.preview ?? false);
  pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);

  const resources: CapturedResource[] = [];
  let stack: CapturedResource | undefined;
  const engine = new TransformEngine();
  let pending = 0;
  const monitor = pulumi.runtime.getMonitor() as any;
  // URNs as the engine makes them: the parent's whole qualified type, except the root stack's.
  monitor.newUrn = (parent: string, type: string, name: string) => {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
  };
  const registerStackTransform = monitor.registerStackTransform.bind(monitor);
  monitor.registerStackTransform = (req: any, callback: any) => {
    engine.addStackTransform(req);
    registerStackTransform(req, callback);
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    pending++;
    const done = (err: unknown, resp: any) => {
      pending--;
      callback(err, resp);
    };
    // The engine runs transforms before anything else sees the registration (the provider, here
    // the mock, and the policies).
    engine.transform(req).then(
      () =>
        register(req, (err: unknown, resp: any) => {
          if (!err) {
            engine.registered(resp.getUrn(), req);
            const r = captured(req, resp.getUrn(), resp.getObject?.()?.toJavaScript?.() ?? {});
            if (r.type === ROOT_STACK_TYPE && !r.parent) stack = r;
            else resources.push(r);
          }
          done(err, resp);
        }),
      (err: unknown) => done(err, undefined),
    );
  };

  try {
    let exportsObject: Record<string, unknown> = {};
    // Inside the root stack resource, as Pulumi's own runner runs a program.
    await pulumi.runtime.runInPulumiStack(async () => {
      exportsObject = await opts.program();
      return exportsObject;
    });
    const outputs: Record<string, ProgramOutput> = {};
    for (const [name, value] of Object.entries(exportsObject)) {
      outputs[name] = await settle(value);
    }
    // Registrations finish asynchronously; wait until nothing is in flight for a while.
    for (let quiet = 0; quiet < 5; ) {
      await new Promise((r) => setTimeout(r, 20));
      quiet = pending === 0 ? quiet + 1 : 0;
    }
    return { resources, stack, outputs };
  } finally {
    engine.close();
  }
}

function captured(req: any, urn: string, wireOutputs: Record<string, unknown>): CapturedResource {
  const wireInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
  return {
    type: req.getType(),
    name: req.getName(),
    urn,
    parent: req.getParent(),
    custom: req.getCustom(),
    wireInputs,
    inputs: unwrapSecrets(wireInputs) as Record<string, any>,
    wireOutputs,
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    ignoreChanges: req.getIgnorechangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    protect: req.getProtect?.() ?? false,
    provider: req.getProvider?.() ?? "",
  };
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

/**
 * Runs a program module as Pulumi's Node.js runtime does: its exports are the stack outputs, or,
 * when it exports a function (`export = () => …`), the function's (awaited) result.
 */
export async function runProgram(main: string): Promise<Record<string, unknown>> {
  const mod = (await import(main)) as { default?: unknown };
  // tsx hands a CommonJS module's exports over as `default` (and its named exports beside).
  const exported = mod.default ?? mod;
  const outputs = typeof exported === "function" ? await (exported as () => unknown)() : exported;
  return { ...((outputs ?? {}) as Record<string, unknown>) };
}

/** The remote Command that runs catalogue step `step` (one per server in these runs), whatever its name. */
export function byStep(run: MockRun, step: string): CapturedResource {
  const found = run.resources.filter((r) => r.type === "command:remote:Command" && decodeStepCommand(String(r.inputs.create ?? ""))?.step === step);
  if (found.length !== 1) throw new Error(`expected one step ${step}, found ${found.length}`);
  return found[0];
}

/** The catalogue step a captured remote Command runs, or its name. */
export function stepOf(r: CapturedResource): string {
  return decodeStepCommand(String(r.inputs.create ?? ""))?.step ?? r.name;
}

export function byName(run: MockRun, name: string): CapturedResource {
  const found = run.resources.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0];
}
