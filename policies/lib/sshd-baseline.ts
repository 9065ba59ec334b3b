// What the hardened sshd promises beyond root and passwords, as an allowlist: every keyword in the
// effective configuration (and every line of a Match block) must be one the pack knows, with a
// value the pack knows cannot weaken the hardening; anything else is refused, naming keyword and
// file. A few keywords whose compiled default is weak must also be set. Checked on the effective
// settings once every step ran (first boot sets only the essentials). Pure: no I/O.
import { ACCUMULATING, type EffectiveSshd, type SshdDirective } from "./sshd";

/** Algorithms ssh-audit 3.x grades without a failure or warning (and that OpenSSH 9.2+ offers). */
export const CLEAN_ALGORITHMS = {
  kexalgorithms: [
    "mlkem768x25519-sha256",
    "sntrup761x25519-sha512",
    "sntrup761x25519-sha512@openssh.com",
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group18-sha512",
  ],
  ciphers: ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr"],
  macs: ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
  // Host keys ssh-audit grades clean: Ed25519, and RSA with SHA-2 signatures (the images' RSA host
  // key is 3072 bits). No ssh-rsa (SHA-1), ssh-dss, NIST ECDSA (ssh-audit fails the curves).
  hostkeyalgorithms: ["ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256"],
  // Keys users (the admin) may log in with. ssh-audit never sees these; no SHA-1 (ssh-rsa), no DSA.
  // The NIST ECDSA types stay because our own drop-in accepts them (operators' keys are the
  // settings' business: settings/schema.ts refuses weak ones), and they are not broken.
  pubkeyacceptedalgorithms: [
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "rsa-sha2-512",
    "rsa-sha2-256",
  ],
} as const;

/** Host-based authentication and certificates are off, so these lists are inert; still no SHA-1 or DSA. */
const SIGNATURE_ALGORITHMS: readonly string[] = CLEAN_ALGORITHMS.pubkeyacceptedalgorithms;

/** Where a value a rule judges comes from, for the message. */
interface Origin {
  /** "from /etc/ssh/...", "in a Match block (/etc/ssh/... line 3)" or "unset: sshd's default". */
  text: string;
  conditional: boolean;
}

interface Context {
  /** DisableForwarding yes (globally): every forwarding keyword is inert. Never true for a Match block. */
  forwardingDisabled: boolean;
  /** AllowTcpForwarding no (globally), or forwarding disabled: PermitOpen is inert. */
  tcpForwardingOff: boolean;
  conditional: boolean;
}

/** Why a value is refused, or undefined when it is allowed. */
type Check = (value: string, ctx: Context) => string | undefined;

interface Known {
  /** As the man page spells it. */
  name: string;
  check: Check;
  /** sshd's compiled default, judged like a value when the keyword is unset (only where it is weak). */
  unset?: string;
}

// ---- value checks ----

/** sshd compares these keywords' values case-insensitively (multistate tables, strcasecmp). */
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    allowed.includes(v.toLowerCase()) ? undefined : allowed.length === 1 ? `must be '${allowed[0]}'` : `must be one of ${allowed.map((a) => `'${a}'`).join(", ")}`;

/** Anything sshd accepts: the keyword cannot weaken the hardening whatever its value (see its comment). */
const anyValue: Check = () => undefined;

/** Judged by sshdHardeningProblems (and, in Match blocks, by effectiveSshd's problems). */
const judgedByHardening: Check = () => undefined;

const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^[0-9]+$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : max === Infinity ? `must be a whole number >= ${min}` : `must be a whole number from ${min} to ${max}`;

/** sshd's convtime: a number of seconds, or a sequence like 1m30s (s, m, h, d, w, any case). */
function seconds(v: string): number | undefined {
  if (!/^(?:[0-9]+[smhdwSMHDW]?)+$/.test(v)) return undefined;
  const unit: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, u] of v.matchAll(/([0-9]+)([smhdwSMHDW]?)/g)) total += Number(n) * unit[u.toLowerCase()];
  return total;
}

const duration =
  (min: number, max: number): Check =>
  (v) => {
    const s = seconds(v);
    return s !== undefined && s >= min && s <= max ? undefined : `must be a time from ${min}s to ${max === Infinity ? "any" : `${max}s`}`;
  };

/** A plain comma-separated list within `clean`. `+`, `-` and `^` edit sshd's default list, which differs by version. */
const algorithms =
  (clean: readonly string[]): Check =>
  (v) => {
    if (/^[+^-]/.test(v)) return "edits sshd's default list (+, - or ^): only a plain list says exactly what is offered";
    const weak = v.split(",").filter((a) => !clean.includes(a));
    return weak.length > 0 ? `offers ${weak.join(", ")}: allowed are ${clean.join(", ")}` : undefined;
  };

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** host:port entries on the loopback interface, numeric ports (no `*`): the server itself, never a pivot. */
function loopbackEntries(v: string): string | undefined {
  const bad = v.split(/\s+/).filter((e) => {
    const i = e.lastIndexOf(":");
    return i < 0 || !LOOPBACK_HOSTS.includes(e.slice(0, i).toLowerCase()) || !/^[0-9]{1,5}$/.test(e.slice(i + 1)) || Number(e.slice(i + 1)) > 65535;
  });
  return bad.length > 0 ? `${bad.join(", ")}: only 'none' or loopback host:port entries (127.0.0.1, localhost, [::1]) with a numeric port` : undefined;
}

const forwarding =
  (inner: Check): Check =>
  (v, ctx) =>
    ctx.forwardingDisabled ? undefined : inner(v, ctx);

// ---- the allowlist ----

/**
 * Every keyword the pack allows, lower case -> its allowed values. Each comment says why the
 * allowed values cannot weaken the hardening. A keyword not here is refused, whatever its value:
 * ForceCommand, ChrootDirectory, SetEnv (e.g. LD_PRELOAD for every admin session), PidFile (a root
 * write), SecurityKeyProvider and HostKeyAgent (code or keys from elsewhere), ModuliFile,
 * RekeyLimit, SyslogFacility, LogVerbose, the Kerberos/GSSAPI details, StreamLocal*, X11 details,
 * the deprecated keywords (sshd ignores them, the pack does not guess), and whatever a later
 * OpenSSH adds (PerSourcePenalties, RefuseConnection, SshdSessionPath…) until someone reviews it.
 */
const KNOWN: Record<string, Known> = {
  // -- Judged by sshdHardeningProblems (must be no; AllowUsers/AllowGroups without * or root).
  permitrootlogin: { name: "PermitRootLogin", check: judgedByHardening },
  passwordauthentication: { name: "PasswordAuthentication", check: judgedByHardening },
  kbdinteractiveauthentication: { name: "KbdInteractiveAuthentication", check: judgedByHardening },
  permitemptypasswords: { name: "PermitEmptyPasswords", check: judgedByHardening },
  allowusers: { name: "AllowUsers", check: judgedByHardening },
  allowgroups: { name: "AllowGroups", check: judgedByHardening },

  // -- Who gets in, and with what.
  // Only key lists: every alternative needs a public key (and nothing but keys).
  authenticationmethods: {
    name: "AuthenticationMethods",
    check: (v) => (v.split(/\s+/).every((list) => list.split(",").every((m) => m === "publickey")) ? undefined : "every list may name only 'publickey'"),
  },
  // Keys are how everyone, the steps included, logs in.
  pubkeyauthentication: { name: "PubkeyAuthentication", check: oneOf("yes") },
  // Each option only adds a requirement on security keys.
  pubkeyauthoptions: {
    name: "PubkeyAuthOptions",
    check: (v) => (v.split(/\s+/).every((o) => ["none", "touch-required", "verify-required"].includes(o.toLowerCase())) ? undefined : "must be 'none', 'touch-required' or 'verify-required'"),
  },
  pubkeyacceptedalgorithms: { name: "PubkeyAcceptedAlgorithms", check: algorithms(CLEAN_ALGORITHMS.pubkeyacceptedalgorithms) },
  // Short RSA keys are what RequiredRSASize is for: below 3072 bits it lets them in (unset: 1024, but
  // the operators' keys are checked by the settings and the accepted algorithms have no SHA-1).
  requiredrsasize: { name: "RequiredRSASize", check: integer(3072, 16384) },
  // Only the user's own ~/.ssh (StrictModes keeps it the user's): a second file elsewhere (/tmp, a
  // shared directory) lets whoever writes it log in as the admin.
  authorizedkeysfile: {
    name: "AuthorizedKeysFile",
    check: (v) =>
      v.split(/\s+/).every((f) => [".ssh/authorized_keys", ".ssh/authorized_keys2", "%h/.ssh/authorized_keys", "%h/.ssh/authorized_keys2"].includes(f))
        ? undefined
        : "only the user's own .ssh/authorized_keys (and .ssh/authorized_keys2), sshd's default",
  },
  // Keys or principals from a command, a CA or a principals file: access decided outside the stack.
  authorizedkeyscommand: { name: "AuthorizedKeysCommand", check: oneOf("none") },
  authorizedprincipalscommand: { name: "AuthorizedPrincipalsCommand", check: oneOf("none") },
  authorizedprincipalsfile: { name: "AuthorizedPrincipalsFile", check: oneOf("none") },
  trustedusercakeys: { name: "TrustedUserCAKeys", check: oneOf("none") },
  // The user a command runs as: inert while the commands above must be none.
  authorizedkeyscommanduser: { name: "AuthorizedKeysCommandUser", check: anyValue },
  authorizedprincipalscommanduser: { name: "AuthorizedPrincipalsCommandUser", check: anyValue },
  // Revoking only removes keys; the list must be root's (/etc/ssh), or an unreadable one refuses all keys.
  revokedkeys: {
    name: "RevokedKeys",
    check: (v) => (v.toLowerCase() === "none" || (/^\/etc\/ssh\/[^/\s]+$/.test(v) && !v.includes("..")) ? undefined : "must be 'none' or a file directly in /etc/ssh"),
  },
  // Certificates need TrustedUserCAKeys (which must be none): inert, still no SHA-1 or DSA.
  casignaturealgorithms: { name: "CASignatureAlgorithms", check: algorithms(SIGNATURE_ALGORITHMS) },
  // Host-based trust (.rhosts, .shosts, known hosts of other machines) is off, and stays off.
  hostbasedauthentication: { name: "HostbasedAuthentication", check: oneOf("no") },
  hostbasedusesnamefrompacketonly: { name: "HostbasedUsesNameFromPacketOnly", check: oneOf("no") },
  hostbasedacceptedalgorithms: { name: "HostbasedAcceptedAlgorithms", check: algorithms(SIGNATURE_ALGORITHMS) },
  ignorerhosts: { name: "IgnoreRhosts", check: oneOf("yes") },
  // Only read for host-based authentication, which is off.
  ignoreuserknownhosts: { name: "IgnoreUserKnownHosts", check: oneOf("yes", "no") },
  // Ticket-based logins are off (Debian builds sshd with GSSAPI; GSSAPIKeyExchange is Debian's patch).
  kerberosauthentication: { name: "KerberosAuthentication", check: oneOf("no") },
  gssapiauthentication: { name: "GSSAPIAuthentication", check: oneOf("no") },
  gssapikeyexchange: { name: "GSSAPIKeyExchange", check: oneOf("no") },
  // sshd refuses keys in files other users can write.
  strictmodes: { name: "StrictModes", check: oneOf("yes") },
  // The image's main file; with passwords and keyboard-interactive off, PAM does account and session only.
  usepam: { name: "UsePAM", check: oneOf("yes") },
  // At most sshd's defaults: more tries or a longer (or no) grace time only help guessing and floods.
  maxauthtries: { name: "MaxAuthTries", check: integer(1, 6) },
  logingracetime: { name: "LoginGraceTime", check: duration(1, 120) },
  // Users setting the environment of their own shell (LD_PRELOAD for sudo's parent) through ~/.ssh/environment.
  permituserenvironment: { name: "PermitUserEnvironment", check: oneOf("no") },
  // ~/.ssh/rc runs as the user who logs in (the admin), from a directory StrictModes keeps theirs.
  permituserrc: { name: "PermitUserRC", check: oneOf("yes", "no") },
  // Only names users or groups sshd turns away.
  denyusers: { name: "DenyUsers", check: anyValue },
  denygroups: { name: "DenyGroups", check: anyValue },
  // Reverse DNS, which whoever owns the client's address controls, would decide host patterns (AllowUsers user@host, from=).
  usedns: { name: "UseDNS", check: oneOf("no") },

  // -- Forwarding: only the local tunnel to the loopback gateway.
  // Overrides every forwarding keyword when yes.
  disableforwarding: { name: "DisableForwarding", check: oneOf("yes", "no") },
  // Local forwarding for the tunnel; remote forwarding would publish client ports on the server.
  allowtcpforwarding: { name: "AllowTcpForwarding", check: forwarding(oneOf("local", "no")), unset: "yes" },
  // Where local forwards may go: the server's loopback only ("any" only while TCP forwarding is off).
  permitopen: {
    name: "PermitOpen",
    check: (v, ctx) => {
      if (v.toLowerCase() === "none") return undefined;
      if (v === "any") return ctx.tcpForwardingOff && !ctx.conditional ? undefined : "lets the tunnel reach any host and port: the tunnel must reach the gateway only";
      return loopbackEntries(v);
    },
    unset: "any",
  },
  // Remote forwarding is off (AllowTcpForwarding local or no); whatever it may listen on, never any port.
  permitlisten: { name: "PermitListen", check: (v) => (v.toLowerCase() === "none" ? undefined : v === "any" ? "lets remote forwards listen on any port" : loopbackEntries(v)) },
  // Forwarded ports bound to the loopback only.
  gatewayports: { name: "GatewayPorts", check: forwarding(oneOf("no")), unset: "no" },
  // A root-run server using the operator's agent (or local sockets, or the admin's X display
  // offered to other local users) reaches further than the tunnel.
  allowagentforwarding: { name: "AllowAgentForwarding", check: forwarding(oneOf("no")), unset: "yes" },
  allowstreamlocalforwarding: { name: "AllowStreamLocalForwarding", check: forwarding(oneOf("no")), unset: "yes" },
  // The image's main file says yes, after the Include: our drop-in's no comes first and wins.
  x11forwarding: { name: "X11Forwarding", check: forwarding(oneOf("no")) },
  permittunnel: { name: "PermitTunnel", check: forwarding(oneOf("no")) },
  // A terminal or not changes nothing about who gets in.
  permittty: { name: "PermitTTY", check: oneOf("yes", "no") },
  // Writes details of the authentication to a file only the session's user reads.
  exposeauthinfo: { name: "ExposeAuthInfo", check: oneOf("no", "yes") },

  // -- Algorithms and host keys: what ssh-audit 3.x grades clean. Unset, sshd's defaults include flagged ones.
  kexalgorithms: { name: "KexAlgorithms", check: algorithms(CLEAN_ALGORITHMS.kexalgorithms), unset: "" },
  ciphers: { name: "Ciphers", check: algorithms(CLEAN_ALGORITHMS.ciphers), unset: "" },
  macs: { name: "MACs", check: algorithms(CLEAN_ALGORITHMS.macs), unset: "" },
  hostkeyalgorithms: { name: "HostKeyAlgorithms", check: algorithms(CLEAN_ALGORITHMS.hostkeyalgorithms), unset: "" },
  // The image's own host keys (root's, generated at first boot): a key elsewhere may be one another
  // user wrote, and then knows (a man in the middle for the admin's sessions).
  hostkey: {
    name: "HostKey",
    check: (v) => (["/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key"].includes(v) ? undefined : "only the image's /etc/ssh/ssh_host_{ed25519,rsa,ecdsa}_key"),
  },

  // -- Where sshd listens and housekeeping.
  // Which port: the firewalls decide who reaches it (firewall-* rules).
  port: { name: "Port", check: integer(1, 65535) },
  // Which local addresses sshd binds: the firewalls decide who reaches them.
  listenaddress: { name: "ListenAddress", check: anyValue },
  addressfamily: { name: "AddressFamily", check: oneOf("any", "inet", "inet6") },
  // Connection liveness and flood limits: they close or refuse connections, never let one in.
  clientaliveinterval: { name: "ClientAliveInterval", check: duration(0, Infinity) },
  clientalivecountmax: { name: "ClientAliveCountMax", check: integer(0, Infinity) },
  tcpkeepalive: { name: "TCPKeepAlive", check: oneOf("yes", "no") },
  maxstartups: { name: "MaxStartups", check: (v) => (/^[0-9]+(?::[0-9]+:[0-9]+)?$/.test(v) ? undefined : "must be start:rate:full or a number") },
  maxsessions: { name: "MaxSessions", check: integer(0, 10) },
  persourcemaxstartups: { name: "PerSourceMaxStartups", check: (v) => (v.toLowerCase() === "none" || /^[0-9]+$/.test(v) ? undefined : "must be 'none' or a number") },
  persourcenetblocksize: { name: "PerSourceNetBlockSize", check: (v) => (/^[0-9]+(?::[0-9]+)?$/.test(v) ? undefined : "must be a prefix length, or two") },
  channeltimeout: { name: "ChannelTimeout", check: anyValue },
  unusedconnectiontimeout: { name: "UnusedConnectionTimeout", check: anyValue },
  // Compression happens after authentication either way (delayed since OpenSSH 7.4).
  compression: { name: "Compression", check: oneOf("yes", "delayed", "no") },
  // fail2ban's sshd jail reads sshd's INFO lines: quieter levels blind it; DEBUG logs more than it should.
  loglevel: { name: "LogLevel", check: oneOf("info", "verbose") },
  // What a user sees after logging in.
  printmotd: { name: "PrintMotd", check: oneOf("yes", "no") },
  printlastlog: { name: "PrintLastLog", check: oneOf("yes", "no") },
  // The Debian revision in the version string: information, not access.
  debianbanner: { name: "DebianBanner", check: oneOf("yes", "no") },
  // sshd (root) sends this file to anyone before authentication: only the issue files, never /etc/shadow.
  banner: { name: "Banner", check: oneOf("none", "/etc/issue.net", "/etc/issue") },
  // Locale variables a client may pass (the image's main file: LANG LC_*; Ubuntu adds COLORTERM
  // NO_COLOR). Not LD_PRELOAD, BASH_ENV or PATH-like variables, which change what the session runs.
  acceptenv: {
    name: "AcceptEnv",
    check: (v) => {
      const bad = v.split(/\s+/).filter((e) => !["LANG", "LANGUAGE", "LC_*", "COLORTERM", "NO_COLOR"].includes(e));
      return bad.length > 0 ? `accepts ${bad.join(", ")}: only LANG, LANGUAGE, LC_*, COLORTERM and NO_COLOR` : undefined;
    },
  },
  // sftp (@pulumi/command's CopyToRemote needs it), served by the image's sftp-server or sshd's own:
  // any other program would run in every admin session that asks for the subsystem.
  subsystem: {
    name: "Subsystem",
    check: (v) => {
      const [name, program] = v.split(/\s+/);
      return name === "sftp" && ["/usr/lib/openssh/sftp-server", "internal-sftp"].includes(program) ? undefined : "only 'sftp /usr/lib/openssh/sftp-server' or 'sftp internal-sftp' (with sftp-server's options)";
    },
  },
};

// ---- the check ----

/** Keywords in the allowlist and their display names, for tests and the docs. */
export const ALLOWED_SSHD_KEYWORDS: string[] = Object.values(KNOWN).map((k) => k.name);

function displayName(keyword: string, spelled?: string): string {
  return KNOWN[keyword]?.name ?? spelled ?? keyword;
}

export function sshdBaselineProblems(effective: EffectiveSshd): string[] {
  const s = effective.settings;
  const out: string[] = [];
  const forwardingDisabled = (s.get("disableforwarding") ?? "no").toLowerCase() === "yes";
  const tcpForwardingOff = forwardingDisabled || (s.get("allowtcpforwarding") ?? "yes").toLowerCase() === "no";
  const global: Context = { forwardingDisabled, tcpForwardingOff, conditional: false };
  const spelling = new Map(effective.directives.map((d) => [d.keyword, d.spelled]));

  const judge = (keyword: string, value: string, origin: Origin) => {
    const known = KNOWN[keyword];
    if (!known) {
      out.push(`${displayName(keyword, spelling.get(keyword))} (${origin.text}) is not a keyword the pack knows to be safe: sshd settings are allowed by name, and this one is not on the list`);
      return;
    }
    const why = known.check(value, origin.conditional ? { forwardingDisabled: false, tcpForwardingOff: false, conditional: true } : global);
    if (why) out.push(`${known.name} '${value}' (${origin.text}): ${why}`);
  };

  // The effective value of every keyword that takes one; each line of those whose lines add up.
  const lines = effective.directives.filter((d) => d.scope !== "conditional");
  for (const [keyword, value] of s) {
    if (ACCUMULATING.has(keyword)) {
      for (const d of lines.filter((x) => x.keyword === keyword)) judge(keyword, d.value, { text: `from ${d.path}`, conditional: false });
    } else {
      judge(keyword, value, { text: `from ${effective.sources.get(keyword)}`, conditional: false });
    }
  }
  // Defaults that are weak: the keyword must be set.
  for (const [keyword, known] of Object.entries(KNOWN)) {
    if (known.unset === undefined || s.has(keyword)) continue;
    if (known.unset === "") out.push(`${known.name} is unset (sshd's defaults include algorithms ssh-audit flags): must list only ${(CLEAN_ALGORITHMS as Record<string, readonly string[]>)[keyword].join(", ")}`);
    else {
      const why = known.check(known.unset, global);
      if (why) out.push(`${known.name} is unset (sshd's default '${known.unset}'): ${why}`);
    }
  }
  // A Match block's lines apply to the connections it matches, over the global values.
  for (const d of effective.directives.filter((x) => x.scope === "conditional")) judgeConditional(d, judge);
  return out;
}

/** Keywords effectiveSshd already judges inside Match blocks (see weakens() in sshd.ts). */
const JUDGED_IN_MATCH = new Set(["permitrootlogin", "passwordauthentication", "kbdinteractiveauthentication", "permitemptypasswords", "allowusers", "allowgroups", "authenticationmethods"]);

function judgeConditional(d: SshdDirective, judge: (keyword: string, value: string, origin: Origin) => void): void {
  if (JUDGED_IN_MATCH.has(d.keyword)) return;
  judge(d.keyword, d.value, { text: `in a Match block, ${d.path} line ${d.line}`, conditional: true });
}
