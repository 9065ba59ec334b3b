// Pulumi transforms in the offline plan: the engine applies a resource's own `transforms`, then its
// ancestors', then the stack's (pkg/resource/deploy/source_eval.go, RegisterResource) before the
// provider or a policy sees the resource, so the plan must capture the transformed resources. Also
// the old SDK-side `transformations`, and `registerStackTransformation`, which needs the root stack
// resource a program runs in.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsFromSettings } from "../settings/args";
import { analyze, Violation } from "../plan/analyze";
import { byName, byStep, byType, CapturedResource, MockRun, PROJECT, runMocked, SECRET_SIG, SIG_KEY, UNKNOWN } from "../plan/capture";
import { rules } from "../policies/rules";
import { parseSettings } from "../settings/load";
import { baseValues, FIXTURE_SECRETS, stackConfig } from "./fixtures/stack";
import { containsAnywhere, findLeaks } from "./harness/leaks";
import { ROOT } from "./harness/tools";

const FIREWALL = "hcloud:index/firewall:Firewall";
const SERVER = "hcloud:index/server:Server";

/** The example deployment, built by `build` under mocks with the example stack's config. */
function deploy(build: (d: () => OpenClawHetzner) => Record<string, unknown> | void, opts: { preview?: boolean } = {}): Promise<MockRun> {
  const { config, secretKeys } = stackConfig(baseValues());
  return runMocked({
    config,
    secretKeys,
    preview: opts.preview,
    program: () => {
      const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
      return build(() => new OpenClawHetzner("openclaw", argsFromSettings(settings))) ?? {};
    },
  });
}

function mandatory(run: MockRun): Promise<Violation[]> {
  return analyze(run.resources, rules, { packName: "openclaw-hetzner", packVersion: "0.0.0-test" }).then((v) => v.filter((x) => x.enforcementLevel === "mandatory"));
}

const policies = (v: Violation[]) => [...new Set(v.map((x) => x.policy))].sort();

const openGateway: pulumi.ResourceTransform = (args) =>
  args.type === FIREWALL
    ? { props: { ...args.props, rules: [...(args.props.rules ?? []), { direction: "in", protocol: "tcp", port: "18789", sourceIps: ["0.0.0.0/0", "::/0"] }] }, opts: args.opts }
    : undefined;

const rescue: pulumi.ResourceTransform = (args) => (args.type === SERVER ? { props: { ...args.props, rescue: "linux64" }, opts: args.opts } : undefined);

function gatewayRule(fw: CapturedResource) {
  return (fw.inputs.rules as { port?: string; sourceIps: string[] }[]).find((r) => r.port === "18789");
}

describe("transforms in the plan", () => {
  it("applies a component's `transforms` option to its children: a rule opening 18789 is refused", async () => {
    const run = await deploy(() => {
      const { config, secretKeys } = stackConfig(baseValues());
      const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
      const d = new OpenClawHetzner("openclaw", argsFromSettings(settings), { transforms: [openGateway] });
      return { rules: d.server.firewall.rules };
    });
    const [fw] = byType(run, FIREWALL);
    expect(gatewayRule(fw)).toMatchObject({ sourceIps: ["0.0.0.0/0", "::/0"] });
    // The mock (standing in for the provider) answered the transformed inputs too.
    expect(JSON.stringify(run.outputs.rules.value)).toContain("18789");
    expect(policies(await mandatory(run))).toContain("firewall-never-gateway-port");
  });

  it("applies a stack transform (registerResourceTransform): a rescue boot is refused", async () => {
    const run = await deploy((d) => {
      pulumi.runtime.registerResourceTransform(rescue);
      d();
    });
    expect(byType(run, SERVER)[0].inputs.rescue).toBe("linux64");
    expect(policies(await mandatory(run))).toContain("server-no-rescue-or-iso");
  });

  it("runs the program in a root stack, so the old registerStackTransformation works too", async () => {
    const run = await deploy((d) => {
      pulumi.runtime.registerStackTransformation((args) =>
        args.type === FIREWALL ? { props: { ...args.props, rules: pulumi.output(args.props.rules).apply((r: any[]) => [...r, { direction: "in", protocol: "tcp", port: "18789", sourceIps: ["0.0.0.0/0"] }]) }, opts: args.opts } : undefined,
      );
      d();
    });
    expect(run.stack).toMatchObject({ type: "pulumi:pulumi:Stack", name: `${PROJECT}-dev`, parent: "" });
    const top = byType(run, "openclaw-hetzner:index:OpenClawHetzner")[0];
    expect(top.parent).toBe(run.stack!.urn);
    // The engine leaves the root stack's type out of its children's URNs and chains the rest.
    expect(top.urn).toBe(`urn:pulumi:dev::${PROJECT}::openclaw-hetzner:index:OpenClawHetzner::openclaw`);
    expect(byType(run, FIREWALL)[0].urn).toBe(
      `urn:pulumi:dev::${PROJECT}::openclaw-hetzner:index:OpenClawHetzner$openclaw-hetzner:index:HetznerServer$hcloud:index/firewall:Firewall::openclaw-firewall`,
    );
    expect(gatewayRule(byType(run, FIREWALL)[0])).toBeDefined();
    expect(policies(await mandatory(run))).toContain("firewall-never-gateway-port");
  });

  it("a transform that only renames (Hetzner names, labels) leaves the example's verdict as it was", async () => {
    const plain = await deploy((d) => void d());
    const renamed = await deploy((d) => {
      pulumi.runtime.registerResourceTransform((args) =>
        args.type.startsWith("hcloud:") && typeof args.props.name === "string"
          ? { props: { ...args.props, name: `prod-${args.props.name}`, labels: { ...(args.props.labels ?? {}), team: "ops" } }, opts: args.opts }
          : undefined,
      );
      d();
    });
    expect(byType(renamed, SERVER)[0].inputs.name).toBe(`prod-${byType(plain, SERVER)[0].inputs.name}`);
    expect(byType(renamed, FIREWALL)[0].inputs.labels).toMatchObject({ team: "ops" });
    expect(await mandatory(renamed)).toEqual(await mandatory(plain));
  });

  it("runs own, then ancestors' (parent first), then stack transforms, each on the previous result", async () => {
    const calls: string[] = [];
    const tag =
      (t: string): pulumi.ResourceTransform =>
      (args) => {
        calls.push(`${t}:${args.name}`);
        return args.type === "hcloud:index/sshKey:SshKey" ? { props: { ...args.props, name: `${args.props.name}-${t}` }, opts: args.opts } : undefined;
      };
    const run = await runMocked({
      config: {},
      secretKeys: [],
      program: () => {
        pulumi.runtime.registerResourceTransform(tag("stack"));
        const outer = new pulumi.ComponentResource("test:index:Outer", "outer", {}, { transforms: [tag("outer")] });
        const inner = new pulumi.ComponentResource("test:index:Inner", "inner", {}, { parent: outer, transforms: [tag("inner")] });
        new hcloud.SshKey("key", { name: "k", publicKey: "ssh-ed25519 AAAA" }, { parent: inner, transforms: [tag("own1"), tag("own2")] });
        return {};
      },
    });
    expect(byName(run, "key").inputs.name).toBe("k-own1-own2-inner-outer-stack");
    expect(calls.filter((c) => c.endsWith(":key"))).toEqual(["own1:key", "own2:key", "inner:key", "outer:key", "stack:key"]);
    // A component's own transforms apply to itself as well.
    expect(calls.filter((c) => c.endsWith(":inner"))).toEqual(["inner:inner", "outer:inner", "stack:inner"]);
  });

  it("maps option changes back: protect, ignoreChanges, additionalSecretOutputs, dependsOn, deleteBeforeReplace", async () => {
    const run = await runMocked({
      config: {},
      secretKeys: [],
      program: () => {
        const other = new hcloud.SshKey("other", { name: "o", publicKey: "ssh-ed25519 AAAA" });
        new hcloud.SshKey("key", { name: "k", publicKey: "ssh-ed25519 AAAA" }, {
          transforms: [
            (args) => ({
              props: args.props,
              opts: pulumi.mergeOptions(args.opts, { protect: true, ignoreChanges: ["labels"], additionalSecretOutputs: ["publicKey"], dependsOn: [other], deleteBeforeReplace: true, parent: other }),
            }),
          ],
        });
        return {};
      },
    });
    const key = byName(run, "key");
    expect(key).toMatchObject({ protect: true, ignoreChanges: ["labels"], additionalSecretOutputs: ["publicKey"], deleteBeforeReplace: true });
    expect(key.dependencies).toContain(byName(run, "other").urn);
    // The protocol has no parent option: a transform cannot move a resource (nor can the engine).
    expect(key.parent).toBe(run.stack!.urn);
  });

  it("keeps an inherited transform's dependsOn out of the dependencies, as the engine does", async () => {
    // source_eval.go re-reads dependencies from the transformed options only when the resource has
    // transforms of its own.
    const run = await runMocked({
      config: {},
      secretKeys: [],
      program: () => {
        const other = new hcloud.SshKey("other", { name: "o", publicKey: "ssh-ed25519 AAAA" });
        pulumi.runtime.registerResourceTransform((args) => (args.name === "key" ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: [other], protect: true }) } : undefined));
        new hcloud.SshKey("key", { name: "k", publicKey: "ssh-ed25519 AAAA" });
        return {};
      },
    });
    expect(byName(run, "key").dependencies).toEqual([]);
    expect(byName(run, "key").protect).toBe(true);
  });
});

describe("secrets and unknowns through a transform", () => {
  const secrets = Object.values(FIXTURE_SECRETS);

  /** A transform on every resource that hands back what it was given (a copy). */
  const passThrough: pulumi.ResourceTransform = (args) => ({ props: { ...args.props }, opts: args.opts });

  for (const preview of [false, true]) {
    it(`leaves every registration as it was with a pass-through stack transform (${preview ? "preview" : "update"})`, async () => {
      const plain = await deploy((d) => void d(), { preview });
      const passed = await deploy((d) => {
        pulumi.runtime.registerResourceTransform(passThrough);
        d();
      }, { preview });
      // The mock's ids (which the server's firewallIds and sshKeys hold) differ between runs.
      const ids = /"(firewallIds|sshKeys)":\[[^\]]*\]/g;
      const strip = (run: MockRun) =>
        run.resources.map(({ urn, parent, wireInputs, dependencies, propertyDependencies, ignoreChanges, additionalSecretOutputs, deleteBeforeReplace, protect, provider }) =>
          JSON.stringify({ urn, parent, wireInputs, dependencies, propertyDependencies, ignoreChanges, additionalSecretOutputs, deleteBeforeReplace, protect, provider }).replace(ids, '"$1":"<ids>"'),
        );
      expect(strip(passed)).toEqual(strip(plain));
    });
  }

  it("keeps unknowns (plain and secret) unknown in preview through own and stack transforms", async () => {
    const run = await runMocked({
      config: {},
      secretKeys: [],
      preview: true,
      program: () => {
        pulumi.runtime.registerResourceTransform(passThrough);
        const srv = new hcloud.Server("srv", { serverType: "cx23", image: "debian-13" });
        // The mock leaves backupWindow out of the server's state: unknown in preview.
        new hcloud.SshKey("key", { name: srv.backupWindow, publicKey: pulumi.secret(srv.backupWindow), labels: { a: "b" } }, { transforms: [passThrough] });
        return {};
      },
    });
    const key = byName(run, "key");
    expect(key.wireInputs).toEqual({ name: UNKNOWN, publicKey: { [SIG_KEY]: SECRET_SIG, value: UNKNOWN }, labels: { a: "b" } });
    expect(key.dependencies).toEqual([byName(run, "srv").urn]);
  });

  it("keeps secret inputs marked through an own transform that rewrites the resource, and marks a secret it adds", async () => {
    const extra = "LEAKCHECK-added-by-transform-0123456789";
    const run = await deploy(() => {
      const { config, secretKeys } = stackConfig(baseValues());
      const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
      new OpenClawHetzner("openclaw", argsFromSettings(settings), {
        transforms: [
          (args) =>
            args.type === "command:remote:Command"
              ? { props: { ...args.props, environment: { ...(args.props.environment ?? {}), EXTRA: pulumi.secret(extra) } }, opts: args.opts }
              : undefined,
        ],
      });
    });
    const steps = byType(run, "command:remote:Command");
    expect(steps.length).toBeGreaterThan(5);
    for (const step of steps) {
      expect((step.wireInputs.connection as Record<string, unknown>)[SIG_KEY]).toBe(SECRET_SIG);
      expect(step.inputs.environment.EXTRA).toBe(extra);
    }
    const secretsStep = byStep(run, "gateway-secrets");
    expect(containsAnywhere(secretsStep.wireInputs, FIXTURE_SECRETS.gatewayToken)).toBe(true);
    expect(run.resources.flatMap((r) => findLeaks(r.wireInputs, [...secrets, extra], r.name))).toEqual([]);
  });
});

describe("npm run plan on transformed programs", () => {
  function plan(program: string): Promise<{ exitCode: number; json?: { violations: Violation[]; error?: string } }> {
    return new Promise((resolve) => {
      execFile("npm", ["run", "-s", "plan", "--", "--program", program, "--json"], { cwd: ROOT, timeout: 120_000 }, (err, stdout) => {
        let json;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ exitCode: err ? Number((err as { code?: number }).code ?? 99) : 0, json });
      });
    });
  }

  it.concurrent.each([
    ["a `transforms` option opening the gateway port", "transforms-firewall-gateway-port", "firewall-never-gateway-port"],
    ["a stack transform booting rescue", "stack-transform-rescue", "server-no-rescue-or-iso"],
  ])("refuses %s: exit 1", async (_what, name, rule) => {
    const r = await plan(path.join(ROOT, "test", "corpus", "programs", name));
    expect(r.exitCode).toBe(1);
    expect(r.json!.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy)).toContain(rule);
  });

  it.concurrent("refuses a registerStackTransformation (needs the root stack): exit 1, not 2", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oc-transform-"));
    try {
      writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: index.ts\n`);
      writeFileSync(
        path.join(dir, "index.ts"),
        [
          // Outside the repository: the same modules, by path.
          `import * as pulumi from ${JSON.stringify(path.join(ROOT, "node_modules", "@pulumi", "pulumi"))};`,
          `import { OpenClawHetzner } from ${JSON.stringify(path.join(ROOT, "components", "openclaw-hetzner"))};`,
          `import { loadSettings } from ${JSON.stringify(path.join(ROOT, "settings", "load"))};`,
          `import { argsFromSettings } from ${JSON.stringify(path.join(ROOT, "settings", "args"))};`,
          `pulumi.runtime.registerStackTransformation((args) =>`,
          `  args.type === "${SERVER}" ? { props: { ...args.props, rescue: "linux64" }, opts: args.opts } : undefined);`,
          `const settings = loadSettings();`,
          `new OpenClawHetzner(settings.serverName, argsFromSettings(settings));`,
          ``,
        ].join("\n"),
      );
      const r = await plan(dir);
      expect(r.json?.error).toBeUndefined();
      expect(r.exitCode).toBe(1);
      expect(r.json!.violations.map((v) => v.policy)).toContain("server-no-rescue-or-iso");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
