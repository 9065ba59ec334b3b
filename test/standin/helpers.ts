// Access to the running stand-in for the checks: commands as the admin over real SSH from the
// operator's namespace, raw commands in any namespace, and the deployment's own steps.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { NET, readSecrets, readState, ROOT, RUN, StandinState, target } from "../../local/standin";
import versions from "../../versions.json";
import { parse, stringify } from "yaml";
import { PROJECT } from "../../plan/capture";
import { runSteps, ssh, Step, StepResult } from "../../local/steps";
import { gatewayLayout } from "../../components/openclaw/layout";
import { decodeStepCommand } from "../../policies/lib/catalogue";

export const state = readState();
export const secrets = readSecrets(state).filter((s) => s.length >= 8);
export const admin = target(state);
/**
 * The layout of the gateway under test: its service user, paths, unit and jobs. The server's only
 * gateway has the plain names; a gateway on a shared server has its own, suffixed with its id.
 */
export const gw = gatewayLayout(state.gatewayId);
/**
 * A fleet's server (OC_STANDIN_GATEWAY): applying a changed stack file to a running fleet is not
 * built (local:up refuses it), so the checks that do so skip there; they run on single stand-ins.
 */
export const onFleet = state.gateway !== undefined;

/**
 * A command as the admin user (sudo inside the command where needed). Connection-level failures
 * (sshd throttling pre-auth connections under MaxStartups) are dialed again, as @pulumi/command does.
 */
export async function onBox(command: string, stdin?: string) {
  for (let attempt = 1; ; attempt++) {
    const r = await ssh(admin, state.adminUser, state.sshPort, command, stdin, 300_000);
    if (r.exitCode !== 255 || attempt >= 15 || !/kex_exchange_identification|Connection (reset|closed|refused)/.test(r.stderr)) return r;
    await new Promise((res) => setTimeout(res, 3000));
  }
}

/** Like onBox, but fails the test on a non-zero exit. */
export async function onBoxOk(command: string): Promise<string> {
  const r = await onBox(command);
  if (r.exitCode !== 0) throw new Error(`'${command}' exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

export function inNamespace(ns: string, argv: string[], opts: { timeout?: number; input?: string } = {}) {
  const r = spawnSync("ip", ["netns", "exec", ns, ...argv], { encoding: "utf8", timeout: opts.timeout ?? 120_000, input: opts.input });
  return { exitCode: r.status ?? 255, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

export const SSH_OPTS = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=8", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"];

/** The gateway's loopback port: what its deploy gate was given (a shared server's gateways each have their own). */
export const gatewayPort = Number(decodeStepCommand(step("audit-gateway").command)?.inputs.OC_GATEWAY_PORT ?? 18789);

/** A step of this gateway's deployment: the host's, or this gateway's own on a shared server. */
export function step(name: string): Step {
  const s = state.steps.find((x) => x.name === name && (x.gateway ?? state.gatewayId) === state.gatewayId);
  if (!s) throw new Error(`no step ${name}`);
  return s;
}

/**
 * The steps again, as the engine runs them (each after what it depends on among them, the rest at
 * once). A failure stops what depends on it; the results so far are returned, not thrown.
 */
export async function rerun(steps: Step[]): Promise<StepResult[]> {
  try {
    return own(await runSteps(admin, steps));
  } catch (e) {
    const results = (e as { results?: StepResult[] }).results;
    if (!results) throw e;
    return own(results);
  }
}

/**
 * The results of this gateway's steps and the host's: on a shared server the other gateways' steps
 * run too (their gates come after every step); a failure of theirs is kept, so none is hidden.
 */
function own(results: StepResult[]): StepResult[] {
  return results.filter((r) => (r.gateway ?? state.gatewayId) === state.gatewayId || r.exitCode !== 0);
}

/** The first deployment's results of this gateway's steps (and the host's). */
export function firstRun(): StepResult[] {
  return (JSON.parse(readFileSync(state.firstRunFile, "utf8")) as StepResult[]).filter((r) => (r.gateway ?? state.gatewayId) === state.gatewayId);
}

export function leaks(text: string): string[] {
  return secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}…`);
}

export async function gatewayHealthy(timeoutS = 150): Promise<boolean> {
  for (let i = 0; i < timeoutS / 3; i++) {
    if ((await onBox(`curl -fsS -m 3 http://127.0.0.1:${gatewayPort}/healthz`)).exitCode === 0) return true;
    await new Promise((r) => setTimeout(r, 3000));
  }
  return false;
}

/** `npm run local:up -- --config FILE --json` on the running stand-in: the names of the steps it ran. */
export function applyStack(file: string): string[] {
  const out = execFileSync("node", [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "local/cli.ts"), "up", "--config", file, "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 900_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(out.trim().split("\n").pop()!) as { ran: string[] }).ran.sort();
}

/** The deployed stack file with one more config value, written beside a copy of nothing else. */
export function stackWith(values: Record<string, string>): { file: string; dir: string } {
  const stack = parse(readFileSync(state.stackFile, "utf8")) as { config: Record<string, unknown> };
  for (const [k, v] of Object.entries(values)) stack.config[`${PROJECT}:${k}`] = v;
  const dir = mkdtempSync(path.join(tmpdir(), "oc-apply-"));
  const file = path.join(dir, path.basename(state.stackFile));
  writeFileSync(file, stringify(stack), { mode: 0o600 });
  return { file, dir };
}

/**
 * Like stackWith, plus secret values as a real stack holds them: from an ESC environment (fn::secret)
 * the stack imports, beside the project's own environments.
 */
export function stackWithSecrets(values: Record<string, string>, secretValues: Record<string, string>): { file: string; dir: string } {
  const made = stackWith(values);
  const esc = path.join(made.dir, "esc");
  mkdirSync(esc);
  for (const f of readdirSync(path.join(ROOT, "esc"))) copyFileSync(path.join(ROOT, "esc", f), path.join(esc, f));
  const pulumiConfig = Object.fromEntries(Object.entries(secretValues).map(([k, v]) => [`${PROJECT}:${k}`, { "fn::secret": v }]));
  writeFileSync(path.join(esc, "standin-test-secrets.yaml"), stringify({ values: { pulumiConfig } }), { mode: 0o600 });
  const stack = parse(readFileSync(made.file, "utf8")) as { environment?: string[] };
  stack.environment = [...(stack.environment ?? []), "openclaw/standin-test-secrets"];
  writeFileSync(made.file, stringify(stack), { mode: 0o600 });
  return made;
}

export { NET };

/**
 * `openclaw gateway call health` through an SSH tunnel from the operator to the gateway on
 * `on` (a stand-in VPS's state), with `token`: its exit status and output. OpenClaw's own CLI.
 */
export async function gatewayCall(on: Pick<StandinState, "sshKey" | "adminUser" | "host">, token: string, port = gatewayPort): Promise<{ exitCode: number; output: string }> {
  const bin = execFileSync("bash", [path.join(ROOT, "scripts/toolchain/openclaw.sh"), versions.openclaw], { encoding: "utf8" }).trim();
  const node = execFileSync("bash", [path.join(ROOT, "scripts/toolchain/node24.sh")], { encoding: "utf8" }).trim();
  const home = mkdtempSync(path.join(tmpdir(), "oc-cli-"));
  const tunnel = spawn("ip", ["netns", "exec", NET.operatorNamespace, "ssh", ...SSH_OPTS, "-i", on.sshKey, "-N", "-L", `28790:127.0.0.1:${port}`, `${on.adminUser}@${on.host}`]);
  try {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (spawnSync("ip", ["netns", "exec", NET.operatorNamespace, "curl", "-fsS", "-m", "3", "http://127.0.0.1:28790/healthz"]).status === 0) break;
    }
    // The token goes in the environment of the CLI (not its command line).
    const r = spawnSync(
      "ip",
      ["netns", "exec", NET.operatorNamespace, "env", `PATH=${node}:${bin}:/usr/bin:/bin`, `HOME=${home}`, `OPENCLAW_STATE_DIR=${home}/.openclaw`, `OPENCLAW_GATEWAY_TOKEN=${token}`,
        // --port, not --url: with --url the CLI takes a token only from its command line.
        "openclaw", "gateway", "call", "health", "--port", "28790", "--json", "--timeout", "8000"],
      { encoding: "utf8", timeout: 60_000 },
    );
    return { exitCode: r.status ?? 255, output: `${r.stdout}${r.stderr}` };
  } finally {
    tunnel.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(home, { recursive: true, force: true });
  }
}
