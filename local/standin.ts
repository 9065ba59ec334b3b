// The stand-in deployment: this stack's program, run under mocks with the stand-in's address,
// deployed to the local VPS by its own user data and remote steps.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsFromSettings } from "../settings/args";
import { PROJECT, runMocked } from "../plan/capture";
import { Fleet, parseFleet } from "../settings/fleet";
import { argsFromSharedGateways } from "../settings/shared-args";
import { OpenClawSharedServer } from "../components/openclaw-shared-server";
import { type Settings, valuesIn } from "../settings/load";
import { readStackFile } from "../settings/stack-file";
import versions from "../versions.json";
import { deploymentOf, SshTarget, Step } from "./steps";

export const ROOT = path.resolve(__dirname, "..");
export const CACHE = path.join(process.env.OPENCLAW_HETZNER_CACHE ?? path.join(ROOT, ".cache"), "standin");
export const RUN = path.join(CACHE, "run");
export const STATE_FILE = path.join(RUN, "deployment.json");

export const NET = { vps: "10.99.0.10", operatorNamespace: "ocs-op", outsideNamespace: "ocs-atk", vpsNamespace: "ocs-vps" } as const;

/** A fleet's VPS number n (0, 1…), as scripts/standin/standin.sh makes them. */
export function vpsOf(n: number): { host: string; namespace: string } {
  return { host: `10.99.0.${10 + n}`, namespace: n === 0 ? NET.vpsNamespace : `${NET.vpsNamespace}${n}` };
}

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
  /** The VPS's network namespace (its sysctls are read there). */
  vpsNamespace: string;
  /** A fleet's gateway this VPS runs (its name in `gateways`); unset for a single-gateway stack. */
  gateway?: string;
  /** A fleet's gateways, in VPS order (recorded in the first one's state). */
  fleet?: string[];
  /** The gateway's id on a shared server (placement: shared; its names are suffixed -<id>); unset otherwise. */
  gatewayId?: string;
  /** On a shared server: the other gateways' names on the same server (each one's state: readState(name)). */
  sharedWith?: string[];
  /** The steps' results of the first deployment (the checks prove no step printed a secret). */
  firstRunFile: string;
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
 * fresh keys and token(s). What the stand-in cannot be told apart from a server stays the file's.
 * A fleet's overrides go to `gateway` (default: the first).
 */
export function standinConfig(suite: Suite, overrides: Record<string, unknown> = {}, stackFile: string = DEFAULT_STACK_FILE, gateway?: string) {
  mkdirSync(RUN, { recursive: true });
  const deployKey = path.join(RUN, "deploy_ed25519");
  const operatorKey = path.join(RUN, "operator_ed25519");
  keyPair(deployKey);
  const operatorPub = keyPair(operatorKey);
  const escDir = [path.join(path.dirname(stackFile), "esc"), path.join(ROOT, "esc")].find(existsSync) ?? ROOT;
  const stack = readStackFile(stackFile, escDir);
  const token = (name: string) => {
    const file = path.join(RUN, name);
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
    return readFileSync(file, "utf8");
  };
  const mirroredSum = nodeMirror(stack.config[`${PROJECT}:nodeVersion`] ?? versions.node);
  const key = (k: string) => `${PROJECT}:${k}`;
  const fleet = stack.config[key("gateways")] !== undefined;
  const values: Record<string, unknown> = {
    adminSshKeys: [operatorPub],
    sshAllowedCidrs: ["10.99.0.0/24", "fd99::/64"],
    deployPrivateKey: readFileSync(deployKey, "utf8"),
    nodeMirror: "http://127.0.0.1:8080",
    // The local mirror carries the stack's Node.js version; a stack that pins its own sum keeps it
    // (so a wrong one can be tried).
    nodeSha256: stack.config[key("nodeSha256")] ?? mirroredSum,
    image: suite === "bookworm" ? "debian-12" : "debian-13",
  };
  const config = { ...stack.config };
  const secretKeys = new Set(stack.secretKeys);
  if (!fleet) {
    // The stack's own token when it sets one (so a stack can rotate it), else the stand-in's.
    Object.assign(values, { gatewayToken: stack.config[key("gatewayToken")] ?? token("gateway-token"), serverName: "openclaw-standin", ...overrides });
  } else {
    // Each gateway keeps its server's name (its VPS's hostname) and gets its own token.
    const gateways = JSON.parse(config[key("gateways")]) as Record<string, Record<string, unknown>>;
    const secrets = JSON.parse(config[key("gatewaySecrets")] ?? "{}") as Record<string, Record<string, unknown>>;
    const target = gateway ?? Object.keys(gateways)[0];
    if (!(target in gateways)) throw new Error(`${stackFile} has no gateway ${target}`);
    gateways[target] = { ...gateways[target], ...overrides };
    for (const name of Object.keys(gateways)) secrets[name] = { gatewayToken: token(`gateway-token-${name}`), ...secrets[name] };
    config[key("gateways")] = JSON.stringify(gateways);
    config[key("gatewaySecrets")] = JSON.stringify(secrets);
    secretKeys.add(key("gatewaySecrets"));
  }
  for (const [k, v] of Object.entries(values)) {
    config[key(k)] = typeof v === "string" ? v : JSON.stringify(v);
    if (["deployPrivateKey", "gatewayToken"].includes(k)) secretKeys.add(key(k));
  }
  return { config, secretKeys: [...secretKeys], deployKey, operatorKey };
}

/** One server of the stand-in deployment: its gateway (a fleet's), VPS, user data and steps. */
export interface RenderedServer {
  gateway?: string;
  /** A shared server's gateways (placement: shared), each with its settings; `settings` is the first one's. */
  shared?: { name: string; settings: Settings }[];
  host: string;
  namespace: string;
  settings: Settings;
  userData: string;
  steps: Step[];
}

/**
 * Renders the deployment (user data and steps) exactly as `pulumi up` would for the stand-in: the
 * stack's gateways, each on its own VPS. `overrides` change the single gateway, or a fleet's `gateway`.
 */
export async function renderStandinAll(suite: Suite, overrides: Record<string, unknown> = {}, stackFile?: string, gateway?: string) {
  const { config, secretKeys, deployKey, operatorKey } = standinConfig(suite, overrides, stackFile, gateway);
  let fleet: Fleet | undefined;
  const run = await runMocked({
    config,
    secretKeys,
    program: () => {
      fleet = parseFleet(PROJECT, "standin", { all: config, isSecret: (k) => secretKeys.includes(k) });
      if (fleet.placement === "shared") new OpenClawSharedServer(fleet.gateways[0].settings.serverName, { ...argsFromSharedGateways(fleet.gateways), host: vpsOf(0).host });
      else fleet.gateways.forEach((g, n) => new OpenClawHetzner(g.settings.serverName, { ...argsFromSettings(g.settings), host: vpsOf(n).host }));
      return {};
    },
  });
  const servers: RenderedServer[] =
    fleet!.placement === "shared"
      ? [
          {
            shared: fleet!.gateways.map((g) => ({ name: g.name, settings: g.settings })),
            ...vpsOf(0),
            settings: fleet!.gateways[0].settings,
            ...deploymentOf(run, { server: fleet!.gateways[0].settings.serverName, host: vpsOf(0).host }),
          },
        ]
      : fleet!.gateways.map((g, n) => ({
          ...(fleet!.isFleet ? { gateway: g.name } : {}),
          ...vpsOf(n),
          settings: g.settings,
          ...deploymentOf(run, { server: g.settings.serverName, host: vpsOf(n).host }),
        }));
  const secretValues = secretKeys.map((k) => config[k]).flatMap((v) => {
    try {
      return valuesIn(JSON.parse(v));
    } catch {
      return [v];
    }
  });
  return { servers, deployKey, operatorKey, secretValues };
}

/** The deployment of the single gateway, or of a fleet's `gateway` (default: the first). */
export async function renderStandin(suite: Suite, overrides: Record<string, unknown> = {}, stackFile?: string, gateway?: string) {
  const all = await renderStandinAll(suite, overrides, stackFile, gateway);
  const server = gateway === undefined ? all.servers[0] : all.servers.find((sv) => sv.gateway === gateway || sv.shared?.some((g) => g.name === gateway));
  if (!server) throw new Error(`no gateway ${gateway} in ${stackFile}`);
  // A shared server: the gateway's own settings (the steps are the whole server's).
  const settings = server.shared?.find((g) => g.name === gateway)?.settings ?? server.settings;
  return { ...server, settings, deployKey: all.deployKey, operatorKey: all.operatorKey, secretValues: all.secretValues };
}


export function target(state: Pick<StandinState, "sshKey" | "host">, namespace: string = NET.operatorNamespace): SshTarget {
  return { namespace, host: state.host, keyFile: state.sshKey };
}

/** Where a gateway's state lives: deployment.json (the single or first one), deployment-<gateway>.json. */
function stateFile(gateway?: string): string {
  return gateway ? path.join(RUN, `deployment-${gateway}.json`) : STATE_FILE;
}

export function writeState(state: StandinState, secretValues: string[], asDefault = !state.gateway) {
  writeFileSync(state.secretsFile, JSON.stringify(secretValues), { mode: 0o600 });
  writeFileSync(state.stepsFile, JSON.stringify(state.steps), { mode: 0o600 });
  const { steps: _steps, ...rest } = state;
  if (state.gateway) writeFileSync(stateFile(state.gateway), JSON.stringify(rest, null, 2), { mode: 0o600 });
  if (asDefault) writeFileSync(STATE_FILE, JSON.stringify(rest, null, 2), { mode: 0o600 });
  chmodSync(RUN, 0o700);
}

/** The state of the single gateway, or of a fleet's `gateway` (default: OC_STANDIN_GATEWAY, else the first). */
export function readState(gateway: string | undefined = process.env.OC_STANDIN_GATEWAY || undefined): StandinState {
  if (!existsSync(STATE_FILE)) throw new Error("the stand-in is not up (npm run local:up)");
  const file = stateFile(gateway);
  if (!existsSync(file)) throw new Error(`the stand-in runs no gateway ${gateway}`);
  const rest = JSON.parse(readFileSync(file, "utf8"));
  return { vpsNamespace: NET.vpsNamespace, firstRunFile: path.join(RUN, "first-run.json"), ...rest, steps: JSON.parse(readFileSync(rest.stepsFile, "utf8")) };
}

export function readSecrets(state: StandinState): string[] {
  return JSON.parse(readFileSync(state.secretsFile, "utf8"));
}

export const standinScript = (name: string) => path.join(ROOT, "scripts", "standin", name);

/** Renders the deployment, boots a fresh stand-in (a VPS per server), records the state of each. */
export async function bootStandin(suite: Suite, log: (line: string) => void = () => {}, stackFile?: string) {
  const rendered = await renderStandinAll(suite, {}, stackFile); // builds the local Node.js mirror too
  const args: string[] = [];
  for (const [n, server] of rendered.servers.entries()) {
    const userData = path.join(RUN, n === 0 ? "user-data" : `user-data-${n}`);
    writeFileSync(userData, server.userData);
    args.push(userData, server.settings.serverName);
  }
  const shared = rendered.servers[0].shared;
  const fleet = shared ? shared.map((g) => g.name) : rendered.servers.some((sv) => sv.gateway) ? rendered.servers.map((sv) => sv.gateway!) : undefined;
  log(`booting the stand-in (${suite}${shared ? `, one VPS for ${fleet!.join(", ")}` : fleet ? `, a VPS for each of ${fleet.join(", ")}` : ""}) with the program's user data`);
  const started = Date.now();
  execFileSync("bash", [standinScript("standin.sh"), "up", suite, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  // A gateway's state: a shared server's gateways each have one, with the server's steps.
  const gatewaysOf = (server: RenderedServer) => server.shared ?? [{ name: server.gateway, settings: server.settings }];
  const states = rendered.servers.flatMap((server) => gatewaysOf(server).map((g) => ({ server, gateway: g.name, settings: g.settings }))).map(({ server, gateway, settings }, n): StandinState => {
    const sfx = gateway ? `-${gateway}` : "";
    // The server's files (steps, first run) are its first gateway's.
    const serverSfx = server.shared ? `-${server.shared[0].name}` : sfx;
    return {
      suite,
      host: server.host,
      sshPort: server.settings.sshPort,
      adminUser: server.settings.adminUser,
      sshKey: rendered.deployKey,
      operatorKey: rendered.operatorKey,
      operatorNamespace: NET.operatorNamespace,
      outsideNamespace: NET.outsideNamespace,
      secretsFile: path.join(RUN, `secrets${sfx}.json`),
      steps: server.steps,
      stepsFile: path.join(RUN, `steps${serverSfx}.json`),
      agentAccess: settings.agentAccess,
      stackFile: stackFile ?? DEFAULT_STACK_FILE,
      vpsNamespace: server.namespace,
      firstRunFile: path.join(RUN, `first-run${serverSfx}.json`),
      ...(gateway ? { gateway } : {}),
      ...(fleet && n === 0 ? { fleet } : {}),
      ...(server.shared ? { gatewayId: gateway, sharedWith: server.shared.map((g) => g.name).filter((name) => name !== gateway) } : {}),
    };
  });
  states.forEach((st, n) => writeState(st, rendered.secretValues, n === 0));
  return { states, state: states[0], rendered, bootSeconds: (Date.now() - started) / 1000 };
}
