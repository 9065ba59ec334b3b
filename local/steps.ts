// The program's remote steps, taken from its registered resources and run the way @pulumi/command
// runs them: a fresh SSH session per step, the step's command line as the session command, stdin
// piped, the exit status checked. Failures to connect (sshd not answering yet, or restarted by
// cloud-init under a session being set up) are retried, as @pulumi/command's dial loop does;
// nothing else is.
import { spawn } from "node:child_process";
import type { MockRun } from "../plan/capture";
import { decodeStepCommand } from "../policies/lib/catalogue";

export interface Step {
  /** The catalogue step (`audit-gateway`). */
  name: string;
  /** On a shared server: the gateway the step is for (its OC_GATEWAY_ID); unset for the host's steps and a server's only gateway. */
  gateway?: string;
  urn: string;
  command: string;
  stdin?: string;
  user: string;
  port: number;
  /** Whether the program logs this step's output (`logging` other than "none"). */
  logs: boolean;
  /** URNs of the steps it runs after. */
  after: string[];
  /** The step's trigger digest (changes exactly when its command line changes). */
  digest: string;
  triggers: unknown[];
}

export interface StepResult {
  name: string;
  /** The step's gateway on a shared server (Step.gateway). */
  gateway?: string;
  exitCode: number;
  seconds: number;
  stdout: string;
  stderr: string;
  /** When the step started and ended, in seconds from the start of its run. */
  startedAt?: number;
  endedAt?: number;
}

/**
 * User data and steps, in dependency order: of the program's only server, or (a fleet) of the
 * server named `on.server`, with the steps that connect to `on.host`.
 */
function stepIdentity(command: string, resourceName: string): Pick<Step, "name" | "gateway"> {
  const decoded = decodeStepCommand(command);
  const gateway = decoded?.inputs.OC_GATEWAY_ID;
  return { name: decoded?.step ?? resourceName, ...(gateway ? { gateway } : {}) };
}

export function deploymentOf(run: MockRun, on?: { server: string; host: string }): { userData: string; steps: Step[] } {
  const servers = run.resources.filter((r) => r.type === "hcloud:index/server:Server" && (!on || r.inputs.name === on.server));
  if (servers.length !== 1) throw new Error(`expected one server${on ? ` named ${on.server}` : ""}, found ${servers.length}`);
  const commands = run.resources.filter((r) => r.type === "command:remote:Command" && (!on || r.inputs.connection?.host === on.host));
  const urns = new Set(commands.map((c) => c.urn));
  const steps: Step[] = commands.map((c) => ({
    // The catalogue step (`audit-gateway`): one of each per server and gateway, whatever the program named it.
    ...stepIdentity(c.inputs.create, c.name),
    urn: c.urn,
    command: c.inputs.create,
    stdin: c.inputs.stdin,
    user: c.inputs.connection.user,
    port: c.inputs.connection.port ?? 22,
    logs: c.inputs.logging !== "none",
    after: c.dependencies.filter((d) => urns.has(d)),
    digest: c.inputs.triggers[0],
    triggers: c.inputs.triggers,
  }));
  // Topological order over dependsOn; ties keep registration order.
  const ordered: Step[] = [];
  const done = new Set<string>();
  while (ordered.length < steps.length) {
    const next = steps.find((s) => !done.has(s.urn) && s.after.every((a) => done.has(a)));
    if (!next) throw new Error("dependency cycle among the remote steps");
    ordered.push(next);
    done.add(next.urn);
  }
  return { userData: servers[0].inputs.userData, steps: ordered };
}

export interface SshTarget {
  /** Network namespace the SSH client runs in (the stand-in is reachable only from there); "" for this host's own. */
  namespace: string;
  host: string;
  keyFile: string;
}

export function sshArgs(target: SshTarget, user: string, port: number, extra: string[] = []): string[] {
  return [
    "netns", "exec", target.namespace, ...sshClientArgs(target, user, port, extra),
  ];
}

/** ssh's own command line (no namespace). */
function sshClientArgs(target: SshTarget, user: string, port: number, extra: string[]): string[] {
  return [
    "ssh", "-i", target.keyFile, "-p", String(port),
    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", ...extra, `${user}@${target.host}`,
  ];
}

/** Runs one command over a fresh SSH session. */
export function ssh(target: SshTarget, user: string, port: number, command: string, stdin?: string, timeoutMs = 900_000) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    const child = target.namespace
      ? spawn("ip", [...sshArgs(target, user, port), "--", command], { stdio: ["pipe", "pipe", "pipe"] })
      : spawn("ssh", [...sshClientArgs(target, user, port, []).slice(1), "--", command], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 255, stdout, stderr });
    });
    child.stdin.end(stdin ?? "");
  });
}

/**
 * Whether a session failed in ssh itself, before the command ran: exit 255 with ssh's own words,
 * or with no output at all. The silent case is real: a server that closes the connection after
 * its banner (sshd restarted by cloud-init's runcmd while the first step connects) makes ssh exit
 * 255 and, at LogLevel=ERROR, print nothing ("Connection closed by …" is an INFO line).
 */
export function isDialFailure(r: { exitCode: number; stdout: string; stderr: string }): boolean {
  if (r.exitCode !== 255) return false;
  if (/Connection (refused|timed out|closed|reset)|Permission denied|No route|kex_exchange_identification/.test(r.stderr)) return true;
  return r.stdout === "" && r.stderr.trim() === "";
}

export interface DialRetry {
  attempts: number;
  delayMs: number;
  /** Runs one session (tests pass a fake). */
  dial: typeof ssh;
}

export async function runStep(target: SshTarget, step: Step, retry: Partial<DialRetry> = {}): Promise<StepResult> {
  const { attempts = 30, delayMs = 2000, dial = ssh } = retry;
  const start = Date.now();
  for (let attempt = 1; ; attempt++) {
    const r = await dial(target, step.user, step.port, step.command, step.stdin);
    if (isDialFailure(r) && attempt < attempts) {
      await new Promise((res) => setTimeout(res, delayMs));
      continue;
    }
    // Out of attempts: say so, since ssh itself may have said nothing.
    const stderr = isDialFailure(r) ? `${r.stderr}ssh: no session with ${step.user}@${target.host}:${step.port} after ${attempt} attempts\n` : r.stderr;
    return { name: step.name, ...(step.gateway ? { gateway: step.gateway } : {}), exitCode: r.exitCode, seconds: (Date.now() - start) / 1000, stdout: r.stdout, stderr };
  }
}

/** A run of the steps: every result, the wall-clock time, and the chain of steps that set it. */
export interface GraphRun {
  results: StepResult[];
  seconds: number;
  criticalPath: string[];
}

/** runGraph's results alone. */
export async function runSteps(target: SshTarget, steps: Step[], log: (line: string) => void = () => {}): Promise<StepResult[]> {
  return (await runGraph(target, steps, log)).results;
}

/**
 * Runs the steps as Pulumi's engine does: every step whose dependencies (among `steps`) are done
 * starts at once, each in its own SSH session. A failure starts nothing new; the steps already
 * running finish, then the run throws with every result so far attached (the failed step last).
 * `log` gets only what the program would log; `exec` runs one step (tests pass a fake).
 */
export async function runGraph(
  target: SshTarget,
  steps: Step[],
  log: (line: string) => void = () => {},
  exec: (target: SshTarget, step: Step) => Promise<StepResult> = runStep,
): Promise<GraphRun> {
  const inRun = new Set(steps.map((s) => s.urn));
  const needs = new Map(steps.map((s) => [s.urn, s.after.filter((a) => inRun.has(a))]));
  const done = new Map<string, StepResult>();
  const running = new Map<string, Promise<void>>();
  const results: StepResult[] = [];
  let failed: StepResult | undefined;
  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;

  const start = (step: Step) => {
    const startedAt = since();
    running.set(
      step.urn,
      exec(target, step).then((r) => {
        const result = { ...r, startedAt, endedAt: since() };
        running.delete(step.urn);
        done.set(step.urn, result);
        results.push(result);
        log(`${step.gateway ? `${step.gateway}/` : ""}${step.name}: exit ${r.exitCode} in ${r.seconds.toFixed(1)} s`);
        if (step.logs) for (const line of `${r.stderr}${r.stdout}`.trim().split("\n").filter(Boolean)) log(`  ${line}`);
        if (r.exitCode !== 0 && !failed) failed = result;
      }),
    );
  };
  for (;;) {
    if (!failed) {
      for (const step of steps) {
        if (done.has(step.urn) || running.has(step.urn)) continue;
        if (needs.get(step.urn)!.every((a) => done.get(a)?.exitCode === 0)) start(step);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failed) {
    // The failed step last, as a sequential run would report it.
    const ordered = [...results.filter((r) => r !== failed), failed];
    throw Object.assign(new Error(`step ${failed.name} failed with exit ${failed.exitCode}`), { results: ordered });
  }
  if (done.size !== steps.length) throw new Error("dependency cycle among the remote steps");
  return { results, seconds: since(), criticalPath: criticalPath(steps, done) };
}

/** From the step that ended last, back through the dependency that ended last before it started. */
function criticalPath(steps: Step[], done: Map<string, StepResult>): string[] {
  const byUrn = new Map(steps.map((s) => [s.urn, s]));
  let current: Step | undefined = [...steps].sort((a, b) => done.get(b.urn)!.endedAt! - done.get(a.urn)!.endedAt!)[0];
  const path: string[] = [];
  while (current) {
    path.unshift(`${current.gateway ? `${current.gateway}/` : ""}${current.name}`);
    const gating: string | undefined = current.after
      .filter((a) => done.has(a))
      .sort((a, b) => done.get(b)!.endedAt! - done.get(a)!.endedAt!)[0];
    current = gating ? byUrn.get(gating) : undefined;
  }
  return path;
}

/**
 * The steps `pulumi up` would run for a stack already deployed: a step that is new, or whose
 * command line, stdin or triggers changed (a Command is replaced, and so re-run, on any of them;
 * the gate's triggers carry every upstream step's digest, so it re-runs after any change). Steps
 * that did not change do not run, whatever they depend on.
 */
export function changedSteps(deployed: Step[], wanted: Step[]): Step[] {
  const before = new Map(deployed.map((s) => [s.urn, s]));
  return wanted.filter((s) => {
    const b = before.get(s.urn);
    return !b || b.command !== s.command || b.stdin !== s.stdin || JSON.stringify(b.triggers) !== JSON.stringify(s.triggers);
  });
}
