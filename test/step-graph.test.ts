// The stand-in's step runner (local/steps.ts) runs the program's steps as Pulumi's engine does: each
// as soon as its dependencies are done, concurrently, and reports the chain that set the wall clock.
// Here with a stand-in executor (timed sleeps) so the scheduling itself is what is tested; the
// stand-in runs it over real SSH (npm run test:local, npm run bench:local).
import { describe, expect, it } from "vitest";
import { changedSteps, deploymentOf, runGraph, SshTarget, Step, StepResult } from "../local/steps";
import * as path from "node:path";
import { byType, runMocked, runProgram } from "../plan/capture";
import { ROOT } from "./harness/tools";
import { baseValues, generateDeployKey, stackConfig } from "./fixtures/stack";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsFromSettings } from "../settings/args";
import { parseSettings } from "../settings/load";
import { PROJECT } from "../plan/capture";

const target: SshTarget = { namespace: "none", host: "none", keyFile: "none" };

function steps(spec: Record<string, string[]>): Step[] {
  return Object.entries(spec).map(([name, after]) => ({
    name,
    urn: `urn:${name}`,
    command: name,
    user: "ops",
    port: 22,
    logs: false,
    after: after.map((a) => `urn:${a}`),
    digest: "",
    triggers: [],
  }));
}

/** Sleeps each step's duration (ms), records what ran at the same time, fails the named ones. */
function executor(durations: Record<string, number>, fail: string[] = []) {
  const running = new Set<string>();
  const overlaps = new Map<string, Set<string>>();
  const started: string[] = [];
  const exec = async (_t: SshTarget, step: Step): Promise<StepResult> => {
    started.push(step.name);
    for (const other of running) {
      overlaps.set(step.name, (overlaps.get(step.name) ?? new Set()).add(other));
      overlaps.set(other, (overlaps.get(other) ?? new Set()).add(step.name));
    }
    running.add(step.name);
    await new Promise((r) => setTimeout(r, durations[step.name] ?? 10));
    running.delete(step.name);
    return { name: step.name, exitCode: fail.includes(step.name) ? 1 : 0, seconds: (durations[step.name] ?? 10) / 1000, stdout: "", stderr: "" };
  };
  return { exec, overlaps, started };
}

const DIAMOND = { boot: [], a: ["boot"], b: ["boot"], c: ["boot"], slow: ["a"], gate: ["a", "b", "c", "slow"] };

describe("the step runner", () => {
  it("starts every step whose dependencies are done at once, and each only after them", async () => {
    const ex = executor({ boot: 20, a: 40, b: 120, c: 30, slow: 150, gate: 10 });
    const run = await runGraph(target, steps(DIAMOND), () => {}, ex.exec);
    expect(run.results.map((r) => r.name).sort()).toEqual(Object.keys(DIAMOND).sort());
    expect([...(ex.overlaps.get("a") ?? [])].sort()).toEqual(["b", "c"]);
    expect(ex.overlaps.get("slow")?.has("b")).toBe(true);
    expect(ex.overlaps.get("boot")).toBeUndefined();
    expect(ex.overlaps.get("gate")).toBeUndefined();
    const at = Object.fromEntries(run.results.map((r) => [r.name, r]));
    for (const [name, after] of Object.entries(DIAMOND)) {
      for (const dep of after) expect(at[name].startedAt!, `${name} after ${dep}`).toBeGreaterThanOrEqual(at[dep].endedAt!);
    }
    expect(run.criticalPath).toEqual(["boot", "a", "slow", "gate"]);
  });

  it("starts nothing after a failure, lets the running steps finish, and reports the failed step last", async () => {
    const ex = executor({ boot: 10, a: 20, b: 80, c: 20, slow: 10, gate: 10 }, ["a"]);
    const err = await runGraph(target, steps(DIAMOND), () => {}, ex.exec).catch((e) => e);
    expect(err.message).toBe("step a failed with exit 1");
    const names = (err.results as StepResult[]).map((r) => r.name);
    expect(names.at(-1)).toBe("a");
    expect(names.sort()).toEqual(["a", "b", "boot", "c"]);
    expect(ex.started).not.toContain("slow");
    expect(ex.started).not.toContain("gate");
  });

  it("refuses a cycle instead of waiting forever", async () => {
    const ex = executor({});
    await expect(runGraph(target, steps({ a: ["b"], b: ["a"] }), () => {}, ex.exec)).rejects.toThrow(/cycle/);
  });

  it("runs a subset by the dependencies among it (a re-run of two steps keeps their order)", async () => {
    const all = steps(DIAMOND);
    const ex = executor({ slow: 30, gate: 10 });
    const run = await runGraph(target, all.filter((s) => ["slow", "gate"].includes(s.name)), () => {}, ex.exec);
    expect(ex.started).toEqual(["slow", "gate"]);
    expect(run.criticalPath).toEqual(["slow", "gate"]);
  });

  it("reads the program's graph: the gate last, Node.js and OpenClaw beside the host packages", async () => {
    const { config, secretKeys } = stackConfig(baseValues());
    const mocked = await runMocked({ config, secretKeys, program: () => runProgram(path.join(ROOT, "index.ts")) });
    expect(byType(mocked, "command:remote:Command").length).toBe(13);
    const { steps: program } = deploymentOf(mocked);
    const ex = executor(Object.fromEntries(program.map((s) => [s.name, 15])));
    const run = await runGraph(target, program, () => {}, ex.exec);
    expect(ex.started[0]).toBe("wait-for-boot");
    expect(ex.started.at(-1)).toBe("audit-gateway");
    expect(ex.overlaps.get("install-node")?.has("host-packages")).toBe(true);
    expect(ex.overlaps.get("install-openclaw")?.has("ufw")).toBe(true);
    expect(run.criticalPath[0]).toBe("wait-for-boot");
    expect(run.criticalPath.at(-1)).toBe("audit-gateway");
  });
});

describe("a stack applied again (local:up on a stand-in that is up)", () => {
  // The same deploy key throughout, as the stand-in keeps its own: only what the change touches differs.
  const deployPrivateKey = generateDeployKey().privateKey;
  async function render(change: Record<string, unknown>): Promise<Step[]> {
    const { config, secretKeys } = stackConfig({ ...baseValues(), deployPrivateKey, ...change });
    const mocked = await runMocked({
      config,
      secretKeys,
      program: () => {
        const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
        return { sshCommand: new OpenClawHetzner("openclaw", argsFromSettings(settings)).sshCommand };
      },
    });
    return deploymentOf(mocked).steps;
  }
  const names = (s: Step[]) => s.map((x) => x.name).sort();

  // A secret-only change runs the secrets step alone: the gate's triggers carry no secret, not even
  // a digest of one (the step restarts the gateway itself).
  it("runs what `pulumi up` would: nothing for the same stack, the secrets step for a new token, the config step and the gate for a channel setting", async () => {
    const deployed = await render({});
    expect(changedSteps(deployed, await render({}))).toEqual([]);
    expect(names(changedSteps(deployed, await render({ gatewayToken: "9f3c2a71e04b8d56c1fa7e29b3d80c4e5a6f1b2d7c8e9a0f3b4c5d6e7f8a9b0c" })))).toEqual(["gateway-secrets"]);
    expect(names(changedSteps(deployed, await render({ channels: { telegram: { dmPolicy: "allowlist", allowFrom: ["11223344"] } } })))).toEqual(["audit-gateway", "configure-gateway"]);
    // Upgrades: the install step switches (and checks, and can roll back) both the release and the
    // Node.js link; the unit, which runs them through the links, does not change.
    expect(names(changedSteps(deployed, await render({ openclawVersion: "2026.9.7" })))).toEqual(["audit-gateway", "install-openclaw"]);
    expect(names(changedSteps(deployed, await render({ nodeVersion: "24.20.0" })))).toEqual(["audit-gateway", "install-node", "install-openclaw"]);
    // A notification URL (a secret) reaches only the maintenance step (its stdin and its on/off input).
    expect(names(changedSteps(deployed, await render({ verifyNotifyUrl: "https://hooks.example/openclaw" })))).toEqual(["audit-gateway", "maintenance"]);
  });

  it("runs new steps (turning the sandbox on) and never a step the stack no longer has", async () => {
    const deployed = await render({});
    const sandboxed = await render({ agentAccess: "sandboxed" });
    expect(names(changedSteps(deployed, sandboxed))).toEqual(["agent-sandbox", "audit-gateway", "configure-gateway"]);
    expect(names(changedSteps(sandboxed, deployed))).toEqual(["audit-gateway", "configure-gateway"]);
  });
});
