// User data read the way cloud-init on a Hetzner server reads it, so the pack judges what the server
// will do rather than what the text looks like: Hetzner's base64 unwrapping, gzip, the part-type
// markers, YAML 1.1 as PyYAML parses it, and the write_files / users / runcmd rules of cloud-init's
// own modules. Pure: no I/O, never throws. Messages name keys and paths, never values.
import { gunzipSync } from "node:zlib";
import { posix } from "node:path";
import { parseDocument, Scalar, type ScalarTag, type Tags } from "yaml";

export type UserDataForm =
  | "empty"
  | "cloud-config"
  | "shell-script"
  | "multipart"
  | "jinja"
  | "include"
  | "boothook"
  | "part-handler"
  | "cloud-config-archive"
  | "unknown";

export interface CloudInitFile {
  /** Absolute and normalised as cloud-init writes it (`//etc/./ssh/x` is `/etc/ssh/x`). */
  path: string;
  /** Decoded content (b64/base64, gzip, gz+b64/gzip+base64 decoded; plain text as is). Absent when unreadable. */
  content?: string;
  /** Why the content cannot be read, e.g. "write_files[2] (/etc/x): uses 'source' (fetched at boot)". */
  unreadable?: string;
  /** The mode cloud-init applies, as octal text ("0600"); absent when not given (cloud-init uses 0644). */
  permissions?: string;
  owner?: string;
  append: boolean;
  /** cloud-init's `defer: true` (written late in boot). */
  defer: boolean;
}

export interface CloudInitUser {
  name: string;
  /** Whether the entry sets a password in any form (passwd, hashed_passwd, plain_text_passwd). */
  hasPassword: boolean;
  /** lock_passwd read as a boolean (undefined when not set: cloud-init then locks). */
  lockPasswd?: boolean;
  sshAuthorizedKeys: string[];
  sudo?: unknown;
  shell?: string;
  /** Supplementary groups as cloud-init passes them to useradd (-G); undefined when unreadable. */
  groups?: string[];
  /** `system: true` (useradd --system), read as Python truthiness like create_user does. */
  system: boolean;
}

export interface CloudInitReading {
  form: UserDataForm;
  /** The user data was one line of base64, which Hetzner's cloud-init datasource decodes first. */
  base64: boolean;
  /** The user data was gzip-compressed (cloud-init decompresses gzip transparently); form is the inner form. */
  gzipped: boolean;
  /** The text cloud-init interprets (after base64 and gzip), for secret scanning. */
  text: string;
  /** Violations of the hardened baseline and reading problems: short messages naming keys, never values. */
  problems: string[];
  /** Top-level keys of a cloud-config mapping, in order (so a rule can allow-list them). */
  keys: string[];
  files: CloudInitFile[];
  /** runcmd and bootcmd entries as shell text: a string as is, a list (argv) joined with POSIX quoting. */
  commands: { key: "runcmd" | "bootcmd"; text: string }[];
  /** ssh_pwauth as cloud-init applies it: true/false when boolean-like, undefined when unset or "unchanged". */
  sshPwauth?: boolean;
  users: CloudInitUser[];
}

type Config = Record<string, unknown>;

export function readUserData(userData: string | undefined): CloudInitReading {
  try {
    return read(userData ?? "");
  } catch {
    // Only a bug gets here; refuse rather than pass what could not be read.
    return { ...blank("unknown", userData ?? ""), problems: ["user data could not be read"] };
  }
}

function blank(form: UserDataForm, text: string): CloudInitReading {
  return { form, base64: false, gzipped: false, text, problems: [], keys: [], files: [], commands: [], users: [] };
}

function read(userData: string): CloudInitReading {
  const problems: string[] = [];
  const base64 = isStrictBase64(userData);
  let bytes = base64 ? Buffer.from(userData, "base64") : rawBytes(userData);
  let gzipped = false;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
      gzipped = true;
    } catch {
      // cloud-init keeps the data as it is, which then matches no part type.
      problems.push("user data starts with the gzip magic but does not decompress");
    }
  }
  const decoded = utf8(bytes);
  if (decoded === undefined) problems.push("user data is not UTF-8 text");
  const text = decoded ?? bytes.toString("utf8");
  const reading: CloudInitReading = { ...blank(formOf(text), text), base64, gzipped, problems };
  if (reading.form === "cloud-config") readCloudConfig(text, reading);
  return reading;
}

/**
 * Hetzner's datasource runs `util.maybe_b64decode`: Python's b64decode(validate=True), which takes
 * only the base64 alphabet with correct padding (no newlines), so the user data can hide as base64.
 */
function isStrictBase64(s: string): boolean {
  return s.length > 0 && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s);
}

/** What cloud-init receives: the UTF-8 of the string, or raw bytes carried as latin1 characters after a gzip magic. */
function rawBytes(s: string): Buffer {
  const latin1 = s.charCodeAt(0) === 0x1f && s.charCodeAt(1) === 0x8b && !/[^\x00-\xff]/.test(s);
  return Buffer.from(s, latin1 ? "latin1" : "utf8");
}

/** Python's bytes.decode("utf-8"): strict, and a byte-order mark stays (so it hides a marker, as in cloud-init). */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Python's str.lstrip(): cloud-init strips it before looking for a part marker. */
const PY_LEADING_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * cloud-init's INCLUSION_TYPES_MAP, matched case-insensitively as a prefix, longest first (so
 * `#cloud-config-archive` is not a cloud-config). `#cloud-config-jsonp` patches the merged config:
 * not a form we name, so "unknown".
 */
const MARKERS: [string, UserDataForm][] = [
  ["#cloud-config-archive", "cloud-config-archive"],
  ["#cloud-config-jsonp", "unknown"],
  ["## template: jinja", "jinja"],
  ["#cloud-boothook", "boothook"],
  ["#include-once", "include"],
  ["#part-handler", "part-handler"],
  ["#cloud-config", "cloud-config"],
  ["#include", "include"],
  ["#!", "shell-script"],
];

function formOf(text: string): UserDataForm {
  if (text.trim() === "") return "empty";
  if (isMime(text)) return "multipart";
  const head = text.replace(PY_LEADING_SPACE, "").toLowerCase();
  return MARKERS.find(([marker]) => head.startsWith(marker))?.[1] ?? "unknown";
}

/**
 * cloud-init parses the data as a MIME message when "mime-version:" occurs anywhere in its first
 * 4096 bytes. Python's email parser then keeps a first line that cannot be a header (like
 * `#cloud-config`) as body, so such text is still judged by its marker; a header-like first line
 * makes it MIME. A leading `Content-Type: multipart/` is MIME in intent even without the version.
 */
function isMime(text: string): boolean {
  const firstLine = text.split("\n", 1)[0];
  if (text.slice(0, 4096).toLowerCase().includes("mime-version:")) return /^(?:From |[\x21-\x39\x3b-\x7e]*:|[\t ])/.test(firstLine);
  return /^content-type:[ \t]*multipart\//i.test(text.replace(PY_LEADING_SPACE, ""));
}

// ---- YAML as PyYAML's safe_load reads it ----

/** YAML 1.1 booleans as PyYAML resolves them: no y/n (the yaml package's 1.1 schema has them). */
const PY_TRUE: ScalarTag = {
  identify: (v) => v === true,
  default: true,
  tag: "tag:yaml.org,2002:bool",
  test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  resolve: () => new Scalar(true),
};
const PY_FALSE: ScalarTag = {
  identify: (v) => v === false,
  default: true,
  tag: "tag:yaml.org,2002:bool",
  test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  resolve: () => new Scalar(false),
};

function pyYamlTags(tags: Tags): Tags {
  return [...tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:bool"), PY_TRUE, PY_FALSE];
}

/**
 * A parse error, duplicate key, unknown tag or several documents is a problem (PyYAML refuses most
 * of these; a duplicate key it resolves silently, last one winning, which we do not want to guess).
 * Only the error code and line go into the message: the source text may hold secrets.
 */
function parseYaml(text: string, problems: string[]): unknown {
  const doc = parseDocument(text, { version: "1.1", customTags: pyYamlTags, prettyErrors: false, logLevel: "error" });
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) {
    for (const e of issues) problems.push(`cloud-config: YAML does not parse (${e.code} at line ${lineAt(text, e.pos[0])})`);
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    problems.push("cloud-config: YAML does not parse (too many aliases)");
    return undefined;
  }
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

function isMapping(v: unknown): v is Config {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof Date);
}

// ---- cloud-init's boolean helpers (cloudinit/util.py) ----

/** Python's str() of a YAML value, as cloud-init's is_true/shellify see it. */
function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return JSON.stringify(v) ?? String(v);
}

function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== "";
}

/** util.is_true: a bool, or a value whose text is true/1/on/yes (any case). */
function isTrue(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  return ["true", "1", "on", "yes"].includes(pyStr(v).toLowerCase().trim());
}

/** util.is_false. */
function isFalse(v: unknown): boolean {
  if (typeof v === "boolean") return !v;
  return ["false", "0", "off", "no"].includes(pyStr(v).toLowerCase().trim());
}

/** util.translate_bool, used by get_cfg_option_bool: anything not plainly true is false. */
function translateBool(v: unknown): boolean {
  if (!pyTruthy(v)) return false;
  return isTrue(v);
}

// ---- cloud-config ----

function readCloudConfig(text: string, reading: CloudInitReading): void {
  const value = parseYaml(text, reading.problems);
  if (value === undefined || value === null) return; // empty config, or the parse problem is reported
  if (!isMapping(value)) {
    reading.problems.push("cloud-config: top level is not a mapping");
    return;
  }
  reading.keys = Object.keys(value);
  checkKeys(value, reading);
  checkBaseline(value, reading);
  readUsers(value, reading);
  readWriteFiles(value, reading);
  for (const key of ["bootcmd", "runcmd"] as const) readCommands(value, key, reading);
}

// ---- top-level keys: an allowlist ----

/** A key or field name safe to quote in a message (messages name keys, never values). */
function keyName(k: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(k) ? `'${k}'` : "(a key that is no cloud-init name)";
}

type TopLevelKey = { allow: true; why: string; check?: (v: unknown) => string | undefined } | { allow: false; why: string };

const SINGLE_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Every top-level key the pack knows, with why it is allowed (it cannot weaken the host, or its
 * value is checked) or refused. A key not listed is refused: cloud-init has dozens of modules, and
 * each new one is reviewed before it is allowed.
 */
export const TOP_LEVEL_KEYS: Record<string, TopLevelKey> = {
  // -- Our own user data's keys.
  // A single DNS label: a dotted name becomes the FQDN that manage_etc_hosts maps to 127.0.1.1,
  // which could shadow a real host (deb.debian.org, nodejs.org) for every download.
  hostname: { allow: true, why: "names the host", check: (v) => (typeof v === "string" && SINGLE_LABEL.test(v) ? undefined : "must be a single DNS label (a dotted name would shadow a real host in /etc/hosts)") },
  locale: { allow: true, why: "the system locale", check: (v) => (typeof v === "string" && /^[A-Za-z0-9_.@-]{1,64}$/.test(v) ? undefined : "must be a locale name such as C.UTF-8") },
  ssh_pwauth: { allow: true, why: "checked: never true" },
  disable_root: { allow: true, why: "checked: never off" },
  users: { allow: true, why: "checked field by field (see USER_FIELDS)" },
  write_files: { allow: true, why: "read and decoded; the files are judged like a step's" },
  runcmd: { allow: true, why: "read as shell, like a step's script" },
  // -- Harmless, or read like our own.
  bootcmd: { allow: true, why: "read as shell, like runcmd" },
  preserve_hostname: { allow: true, why: "only keeps the hostname as it is" },
  manage_etc_hosts: { allow: true, why: "maps the hostname (a single label) to the loopback in /etc/hosts" },
  timezone: { allow: true, why: "links /etc/localtime to a zone file", check: (v) => (typeof v === "string" && /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(v) ? undefined : "must be a zone name such as Europe/Berlin") },
  package_update: { allow: true, why: "apt-get update from the image's own (signed) sources" },
  package_upgrade: { allow: true, why: "installs pending updates from the image's own sources" },
  package_reboot_if_required: { allow: true, why: "reboots after an upgrade that needs it" },
  final_message: { allow: true, why: "text written to the console log (scanned for secrets like the rest)" },
  // true is cloud-init's default; false keeps the image's host keys, the same on every server built from it.
  ssh_deletekeys: { allow: true, why: "regenerates the host keys", check: (v) => (translateBool(v) ? undefined : "must stay true: false keeps the image's host keys, shared by every server built from it") },
  // -- Reported by checkBaseline with their own message.
  chpasswd: { allow: false, why: "sets or expires passwords" },
  password: { allow: false, why: "a password for the default user" },
  disable_root_opts: { allow: false, why: "changes what root's keys may do" },
  // -- Refused.
  // Signed packages, but a package can start a daemon the pack never reads (a second SSH server
  // such as dropbear, a web server): first-boot installs are the steps' business.
  packages: { allow: false, why: "installs packages as root before any step; a package may start a daemon the pack never reads (dropbear, a web server)" },
  apt: { allow: false, why: "apt sources, signing keys, proxies and apt.conf (94cloud-init-config sorts after 20auto-upgrades): what the steps install and upgrade, outside the pack's reading" },
  ansible: { allow: false, why: "installs Ansible and runs a playbook (ansible-pull from a repository) as root at first boot" },
  chef: { allow: false, why: "installs Chef and runs what its server says as root" },
  puppet: { allow: false, why: "installs Puppet and applies what its server says as root" },
  salt_minion: { allow: false, why: "installs a Salt minion that runs what its master says as root" },
  mcollective: { allow: false, why: "installs an agent that runs what its broker says as root" },
  snap: { allow: false, why: "installs snaps (another store, another signing root) and runs snap commands as root" },
  ca_certs: { allow: false, why: "adds trusted certificate authorities (or drops the defaults): every TLS download could be intercepted" },
  "ca-certs": { allow: false, why: "adds trusted certificate authorities (or drops the defaults): every TLS download could be intercepted" },
  ssh_keys: { allow: false, why: "host private keys in user data, which any process on the server reads from the metadata service" },
  ssh_authorized_keys: { allow: false, why: "keys for the image's default user; keys belong on the admin user's users entry" },
  ssh_import_id: { allow: false, why: "keys fetched at boot from Launchpad or GitHub, outside the stack" },
  allow_public_ssh_keys: { allow: false, why: "decides whether the provider's keys are installed; leave cloud-init's default" },
  ssh_genkeytypes: { allow: false, why: "changes which host keys exist (the hardened sshd expects ed25519)" },
  groups: { allow: false, why: "creates groups with members (sudo, adm, docker…)" },
  user: { allow: false, why: "configures the image's default user (with the distro's sudo rule)" },
  power_state: { allow: false, why: "its condition runs a command as root" },
  output: { allow: false, why: "pipes cloud-init's output through a command" },
  phone_home: { allow: false, why: "posts the instance's details and host keys to a URL" },
  reporting: { allow: false, why: "posts cloud-init's events to a URL" },
  rsyslog: { allow: false, why: "configures (and may forward) the system log" },
  mounts: { allow: false, why: "mounts file systems (over any directory, with any options)" },
  random_seed: { allow: false, why: "its command runs as root" },
  ntp: { allow: false, why: "changes the time servers (certificate validity, log times)" },
  merge_how: { allow: false, why: "changes how cloud-init merges this config with vendor data" },
  merge_type: { allow: false, why: "changes how cloud-init merges this config with vendor data" },
  cloud_init_modules: { allow: false, why: "changes which cloud-init modules run" },
  cloud_config_modules: { allow: false, why: "changes which cloud-init modules run" },
  cloud_final_modules: { allow: false, why: "changes which cloud-init modules run" },
  vendor_data: { allow: false, why: "changes whether and how the provider's vendor data runs" },
  fqdn: { allow: false, why: "a dotted name manage_etc_hosts maps to 127.0.1.1 (it could shadow a real host); use a single-label hostname" },
};

function checkKeys(cfg: Config, reading: CloudInitReading): void {
  for (const key of Object.keys(cfg)) {
    const known = Object.hasOwn(TOP_LEVEL_KEYS, key) ? TOP_LEVEL_KEYS[key] : undefined;
    if (known?.allow) {
      const why = known.check?.(cfg[key]);
      if (why) reading.problems.push(`cloud-config key ${keyName(key)}: ${why}`);
    } else if (key === "chpasswd" || key === "password" || key === "disable_root_opts") {
      // checkBaseline reports these with their own message.
    } else if (known) reading.problems.push(`cloud-config key ${keyName(key)} is refused: ${known.why}`);
    else if (key.startsWith("apt_")) reading.problems.push(`cloud-config key ${keyName(key)} is refused: apt settings (sources, keys, proxies, update switches) are the steps' business, where the pack reads them`);
    else reading.problems.push(`cloud-config key ${keyName(key)} is not one the pack knows to be harmless (top-level keys are allowed by name)`);
  }
}

function checkBaseline(cfg: Config, reading: CloudInitReading): void {
  const p = reading.problems;
  if ("ssh_pwauth" in cfg) {
    // cc_set_passwords: is_true -> "yes", is_false -> "no", anything else leaves sshd as it is.
    if (isTrue(cfg.ssh_pwauth)) reading.sshPwauth = true;
    else if (isFalse(cfg.ssh_pwauth)) reading.sshPwauth = false;
    if (reading.sshPwauth === true) p.push("ssh_pwauth enables password logins");
  }
  if ("chpasswd" in cfg) p.push("chpasswd is set (sets or expires passwords)");
  if ("password" in cfg) p.push("password is set (a password for the default user)");
  // cc_ssh: get_cfg_option_bool(cfg, "disable_root", True): a present key that is not plainly true turns it off.
  if ("disable_root" in cfg && !translateBool(cfg.disable_root)) p.push("disable_root is not true (root keeps usable ssh keys)");
  if ("disable_root_opts" in cfg) p.push("disable_root_opts is set (changes what root's keys may do)");
}

// ---- users (cloudinit/distros/ug_util.py and create_user) ----

function readUsers(cfg: Config, reading: CloudInitReading): void {
  const entries: { label: string; name: string; config: Config }[] = [];
  const bad = (label: string) => reading.problems.push(`${label} is not a user entry`);
  const names = (label: string, v: string) => {
    for (const name of v.split(",").map((n) => n.trim()).filter(Boolean)) entries.push({ label, name, config: {} });
  };
  const users = cfg.users;
  if (typeof users === "string") names("users", users);
  else if (Array.isArray(users)) {
    users.forEach((u, i) => {
      const label = `users[${i}]`;
      if (typeof u === "string") names(label, u);
      else if (Array.isArray(u) && u.every((n) => typeof n === "string")) for (const n of u) names(label, n);
      else if (isMapping(u)) entries.push({ label, name: "name" in u ? pyStr(u.name) : "default", config: u });
      else if (u !== null) bad(label);
    });
  } else if (isMapping(users)) {
    for (const [name, u] of Object.entries(users)) {
      if (isMapping(u)) entries.push({ label: `users.${name}`, name, config: u });
      else if (isTrue(u)) entries.push({ label: `users.${name}`, name, config: {} });
      else if (typeof u === "object" && u !== null) bad(`users.${name}`);
    }
  } else if (users !== undefined && users !== null) bad("users");
  // The legacy `user` key configures the default user.
  if (isMapping(cfg.user)) entries.push({ label: "user", name: "name" in cfg.user ? pyStr(cfg.user.name) : "default", config: cfg.user });
  else if (cfg.user !== undefined && cfg.user !== null) entries.push({ label: "user", name: pyStr(cfg.user), config: {} });

  const read = entries.map((e) => ({ ...e, user: userOf(e.name, e.config) }));
  for (const { label: at, name, user } of read) {
    reading.users.push(user);
    const label = `${at} (${name})`;
    if (user.hasPassword) reading.problems.push(`${label} sets a password`);
    if (user.lockPasswd === false) reading.problems.push(`${label}: lock_passwd is not true (password login stays open)`);
    if (name === "root" && user.sshAuthorizedKeys.length > 0) reading.problems.push(`${label} gives root ssh_authorized_keys`);
  }
  checkUsers(read, reading.problems);
}

/**
 * The user fields the pack knows (after cloud-init's `-` -> `_`), each allowed or checked in
 * checkUsers; any other field is refused. Not here, so refused: uid (another account's identity,
 * 0 is root), doas (root through doas), ssh_import_id (keys fetched at boot from Launchpad or
 * GitHub), ssh_redirect_user (installs the provider's keys), snapuser, selinux_user, no_user_group.
 */
const USER_FIELDS = new Set([
  "name",
  // Free text in /etc/passwd.
  "gecos",
  // Checked: supplementary groups and sudo only for the admin, keys only for the admin.
  "groups",
  "sudo",
  "ssh_authorized_keys",
  // Checked: the user's own group, home and a shell from the list.
  "primary_group",
  "homedir",
  "shell",
  "system",
  // Checked: no password, locked (as before).
  "lock_passwd",
  "passwd",
  "hashed_passwd",
  "plain_text_passwd",
  // Only what useradd creates or logs: no home, no lastlog entry, the listed groups created.
  "no_create_home",
  "no_log_init",
  "create_groups",
  // Only make the account expire.
  "inactive",
  "expiredate",
]);

/** The service user the gateway runs as (components/hetzner/user-data.ts). */
const SERVICE_USER = "openclaw";

const NO_LOGIN_SHELLS = ["/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false"];
/** The image's own shells (the admin's login, sudo's parent); a shell elsewhere could be a file another user wrote. */
const LOGIN_SHELLS = ["/bin/bash", "/usr/bin/bash", "/bin/sh", "/usr/bin/sh", "/bin/dash", "/usr/bin/dash", ...NO_LOGIN_SHELLS];

/**
 * Who may hold what. The admin is the one user with ssh_authorized_keys (only the admin logs in:
 * AllowUsers); sudo rights and supplementary groups (sudo, adm, docker… or a gid) only for the
 * admin, who must be a regular user (not the service user, a system user, root or the image's
 * default user). System users get a shell that refuses logins. Homes: the user's own.
 */
function checkUsers(read: { label: string; name: string; config: Config; user: CloudInitUser }[], problems: string[]): void {
  const keyed = [...new Set(read.filter((r) => r.user.sshAuthorizedKeys.length > 0 && r.name !== "root").map((r) => r.name))];
  const admin = keyed[0];
  const systemNames = new Set(read.filter((r) => r.user.system).map((r) => r.name));
  const regular = (name: string) => name !== SERVICE_USER && name !== "default" && name !== "root" && !systemNames.has(name);
  const adminNote = admin ? `the admin user, ${admin}: the first with ssh_authorized_keys` : "the admin user: the one with ssh_authorized_keys, and there is none";
  for (const { label, name, config, user } of read) {
    const at = (field: string) => `${label}.${field} (${name})`;
    if (name === "default") {
      problems.push(`${label} (default): the image's default user (the distro's sudo rule, the provider's keys); name the admin user instead`);
      continue;
    }
    for (const raw of Object.keys(config)) {
      const field = raw.replace(/-/g, "_").trim();
      if (!USER_FIELDS.has(field)) problems.push(`${label}.${keyName(raw).replace(/^'|'$/g, "")} (${name}): not a user field the pack knows to be harmless (user fields are allowed by name)`);
    }
    const c = normalised(config);
    const groups = (user.groups ?? []).filter((g) => g !== name);
    if (user.groups === undefined) problems.push(`${at("groups")}: not a list of group names`);
    if (pyTruthy(user.sudo) && (name !== admin || !regular(name))) problems.push(`${at("sudo")}: sudo rights only for ${adminNote}, a regular user`);
    if (groups.length > 0 && (name !== admin || !regular(name))) problems.push(`${at("groups")}: supplementary groups (${groups.slice(0, 5).map((g) => keyName(g)).join(", ")}) only for ${adminNote}, a regular user`);
    if (user.sshAuthorizedKeys.length > 0 && name !== "root") {
      if (name !== admin) problems.push(`${at("ssh_authorized_keys")}: keys only for ${adminNote} (only the admin logs in)`);
      else if (!regular(name)) problems.push(`${at("ssh_authorized_keys")}: the admin user must be a regular user, not ${name === SERVICE_USER ? "the service user" : "a system user"}`);
    }
    if ("shell" in c) {
      const allowed = user.system ? NO_LOGIN_SHELLS : LOGIN_SHELLS;
      if (typeof c.shell !== "string" || !allowed.includes(c.shell)) problems.push(`${at("shell")}: must be one of ${allowed.join(", ")}`);
    } else if (user.system) problems.push(`${at("shell")}: a system user needs a shell that refuses logins (${NO_LOGIN_SHELLS[0]}); useradd's default is /bin/sh`);
    if ("primary_group" in c && pyStr(c.primary_group) !== name) problems.push(`${at("primary_group")}: only the user's own group`);
    if ("homedir" in c) {
      const home = typeof c.homedir === "string" ? c.homedir : "";
      const ok = user.system ? /^\/(?:var\/lib|opt)\/[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(home) || home === "/nonexistent" : home === `/home/${name}`;
      if (!ok) problems.push(`${at("homedir")}: ${user.system ? "a system user's home is /var/lib/<dir>, /opt/<dir> or /nonexistent" : `only /home/${name}`}`);
    }
  }
}

/** cloud-init normalises user keys: `lock-passwd` is `lock_passwd`. */
function normalised(raw: Config): Config {
  const c: Config = Object.create(null);
  for (const [k, v] of Object.entries(raw)) c[k.replace(/-/g, "_").trim()] = v;
  return c;
}

/** create_user's groups: a comma-separated string, a list, or (deprecated) a mapping's keys. */
function groupsOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v.split(",").map((g) => g.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.every((g) => typeof g === "string" || typeof g === "number") ? v.map((g) => pyStr(g).trim()).filter(Boolean) : undefined;
  if (isMapping(v)) return Object.keys(v);
  return undefined;
}

function userOf(name: string, raw: Config): CloudInitUser {
  const c = normalised(raw);
  const keys = c.ssh_authorized_keys;
  const list = typeof keys === "string" ? [keys] : Array.isArray(keys) ? keys : isMapping(keys) ? Object.values(keys) : [];
  return {
    name,
    hasPassword: ["passwd", "hashed_passwd", "plain_text_passwd"].some((k) => pyTruthy(c[k])),
    // create_user locks unless lock_passwd is falsy; a value that is not plainly true counts as not locking.
    lockPasswd: "lock_passwd" in c ? isTrue(c.lock_passwd) : undefined,
    sshAuthorizedKeys: list.map(pyStr),
    ...("sudo" in c ? { sudo: c.sudo } : {}),
    ...(typeof c.shell === "string" ? { shell: c.shell } : {}),
    groups: groupsOf(c.groups),
    system: pyTruthy(c.system),
  };
}

// ---- write_files (cloudinit/config/cc_write_files.py) ----

function readWriteFiles(cfg: Config, reading: CloudInitReading): void {
  const list = cfg.write_files;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    reading.problems.push("write_files is not a list");
    return;
  }
  list.forEach((entry, i) => {
    const label = `write_files[${i}]`;
    if (!isMapping(entry)) return void reading.problems.push(`${label} is not a mapping`);
    if (entry.path === undefined || entry.path === null || entry.path === "") return void reading.problems.push(`${label} has no path`);
    if (typeof entry.path !== "string") return void reading.problems.push(`${label}: path is not a string`);
    const file = fileOf(entry, `${label} (${entry.path})`);
    if (file.unreadable) reading.problems.push(file.unreadable);
    reading.files.push(file);
  });
}

function fileOf(entry: Config, label: string): CloudInitFile {
  const file: CloudInitFile = {
    // os.path.abspath, from cloud-init's working directory (/).
    path: posix.resolve("/", entry.path as string),
    append: translateBool(entry.append),
    defer: translateBool(entry.defer),
  };
  if (entry.owner !== undefined && entry.owner !== null) file.owner = pyStr(entry.owner);
  const mode = modeOf(entry.permissions);
  if (mode !== undefined) file.permissions = mode;
  const decoded = contentOf(entry);
  if (typeof decoded === "string") file.content = decoded;
  else file.unreadable = `${label}: ${decoded.why}`;
  return file;
}

/** decode_perms: numbers as given (YAML 1.1 reads 0600 as octal), text as octal, else cloud-init's default 0644. */
function modeOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  let mode = 0o644;
  if (typeof v === "number" && Number.isFinite(v)) mode = Math.trunc(v);
  else if (typeof v === "string" && /^\+?(?:0o)?[0-7][0-7_]*$/i.test(v.trim())) mode = parseInt(v.trim().replace(/^\+?(?:0o)?/i, "").replace(/_/g, ""), 8);
  return mode < 0 ? String(mode) : `0${mode.toString(8).padStart(3, "0")}`;
}

/** canonicalize_extraction: encoding (any case, trimmed) -> decoding steps, base64 first. */
const ENCODINGS = new Map<string, ("b64" | "gzip")[]>([
  ["", []],
  ["text/plain", []],
  ["b64", ["b64"]],
  ["base64", ["b64"]],
  ["gz", ["gzip"]],
  ["gzip", ["gzip"]],
  ["gz+base64", ["b64", "gzip"]],
  ["gzip+base64", ["b64", "gzip"]],
  ["gz+b64", ["b64", "gzip"]],
  ["gzip+b64", ["b64", "gzip"]],
]);

/** read_url_or_decode + extract_contents: the text cloud-init writes, or why we cannot know it. */
function contentOf(entry: Config): string | { why: string } {
  if (entry.source !== undefined && entry.source !== null) return { why: "uses 'source' (fetched at boot)" };
  const encoding = entry.encoding ?? "";
  if (typeof encoding !== "string") return { why: "encoding is not a string" };
  const steps = ENCODINGS.get(encoding.toLowerCase().trim());
  // cloud-init writes an unknown encoding as plain text; refusing to guess keeps a typo from hiding content.
  if (!steps) return { why: /^[\w.+/-]{1,32}$/.test(encoding) ? `encoding '${encoding}' unknown` : "encoding unknown" };
  const content = entry.content;
  if (content === undefined || content === null) return ""; // cloud-init writes an empty file
  if (typeof content !== "string" && !(content instanceof Uint8Array)) return { why: "content is not text" };
  if (steps.length === 0 && typeof content === "string") return content;
  let bytes: Buffer | undefined = Buffer.from(content);
  if (steps.includes("b64")) {
    // b64decode takes a str only when it is ASCII; bytes (a YAML !!binary) as they are.
    if (typeof content === "string" && /[^\x00-\x7f]/.test(content)) return { why: "not valid base64" };
    bytes = pyB64Decode(bytes);
    if (!bytes) return { why: "not valid base64" };
  }
  if (steps.includes("gzip")) {
    bytes = gunzip(bytes);
    if (!bytes) return { why: "not valid gzip" };
  }
  return utf8(bytes) ?? { why: "binary content" };
}

function gunzip(bytes: Buffer): Buffer | undefined {
  try {
    return gunzipSync(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Python's base64.b64decode without validate: characters outside the alphabet are skipped, decoding
 * stops at completed padding, and a short final group is an error (cloud-init then fails the whole
 * write_files module).
 */
function pyB64Decode(bytes: Buffer): Buffer | undefined {
  const chars = bytes.toString("latin1");
  let data = "";
  let pads = 0;
  for (const ch of chars) {
    if (ch === "=") {
      if (data.length % 4 >= 2 && (data.length % 4) + ++pads >= 4) return Buffer.from(data, "base64");
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(ch)) continue;
    pads = 0;
    data += ch;
  }
  return data.length % 4 === 0 ? Buffer.from(data, "base64") : undefined;
}

// ---- runcmd / bootcmd (util.shellify) ----

function readCommands(cfg: Config, key: "runcmd" | "bootcmd", reading: CloudInitReading): void {
  if (!(key in cfg)) return;
  const list = cfg[key];
  // shellify raises on anything but a list, and on entries that are neither text nor argv.
  if (!Array.isArray(list)) return void reading.problems.push(`${key} is not a list`);
  list.forEach((entry, i) => {
    if (typeof entry === "string") reading.commands.push({ key, text: entry });
    else if (Array.isArray(entry)) reading.commands.push({ key, text: entry.map((a) => shellQuote(pyStr(a))).join(" ") });
    else if (entry !== null) reading.problems.push(`${key}[${i}] is neither a command line nor an argv list`);
  });
}

function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
