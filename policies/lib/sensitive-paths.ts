// Which files on the server make up the hardening: what a step writes there is read and checked,
// and a write the pack cannot read is refused. Paths are classified by what they are on any
// Debian/Ubuntu host, not by where this project's program happens to put them.
import { GATEWAY_SUFFIX_PATTERN } from "./gateway-names";

export type SensitiveKind =
  | "sshd-config"
  | "openclaw-config"
  | "openclaw-state"
  | "systemd-unit"
  | "systemd-dropin"
  | "fail2ban-jail"
  | "fail2ban-other"
  | "ufw-config"
  | "apt-config"
  | "sudoers"
  | "accounts"
  | "pam"
  | "ssh-keys"
  /** Files whose commands run later (cron, boot, login): read like a step, since no gate follows them. */
  | "scheduled"
  /** Programs root or a unit may run (bin directories): only shell the pack can read. */
  | "executable"
  | "sshd-options"
  | "journald"
  | "systemd-links"
  | "apt-sources"
  | "tmpfiles"
  | "logrotate"
  | "udev"
  | "modprobe"
  /** Kernel parameters: sysctl.conf, every sysctl.d directory, and /proc/sys itself (until reboot). */
  | "sysctl"
  /** auditd's rules and configuration (/etc/audit, /etc/audisp). */
  | "audit"
  /** pam_limits' settings (core dump size, among others). */
  | "limits"
  /** systemd-coredump's settings. */
  | "coredump"
  /**
   * What the on-box maintenance jobs run as root and read (their scripts, the gate body the daily
   * verification runs, its inputs, the notification URL) and the backups: only the maintenance
   * step's and the gate's reviewed bodies write there.
   */
  | "maintenance";

const RULES: [RegExp, SensitiveKind][] = [
  // The backups of every gateway: the server's only one's, and each of a shared server's (-<id>).
  [new RegExp(`^/(usr/local/lib|etc|var/lib)/openclaw-hetzner(/|$)|^/var/backups/openclaw${GATEWAY_SUFFIX_PATTERN}(/|$)`), "maintenance"],
  [/^\/etc\/ssh\/sshd_config(\.d\/[^/]+)?$/, "sshd-config"],
  [/(^|\/)openclaw\.json$/, "openclaw-config"],
  [/(^|\/)\.openclaw(\/|$)/, "openclaw-state"],
  // Every directory systemd loads units from (system and user managers, control and transient).
  [/^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|user|system\.control|user\.control|transient)\/[^/]+\.(service|socket|timer|path|mount|automount)$|(^|\/)\.config\/systemd\/user\/[^/]+\.(service|socket|timer|path)$/, "systemd-unit"],
  // Drop-ins of one unit, of every unit whose name starts with a dash prefix (`openclaw-.service.d`),
  // and of every unit of a type (`service.d`, systemd 249+: Debian 12 and 13).
  [/^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|user|system\.control|user\.control|transient)\/([^/]+\.)?(service|socket|timer|path|mount|automount)\.d\/[^/]+$|(^|\/)\.config\/systemd\/user\/[^/]+\.d\/[^/]+$/, "systemd-dropin"],
  // Places root runs or applies later, outside any step: each read as what it will do.
  [/^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/tmpfiles\.d\/[^/]+$/, "tmpfiles"],
  [/^\/etc\/logrotate\.(conf|d\/[^/]+)$/, "logrotate"],
  [/^\/(etc|lib|usr\/lib)\/udev\/rules\.d\/[^/]+$/, "udev"],
  [/^\/(etc|lib|usr\/lib|usr\/local\/lib|run)\/modprobe\.d\/[^/]+$/, "modprobe"],
  // The host layer around SSH: kernel parameters, the audit trail, core dumps.
  [/^\/etc\/sysctl\.conf$|^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/sysctl\.d\/[^/]+$|^\/proc\/sys\/./, "sysctl"],
  [/^\/etc\/(audit|audisp)\/./, "audit"],
  [/^\/etc\/security\/limits\.(conf|d\/[^/]+)$/, "limits"],
  [/^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/coredump\.conf(\.d\/[^/]+)?$/, "coredump"],
  [/^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|user)-generators\/[^/]+$|^\/etc\/(update-motd\.d|init\.d|rc[0-6S]\.d|network\/if-[a-z-]+\.d|NetworkManager\/dispatcher\.d|dhcp\/dhclient-(enter|exit)-hooks\.d|ppp\/ip-up\.d|kernel\/postinst\.d|apt\/apt\.conf\.d\/[^/]*hook[^/]*)\/[^/]+$/, "scheduled"],
  [/^\/etc\/(crontab|cron\.(d|hourly|daily|weekly|monthly)\/[^/]+|anacrontab|rc\.local|profile|bash\.bashrc|environment|profile\.d\/[^/]+)$|^\/var\/spool\/cron\/|(^|\/)\.(bashrc|profile|bash_profile)$/, "scheduled"],
  [/^\/etc\/fail2ban\/(jail\.(conf|local)|jail\.d\/[^/]+)$/, "fail2ban-jail"],
  [/^\/etc\/fail2ban\//, "fail2ban-other"],
  [/^\/etc\/(ufw\/|default\/ufw$)/, "ufw-config"],
  [/^\/etc\/apt\/apt\.conf(\.d\/[^/]+)?$/, "apt-config"],
  [/^\/etc\/apt\/(sources\.list(\.d\/[^/]+)?|trusted\.gpg(\.d\/[^/]+)?|keyrings\/[^/]+)$|^\/usr\/share\/keyrings\/[^/]+$/, "apt-sources"],
  [/^\/etc\/default\/ssh$/, "sshd-options"],
  [/^\/etc\/systemd\/journald\.conf(\.d\/[^/]+)?$/, "journald"],
  [/^\/(etc|lib|usr\/lib)\/systemd\/(system|user)\/[^/]+\.(wants|requires)\/[^/]+$/, "systemd-links"],
  [/^\/(usr\/local\/|usr\/)?s?bin\/[^/]+$|^\/opt\/[^/]+(\/[^/]+)?\/bin\/[^/]+$/, "executable"],
  [/^\/etc\/sudoers(\.d\/[^/]+)?$/, "sudoers"],
  [/^\/etc\/(passwd|shadow|group|gshadow|login\.defs)$/, "accounts"],
  [/^\/etc\/pam\.d\//, "pam"],
  [/(^|\/)\.ssh\/authorized_keys2?$|^\/etc\/ssh\/ssh_host_/, "ssh-keys"],
];

/** Collapses `//`, `/./` and trailing slashes; `..` makes a path unreadable (undefined). */
export function normalizePath(path: string): string | undefined {
  if (typeof path !== "string" || !path.startsWith("/")) return undefined;
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return `/${parts.join("/")}`;
}

export function classifyPath(path: string): SensitiveKind | undefined {
  const p = normalizePath(path);
  if (p === undefined) return undefined;
  return RULES.find(([re]) => re.test(p))?.[1];
}

/** Example paths of each kind, to tell whether a directory holds (or is above) one. */
const REPRESENTATIVES = [
  "/etc/ssh/sshd_config.d/x.conf",
  "/var/lib/openclaw/.openclaw/openclaw.json",
  "/etc/systemd/system/x.service",
  "/lib/systemd/system/x.service",
  "/usr/lib/systemd/system/x.service",
  "/etc/fail2ban/jail.local",
  "/etc/ufw/user.rules",
  "/etc/default/ufw",
  "/etc/apt/apt.conf.d/20auto-upgrades",
  "/etc/sudoers.d/x",
  "/etc/shadow",
  "/etc/pam.d/sshd",
  "/root/.ssh/authorized_keys",
  "/etc/cron.d/x",
  "/etc/rc.local",
  "/etc/apt/sources.list.d/x",
  "/etc/systemd/system/multi-user.target.wants/x.service",
  "/usr/local/bin/x",
  "/etc/tmpfiles.d/x.conf",
  "/etc/logrotate.d/x",
  "/etc/udev/rules.d/x.rules",
  "/etc/modprobe.d/x.conf",
  "/etc/systemd/system.control/x.service",
  "/usr/local/lib/systemd/system/x.service",
  "/etc/sysctl.conf",
  "/etc/sysctl.d/x.conf",
  "/run/sysctl.d/x.conf",
  "/usr/lib/sysctl.d/x.conf",
  "/usr/local/lib/sysctl.d/x.conf",
  "/lib/sysctl.d/x.conf",
  "/proc/sys/kernel/x",
  "/etc/audit/rules.d/x.rules",
  "/etc/audit/auditd.conf",
  "/etc/security/limits.d/x.conf",
  "/etc/systemd/coredump.conf.d/x.conf",
  "/usr/lib/systemd/coredump.conf.d/x.conf",
  "/usr/local/lib/modprobe.d/x.conf",
  "/usr/local/lib/openclaw-hetzner/x.sh",
  "/etc/openclaw-hetzner/x.env",
  "/var/lib/openclaw-hetzner/x.json",
  "/var/backups/openclaw/x.tar.gz",
];

/**
 * Whether `dir`, taken as a directory, is or lies above a hardening file (a file copied "into"
 * it may land on one). Unknown or relative paths count as yes.
 */
export function isAboveSensitive(dir: string): boolean {
  const d = normalizePath(dir);
  if (d === undefined) return true;
  if (classifyPath(d) !== undefined || /(^|\/)\.openclaw(\/|$)|(^|\/)\.ssh(\/|$)/.test(d)) return true;
  const prefix = d === "/" ? "/" : `${d}/`;
  return REPRESENTATIVES.some((p) => p.startsWith(prefix));
}

/**
 * Whether unpacking a directory tree at `dir` may write a hardening file: above one, or in a home
 * or service state directory (where OpenClaw state and SSH keys live).
 */
export function directoryMayHoldSensitive(dir: string): boolean {
  const d = normalizePath(dir);
  return d === undefined || isAboveSensitive(d) || /^\/(home|root|var\/lib)(\/|$)/.test(d);
}

/**
 * Services whose stop/disable/mask loosens the hardening: the host's protections, and the on-box
 * maintenance jobs (daily verification, retention, backups, each gateway's on a shared server, the
 * failure notifier and its instances).
 */
export const PROTECTIVE_SERVICES = new RegExp(
  `^(ufw|fail2ban|unattended-upgrades|apt-daily(-upgrade)?|apparmor|auditd|systemd-sysctl|openclaw-(verify|retention|backup)${GATEWAY_SUFFIX_PATTERN}|openclaw-notify@[^/\\s]*)(\\.service|\\.timer)?$`,
);
