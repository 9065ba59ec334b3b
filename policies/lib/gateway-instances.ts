// Every OpenClaw gateway a server runs, read from the systemd units the stack ships to it, with
// what makes one gateway's files and port its own: the service user, the state dir, the config
// file and workspaces, the env files systemd hands it, and the port it listens on. Values are read
// the way systemd and OpenClaw resolve them (OpenClaw 2026.9: `--port` beats OPENCLAW_GATEWAY_PORT
// beats openclaw.json's gateway.port beats a named profile's port beats 18789; OPENCLAW_STATE_DIR
// beats the home's .openclaw, `--profile`/`--dev` switch both to ~/.openclaw-<profile>; an
// EnvironmentFile= overrides Environment=). What the pack cannot read is an Unknown, which a
// comparison counts as possibly equal; a template unit (`name@.service`) stands for any number of
// instances, its instance name a placeholder.
import * as nodePath from "node:path";
import { dropInDirs, lastValue, overlay, unitAssignments, unitFile, unitNames } from "./host-files";
import { raw, UNKNOWN } from "./props";
import { normalizePath } from "./sensitive-paths";
import { findSecretLooking } from "./secret-patterns";
import { parseShell, simpleCommands, Word } from "./shell";
import type { ServerModel } from "./stack-model";

/** Stands for a template unit's instance name inside a value (`openclaw-%i` -> `openclaw-\0`). */
export const INSTANCE = "\u0000";

/** A value the pack cannot read: why, and (when it is the same unknown for two gateways) a token. */
export interface Unknown {
  unknown: string;
  /** Two unknowns with the same token are the same value (the home of the same user). */
  token?: string;
}
export type Val = string | Unknown;

export const isUnknown = (v: Val | undefined): v is Unknown => typeof v === "object" && v !== null;

export interface GatewayInstance {
  /** The unit's name (`openclaw-gateway.service`), for messages; a second gateway in one unit gets `#2`. */
  unit: string;
  /** A template unit: every instance runs a gateway like this one. */
  template: boolean;
  /** The unit file (or, for a unit the stack ships only drop-ins for, its first drop-in). */
  path: string;
  /** The service user (`root` when none); an instance placeholder inside for a per-instance user. */
  user: Val;
  port: Val;
  /** Where the port comes from ("--port", "OPENCLAW_GATEWAY_PORT", "gateway.port in …", "OpenClaw's default"). */
  portFrom: string;
  stateDir: Val;
  configPath: Val;
  /** Agent workspaces (configured, and the default one when agents.defaults.workspace is unset). */
  workspaces: Val[];
  /** EnvironmentFile= paths (what systemd reads into the gateway's environment). */
  envFiles: Val[];
}

const SYSTEM_DIR = /^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|system\.control|transient)\//;
/** User units: run by a user's own systemd (`openclaw gateway install` writes one), under that user. */
const USER_UNIT = /^(?:\/(etc|usr\/lib|lib|usr\/local\/lib)\/systemd\/user\/|(.*)\/\.config\/systemd\/user\/)([^/]+\.service)$/;

/** Environment variables that decide a gateway's identity (its home, profile, state, config, workspace, port). */
const IDENTITY_KEYS = ["HOME", "OPENCLAW_HOME", "OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_WORKSPACE_DIR", "OPENCLAW_GATEWAY_PORT"];

const DEFAULT_PORT = "18789";
const DEV_PORT = "19001";

const unknown = (why: string, token?: string): Unknown => (token === undefined ? { unknown: why } : { unknown: why, token });

/** A Val derived from another: unknowns carry their token forward (with the suffix). */
function derive(v: Val, f: (s: string) => Val, suffix = ""): Val {
  if (isUnknown(v)) return v.token === undefined ? v : unknown(v.unknown, `${v.token}${suffix}`);
  return f(v);
}

export function show(v: Val): string {
  return isUnknown(v) ? `(${v.unknown})` : v.split(INSTANCE).join("<instance>");
}

// ---- systemd ---------------------------------------------------------------------------------

interface UnitContext {
  name: string;
  /** A template (`x@.service`): the instance is INSTANCE; an instance (`x@a.service`): `a`. */
  instance?: string;
  template: boolean;
}

/** systemd's specifiers (systemd.unit(5)); undefined when one the pack does not resolve appears. */
function specifiers(value: string, ctx: UnitContext): string | undefined {
  const dot = ctx.name.lastIndexOf(".");
  const stem = ctx.name.slice(0, dot);
  const at = stem.indexOf("@");
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = ctx.template ? INSTANCE : (ctx.instance ?? "");
  const full = at >= 0 ? `${prefix}@${instance}${ctx.name.slice(dot)}` : ctx.name;
  const table: Record<string, string> = {
    "%": "%",
    i: instance,
    I: instance,
    n: full,
    N: full.slice(0, full.lastIndexOf(".")),
    p: prefix,
    P: prefix,
    j: prefix.slice(prefix.lastIndexOf("-") + 1),
    J: prefix.slice(prefix.lastIndexOf("-") + 1),
    f: `/${instance || prefix}`,
    E: "/etc",
    S: "/var/lib",
    C: "/var/cache",
    L: "/var/log",
    t: "/run",
    T: "/tmp",
    V: "/var/tmp",
  };
  let ok = true;
  const out = value.replace(/%(.)/g, (_, c: string) => {
    if (c in table) return table[c];
    ok = false;
    return "";
  });
  return ok ? out : undefined;
}

/** Values of a list setting after its last reset (an empty assignment). */
function afterReset(values: string[] | undefined): string[] {
  const list = (values ?? []).map((v) => v.trim());
  return list.slice(list.lastIndexOf("") + 1);
}

/** `Environment=` words: `A=1 "B=two words" 'C=3'`. */
function environmentAssignments(value: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    const text = m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3]);
    const eq = text.indexOf("=");
    if (eq > 0) out.push([text.slice(0, eq), text.slice(eq + 1)]);
  }
  return out;
}

/** An env file as systemd reads it (KEY=value lines, comments, quotes). */
function envFileAssignments(content: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of content.replace(/\\\n/g, "").split("\n")) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!m) continue;
    const v = m[2];
    out.set(m[1], /^"(.*)"$/.test(v) ? v.slice(1, -1).replace(/\\(.)/g, "$1") : /^'(.*)'$/.test(v) ? v.slice(1, -1) : v);
  }
  return out;
}

/** What an env file holds, for the identity keys: known values, or the reason it cannot be read. */
type EnvFileReading = { vars: Map<string, string> } | { unreadable: string };

/**
 * Reads the env file at `path` as the stack leaves it: the files it ships there (user data, copies,
 * literal writes) and the secrets step of the catalogue (its stdin is the file). A step the pack
 * cannot read that names the file, or a copy into its directory, makes it unreadable.
 */
function readEnvFile(server: ServerModel, files: Map<string, string>, path: string): EnvFileReading {
  const base = nodePath.posix.basename(path);
  const dir = nodePath.posix.dirname(path);
  const contents: string[] = [];
  if (files.has(path)) contents.push(files.get(path)!);
  if (server.userDataUnknown) return { unreadable: `user data unknown at preview may write ${path}` };
  if (server.userData.commands.some((c) => c.text.includes(base))) return { unreadable: `a user data command writes or names ${path}` };
  for (const st of server.steps) {
    if (st.reading.step === "gateway-secrets") {
      if (st.reading.inputs?.OC_ENV_FILE !== path) continue;
      const stdin = raw(st.resource.props).stdin;
      if (typeof stdin !== "string") return { unreadable: `step '${st.resource.name}' writes ${path} from a stdin the pack cannot read` };
      contents.push(stdin);
    } else if (st.reading.step) {
      continue; // reviewed catalogue scripts read the env file at most
    } else if (st.kind === "copy") {
      const dest = raw(st.resource.props).remotePath;
      const d = typeof dest === "string" ? normalizePath(dest) : undefined;
      if (d === path || d === dir || (d !== undefined && path.startsWith(`${d}/`))) {
        if (!st.reading.files.some((f) => f.path === path)) return { unreadable: `copy '${st.resource.name}' may put content the pack cannot read at ${path}` };
      } else if (dest === UNKNOWN || d === undefined) return { unreadable: `copy '${st.resource.name}' copies to a destination the pack cannot read` };
    } else if (namesFile(raw(st.resource.props), base)) {
      return { unreadable: `step '${st.resource.name}' names ${path} in a command the pack does not read as a write` };
    }
  }
  const vars = new Map<string, string>();
  for (const c of contents) {
    for (const [k, v] of envFileAssignments(c)) {
      if (!IDENTITY_KEYS.includes(k)) continue;
      // Messages quote these values: anything but a plain path, port or name is not read (nor shown).
      if (!/^[A-Za-z0-9_.\/~:@\[\]-]{0,256}$/.test(v) || findSecretLooking(v).length > 0) return { unreadable: `${k} in ${path} is not a plain value the pack reads` };
      if (contents.length > 1 && vars.has(k) && vars.get(k) !== v) return { unreadable: `${path} is written by several steps with different ${k}` };
      vars.set(k, v);
    }
  }
  return { vars };
}

/**
 * Whether a step's command names a file (by its base name) anywhere but in a heredoc's body (which
 * is content the pack reads as a file of its own, such as a unit that lists it as EnvironmentFile=).
 */
function namesFile(props: any, base: string): boolean {
  return ["create", "update"].some((field) => {
    const text = props[field];
    if (text === UNKNOWN) return true;
    if (typeof text !== "string") return false;
    return simpleCommands(parseShell(text)).some(
      (c) => [...c.assignments, ...c.words].some((w) => w.raw.includes(base) || w.text.includes(base)) || c.redirections.some((r) => !r.op.startsWith("<<") && r.target.text.includes(base)),
    );
  });
}

/** The unit's environment for the identity keys; `undefined` = unset. */
type Env = Map<string, Val>;

// ---- OpenClaw --------------------------------------------------------------------------------

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** OpenClaw's port for a named profile without one configured (FNV-1a of the name, 20000–59999). */
export function profilePort(profile: string): string {
  let hash = 2166136261;
  for (const byte of Buffer.from(profile, "utf8")) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return String(20000 + (hash % 40000));
}

/** OPENCLAW_GATEWAY_PORT as OpenClaw reads it: `N` or `host:N`; null when it reads none. */
function envPort(value: string): string | null {
  const t = value.trim();
  const m = t.match(/^(\d+)$/) ?? t.match(/^\[[^\]]+\]:(\d+)$/) ?? t.match(/^[^:]+:(\d+)$/);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 65535 ? String(n) : null;
}

/** A port word (`--port N`): numeric, or numeric with an instance placeholder. */
function portWord(v: Val): Val {
  if (isUnknown(v)) return v;
  if (/^\d+$/.test(v)) return String(Number(v));
  if (/^[\d\u0000]+$/.test(v)) return v;
  return unknown(`--port ${show(v)} is not a port`);
}

/** The effective home (OPENCLAW_HOME, else HOME). */
function effectiveHome(env: Env): Val {
  const oc = env.get("OPENCLAW_HOME");
  const home = env.get("HOME") ?? unknown("no HOME");
  if (oc === undefined || (typeof oc === "string" && oc.trim() === "")) return home;
  if (isUnknown(oc)) return oc;
  if (oc === "~" || oc.startsWith("~/")) return derive(home, (h) => nodePath.posix.join(h, oc.slice(1)), oc.slice(1));
  return nodePath.posix.resolve("/", oc);
}

/** A path as OpenClaw resolves a user path: `~` against the home, else against the working directory. */
function userPath(value: Val, home: Val, cwd: Val): Val {
  if (isUnknown(value)) return value;
  const t = value.trim();
  if (t === "~" || t.startsWith("~/")) return derive(home, (h) => nodePath.posix.join(h, t.slice(1)), t.slice(1));
  if (t.startsWith("/")) return nodePath.posix.resolve(t);
  return derive(cwd, (c) => nodePath.posix.resolve(c, t), `/${t}`);
}

interface Command {
  /** argv after the openclaw program (root options and the gateway's). */
  args: Val[];
  env: Env;
  /** Why the command line cannot be read (then its port and paths are unknown). */
  unreadable?: string;
  /** The user it runs as changed (sudo, runuser…): unknown. */
  userChanged?: string;
}

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh"]);
const PASSTHROUGH = new Set(["exec", "nohup", "nice", "ionice", "timeout", "stdbuf", "command", "time", "setsid", "unbuffer", "systemd-cat"]);
const IDENTITY_CHANGERS = new Set(["sudo", "doas", "su", "runuser", "setpriv", "chroot", "nsenter", "setuidgid", "s6-setuidgid", "chpst", "machinectl", "systemd-run", "podman", "docker"]);
/** Node options that take a value (the next word). */
const NODE_VALUE_OPTS = new Set(["-r", "--require", "--import", "--loader", "--experimental-loader", "--title", "--conditions", "-C", "--max-old-space-size"]);

/** A word's value: literal, or with `$X`/`${X}` from the environment, else unknown. */
function wordValue(w: Word, env: Env): Val {
  if (!w.dynamic) return w.text;
  const computed = unknown(`'${w.raw.slice(0, 40)}' is computed at run time`);
  if (!/^(?:[^$`*?[~{]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})*$/.test(w.text)) return computed;
  let out: Val = "";
  for (const part of w.text.split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/)) {
    const name = part.match(/^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/)?.[1];
    const v: Val = name === undefined ? part : (env.get(name) ?? "");
    if (isUnknown(v)) return v;
    out = `${out}${v}`;
  }
  return out;
}

/** Words of a command with the environment expanded; an unquoted expansion splits at blanks. */
function expandWords(words: Word[], env: Env): Val[] {
  return words.flatMap((w) => {
    const v = wordValue(w, env);
    const quoted = /^["']/.test(w.raw);
    return w.dynamic && !quoted && typeof v === "string" ? v.split(/\s+/).filter((x) => x !== "") : [v];
  });
}

const basename = (v: Val) => (isUnknown(v) ? "" : nodePath.posix.basename(v));

/** The gateway commands in one command line (a unit's ExecStart, or a `sh -c` script in it). */
function gatewayCommands(text: string, env0: Env, depth: number): Command[] {
  const parsed = parseShell(text);
  const out: Command[] = [];
  let env = new Map(env0);
  for (const cmd of simpleCommands(parsed)) {
    let words: Val[] = expandWords(cmd.words, env);
    const cmdEnv = new Map(env);
    for (const a of cmd.assignments) {
      const m = a.text.match(/^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/);
      if (m) cmdEnv.set(m[1], a.dynamic ? wordValue({ ...a, text: m[2] }, env) : m[2]);
    }
    if (words.length === 0) {
      // NAME=value alone: a shell variable, exported to what follows only if it already was.
      for (const [k, v] of cmdEnv) if (env.get(k) !== v) env.set(k, env.has(k) ? v : unknown(`${k} is set as a shell variable`));
      continue;
    }
    if (basename(words[0]) === "export") {
      for (const w of words.slice(1)) {
        if (isUnknown(w)) continue;
        const m = w.match(/^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/);
        if (m) env.set(m[1], m[2]);
      }
      continue;
    }
    const joined = words.map((w) => (isUnknown(w) ? "" : w)).join(" ");
    const mentionsGateway = /openclaw/.test(joined) && /\bgateway\b/.test(joined);
    let userChanged: string | undefined;
    // Wrappers: env, exec, nohup…; a user switch is noted (the account then is not the unit's).
    for (let guard = 0; guard < 12 && words.length > 0; guard++) {
      const name = basename(words[0]);
      if (name === "env") {
        let i = 1;
        for (; i < words.length; i++) {
          const w = words[i];
          if (isUnknown(w)) break;
          if (w === "-i" || w === "--ignore-environment" || w === "-") cmdEnv.clear();
          else if (w === "-u" || w === "--unset") cmdEnv.delete(String(words[++i]));
          else if (/^-[SC]|^--(split-string|chdir)/.test(w)) return [...out, { args: [], env: cmdEnv, unreadable: `env ${w} is not read` }];
          else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) cmdEnv.set(w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1));
          else if (!w.startsWith("-")) break;
        }
        words = words.slice(i);
      } else if (PASSTHROUGH.has(name)) {
        let i = 1;
        while (i < words.length && !isUnknown(words[i]) && (String(words[i]).startsWith("-") || (name === "timeout" && /^\d/.test(String(words[i]))))) i++;
        words = words.slice(i);
      } else if (IDENTITY_CHANGERS.has(name)) {
        userChanged = `it runs through ${name}`;
        let i = 1;
        while (i < words.length && !isUnknown(words[i]) && !/openclaw|node/.test(String(words[i]))) i++;
        words = words.slice(i);
      } else break;
    }
    const program = basename(words[0]);
    if (SHELLS.has(program)) {
      const c = words.findIndex((w) => w === "-c" || (typeof w === "string" && /^-[a-z]*c$/.test(w)));
      const script = c > 0 ? words[c + 1] : undefined;
      if (typeof script === "string" && depth < 3) {
        out.push(...gatewayCommands(script, cmdEnv, depth + 1).map((g) => ({ ...g, userChanged: g.userChanged ?? userChanged })));
      } else if (mentionsGateway) out.push({ args: [], env: cmdEnv, unreadable: `it runs the gateway through ${program} in a form the pack does not read`, userChanged });
      continue;
    }
    // The program: node (with its options) and an OpenClaw entry, or an `openclaw` executable.
    let i = 0;
    if (/^(node|nodejs)(\d+)?$/.test(program)) {
      i = 1;
      while (i < words.length && typeof words[i] === "string" && String(words[i]).startsWith("-")) {
        const w = String(words[i]);
        if (/^--env-file/.test(w)) return [...out, { args: [], env: cmdEnv, unreadable: `node ${w} loads an environment the pack does not read`, userChanged }];
        i += NODE_VALUE_OPTS.has(w) ? 2 : 1;
      }
    }
    const entry = words[i];
    if (entry === undefined || isUnknown(entry) || !/openclaw/.test(entry)) {
      if (mentionsGateway) out.push({ args: [], env: cmdEnv, unreadable: `the pack cannot tell how '${joined.slice(0, 60)}' starts the gateway`, userChanged });
      continue;
    }
    const args = words.slice(i + 1);
    if (!args.includes("gateway")) {
      // An OpenClaw command that is not the gateway, or a script named like it: the pack cannot tell.
      if (mentionsGateway) out.push({ args: [], env: cmdEnv, unreadable: `the pack cannot tell how '${joined.slice(0, 60)}' starts the gateway`, userChanged });
      continue;
    }
    out.push({ args, env: cmdEnv, userChanged });
  }
  return out;
}

/** Gateway subcommands that only ask a running gateway something (no gateway of their own). */
const READ_ONLY_GATEWAY = new Set(["status", "health", "probe", "call", "discover", "logs", "usage-cost", "help"]);
const ROOT_VALUE_FLAGS = new Set(["--profile", "--log-level", "--container"]);

interface Resolved {
  port: Val;
  portFrom: string;
  stateDir: Val;
  configPath: Val;
  workspaces: Val[];
}

/**
 * What OpenClaw makes of a gateway command: its profile (root options), its port, state dir,
 * config and workspaces; undefined when the command asks a gateway something instead of running one.
 */
function resolveGateway(cmd: Command, cwd: Val, files: Map<string, string>): Resolved | undefined {
  const all = (why: string): Resolved => ({ port: unknown(why), portFrom: "", stateDir: unknown(why), configPath: unknown(why), workspaces: [unknown(why)] });
  if (cmd.unreadable) return all(cmd.unreadable);
  const env = new Map(cmd.env);
  const args = cmd.args;
  let profile: Val | undefined;
  let port: Val | undefined;
  let seenGateway = false;
  let sub: Val | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // A word the pack cannot read may be any option (--port, --profile…).
    if (isUnknown(a)) return all(a.unknown);
    if (a === "--") break;
    if (a === "--dev" && !seenGateway) profile = "dev";
    else if (a === "--profile") profile = args[++i] ?? unknown("--profile without a value");
    else if (a.startsWith("--profile=")) profile = a.slice("--profile=".length);
    else if (a === "--container" || a.startsWith("--container=")) return all(`--container runs the gateway somewhere else`);
    else if (ROOT_VALUE_FLAGS.has(a)) i++;
    else if (seenGateway && (a === "--port" || a.startsWith("--port="))) port = portWord(a === "--port" ? (args[++i] ?? unknown("--port without a value")) : a.slice("--port=".length));
    else if (seenGateway && /^--(bind|token|token-file|auth|password|password-file|tailscale|ws-log|raw-stream-path)$/.test(a)) i++;
    else if (!a.startsWith("-") && !seenGateway && a === "gateway") seenGateway = true;
    else if (!a.startsWith("-") && seenGateway && sub === undefined) sub = a;
  }
  if (typeof sub === "string" && READ_ONLY_GATEWAY.has(sub)) return undefined;
  if (sub !== undefined && sub !== "run") return all(`'gateway ${show(sub)}' starts a gateway the pack cannot read`);

  // The CLI's profile switch (applyCliProfileEnv): ~/.openclaw-<profile> unless a state dir of another profile was given.
  const home = () => effectiveHome(env);
  const profileDir = (p: string): Val => derive(home(), (h) => nodePath.posix.join(h, p === "default" ? ".openclaw" : `.openclaw-${p}`), `/.openclaw-${p}`);
  if (profile !== undefined) {
    if (isUnknown(profile)) return all(profile.unknown);
    if (!PROFILE_NAME.test(profile)) return all(`--profile ${profile} is not a profile name`);
    const inherited = env.get("OPENCLAW_PROFILE");
    const inheritedName = inherited === undefined ? "default" : isUnknown(inherited) ? undefined : inherited.trim() || "default";
    if (inheritedName === undefined) return all((inherited as Unknown).unknown);
    const inheritedDir = profileDir(inheritedName);
    const selectedDir = profileDir(profile);
    const same = (a: Val, b: Val) => !isUnknown(a) && !isUnknown(b) && a === b;
    const switches = !same(inheritedDir, selectedDir) && inheritedName.toLowerCase() !== profile.toLowerCase();
    const existingState = env.get("OPENCLAW_STATE_DIR");
    const existingConfig = env.get("OPENCLAW_CONFIG_PATH");
    if ((existingState && isUnknown(existingState)) || (existingConfig && isUnknown(existingConfig))) return all(((existingState as Unknown)?.unknown ?? (existingConfig as Unknown)?.unknown) || "unknown");
    // Whether the given state dir / config is the inherited profile's (then the switch replaces it).
    if (switches && (existingState || existingConfig) && isUnknown(inheritedDir)) return all(`--profile ${profile} may or may not replace the state dir the unit sets (${inheritedDir.unknown})`);
    const switchesState = !!existingState && switches && same(userPath(existingState, home(), cwd), inheritedDir);
    const replacesConfig = switches && (!existingState || switchesState) && !!existingConfig && same(userPath(existingConfig, home(), cwd), derive(inheritedDir, (d) => `${d}/openclaw.json`));
    const stateDir = existingState && !switchesState ? existingState : selectedDir;
    if (!existingState || switchesState) env.set("OPENCLAW_STATE_DIR", stateDir);
    if (!existingConfig || replacesConfig) env.set("OPENCLAW_CONFIG_PATH", derive(stateDir, (d) => `${d}/openclaw.json`, "/openclaw.json"));
    env.set("OPENCLAW_PROFILE", profile);
    if (profile === "dev" && !env.get("OPENCLAW_GATEWAY_PORT")) env.set("OPENCLAW_GATEWAY_PORT", DEV_PORT);
  }

  const setVar = (k: string) => {
    const v = env.get(k);
    return v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v;
  };
  const stateOverride = setVar("OPENCLAW_STATE_DIR");
  const stateDir = stateOverride !== undefined ? userPath(stateOverride, home(), cwd) : derive(home(), (h) => nodePath.posix.join(h, ".openclaw"), "/.openclaw");
  const configOverride = setVar("OPENCLAW_CONFIG_PATH");
  const configPath = configOverride !== undefined ? userPath(configOverride, home(), cwd) : derive(stateDir, (d) => `${d}/openclaw.json`, "/openclaw.json");

  // openclaw.json: the one the stack ships at the config path.
  let config: any;
  let configProblem: string | undefined;
  if (isUnknown(configPath)) configProblem = `its config path cannot be read: ${configPath.unknown}`;
  else if (configPath.includes(INSTANCE)) configProblem = `its config path ${show(configPath)} depends on the instance`;
  else if (!files.has(configPath)) config = {}; // none: OpenClaw's defaults (every write of an openclaw.json is read, or refused)
  else {
    try {
      config = JSON.parse(files.get(configPath)!);
    } catch {
      configProblem = `${configPath} is not JSON the pack can read`;
    }
  }

  const profileEnv = setVar("OPENCLAW_PROFILE");
  let portFrom = "--port";
  if (port === undefined) {
    const fromEnv = setVar("OPENCLAW_GATEWAY_PORT");
    const parsedEnv = fromEnv === undefined ? null : isUnknown(fromEnv) ? fromEnv : envPort(fromEnv);
    if (parsedEnv !== null) {
      port = parsedEnv;
      portFrom = "OPENCLAW_GATEWAY_PORT";
    } else if (configProblem) {
      port = unknown(configProblem);
    } else {
      const p = config?.gateway?.port;
      if (typeof p === "number" && Number.isFinite(p) && p > 0) {
        port = String(p);
        portFrom = `gateway.port in ${configPath as string}`;
      } else if (p !== undefined && p !== null && typeof p !== "number") {
        port = unknown(`gateway.port in ${configPath as string} is not a number`);
      } else if (profileEnv !== undefined) {
        if (isUnknown(profileEnv)) port = profileEnv;
        else {
          const name = profileEnv.trim();
          port = name.toLowerCase() === "default" || !PROFILE_NAME.test(name) ? DEFAULT_PORT : profilePort(name);
          portFrom = name.toLowerCase() === "default" || !PROFILE_NAME.test(name) ? "OpenClaw's default" : `profile '${name}'`;
        }
      } else {
        port = DEFAULT_PORT;
        portFrom = "OpenClaw's default";
      }
    }
  }

  // Workspaces: each configured one, and the default one unless agents.defaults.workspace is set.
  const workspaces: Val[] = [];
  if (configProblem) workspaces.push(unknown(configProblem));
  else {
    const configured = [config?.agents?.defaults?.workspace, ...(Array.isArray(config?.agents?.list) ? config.agents.list.map((a: any) => a?.workspace) : [])];
    for (const w of configured) {
      if (typeof w === "string" && w.trim()) workspaces.push(userPath(w, home(), cwd));
      else if (w !== undefined && w !== null) workspaces.push(unknown(`a workspace in ${configPath as string} is not a path`));
    }
    if (typeof config?.agents?.defaults?.workspace !== "string") {
      const wsEnv = setVar("OPENCLAW_WORKSPACE_DIR");
      const named = profileEnv !== undefined && !isUnknown(profileEnv) && profileEnv.trim().toLowerCase() !== "default" ? profileEnv.trim() : undefined;
      workspaces.push(
        wsEnv !== undefined
          ? userPath(wsEnv, home(), cwd)
          : stateOverride !== undefined
            ? derive(stateDir, (d) => `${d}/workspace`, "/workspace")
            : named
              ? derive(profileDir(named), (d) => `${d}/workspace`, "/workspace")
              : derive(home(), (h) => nodePath.posix.join(h, ".openclaw", "workspace"), "/.openclaw/workspace"),
      );
    }
  }
  return { port, portFrom, stateDir, configPath, workspaces };
}

// ---- units -----------------------------------------------------------------------------------

/** A unit's settings with its drop-ins, in systemd's order (file name across directories). */
function mergeUnit(files: Map<string, string>, content: string, dropInFiles: string[]): Map<string, string[]> {
  const merged = unitAssignments(content);
  const sorted = [...dropInFiles].sort((a, b) => (nodePath.posix.basename(a) < nodePath.posix.basename(b) ? -1 : nodePath.posix.basename(a) > nodePath.posix.basename(b) ? 1 : 0));
  for (const d of sorted) for (const [k, v] of unitAssignments(files.get(d)!)) merged.set(k, [...(merged.get(k) ?? []), ...v]);
  return merged;
}

function systemDropIns(files: Map<string, string>, dirs: string[]): string[] {
  return [...files.keys()].filter((p) => {
    if (!SYSTEM_DIR.test(p) || !p.endsWith(".conf")) return false;
    const parts = p.replace(SYSTEM_DIR, "").split("/");
    return parts.length === 2 && dirs.includes(parts[0]);
  });
}

interface UnitSource {
  ctx: UnitContext;
  path: string;
  merged: Map<string, string[]>;
  /** User units: whose systemd runs them (the home they sit in, or any user's). */
  userUnit?: { home?: string };
  /** The stack ships only drop-ins for it: the unit itself is not the stack's. */
  dropInOnly: boolean;
}

/** The service units the stack ships to a server (system and user units), merged with their drop-ins. */
function serviceUnits(files: Map<string, string>): UnitSource[] {
  const out: UnitSource[] = [];
  for (const name of unitNames(files)) {
    if (!name.endsWith(".service")) continue;
    const stem = name.slice(0, -".service".length);
    if (stem.endsWith("-")) continue; // a dash-prefix drop-in directory (`openclaw-.service.d`), not a unit
    const at = stem.indexOf("@");
    const template = at >= 0 && at === stem.length - 1;
    const instance = at >= 0 && !template ? stem.slice(at + 1) : undefined;
    const templateName = at >= 0 ? `${stem.slice(0, at)}@.service` : undefined;
    const own = unitFile(files, name);
    const file = own ?? (instance !== undefined && templateName ? unitFile(files, templateName) : undefined);
    const dirs = [...dropInDirs(name), ...(instance !== undefined && templateName ? [`${templateName}.d`] : [])];
    const dropIns = systemDropIns(files, dirs);
    out.push({
      ctx: { name, instance, template },
      path: file ?? dropIns[0] ?? name,
      merged: mergeUnit(files, file ? files.get(file)! : "", dropIns),
      dropInOnly: file === undefined,
    });
  }
  for (const p of files.keys()) {
    const m = p.match(USER_UNIT);
    if (!m) continue;
    const name = m[3];
    const dir = nodePath.posix.dirname(p);
    const dropIns = [...files.keys()].filter((d) => d.startsWith(`${dir}/${name}.d/`) && d.endsWith(".conf"));
    out.push({ ctx: { name, template: /@\.service$/.test(name) }, path: p, merged: mergeUnit(files, files.get(p)!, dropIns), userUnit: { home: m[2] || undefined }, dropInOnly: false });
  }
  return out;
}

const ROOT = /^(root|0)$/;

/** Every gateway the units shipped to the server run. */
export function gatewayInstances(server: ServerModel): GatewayInstance[] {
  const files = overlay(server.files);
  const out: GatewayInstance[] = [];
  for (const unit of serviceUnits(files)) {
    const { ctx, merged } = unit;
    const execs = afterReset(merged.get("Service.ExecStart"));
    const gatewayLines = execs.filter((v) => /openclaw/.test(v) && /\bgateway\b/.test(v));
    // A unit the stack ships only drop-ins for, named like OpenClaw's: it may be a gateway (as the
    // pack's other readers take it) whose command and settings the pack cannot read.
    const opaque = unit.dropInOnly && !unit.userUnit && /openclaw/.test(ctx.name) && gatewayLines.length === 0 && execs.length === 0;
    if (gatewayLines.length === 0 && !opaque) continue;
    const spec = (v: string | undefined): Val | undefined => (v === undefined ? undefined : (specifiers(v, ctx) ?? unknown(`'${v}' uses a systemd specifier the pack does not resolve`)));
    const why = (what: string) => `${ctx.name} is shipped only as drop-ins; its ${what} is the unit's own`;

    // The service user (user units: the account whose systemd runs them).
    let user: Val;
    if (unit.userUnit) user = unknown(unit.userUnit.home ? `the owner of ${unit.userUnit.home}` : `any user's (a global user unit)`, unit.userUnit.home ? `owner:${unit.userUnit.home}` : undefined);
    else {
      const u = spec(lastValue(merged, "Service.User")?.trim() || undefined);
      const dynamic = /^(yes|true|1|on)$/i.test(lastValue(merged, "Service.DynamicUser")?.trim() ?? "");
      user = u ?? (dynamic ? (specifiers("%N", ctx) ?? ctx.name) : unit.dropInOnly ? unknown(why("user")) : "root");
    }

    // The environment the gateway starts with: HOME from the user, Environment=, then env files.
    const env: Env = new Map();
    if (unit.userUnit?.home) env.set("HOME", unit.userUnit.home);
    else if (isUnknown(user)) env.set("HOME", unknown(`the home of ${user.unknown}`, user.token ? `home:${user.token}` : undefined));
    else env.set("HOME", unknown(`the home of user '${show(user)}' (the unit sets no HOME)`, `home:${user}`));
    if (unit.dropInOnly) for (const k of IDENTITY_KEYS) if (k !== "HOME") env.set(k, unknown(why("environment")));
    for (const e of afterReset(merged.get("Service.Environment"))) {
      const resolved = spec(e);
      for (const [k, v] of environmentAssignments(isUnknown(resolved) ? e : resolved!)) if (IDENTITY_KEYS.includes(k)) env.set(k, isUnknown(resolved) ? resolved : v);
    }
    const envFiles: Val[] = [];
    for (const e of afterReset(merged.get("Service.EnvironmentFile"))) {
      const optional = e.startsWith("-");
      const p = spec(optional ? e.slice(1).trim() : e);
      const path = isUnknown(p) ? p : /[*?[]/.test(p!) ? unknown(`EnvironmentFile=${e} is a wildcard`) : (normalizePath(p!) ?? unknown(`EnvironmentFile=${e} is not an absolute path`));
      envFiles.push(path);
      const reading: EnvFileReading = isUnknown(path)
        ? { unreadable: path.unknown }
        : path.includes(INSTANCE)
          ? { unreadable: `${show(path)} differs per instance` }
          : readEnvFile(server, files, path);
      if ("unreadable" in reading) for (const k of IDENTITY_KEYS) env.set(k, unknown(`EnvironmentFile ${show(path)} may set ${k}: ${reading.unreadable}`));
      else for (const [k, v] of reading.vars) env.set(k, v);
    }
    for (const u of afterReset(merged.get("Service.UnsetEnvironment"))) for (const k of u.split(/\s+/)) if (IDENTITY_KEYS.includes(k.split("=")[0])) env.delete(k.split("=")[0]);
    const wd = lastValue(merged, "Service.WorkingDirectory")?.trim().replace(/^-/, "");
    const cwd: Val = !wd ? "/" : wd === "~" ? (env.get("HOME") ?? unknown("no HOME")) : (spec(wd) ?? "/");

    const lines: (string | undefined)[] = gatewayLines.length > 0 ? gatewayLines : [undefined];
    let n = 0;
    for (const line of lines) {
      let commands: Command[];
      if (line === undefined) commands = [{ args: [], env, unreadable: why("command") }];
      else {
        const prefix = line.match(/^[@\-:+!]*/)![0];
        const bare = line.slice(prefix.length);
        const resolved = specifiers(bare, ctx);
        commands = resolved === undefined ? [{ args: [], env, unreadable: `'${bare.slice(0, 60)}' uses a systemd specifier the pack does not resolve` }] : gatewayCommands(prefix.includes("@") ? dropArgv0(resolved) : resolved, env, 0);
        if (commands.length === 0) commands = [{ args: [], env, unreadable: `the pack cannot tell how '${bare.slice(0, 60)}' starts the gateway` }];
      }
      for (const c of commands) {
        const r = resolveGateway(c, cwd, files);
        if (!r) continue;
        n++;
        out.push({
          unit: n > 1 ? `${ctx.name}#${n}` : ctx.name,
          template: ctx.template,
          path: unit.path,
          user: c.userChanged ? unknown(c.userChanged) : user,
          ...r,
          envFiles,
        });
      }
    }
  }
  return out;
}

/** `@path argv0 args…`: systemd runs path with argv[0] set; the pack reads path and args. */
function dropArgv0(line: string): string {
  const words = line.trim().split(/\s+/);
  return [words[0], ...words.slice(2)].join(" ");
}

// ---- comparing -------------------------------------------------------------------------------

export type Relation = "same" | "maybe" | "distinct";

function pattern(v: string, within: boolean): RegExp {
  const body = v.split(INSTANCE).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".+");
  return new RegExp(`^${body}${within ? "(/.*)?" : ""}$`);
}

/**
 * Whether two gateways' values are the same (for paths, `nested`: one inside the other). `self`: two
 * instances of one template (a value without the instance in it is every instance's).
 */
export function relate(a: Val, b: Val, opts: { self?: boolean; nested?: boolean } = {}): Relation {
  // Two instances of one template: each its own instance name (a value without one is every instance's).
  if (opts.self) {
    const as = (v: Val, mark: string): Val => (isUnknown(v) ? (v.token === undefined ? v : { ...v, token: v.token.split(INSTANCE).join(mark) }) : v.split(INSTANCE).join(mark));
    return relate(as(a, "\u0001"), as(b, "\u0002"), { nested: opts.nested });
  }
  if (isUnknown(a) || isUnknown(b)) {
    if (isUnknown(a) && isUnknown(b) && a.token !== undefined && a.token === b.token && !a.token.includes(INSTANCE)) return "same";
    return "maybe";
  }
  if (a.includes(INSTANCE) || b.includes(INSTANCE)) {
    if (a.includes(INSTANCE) && b.includes(INSTANCE)) return "maybe";
    const [p, s] = a.includes(INSTANCE) ? [a, b] : [b, a];
    return pattern(p, !!opts.nested).test(s) || (opts.nested && pattern(s, true).test(p.split(INSTANCE)[0])) ? "maybe" : "distinct";
  }
  if (a === b) return "same";
  if (opts.nested && (a.startsWith(`${b === "/" ? "" : b}/`) || b.startsWith(`${a === "/" ? "" : a}/`))) return "same";
  return "distinct";
}

export const isRoot = (user: Val) => typeof user === "string" && ROOT.test(user.trim());
