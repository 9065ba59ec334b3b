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
export function mergedUnit(files: Map<string, string>, name: string): Map<string, string[]> {
  const unit = name.includes("/") ? name : unitFile(files, name);
  const base = name.split("/").pop()!;
  const dropIns = [...files.keys()]
    .filter((p) => SYSTEMD_DIR.test(p) && p.replace(SYSTEMD_DIR, "").startsWith(`${base}.d/`) && p.endsWith(".conf"))
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
