// sshd's configuration evaluated the way sshd (OpenSSH >= 8.7, as on Debian 12/13 and Ubuntu 24.04)
// reads it: the main file top to bottom, `Include` expanded in place in lexical order, the first
// value of a keyword winning, Match blocks applying only to the connections they match. A drop-in
// that sorts before ours therefore beats it, and one that sorts after loses. Pure: no I/O.
import { posix } from "node:path";

export interface SshdFile {
  path: string;
  content: string;
}

export interface EffectiveSshd {
  /** keyword (lower case) -> the value sshd applies to a normal connection (outside Match blocks, or under `Match all`). */
  settings: Map<string, string>;
  /** keyword -> path of the file that set it (several, comma-separated, for keywords whose lines add up, like AllowUsers). */
  sources: Map<string, string>;
  /** Problems reading: Includes the pack cannot see, Match blocks that weaken, lines sshd refuses. */
  problems: string[];
  /** Every directive read (Match and Include aside), in the order sshd reads them, with where it stands. */
  directives: SshdDirective[];
}

export interface SshdDirective {
  /** Lower case, aliases resolved (ChallengeResponseAuthentication is kbdinteractiveauthentication). */
  keyword: string;
  /** The keyword as the file spells it. */
  spelled: string;
  value: string;
  path: string;
  line: number;
  scope: Scope;
}

const MAIN_CONFIG = "/etc/ssh/sshd_config";
const DROP_IN_DIR = "/etc/ssh/sshd_config.d";
const DROP_IN_GLOB = `${DROP_IN_DIR}/*.conf`;

/** The directives of Debian 12/13's and Ubuntu 24.04's /etc/ssh/sshd_config (comments dropped). */
const IMAGE_MAIN_CONFIG = [
  `Include ${DROP_IN_GLOB}`,
  "KbdInteractiveAuthentication no",
  "UsePAM yes",
  "X11Forwarding yes",
  "PrintMotd no",
  "AcceptEnv LANG LC_*",
  "Subsystem sftp /usr/lib/openssh/sftp-server",
  "",
].join("\n");

/**
 * Keywords sshd parses as another (servconf.c's keyword table: ChallengeResponseAuthentication and
 * SKeyAuthentication are KbdInteractiveAuthentication since 8.7, DSAAuthentication is
 * PubkeyAuthentication, HostDSAKey is HostKey, KeepAlive is TCPKeepAlive).
 */
const ALIASES = new Map([
  ["challengeresponseauthentication", "kbdinteractiveauthentication"],
  ["skeyauthentication", "kbdinteractiveauthentication"],
  ["dsaauthentication", "pubkeyauthentication"],
  ["hostdsakey", "hostkey"],
  ["keepalive", "tcpkeepalive"],
  ["pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms"],
  ["hostbasedacceptedkeytypes", "hostbasedacceptedalgorithms"],
]);

/** Keywords whose lines add up instead of the first one winning (servconf.c: "appends to list"). */
export const ACCUMULATING = new Set(["allowusers", "allowgroups", "denyusers", "denygroups", "port", "listenaddress", "hostkey", "hostcertificate", "acceptenv", "subsystem"]);

/** The values sshd accepts for the keywords the hardening relies on; anything else stops sshd. */
const ACCEPTED = new Map([
  ["permitrootlogin", ["yes", "no", "prohibit-password", "without-password", "forced-commands-only"]],
  ["passwordauthentication", ["yes", "no"]],
  ["kbdinteractiveauthentication", ["yes", "no"]],
  ["permitemptypasswords", ["yes", "no"]],
  ["pubkeyauthentication", ["yes", "no"]],
]);

const NAMES: Record<string, string> = {
  permitrootlogin: "PermitRootLogin",
  passwordauthentication: "PasswordAuthentication",
  kbdinteractiveauthentication: "KbdInteractiveAuthentication",
  permitemptypasswords: "PermitEmptyPasswords",
  authenticationmethods: "AuthenticationMethods",
  allowusers: "AllowUsers",
  allowgroups: "AllowGroups",
};

/**
 * Where a line stands: "global" applies to every connection, "all" is under `Match all` (applies to
 * every connection and, being re-read per connection, overrides global values), "conditional" is
 * under any other Match (applies to some connections only).
 */
export type Scope = "global" | "all" | "conditional";

interface Layer {
  values: Map<string, string>;
  sources: Map<string, string>;
}

interface Reader {
  files: Map<string, string>;
  global: Layer;
  matchAll: Layer;
  problems: string[];
  directives: SshdDirective[];
}

/**
 * `files`: the sshd config files present on the host, each at its path (later entries with the same
 * path replace earlier ones: pass them in write order). Without a /etc/ssh/sshd_config among them,
 * the Debian/Ubuntu image's is assumed (its first directive includes /etc/ssh/sshd_config.d/*.conf).
 */
export function effectiveSshd(files: SshdFile[]): EffectiveSshd {
  const known = new Map<string, string>();
  for (const f of files) known.set(posix.resolve("/", f.path), f.content);
  const r: Reader = { files: known, global: layer(), matchAll: layer(), problems: [], directives: [] };
  readConfig(r, MAIN_CONFIG, known.get(MAIN_CONFIG) ?? IMAGE_MAIN_CONFIG, "global");
  // What `Match all` sets wins for every connection; the rest comes from the global lines.
  const settings = new Map(r.global.values);
  const sources = new Map(r.global.sources);
  for (const [k, v] of r.matchAll.values) {
    settings.set(k, v);
    sources.set(k, r.matchAll.sources.get(k)!);
  }
  return { settings, sources, problems: r.problems, directives: r.directives };
}

function layer(): Layer {
  return { values: new Map(), sources: new Map() };
}

function readConfig(r: Reader, path: string, content: string, scope: Scope): void {
  let current = scope;
  content.split("\n").forEach((raw, i) => {
    const at = `${path} line ${i + 1}`;
    const line = parseLine(raw);
    if (!line) return;
    if ("error" in line) return void r.problems.push(`${at}: ${line.error} (sshd refuses the configuration)`);
    const keyword = ALIASES.get(line.keyword.toLowerCase()) ?? line.keyword.toLowerCase();
    const value = line.args.join(" ");
    if (keyword === "match") {
      // An included file read under a conditional Match never matches anything (SSHCFG_NEVERMATCH).
      const all = line.args.length === 1 && line.args[0].toLowerCase() === "all";
      current = scope !== "conditional" && all ? "all" : "conditional";
      return;
    }
    if (keyword === "include") return void line.args.forEach((arg) => include(r, path, at, arg, current));
    const refused = refusedValue(keyword, line.args);
    if (refused) return void r.problems.push(`${at}: ${line.keyword} ${refused} (sshd refuses the configuration)`);
    r.directives.push({ keyword, spelled: line.keyword, value, path, line: i + 1, scope: current });
    if (current === "conditional") {
      if (weakens(keyword, value)) r.problems.push(`${at}: a Match block sets ${line.keyword} '${value}' (weaker than the hardened baseline for the connections it matches)`);
      return;
    }
    set(current === "all" ? r.matchAll : r.global, keyword, value, path);
  });
}

function set(l: Layer, keyword: string, value: string, path: string): void {
  const previous = l.values.get(keyword);
  if (previous === undefined) {
    l.values.set(keyword, value);
    l.sources.set(keyword, path);
  } else if (ACCUMULATING.has(keyword)) {
    l.values.set(keyword, `${previous} ${value}`);
    const paths = l.sources.get(keyword)!.split(", ");
    if (!paths.includes(path)) l.sources.set(keyword, [...paths, path].join(", "));
  }
}

/**
 * Only the Debian/Ubuntu drop-in glob is expanded, from the files the caller passed; any other
 * Include names files the pack cannot see. Relative paths are relative to /etc/ssh, as in sshd.
 * Every drop-in matches the glob itself, so a drop-in including it recurses until sshd gives up.
 */
function include(r: Reader, from: string, at: string, arg: string, scope: Scope): void {
  const pattern = arg.startsWith("/") || arg.startsWith("~") ? arg : `/etc/ssh/${arg}`;
  if (posix.normalize(pattern) !== DROP_IN_GLOB) return void r.problems.push(`${at}: Include of '${arg}' (the pack cannot see it; only ${DROP_IN_GLOB} is read)`);
  if (from !== MAIN_CONFIG) return void r.problems.push(`${at}: Include of ${DROP_IN_GLOB} from a drop-in recurses (sshd refuses the configuration)`);
  for (const path of dropIns(r.files)) readConfig(r, path, r.files.get(path)!, scope);
}

/** glob(3) of /etc/ssh/sshd_config.d/*.conf: no hidden files, sorted bytewise (C locale). */
function dropIns(files: Map<string, string>): string[] {
  return [...files.keys()]
    .filter((p) => posix.dirname(p) === DROP_IN_DIR && p.endsWith(".conf") && !posix.basename(p).startsWith("."))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function refusedValue(keyword: string, args: string[]): string | undefined {
  const accepted = ACCEPTED.get(keyword);
  if (!accepted) return undefined;
  if (args.length > 1) return "has extra arguments";
  if (!accepted.includes(args[0].toLowerCase())) return `'${args[0]}' is not a value sshd accepts`;
  return undefined;
}

/** Whether a value, set for some connections, lets them in more easily than the hardened baseline. */
function weakens(keyword: string, value: string): boolean {
  switch (keyword) {
    case "permitrootlogin":
    case "passwordauthentication":
    case "kbdinteractiveauthentication":
    case "permitemptypasswords":
      return value.toLowerCase() !== "no";
    case "authenticationmethods":
      // "any", or an alternative list that does without a public key.
      return value.split(/\s+/).some((list) => list === "any" || !list.split(",").some((m) => m === "publickey" || m.startsWith("publickey:")));
    case "allowusers":
    case "allowgroups":
      // A conditional list replaces the global one for those connections: it can only add people.
      return true;
    default:
      return false;
  }
}

// ---- one line, as servconf.c splits it ----

type Line = { keyword: string; args: string[] } | { error: string } | undefined;

function parseLine(raw: string): Line {
  // load_server_config strips leading blanks; the line parser trailing whitespace and form feeds.
  const text = raw.replace(/^[ \t\r]+/, "").replace(/[ \t\r\n\f]+$/, "");
  let split = splitKeyword(text);
  // strdelim returns an empty first token for "=Keyword value"; sshd then takes the next one.
  if (split && split.keyword === "") split = splitKeyword(split.rest);
  if (!split || split.keyword === "" || split.keyword.startsWith("#")) return undefined;
  if (split.rest === "") return { error: `${split.keyword} has no value` };
  const args = argvSplit(split.rest);
  if (!args) return { error: `${split.keyword} has unbalanced quotes` };
  if (args.length === 0) return { error: `${split.keyword} has no value` };
  return { keyword: split.keyword, args };
}

/** strdelim: the keyword ends at whitespace, a quote or "="; one "=" between keyword and value is skipped. */
function splitKeyword(s: string): { keyword: string; rest: string } | undefined {
  const skipBlanks = (t: string) => t.replace(/^[ \t\r\n]+/, "");
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    return end < 0 ? undefined : { keyword: s.slice(1, end), rest: skipBlanks(s.slice(end + 1)) };
  }
  const keyword = /^[^ \t\r\n"=]*/.exec(s)![0];
  const delimiter = s[keyword.length];
  if (delimiter === undefined) return { keyword, rest: "" };
  if (delimiter === '"') return { keyword: s, rest: "" }; // sshd glues this into one unknown keyword
  let rest = skipBlanks(s.slice(keyword.length + 1));
  if (delimiter !== "=" && rest.startsWith("=")) rest = skipBlanks(rest.slice(1));
  return { keyword, rest };
}

/** misc.c argv_split with comments: quotes group, backslash escapes quotes, "\" and (unquoted) space; "#" starts a comment. */
function argvSplit(s: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === " " || s[i] === "\t") {
      i++;
      continue;
    }
    if (s[i] === "#") break;
    let arg = "";
    let quote = "";
    for (; i < s.length; i++) {
      const c = s[i];
      const next = s[i + 1];
      if (c === "\\" && (next === "'" || next === '"' || next === "\\" || (quote === "" && next === " "))) {
        arg += next;
        i++;
      } else if (quote === "" && (c === " " || c === "\t")) break;
      else if (quote === "" && (c === '"' || c === "'")) quote = c;
      else if (quote !== "" && c === quote) quote = "";
      else arg += c;
    }
    if (quote !== "") return undefined;
    args.push(arg);
  }
  return args;
}

// ---- the hardening ----

const REQUIRED_NO: [string, string][] = [
  ["permitrootlogin", "prohibit-password"],
  ["passwordauthentication", "yes"],
  ["kbdinteractiveauthentication", "yes"],
];

/**
 * PermitRootLogin, PasswordAuthentication and KbdInteractiveAuthentication (ChallengeResponseAuthentication
 * is the same keyword) must be "no" (unset means sshd's compiled default: prohibit-password, yes, yes);
 * PermitEmptyPasswords must not be "yes"; AllowUsers or AllowGroups must be set, without `*` or root.
 */
export function sshdHardeningProblems(effective: EffectiveSshd): string[] {
  const { settings, sources } = effective;
  const origin = (k: string) => (settings.has(k) ? `from ${sources.get(k)}` : "unset: sshd's default");
  const problems: string[] = [];
  for (const [k, compiledDefault] of REQUIRED_NO) {
    const value = settings.get(k) ?? compiledDefault;
    if (value.toLowerCase() !== "no") problems.push(`${NAMES[k]} is '${value}' (${origin(k)}); must be 'no'`);
  }
  const empty = settings.get("permitemptypasswords");
  if (empty !== undefined && empty.toLowerCase() !== "no") problems.push(`PermitEmptyPasswords is '${empty}' (${origin("permitemptypasswords")}); must be 'no'`);
  if (!settings.has("allowusers") && !settings.has("allowgroups")) problems.push("AllowUsers is unset, and so is AllowGroups: every account with a key may log in; must name the admin user");
  for (const k of ["allowusers", "allowgroups"]) {
    const value = settings.get(k);
    if (value === undefined) continue;
    const patterns = value.split(/\s+/).map((p) => (k === "allowusers" ? p.split("@")[0] : p));
    if (patterns.some((p) => /^[*?]*\*[*?]*$/.test(p))) problems.push(`${NAMES[k]} is '${value}' (${origin(k)}): '*' lets everyone in`);
    else if (patterns.some((p) => globMatches(p, "root"))) problems.push(`${NAMES[k]} is '${value}' (${origin(k)}): lets root in`);
  }
  return problems;
}

/** sshd's match_pattern: `*` and `?` wildcards, case-sensitive. */
function globMatches(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(name);
}
