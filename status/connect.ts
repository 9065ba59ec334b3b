// Where `npm run status` connects, and how: as the remote steps do (the admin user over SSH, then
// `sudo /usr/bin/env OC_...=... /bin/bash`), to a real stack (from its outputs) or to the stand-in.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gatewayLayout } from "../components/openclaw/layout";
import { decodeStepCommand } from "../policies/lib/catalogue";
import { GATEWAY_PORT_DEFAULT } from "../settings/schema";

export const STATUS_SCRIPT = path.join(__dirname, "..", "scripts", "status", "status.sh");
const ROOT = path.join(__dirname, "..");

export interface StatusTarget {
  host: string;
  port: number;
  user: string;
  gatewayPort: number;
  /** A shared server's gateway (its names are suffixed -<id>); unset: the server's only gateway. */
  gatewayId?: string;
  /** Private key file for `ssh -i`; undefined: the operator's SSH agent and default keys. */
  keyFile?: string;
  /** Network namespace ssh runs in (the stand-in's operator namespace). */
  namespace?: string;
  /** The stand-in's host key changes with every boot; a real server's is pinned in known_hosts. */
  knownHosts: "ignore" | "accept-new";
  /** Removes what connecting needed (a temporary copy of the deploy key). */
  cleanup: () => void;
}

/** The one remote command: the steps' sudo form, the script on stdin (nothing to copy first). */
export function remoteCommand(gatewayPort: number, gatewayId?: string): string {
  const layout = gatewayLayout(gatewayId);
  if (gatewayId !== undefined && !/^[a-z][a-z0-9-]{0,23}$/.test(gatewayId)) throw new Error(`not a gateway name: ${JSON.stringify(gatewayId.slice(0, 30))}`);
  const id = gatewayId ? ` OC_GATEWAY_ID=${gatewayId}` : "";
  return `sudo /usr/bin/env OC_GATEWAY_PORT=${gatewayPort}${id} OC_UNIT_NAME=${layout.unitName} OC_OPENCLAW_HOME=${layout.openclawHome} /bin/bash -s`;
}

export function sshArgv(t: StatusTarget): string[] {
  const hostKeys = t.knownHosts === "ignore" ? ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"] : ["-o", "StrictHostKeyChecking=accept-new"];
  const key = t.keyFile ? ["-i", t.keyFile, "-o", "IdentitiesOnly=yes"] : [];
  const ssh = ["ssh", ...key, "-p", String(t.port), "-o", "BatchMode=yes", ...hostKeys, "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", `${t.user}@${t.host}`, "--", remoteCommand(t.gatewayPort, t.gatewayId)];
  return t.namespace ? ["ip", "netns", "exec", t.namespace, ...ssh] : ssh;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runStatusScript(t: StatusTarget, timeoutMs = 120_000): Promise<RunResult> {
  const [cmd, ...args] = sshArgv(t);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => (stderr += `${e.message}\n`));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 255, stdout, stderr });
    });
    child.stdin.end(readFileSync(STATUS_SCRIPT, "utf8"));
  });
}

/** The stand-in as the checks reach it: its state file (local/standin.ts), the operator namespace. */
export async function standinTarget(gateway?: string): Promise<StatusTarget> {
  // Loaded only here: local/standin.ts brings in the program and @pulumi/pulumi (seconds to load),
  // which a real stack's status does not need. (An ESM import, hence the .js that tsx maps to .ts.)
  const { readState, NET } = await import("../local/standin.js");
  const state = readState(gateway);
  // The port the gate was given is the port the stand-in's gateway was deployed with.
  const gate = state.steps.find((st: { name: string; gateway?: string }) => st.name === "audit-gateway" && (st.gateway ?? state.gatewayId) === state.gatewayId);
  const port = gate && decodeStepCommand(gate.command)?.inputs.OC_GATEWAY_PORT;
  return {
    host: state.host,
    port: state.sshPort,
    user: state.adminUser,
    gatewayPort: port ? Number(port) : GATEWAY_PORT_DEFAULT,
    ...(state.gatewayId ? { gatewayId: state.gatewayId } : {}),
    keyFile: state.sshKey,
    namespace: state.operatorNamespace ?? NET.operatorNamespace,
    knownHosts: "ignore",
    cleanup: () => {},
  };
}

/** The outputs index.ts exports that say where to connect (a fleet's: per gateway, in `gateways`). */
export interface StackOutputs {
  sshCommand?: unknown;
  tunnelCommand?: unknown;
  gatewayUrl?: unknown;
  gateways?: unknown;
  /** A shared server's gateway: its id (its names are suffixed with it). */
  gatewayId?: unknown;
}

/** The outputs of one gateway: the stack's own, or a fleet's `gateway` (needed when it has several). */
export function gatewayOutputs(outputs: StackOutputs, gateway?: string): StackOutputs {
  const fleet = outputs.gateways && typeof outputs.gateways === "object" ? (outputs.gateways as Record<string, StackOutputs>) : undefined;
  if (!fleet) {
    if (gateway !== undefined) throw new Error(`--gateway ${gateway}: the stack has one gateway (no gateways output)`);
    return outputs;
  }
  const names = Object.keys(fleet);
  const name = gateway ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new Error(`the stack is a fleet: name a gateway with --gateway (${names.join(", ")})`);
  if (!(name in fleet)) throw new Error(`the stack has no gateway ${name} (${names.join(", ")})`);
  return fleet[name];
}

/** Host, user and ports from a stack's outputs (sshCommand, tunnelCommand). */
export function fromOutputs(outputs: StackOutputs): Pick<StatusTarget, "host" | "port" | "user" | "gatewayPort" | "gatewayId"> {
  const ssh = typeof outputs.sshCommand === "string" ? outputs.sshCommand.match(/^ssh(?: -p (\d+))? ([a-z_][a-z0-9_-]*)@(\S+)$/) : null;
  if (!ssh) throw new Error("the stack outputs have no sshCommand of the form 'ssh [-p PORT] USER@HOST' (is the stack deployed?)");
  const tunnel = typeof outputs.tunnelCommand === "string" ? outputs.tunnelCommand.match(/-L \d+:127\.0\.0\.1:(\d+)/) : null;
  const url = typeof outputs.gatewayUrl === "string" ? outputs.gatewayUrl.match(/^http:\/\/127\.0\.0\.1:(\d+)\//) : null;
  const gatewayPort = tunnel?.[1] ?? url?.[1];
  if (!gatewayPort) throw new Error("the stack outputs have no tunnelCommand or gatewayUrl naming the gateway port");
  const gatewayId = typeof outputs.gatewayId === "string" ? outputs.gatewayId : undefined;
  return { host: ssh[3], port: ssh[1] ? Number(ssh[1]) : 22, user: ssh[2], gatewayPort: Number(gatewayPort), ...(gatewayId ? { gatewayId } : {}) };
}

export interface StackOptions {
  stack?: string;
  /** A fleet's gateway (its name in the stack's gateways). */
  gateway?: string;
  outputsFile?: string;
  identity?: string;
  /** Runs the Pulumi CLI (tests pass a fake); undefined result: no CLI. */
  pulumi?: (args: string[]) => RunResult | undefined;
  log?: (line: string) => void;
}

function pulumiCli(args: string[]): RunResult | undefined {
  const r = spawnSync("pulumi", args, { cwd: ROOT, encoding: "utf8", maxBuffer: 16 << 20 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
  return { exitCode: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * A real stack: its outputs (`--outputs FILE`, else `pulumi stack output --json`, which leaves
 * the secret gatewayToken masked: status needs none), and the key the steps use: `--identity`,
 * else the stack's deployPrivateKey (copied to a 0600 file in a private temp dir for the session),
 * else, as the steps then do, the SSH agent.
 */
export function stackTarget(o: StackOptions): StatusTarget {
  const pulumi = o.pulumi ?? pulumiCli;
  const log = o.log ?? (() => {});
  const stackArgs = o.stack ? ["--stack", o.stack] : [];
  let text: string;
  if (o.outputsFile) text = readFileSync(o.outputsFile, "utf8");
  else {
    const r = pulumi(["stack", "output", "--json", ...stackArgs]);
    if (!r) throw new Error("no Pulumi CLI: pass --outputs FILE (`pulumi stack output --json > FILE` where the CLI is), or --local for the stand-in");
    if (r.exitCode !== 0) throw new Error(`pulumi stack output failed: ${r.stderr.trim().split("\n").at(-1) ?? ""}`);
    text = r.stdout;
  }
  let outputs: StackOutputs;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new Error(`${o.outputsFile ?? "pulumi stack output --json"}: not JSON`);
  }
  const where = fromOutputs(gatewayOutputs(outputs, o.gateway));
  if (o.identity) return { ...where, keyFile: o.identity, knownHosts: "accept-new", cleanup: () => {} };
  const r = pulumi(["config", "get", "deployPrivateKey", ...stackArgs]);
  if (r && r.exitCode === 0 && r.stdout.includes("PRIVATE KEY")) {
    const dir = mkdtempSync(path.join(tmpdir(), "openclaw-status-"));
    const keyFile = path.join(dir, "deploy_key");
    writeFileSync(keyFile, r.stdout.endsWith("\n") ? r.stdout : `${r.stdout}\n`, { mode: 0o600 });
    return { ...where, keyFile, knownHosts: "accept-new", cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  log("no deployPrivateKey in the stack config (or no Pulumi CLI): using your SSH agent and keys, as the steps do");
  return { ...where, knownHosts: "accept-new", cleanup: () => {} };
}
