// Evaluates the policy pack on captured resources through @pulumi/policy's own analyzer handlers,
// the functions the Pulumi CLI calls over gRPC, fed with AnalyzeRequests built from the resources'
// wire form (unknowns keep their sentinel, so preview semantics hold).
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { Policy, PolicyConfigSchema } from "@pulumi/policy";
import type { Rule } from "../policies/lib/rule";
import type { CapturedResource } from "./capture";

// The handlers are exported by @pulumi/policy's server module but not declared in its typings.
const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
};
const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb");

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: any) => void) => void;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

export interface Violation {
  policy: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
  message: string;
}

/** Per-rule config, as in `pulumi preview --policy-pack-config FILE`. */
export type PolicyConfig = Record<string, { enforcementLevel?: EnforcementLevel; [key: string]: unknown } | EnforcementLevel>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** Applies pack config the way the CLI's Configure call would: schema defaults, then the file. */
function configured(rules: Rule[], config: PolicyConfig): Policy[] {
  return rules.map((rule) => {
    const entry = config[rule.name];
    const { enforcementLevel, ...props } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
    const defaults = schemaDefaults(rule.configSchema);
    const getConfig = () => ({ ...defaults, ...props });
    const level = enforcementLevel ?? rule.enforcementLevel;
    if ("validateResource" in rule && rule.validateResource) {
      const validate = rule.validateResource as (args: any, report: any) => unknown;
      return { ...rule, enforcementLevel: level, validateResource: (args: any, report: any) => validate({ ...args, getConfig }, report) };
    }
    const stackRule = rule as Extract<Rule, { validateStack: unknown }>;
    return { ...stackRule, enforcementLevel: level, validateStack: (args: any, report: any) => stackRule.validateStack({ ...args, getConfig }, report) };
  }) as Policy[];
}

function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema?.properties ?? {}).filter(([, p]) => "default" in p).map(([k, p]) => [k, (p as { default: unknown }).default]));
}

function options(r: CapturedResource) {
  const opts = new analyzerpb.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  opts.setIgnorechangesList(r.ignoreChanges);
  opts.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
  opts.setDeletebeforereplace(r.deleteBeforeReplace);
  opts.setDeletebeforereplacedefined(true);
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

/**
 * The provider the engine names for a custom resource: the one it was given, or the package's
 * default provider (mocks register no default providers, the engine always has one). Components
 * and providers themselves have none, which is how a policy tells them apart.
 */
function providerOf(r: CapturedResource, all: CapturedResource[]) {
  if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
  const explicit = r.provider ? all.find((x) => x.urn === r.provider.split("::").slice(0, -1).join("::")) : undefined;
  const pkg = r.type.split(":")[0];
  const provider = new analyzerpb.AnalyzerProviderResource();
  provider.setType(explicit?.type ?? `pulumi:providers:${pkg}`);
  // urn:pulumi:STACK::PROJECT::TYPE-CHAIN::NAME -> urn:pulumi:STACK::PROJECT::pulumi:providers:PKG::default
  provider.setUrn(explicit?.urn ?? `${r.urn.split("::").slice(0, 2).join("::")}::pulumi:providers:${pkg}::default`);
  provider.setName(explicit?.name ?? "default");
  provider.setProperties(structproto.Struct.fromJavaScript((explicit?.wireInputs ?? {}) as any));
  return provider;
}

/**
 * Type, name, URN, properties, options and provider: what both request kinds carry about a
 * resource. Analyze gets a resource's inputs, AnalyzeStack its outputs (as the engine does).
 */
function describe<T extends { setType(t: string): void }>(msg: T, r: CapturedResource, all: CapturedResource[], props: "inputs" | "outputs" = "inputs"): T {
  const m = msg as any;
  m.setType(r.type);
  m.setName(r.name);
  m.setUrn(r.urn);
  m.setProperties(structproto.Struct.fromJavaScript((props === "outputs" ? { ...r.wireInputs, ...r.wireOutputs } : r.wireInputs) as any));
  m.setOptions(options(r));
  const provider = providerOf(r, all);
  if (provider) m.setProvider(provider);
  return msg;
}

function call(handler: Handler, request: unknown): Promise<any> {
  return new Promise((resolve, reject) => handler({ request }, (err, resp) => (err ? reject(err) : resolve(resp))));
}

function violationsOf(resp: any, urn: string): Violation[] {
  return resp.getDiagnosticsList().map((d: any) => {
    // @pulumi/policy prefixes the rule's description; the rule is named separately here.
    const prefix = `${d.getDescription()}\n`;
    const message: string = d.getMessage();
    return {
      policy: d.getPolicyname(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
      urn: d.getUrn() || urn,
      message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
    };
  });
}

export async function analyze(
  resources: CapturedResource[],
  rules: Rule[],
  opts: { packName: string; packVersion: string; config?: PolicyConfig },
): Promise<Violation[]> {
  const policies = configured(rules, opts.config ?? {});
  const analyzeResource = server.makeAnalyzeRpcFun(opts.packName, opts.packVersion, "mandatory", policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun(opts.packName, opts.packVersion, "mandatory", policies);
  const violations: Violation[] = [];

  // The engine analyzes every registered resource, components and providers included.
  for (const r of resources) {
    const req = describe(new analyzerpb.AnalyzeRequest(), r, resources);
    // Resource diagnostics carry no URN of their own: attach the resource's.
    violations.push(...violationsOf(await call(analyzeResource, req), r.urn));
  }

  const stackReq = new analyzerpb.AnalyzeStackRequest();
  stackReq.setResourcesList(
    resources.map((r) => {
      const ar = describe(new analyzerpb.AnalyzerResource(), r, resources, "outputs");
      if (r.parent) ar.setParent(r.parent);
      ar.setDependenciesList(r.dependencies);
      for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
        const deps = new analyzerpb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        ar.getPropertydependenciesMap().set(prop, deps);
      }
      return ar;
    }),
  );
  violations.push(...violationsOf(await call(analyzeStack, stackReq), ""));
  return violations;
}
