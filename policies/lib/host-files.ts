// The host files the hardening consists of, as their programs read them: the files a server ends
// up with (every write in order), systemd units with their drop-ins, fail2ban's jail files in its
// read order, and apt's periodic settings.
import type { ShippedFile } from "./payloads";

/** Path -> final content after every write in order (an append adds to what is there). */
export function overlay(files: ShippedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) out.set(f.path, f.append ? `${out.get(f.path) ?? ""}${f.content}` : f.content);
  return out;
}

/** systemd unit syntax: `[Section]` and `Key=value` lines; returns `Section.Key` -> values in order. */
export function unitAssignments(content: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = "";
  for (const rawLine of content.replace(/\\\n/g, " ").split("\n")) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      section = header[1];
      continue;
    }
    const m = line.match(/^([A-Za-z0-9]+)\s*=\s*(.*)$/);
    if (!m) continue;
    const key = `${section}.${m[1]}`;
    out.set(key, [...(out.get(key) ?? []), m[2]]);
  }
  return out;
}

/** The value systemd applies for a single-valued setting: the last assignment (an empty one resets). */
export function lastValue(assignments: Map<string, string[]>, key: string): string | undefined {
  const values = assignments.get(key);
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

const SYSTEMD_DIR = /^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|system\.control|transient)\//;

/** Names of the system units these files define or drop in for (`openclaw-gateway.service`). */
export function unitNames(files: Map<string, string>): string[] {
  const names = new Set<string>();
  for (const p of files.keys()) {
    if (!SYSTEMD_DIR.test(p)) continue;
    const rest = p.replace(SYSTEMD_DIR, "");
    const m = rest.match(/^([^/]+\.(service|socket|timer|path))(\.d\/[^/]+)?$/);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

/** The unit file of a name systemd would load (the first directory in its search order that has it). */
export function unitFile(files: Map<string, string>, name: string): string | undefined {
  const order = ["/etc/systemd/system.control/", "/run/systemd/transient/", "/etc/systemd/system/", "/run/systemd/system/", "/usr/local/lib/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/"];
  return order.map((d) => `${d}${name}`).find((p) => files.has(p));
}

/**
 * A unit and its drop-ins merged in systemd's order: drop-ins from every directory systemd reads,
 * sorted by file name, after the unit.
 */
/**
 * Drop-in directories that apply to a unit (systemd.unit(5)): `name.d`, each dash prefix of the
 * name (`openclaw-.service.d`), and the unit type's own (`service.d`, every service).
 */
export function dropInDirs(name: string): string[] {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return [`${name}.d`];
  const [stem, type] = [name.slice(0, dot), name.slice(dot + 1)];
  const prefixes = [...stem.matchAll(/-/g)].map((m) => `${stem.slice(0, m.index! + 1)}.${type}.d`);
  return [`${type}.d`, ...prefixes, `${name}.d`];
}

/** Whether `relative` (a path under a systemd unit directory) is a drop-in file of unit `name`. */
function isDropInOf(relative: string, name: string): boolean {
  const parts = relative.split("/");
  return parts.length === 2 && dropInDirs(name).includes(parts[0]);
}

export function mergedUnit(files: Map<string, string>, name: string): Map<string, string[]> {
  const unit = name.includes("/") ? name : unitFile(files, name);
  const base = name.split("/").pop()!;
  const dropIns = [...files.keys()]
    .filter((p) => SYSTEMD_DIR.test(p) && p.endsWith(".conf") && isDropInOf(p.replace(SYSTEMD_DIR, ""), base))
    .sort((a, b) => (a.split("/").pop()! < b.split("/").pop()! ? -1 : a.split("/").pop()! > b.split("/").pop()! ? 1 : 0));
  const merged = unitAssignments(unit ? files.get(unit) ?? "" : "");
  for (const d of dropIns) for (const [k, v] of unitAssignments(files.get(d)!)) merged.set(k, [...(merged.get(k) ?? []), ...v]);
  return merged;
}

/** Whether a unit's command line starts the OpenClaw gateway. */
export function runsOpenclawGateway(assignments: Map<string, string[]>): boolean {
  return (assignments.get("Service.ExecStart") ?? []).some((v) => /openclaw/.test(v) && /\bgateway\b/.test(v));
}

/** INI as fail2ban reads it: `[section]`, `key = value`, continuation lines indented. */
function ini(content: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section = "DEFAULT";
  let lastKey: string | undefined;
  for (const rawLine of content.split("\n")) {
    if (/^\s*[#;]/.test(rawLine) || rawLine.trim() === "") continue;
    const header = rawLine.match(/^\s*\[([^\]]+)\]\s*$/);
    if (header) {
      section = header[1].trim();
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(rawLine) && lastKey) {
      const s = out.get(section)!;
      s.set(lastKey, `${s.get(lastKey)} ${rawLine.trim()}`);
      continue;
    }
    const m = rawLine.match(/^\s*([^=:]+?)\s*[=:]\s*(.*)$/);
    if (!m) continue;
    if (!out.has(section)) out.set(section, new Map());
    out.get(section)!.set(m[1].toLowerCase(), m[2].trim());
    lastKey = m[1].toLowerCase();
  }
  return out;
}

export interface JailSettings {
  enabled?: string;
  maxretry?: string;
  bantime?: string;
  findtime?: string;
  ignoreip?: string;
  port?: string;
  /** Files that set the sshd jail's values, in read order. */
  sources: string[];
  /** The file each value came from. */
  from: Record<string, string>;
}

/**
 * The sshd jail as fail2ban resolves it: jail.conf, jail.d/*.conf, jail.local, jail.d/*.local in
 * that order, later files overriding; [DEFAULT] values apply where [sshd] sets none.
 */
export function sshdJail(files: Map<string, string>): JailSettings {
  const paths = [...files.keys()];
  const sorted = (re: RegExp) => paths.filter((p) => re.test(p)).sort();
  const order = [
    ...sorted(/^\/etc\/fail2ban\/jail\.conf$/),
    ...sorted(/^\/etc\/fail2ban\/jail\.d\/[^/]+\.conf$/),
    ...sorted(/^\/etc\/fail2ban\/jail\.local$/),
    ...sorted(/^\/etc\/fail2ban\/jail\.d\/[^/]+\.local$/),
  ];
  const result: JailSettings = { sources: [], from: {} };
  const defaults: Record<string, [string, string]> = {};
  const sshd: Record<string, [string, string]> = {};
  for (const p of order) {
    const parsed = ini(files.get(p)!);
    for (const [k, v] of parsed.get("DEFAULT") ?? []) defaults[k] = [v, p];
    const section = parsed.get("sshd");
    if (section) {
      result.sources.push(p);
      for (const [k, v] of section) sshd[k] = [v, p];
    }
  }
  for (const key of ["enabled", "maxretry", "bantime", "findtime", "ignoreip", "port"] as const) {
    const [value, path] = sshd[key] ?? defaults[key] ?? [];
    result[key] = value;
    if (path) result.from[key] = path;
  }
  return result;
}

/**
 * apt's periodic settings from /etc/apt/apt.conf.d (files in name order, later wins), in the flat
 * `APT::Periodic::Unattended-Upgrade "1";` form, and what else makes unattended upgrades install
 * nothing: `APT::Periodic::Enable "0"`, a package blacklist that matches everything, `#clear` of
 * their lists. A nested `APT { … }` or `Unattended-Upgrade { … }` block is reported unreadable.
 */
export function aptPeriodic(files: Map<string, string>): {
  updateLists?: string;
  unattended?: string;
  enable?: string;
  unreadable: string[];
  /** What turns unattended upgrades off besides the periodic switches (a loosening a stack may accept). */
  off: string[];
  /** What lets apt install unauthenticated packages (never acceptable). */
  insecure: string[];
  sources: Record<string, string>;
} {
  const out: ReturnType<typeof aptPeriodic> = { unreadable: [], off: [], insecure: [], sources: {} };
  // apt reads apt.conf.d/ in name order, then apt.conf.
  const paths = [...[...files.keys()].filter((p) => p.startsWith("/etc/apt/apt.conf.d/")).sort(), ...[...files.keys()].filter((p) => p === "/etc/apt/apt.conf")];
  for (const p of paths) {
    const content = files.get(p)!.replace(/\/\/.*$/gm, "").replace(/^\s*#(?!clear).*$/gm, "");
    if (/(^|[\s;])(APT|Periodic|Unattended-Upgrade)\s*\{/m.test(content)) out.unreadable.push(p);
    if (/^\s*#clear\s+(APT::Periodic|Unattended-Upgrade)/m.test(content)) out.off.push(`${p} clears apt's periodic or unattended-upgrade settings (#clear)`);
    for (const m of content.matchAll(/APT::Periodic::(Update-Package-Lists|Unattended-Upgrade|Enable)\s+"([^"]*)"\s*;/gi)) {
      const key = m[1].toLowerCase();
      if (key === "update-package-lists") out.updateLists = m[2];
      else if (key === "unattended-upgrade") out.unattended = m[2];
      else out.enable = m[2];
      out.sources[m[1]] = p;
    }
    for (const m of content.matchAll(/Unattended-Upgrade::Package-Blacklist(?:\s+"([^"]*)"\s*;|\s*\{([^}]*)\})/gi)) {
      const entries = m[1] !== undefined ? [m[1]] : [...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1]);
      if (entries.some((e) => /^(\^?\.[*+]?\$?|\*|\^|\.\*.*)$/.test(e))) out.off.push(`${p} blacklists every package from unattended upgrades`);
    }
    if (/(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::AllowDowngrades)\s+"?(true|1|yes)"?/i.test(content)) {
      out.insecure.push(`${p} lets apt install packages it cannot authenticate`);
    }
  }
  return out;
}

/** Problems of apt source lists: repositories trusted without a signature, or insecure ones. */
export function aptSourceProblems(path: string, content: string): string[] {
  const lines = content.split("\n").filter((l) => !/^\s*#/.test(l));
  const out: string[] = [];
  if (lines.some((l) => /trusted\s*=\s*yes|Trusted:\s*yes|allow-insecure\s*=\s*yes|allow-weak\s*=\s*yes|allow-downgrade-to-insecure/i.test(l))) {
    out.push(`${path} trusts a repository without checking its signature`);
  }
  if (/\/(trusted\.gpg|keyrings)/.test(path) || path.startsWith("/usr/share/keyrings/")) out.push(`${path} adds a signing key apt will trust`);
  return out;
}

/** journald settings that remove what fail2ban and the operator read. */
export function journaldProblems(path: string, content: string): string[] {
  const storage = [...content.matchAll(/^\s*Storage\s*=\s*(\S+)/gm)].pop()?.[1];
  return storage === "none" ? [`${path} sets journald's Storage=none (fail2ban reads sshd's failures from the journal)`] : [];
}

/**
 * Drop-in directories read the systemd way (sysctl.d, modprobe.d, coredump.conf.d…): files with
 * the suffix from every directory, sorted by file name; a file in an earlier directory of `dirs`
 * (/etc before /run before /usr…) shadows a file of the same name in a later one.
 */
export function dropInOrder(files: Map<string, string>, dirs: string[], suffix = ".conf"): string[] {
  const byName = new Map<string, string>();
  for (const dir of dirs) {
    for (const p of files.keys()) {
      if (!p.startsWith(dir) || p.slice(dir.length).includes("/") || !p.endsWith(suffix)) continue;
      const name = p.slice(dir.length);
      if (!byName.has(name)) byName.set(name, p);
    }
  }
  return [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => byName.get(n)!);
}

export const SYSCTL_DIRS = ["/etc/sysctl.d/", "/run/sysctl.d/", "/usr/local/lib/sysctl.d/", "/usr/lib/sysctl.d/", "/lib/sysctl.d/"];

/** A sysctl key in /proc/sys path form: `kernel.kptr_restrict` and `kernel/kptr_restrict` are `kernel/kptr_restrict`. */
export function sysctlPath(key: string): string {
  const dot = key.indexOf(".");
  const slash = key.indexOf("/");
  // The first separator decides: a dot swaps dots and slashes, a slash leaves both as they are.
  if (dot >= 0 && (slash < 0 || dot < slash)) return key.replace(/[./]/g, (c) => (c === "." ? "/" : "."));
  return key;
}

/** One assignment of a sysctl file. */
export interface SysctlAssignment {
  /** /proc/sys path form. */
  key: string;
  value: string;
  path: string;
  /** A glob pattern (`net.ipv4.conf.*.rp_filter`): written to every matching key not set explicitly. */
  glob: boolean;
}

/** `key = value` lines (`-` prefix: failures ignored, still set); `-key` alone excludes a key from globs. */
export function sysctlAssignments(path: string, content: string): { assignments: SysctlAssignment[]; excluded: string[] } {
  const assignments: SysctlAssignment[] = [];
  const excluded: string[] = [];
  for (const rawLine of content.split("\n")) {
    let line = rawLine.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const ignoreFailure = line.startsWith("-");
    if (ignoreFailure) line = line.slice(1).trim();
    const eq = line.indexOf("=");
    if (eq < 0) {
      if (ignoreFailure && line) excluded.push(sysctlPath(line));
      continue;
    }
    const key = sysctlPath(line.slice(0, eq).trim());
    assignments.push({ key, value: line.slice(eq + 1).trim(), path, glob: /[*?[]/.test(key) });
  }
  return { assignments, excluded };
}

/** fnmatch without flags: `*` and `?` match any character, `/` too. */
export function globMatches(pattern: string, text: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  try {
    return new RegExp(`^${re}$`).test(text);
  } catch {
    return true; // a pattern the pack cannot read may match anything
  }
}

/** The order a reader of kernel parameters applies the files in. */
export interface SysctlReading {
  /** Who reads them: "systemd-sysctl (at boot)" or "sysctl --system". */
  reader: string;
  /** Files in the order they apply. */
  order: string[];
  assignments: SysctlAssignment[];
  excluded: Set<string>;
}

/**
 * The sysctl files as the two readers apply them: systemd-sysctl at boot (sysctl.d by file name,
 * /etc shadowing the other directories; Debian links /etc/sysctl.conf in as 99-sysctl.conf) and
 * procps' `sysctl --system` (the same, then /etc/sysctl.conf last). Later assignments win.
 */
export function sysctlReadings(files: Map<string, string>): SysctlReading[] {
  const dropIns = dropInOrder(files, SYSCTL_DIRS);
  const conf = files.has("/etc/sysctl.conf") ? ["/etc/sysctl.conf"] : [];
  const asLink = [...dropIns];
  if (conf.length > 0 && !dropIns.some((p) => p.endsWith("/99-sysctl.conf"))) {
    const at = asLink.findIndex((p) => p.split("/").pop()! > "99-sysctl.conf");
    asLink.splice(at < 0 ? asLink.length : at, 0, "/etc/sysctl.conf");
  }
  const reading = (reader: string, order: string[]): SysctlReading => {
    const assignments: SysctlAssignment[] = [];
    const excluded = new Set<string>();
    for (const p of order) {
      const parsed = sysctlAssignments(p, files.get(p)!);
      assignments.push(...parsed.assignments);
      parsed.excluded.forEach((k) => excluded.add(k));
    }
    return { reader, order, assignments, excluded };
  };
  return [reading("systemd-sysctl (at boot)", asLink), reading("sysctl --system", [...dropIns, ...conf])];
}

/** The value a reading leaves a key at: the last explicit assignment, else the last glob that matches it. */
export function sysctlValue(reading: SysctlReading, key: string): SysctlAssignment | undefined {
  const k = sysctlPath(key);
  const explicit = reading.assignments.filter((a) => !a.glob && a.key === k);
  if (explicit.length > 0) return explicit[explicit.length - 1];
  if (reading.excluded.has(k)) return undefined;
  return reading.assignments.filter((a) => a.glob && globMatches(a.key, k)).pop();
}

export const MODPROBE_DIRS = ["/etc/modprobe.d/", "/run/modprobe.d/", "/usr/local/lib/modprobe.d/", "/lib/modprobe.d/", "/usr/lib/modprobe.d/"];

/** A module name as kmod compares them (`-` and `_` alike). */
export function moduleName(name: string): string {
  return name.replace(/-/g, "_");
}

/** `install <module> <command>` lines of modprobe files (continuation lines joined). */
export function modprobeInstalls(path: string, content: string): { module: string; command: string; path: string }[] {
  const out: { module: string; command: string; path: string }[] = [];
  for (const rawLine of content.replace(/\\\n/g, " ").split("\n")) {
    const m = rawLine.trim().match(/^install\s+(\S+)\s*(.*)$/);
    if (m) out.push({ module: moduleName(m[1]), command: m[2].trim(), path });
  }
  return out;
}

export const AUDIT_RULES_DIR = "/etc/audit/rules.d/";

/** Rule lines of an audit rules file (comments and blank lines dropped), split into words. */
export function auditRuleLines(content: string): string[][] {
  return content
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(/\s+/));
}

/** What an audit rule watches for writes: `-w PATH [-p PERMS]` or `-a always,exit -F path=|dir=PATH -F perm=…`. */
export function auditWriteWatch(words: string[]): string | undefined {
  const value = (flag: string) => {
    const i = words.indexOf(flag);
    return i >= 0 ? words[i + 1] : undefined;
  };
  if (words[0] === "-w") {
    const perms = value("-p");
    return perms === undefined || perms.includes("w") ? words[1] : undefined;
  }
  if (words[0] === "-a" || words[0] === "-A") {
    const [a, b] = (words[1] ?? "").split(",");
    if (!((a === "always" && b === "exit") || (a === "exit" && b === "always"))) return undefined;
    const fields = words.flatMap((w, i) => (words[i - 1] === "-F" ? [w] : []));
    const perm = fields.find((f) => f.startsWith("perm="))?.slice(5);
    const target = fields.find((f) => /^(path|dir)=/.test(f))?.replace(/^(path|dir)=/, "");
    return target && perm?.includes("w") ? target : undefined;
  }
  return undefined;
}

export const COREDUMP_MAIN = ["/etc/systemd/coredump.conf", "/run/systemd/coredump.conf", "/usr/local/lib/systemd/coredump.conf", "/usr/lib/systemd/coredump.conf", "/lib/systemd/coredump.conf"];
export const COREDUMP_DIRS = ["/etc/systemd/coredump.conf.d/", "/run/systemd/coredump.conf.d/", "/usr/local/lib/systemd/coredump.conf.d/", "/usr/lib/systemd/coredump.conf.d/", "/lib/systemd/coredump.conf.d/"];

/** systemd-coredump's Storage= as it reads its files (the main file, then drop-ins by name; the last wins). */
export function coredumpStorage(files: Map<string, string>): { value?: string; path?: string; read: string[] } {
  const main = COREDUMP_MAIN.find((p) => files.has(p));
  const read = [...(main ? [main] : []), ...dropInOrder(files, COREDUMP_DIRS)];
  let out: { value?: string; path?: string } = {};
  for (const p of read) {
    const v = lastValue(unitAssignments(files.get(p)!), "Coredump.Storage");
    if (v !== undefined) out = { value: v, path: p };
  }
  return { ...out, read };
}

/** One pam_limits entry: `<domain> <type> <item> <value>`. */
export interface LimitEntry {
  domain: string;
  type: string;
  item: string;
  value: string;
  path: string;
}

/** pam_limits' entries in its read order: limits.conf, then limits.d/*.conf by name. */
export function limitEntries(files: Map<string, string>): LimitEntry[] {
  const order = [...(files.has("/etc/security/limits.conf") ? ["/etc/security/limits.conf"] : []), ...dropInOrder(files, ["/etc/security/limits.d/"])];
  const out: LimitEntry[] = [];
  for (const p of order) {
    for (const rawLine of files.get(p)!.split("\n")) {
      const line = rawLine.replace(/#.*$/, "").trim();
      if (!line) continue;
      const [domain, type, item, value] = line.split(/\s+/);
      if (item !== undefined) out.push({ domain, type, item, value: value ?? "", path: p });
    }
  }
  return out;
}
