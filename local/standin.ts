// The stand-in deployment: this stack's program, run under mocks with the stand-in's address,
// deployed to the local VPS by its own user data and remote steps.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsFromSettings } from "../settings/args";
import { PROJECT, runMocked } from "../plan/capture";
import { parseSettings, Settings } from "../settings/load";
import { readStackFile } from "../settings/stack-file";
import versions from "../versions.json";
import { deploymentOf, SshTarget, Step } from "./steps";

export const ROOT = path.resolve(__dirname, "..");
export const CACHE = path.join(process.env.OPENCLAW_HETZNER_CACHE ?? path.join(ROOT, ".cache"), "standin");
export const RUN = path.join(CACHE, "run");
export const STATE_FILE = path.join(RUN, "deployment.json");

export const NET = { vps: "10.99.0.10", operatorNamespace: "ocs-op", outsideNamespace: "ocs-atk", vpsNamespace: "ocs-vps" } as const;

export type Suite = "trixie" | "bookworm";

export interface StandinState {
  suite: Suite;
  host: string;
  sshPort: number;
  adminUser: string;
  /** Private key of the admin user (the deploy key), for `ssh -i`. */
  sshKey: string;
  /** Operator key (in adminSshKeys; Hetzner would also install it for root). */
  operatorKey: string;
  operatorNamespace: string;
  outsideNamespace: string;
  /** Secret values of this deployment, so checks can prove they never leak. 0600, deleted by down. */
  secretsFile: string;
  steps: Step[];
  stepsFile: string;
  /** The deployed stack's agentAccess (the checks differ: exec denied, or contained). */
  agentAccess: "chat" | "sandboxed";
  /** The stack file deployed (the example unless local:up was given --config). */
  stackFile: string;
}

function keyPair(file: string): string {
  if (!existsSync(file)) execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", path.basename(file), "-f", file]);
  return readFileSync(`${file}.pub`, "utf8").trim();
}

/**
 * The local Node.js mirror (built once, cached) and the SHA-256 of its tarball: the mirror is plain
 * http, and the settings accept a plain-http mirror only with the tarball's sum pinned.
 */
function nodeMirror(version: string): string {
  const mirror = execFileSync("bash", [standinScript("node-mirror.sh"), version], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const name = `node-v${version}-linux-x64.tar.gz`;
  const line = readFileSync(path.join(mirror, `v${version}`, "SHASUMS256.txt"), "utf8").split("\n").find((l) => l.trim().endsWith(` ${name}`));
  const sum = line?.split(/\s+/)[0];
  if (!sum || !/^[0-9a-f]{64}$/.test(sum)) throw new Error(`no SHA-256 for ${name} in the local Node.js mirror`);
  return sum;
}

/** The stack file the stand-in deploys unless told otherwise. */
export const DEFAULT_STACK_FILE = path.join(ROOT, "Pulumi.dev.yaml.example");

/** The stand-in's suite for a stack's `image` (the stand-in is Debian only). */
export function suiteForImage(image: string | undefined): Suite | undefined {
  if (image === undefined || image === "debian-13") return "trixie";
  if (image === "debian-12") return "bookworm";
  return undefined;
}

/**
 * A stack file (Pulumi.<stack>.yaml form, secrets inline or from an ESC environment in an esc/
 * folder beside it or in the project), pointed at the stand-in: its network, its Node.js mirror,
 * fresh keys and token. What the stand-in cannot be told apart from a server stays the file's.
 */
export function standinConfig(suite: Suite, overrides: Record<string, unknown> = {}, stackFile: string = DEFAULT_STACK_FILE) {
  mkdirSync(RUN, { recursive: true });
  const deployKey = path.join(RUN, "deploy_ed25519");
  const operatorKey = path.join(RUN, "operator_ed25519");
  keyPair(deployKey);
  const operatorPub = keyPair(operatorKey);
  const escDir = [path.join(path.dirname(stackFile), "esc"), path.join(ROOT, "esc")].find(existsSync) ?? ROOT;
  const stack = readStackFile(stackFile, escDir);
  const tokenFile = path.join(RUN, "gateway-token");
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  const mirroredSum = nodeMirror(stack.config[`${PROJECT}:nodeVersion`] ?? versions.node);
  const values: Record<string, unknown> = {
    adminSshKeys: [operatorPub],
    sshAllowedCidrs: ["10.99.0.0/24", "fd99::/64"],
    deployPrivateKey: readFileSync(deployKey, "utf8"),
    // The stack's own token when it sets one (so a stack can rotate it), else the stand-in's.
    gatewayToken: stack.config[`${PROJECT}:gatewayToken`] ?? readFileSync(tokenFile, "utf8"),
    nodeMirror: "http://127.0.0.1:8080",
    // The local mirror carries the stack's Node.js version; a stack that pins its own sum keeps it
    // (so a wrong one can be tried).
    nodeSha256: stack.config[`${PROJECT}:nodeSha256`] ?? mirroredSum,
    image: suite === "bookworm" ? "debian-12" : "debian-13",
    serverName: "openclaw-standin",
    ...overrides,
  };
  const config = { ...stack.config };
  const secretKeys = new Set(stack.secretKeys);
  for (const [k, v] of Object.entries(values)) {
    config[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    if (["deployPrivateKey", "gatewayToken"].includes(k)) secretKeys.add(`${PROJECT}:${k}`);
  }
  return { config, secretKeys: [...secretKeys], deployKey, operatorKey };
}

/** Renders the deployment (user data and steps) exactly as `pulumi up` would for the stand-in. */
export async function renderStandin(suite: Suite, overrides: Record<string, unknown> = {}, stackFile?: string) {
  const { config, secretKeys, deployKey, operatorKey } = standinConfig(suite, overrides, stackFile);
  let settings: Settings | undefined;
  const run = await runMocked({
    config,
    secretKeys,
    program: () => {
      settings = parseSettings(PROJECT, "standin", { all: config, isSecret: (k) => secretKeys.includes(k) });
      new OpenClawHetzner(settings.serverName, { ...argsFromSettings(settings), host: NET.vps });
      return {};
    },
  });
  const secretValues = secretKeys.map((k) => config[k]).flatMap((v) => {
    try {
      const parsed = JSON.parse(v);
      return typeof parsed === "object" && parsed ? Object.values(parsed).map(String) : [v];
    } catch {
      return [v];
    }
  });
  return { ...deploymentOf(run), settings: settings!, deployKey, operatorKey, secretValues };
}

export function target(state: Pick<StandinState, "sshKey" | "host">, namespace: string = NET.operatorNamespace): SshTarget {
  return { namespace, host: state.host, keyFile: state.sshKey };
}

export function writeState(state: StandinState, secretValues: string[]) {
  writeFileSync(state.secretsFile, JSON.stringify(secretValues), { mode: 0o600 });
  writeFileSync(state.stepsFile, JSON.stringify(state.steps), { mode: 0o600 });
  const { steps: _steps, ...rest } = state;
  writeFileSync(STATE_FILE, JSON.stringify(rest, null, 2), { mode: 0o600 });
  chmodSync(RUN, 0o700);
}

export function readState(): StandinState {
  if (!existsSync(STATE_FILE)) throw new Error("the stand-in is not up (npm run local:up)");
  const rest = JSON.parse(readFileSync(STATE_FILE, "utf8"));
  return { ...rest, steps: JSON.parse(readFileSync(rest.stepsFile, "utf8")) };
}

export function readSecrets(state: StandinState): string[] {
  return JSON.parse(readFileSync(state.secretsFile, "utf8"));
}

export const standinScript = (name: string) => path.join(ROOT, "scripts", "standin", name);

/** Renders the deployment, boots a fresh stand-in with its user data, records the state. */
export async function bootStandin(suite: Suite, log: (line: string) => void = () => {}, stackFile?: string) {
  const rendered = await renderStandin(suite, {}, stackFile); // builds the local Node.js mirror too
  const userData = path.join(RUN, "user-data");
  writeFileSync(userData, rendered.userData);
  log(`booting the stand-in (${suite}) with the program's user data`);
  const started = Date.now();
  execFileSync("bash", [standinScript("standin.sh"), "up", suite, userData, rendered.settings.serverName], { stdio: ["ignore", "ignore", "inherit"] });
  const state: StandinState = {
    suite,
    host: NET.vps,
    sshPort: rendered.settings.sshPort,
    adminUser: rendered.settings.adminUser,
    sshKey: rendered.deployKey,
    operatorKey: rendered.operatorKey,
    operatorNamespace: NET.operatorNamespace,
    outsideNamespace: NET.outsideNamespace,
    secretsFile: path.join(RUN, "secrets.json"),
    steps: rendered.steps,
    stepsFile: path.join(RUN, "steps.json"),
    agentAccess: rendered.settings.agentAccess,
    stackFile: stackFile ?? DEFAULT_STACK_FILE,
  };
  writeState(state, rendered.secretValues);
  return { state, rendered, bootSeconds: (Date.now() - started) / 1000 };
}
