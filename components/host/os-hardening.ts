// The host-hardening layer around SSH, ufw and fail2ban, declared once: every setting with why and
// its anchor (CIS Debian benchmark, dev-sec os-hardening, the Lynis test that looks for it). The
// os-hardening step's files, the deploy gate's expectations and README's table all come from here;
// settings we leave out on purpose are listed too, with the reason.
import type { Settings } from "../../settings/load";
import { layout } from "../openclaw/layout";

/** Installed in the one apt transaction of host-packages. */
export const HARDENING_PACKAGES = ["auditd", "aide", "aide-common", "debsums", "kmod", "libpam-passwdqc", "libpam-tmpdir"] as const;

interface Declared {
  why: string;
  /** CIS / dev-sec / Lynis test ids. */
  anchor: string;
}

export const SYSCTLS: (Declared & { key: string; value: string })[] = [
  { key: "net.ipv4.conf.all.rp_filter", value: "1", why: "Drop packets whose source could not be routed back (spoofing); one interface, so strict mode is safe.", anchor: "CIS 3.3.7, KRNL-6000" },
  { key: "net.ipv4.conf.default.rp_filter", value: "1", why: "The same for interfaces added later (a private network).", anchor: "CIS 3.3.7" },
  { key: "net.ipv4.conf.all.accept_redirects", value: "0", why: "ICMP redirects can reroute traffic through an attacker.", anchor: "CIS 3.3.2" },
  { key: "net.ipv4.conf.default.accept_redirects", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.2" },
  { key: "net.ipv4.conf.all.secure_redirects", value: "0", why: "Even redirects from listed gateways are not needed on a server with one route out.", anchor: "CIS 3.3.3" },
  { key: "net.ipv4.conf.default.secure_redirects", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.3" },
  { key: "net.ipv6.conf.all.accept_redirects", value: "0", why: "IPv6 redirects, as for IPv4.", anchor: "CIS 3.3.2" },
  { key: "net.ipv6.conf.default.accept_redirects", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.2" },
  { key: "net.ipv4.conf.all.send_redirects", value: "0", why: "The server is no router: it never tells others where to send.", anchor: "CIS 3.3.1, KRNL-6000" },
  { key: "net.ipv4.conf.default.send_redirects", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.1" },
  { key: "net.ipv4.conf.all.accept_source_route", value: "0", why: "Source-routed packets choose their own path past filters.", anchor: "CIS 3.3.4" },
  { key: "net.ipv4.conf.default.accept_source_route", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.4, KRNL-6000" },
  { key: "net.ipv6.conf.all.accept_source_route", value: "0", why: "IPv6 source routing, as for IPv4.", anchor: "CIS 3.3.4" },
  { key: "net.ipv6.conf.default.accept_source_route", value: "0", why: "As above, for new interfaces.", anchor: "CIS 3.3.4" },
  { key: "net.ipv4.conf.all.log_martians", value: "1", why: "Log impossible source addresses: a sign of spoofing or a misrouted network.", anchor: "CIS 3.3.5, KRNL-6000" },
  { key: "net.ipv4.conf.default.log_martians", value: "1", why: "As above, for new interfaces.", anchor: "CIS 3.3.5, KRNL-6000" },
  { key: "net.ipv4.tcp_syncookies", value: "1", why: "Keep answering under a SYN flood (SSH stays reachable).", anchor: "CIS 3.3.8" },
  { key: "net.ipv4.icmp_echo_ignore_broadcasts", value: "1", why: "No part in smurf amplification.", anchor: "CIS 3.3.6" },
  { key: "net.ipv4.icmp_ignore_bogus_error_responses", value: "1", why: "Bogus ICMP errors only fill the log.", anchor: "CIS 3.3.6" },
  { key: "kernel.kptr_restrict", value: "2", why: "Kernel addresses help exploits defeat KASLR: hide them from everyone.", anchor: "dev-sec, KRNL-6000" },
  { key: "kernel.dmesg_restrict", value: "1", why: "The kernel log leaks addresses and hardware details: root only.", anchor: "dev-sec, KRNL-6000" },
  { key: "kernel.yama.ptrace_scope", value: "1", why: "A compromised process of the service user cannot read the memory (and secrets) of its siblings; 1 keeps debuggers usable on a parent's own children.", anchor: "dev-sec" },
  { key: "kernel.unprivileged_bpf_disabled", value: "1", why: "Unprivileged eBPF has been the way in for many kernel exploits; nothing here needs it.", anchor: "KRNL-6000" },
  { key: "net.core.bpf_jit_harden", value: "2", why: "Blinds constants in JIT-compiled BPF (JIT spraying).", anchor: "dev-sec" },
  { key: "kernel.randomize_va_space", value: "2", why: "Full address-space randomisation (the default; pinned so nothing lowers it).", anchor: "CIS 1.5.3, KRNL-6000" },
  { key: "kernel.sysrq", value: "0", why: "No magic SysRq keys from the console of a cloud server.", anchor: "dev-sec" },
  { key: "kernel.core_uses_pid", value: "1", why: "Should a core dump ever be written, it does not overwrite another.", anchor: "KRNL-6000" },
  { key: "kernel.ctrl-alt-del", value: "0", why: "Ctrl-Alt-Del from the console signals init instead of rebooting at once.", anchor: "KRNL-6000" },
  { key: "fs.suid_dumpable", value: "0", why: "Set-uid programs never dump core (their memory holds what the caller may not read).", anchor: "CIS 1.5.1, KRNL-5820" },
  { key: "fs.protected_hardlinks", value: "1", why: "No hard links to files the user does not own (link attacks on root).", anchor: "KRNL-6000" },
  { key: "fs.protected_symlinks", value: "1", why: "Symlinks in sticky world-writable dirs are followed only for their owner.", anchor: "KRNL-6000" },
  { key: "fs.protected_fifos", value: "2", why: "No opening another user's FIFO in a sticky dir such as /tmp.", anchor: "KRNL-6000" },
  { key: "fs.protected_regular", value: "2", why: "No opening another user's regular file in a sticky dir such as /tmp.", anchor: "KRNL-6000" },
  { key: "dev.tty.ldisc_autoload", value: "0", why: "Unprivileged users cannot load TTY line disciplines (a source of kernel bugs).", anchor: "KRNL-6000" },
];

/** Kernel modules never loaded: install runs /bin/false, and blacklisted against autoloading. */
export const MODULES: (Declared & { name: string })[] = [
  { name: "dccp", why: "Unused network protocol with a history of remote kernel bugs.", anchor: "CIS 3.2, NETW-3200" },
  { name: "sctp", why: "Unused network protocol.", anchor: "CIS 3.2, NETW-3200" },
  { name: "rds", why: "Unused network protocol with a history of local root exploits.", anchor: "CIS 3.2, NETW-3200" },
  { name: "tipc", why: "Unused network protocol.", anchor: "CIS 3.2, NETW-3200" },
  { name: "usb-storage", why: "A cloud server has no USB ports to trust.", anchor: "CIS 1.1.10, USB-1000" },
  { name: "firewire-core", why: "No FireWire either (DMA from a device).", anchor: "STRG-1846" },
  { name: "cramfs", why: "File systems nobody mounts here are only attack surface.", anchor: "CIS 1.1.1" },
  { name: "freevxfs", why: "No server here mounts it: a crafted image is only kernel attack surface.", anchor: "CIS 1.1.1" },
  { name: "hfs", why: "No server here mounts it: a crafted image is only kernel attack surface.", anchor: "CIS 1.1.1" },
  { name: "hfsplus", why: "No server here mounts it: a crafted image is only kernel attack surface.", anchor: "CIS 1.1.1" },
  { name: "jffs2", why: "No server here mounts it: a crafted image is only kernel attack surface.", anchor: "CIS 1.1.1" },
  { name: "udf", why: "No server here mounts it: a crafted image is only kernel attack surface.", anchor: "CIS 1.1.1" },
];

/** /etc/login.defs keys, set in place (other keys are left as the image has them). */
export const LOGIN_DEFS: (Declared & { key: string; value: string })[] = [
  { key: "UMASK", value: "027", why: "Files users create are not world-readable (pam_umask applies it at login).", anchor: "CIS 5.5.5, AUTH-9328" },
  { key: "SHA_CRYPT_MIN_ROUNDS", value: "640000", why: "Slow SHA-512 hashes, should a password ever be set with that method.", anchor: "dev-sec, AUTH-9230" },
  { key: "SHA_CRYPT_MAX_ROUNDS", value: "640000", why: "As above (min = max: one cost).", anchor: "dev-sec, AUTH-9230" },
];

/** Paths auditd watches for writes and attribute changes, each with the key its records carry. */
export function auditWatches(): (Declared & { path: string; key: string })[] {
  return [
    { path: "/etc/ssh/sshd_config", key: "sshd", why: "Who may log in, and how.", anchor: "CIS 6.3.3" },
    { path: "/etc/ssh/sshd_config.d", key: "sshd", why: "The drop-ins, ours first.", anchor: "CIS 6.3.3" },
    { path: "/etc/sudoers", key: "sudoers", why: "Who becomes root.", anchor: "CIS 6.3.3.1" },
    { path: "/etc/sudoers.d", key: "sudoers", why: "Drop-ins that grant root.", anchor: "CIS 6.3.3.1" },
    { path: "/etc/passwd", key: "identity", why: "Accounts added or changed.", anchor: "CIS 6.3.3.8" },
    { path: "/etc/shadow", key: "identity", why: "Password hashes and account locks.", anchor: "CIS 6.3.3.8" },
    { path: "/etc/group", key: "identity", why: "Group membership (sudo, docker…).", anchor: "CIS 6.3.3.8" },
    { path: layout.stateDir, key: "openclaw-state", why: "OpenClaw's config, credentials and sessions.", anchor: "this project" },
    { path: layout.envFile, key: "openclaw-secrets", why: "Every secret of the gateway.", anchor: "this project" },
    { path: `/etc/systemd/system/${layout.unitName}.service`, key: "openclaw-unit", why: "The gateway's user and sandbox.", anchor: "this project" },
    { path: "/etc/ufw", key: "firewall", why: "The host firewall's rules.", anchor: "this project" },
  ];
}

/** The other settings of the layer, each a row of README's table. */
export const OTHER_SETTINGS: (Declared & { area: string; setting: string })[] = [
  { area: "apt", setting: "the distribution's security suite in the apt sources (added by host-packages when missing) and in unattended-upgrades' origins", why: "Without it unattended upgrades install no security fix at all.", anchor: "CIS 1.2, PKGS-7388" },
  { area: "audit", setting: "auditd running, with the watches below (`-p wa`), loaded by augenrules", why: "A record of who changed the files that make up the hardening, outside the journal they could edit.", anchor: "CIS 6.3, ACCT-9628" },
  { area: "apt", setting: "the security fixes pending on the image installed by the deploy (host-packages, after the packages, security origins only)", why: "A new server starts patched instead of waiting up to a day for the first unattended run.", anchor: "CIS 1.9, PKGS-7392" },
  { area: "integrity", setting: "AIDE, with a baseline taken after every deploy that changed something (aide-common's daily check compares with it), `Checksums = sha512`; debsums for package files (`debsums -s` on demand)", why: "Tampering with binaries or configs shows up in the daily check; one strong hash keeps the baseline's CPU time down (every compiled-in hash tripled it).", anchor: "CIS 6.1, FINT-4350, FINT-4402, PKGS-7370" },
  { area: "accounts", setting: "libpam-passwdqc (password strength), libpam-tmpdir (a private $TMPDIR per login)", why: "No account has a password today; one set later must be strong. Per-user temp dirs stop /tmp races.", anchor: "CIS 5.3, AUTH-9262, DEB-0280" },
  { area: "core dumps", setting: "`* hard core 0` (limits.d), `ulimit -c 0` (profile.d), systemd-coredump `Storage=none`, `ProcessSizeMax=0`", why: "A core dump of the gateway would write its secrets to disk.", anchor: "CIS 1.5.1, KRNL-5820" },
  { area: "shell", setting: "`TMOUT=900`, read-only, for login shells", why: "A forgotten root shell closes itself after 15 minutes.", anchor: "CIS 5.4.3.2, SHLL-6220" },
  { area: "banner", setting: "a legal banner in /etc/issue and /etc/issue.net, shown by sshd (`Banner`)", why: "States that access is for authorised users only (needed to prosecute in some jurisdictions).", anchor: "CIS 1.7, BANN-7126, BANN-7130" },
  { area: "ssh", setting: "`MaxSessions 2`, `TCPKeepAlive no` (ClientAlive* stays on), `Banner /etc/issue.net`", why: "Lynis' remaining SSH suggestions that @pulumi/command does not need (each step dials its own connection).", anchor: "SSH-7408" },
  { area: "ufw", setting: "`IPT_SYSCTL=` in /etc/default/ufw: ufw leaves kernel settings to the sysctl.d drop-in", why: "ufw's own sysctl file sets log_martians back to 0 on every enable and at every boot.", anchor: "this project" },
  { area: "accounts", setting: "pam_umask in common-session (a pam-auth-update profile, where the image lacks it: Debian 12)", why: "Without it login.defs' UMASK is read by nothing at login, and logins keep 022.", anchor: "CIS 5.5.5, AUTH-9328" },
  { area: "steps", setting: "every step runs with `umask 022`", why: "The login umask is now 027: the steps set theirs, so what they install stays readable by the service user where it must be.", anchor: "this project" },
];

/** Left out on purpose: what, and why not. */
export const SKIPPED: { setting: string; why: string; anchor: string }[] = [
  { setting: "`AllowTcpForwarding no`", why: "The only way to the gateway is the SSH tunnel to its loopback port; forwarding is limited to that port (`local`, `PermitOpen`).", anchor: "SSH-7408" },
  { setting: "SSH on a port other than 22", why: "A setting (`sshPort`), not a default: moving the port only quiets scanners; keys-only login and fail2ban are the protection.", anchor: "SSH-7408" },
  { setting: "password ageing (`PASS_MAX_DAYS`, `PASS_MIN_DAYS`)", why: "No account has a password; an expired one would make PAM's account stage refuse the admin's key logins.", anchor: "AUTH-9286" },
  { setting: "separate partitions for /home, /var, /tmp; /tmp `noexec`", why: "Hetzner Cloud servers have one disk and cloud-init grows the root partition; apt and npm run maintainer and lifecycle scripts from temp dirs.", anchor: "CIS 1.1.2-1.1.9, FILE-6310" },
  { setting: "`kernel.unprivileged_userns_clone=0`", why: "Rootless containers (the agent sandbox) need unprivileged user namespaces.", anchor: "dev-sec" },
  { setting: "`net.ipv6.conf.*.accept_ra=0`", why: "Some images configure IPv6 from router advertisements; Hetzner's network is the only router the server sees.", anchor: "CIS 3.3.9" },
  { setting: "`hidepid=2` on /proc", why: "systemd-logind and polkit need to see other users' processes on Debian.", anchor: "FILE-6344" },
  { setting: "USBGuard", why: "A cloud server has no USB bus; usb-storage is blacklisted instead.", anchor: "USB-3000" },
  { setting: "remote syslog", why: "No log host to send to; journald keeps `logRetentionDays` locally, auditd its own log.", anchor: "LOGG-2154" },
  { setting: "a malware scanner (rkhunter, chkrootkit)", why: "Signature scanners for Linux rootkits raise false alarms on every upgrade; AIDE reports file changes.", anchor: "HRDN-7230, MALW-3280" },
  { setting: "apt-listbugs, apt-listchanges, needrestart", why: "They hook into every apt run and prompt or restart services during unattended upgrades and the steps' installs.", anchor: "DEB-0810, DEB-0811, DEB-0831" },
  { setting: "debsums' scheduled check (`CRON_CHECK` in /etc/default/debsums)", why: "It runs from cron, which minimal images lack; AIDE's daily check covers package files too, and `debsums -s` is there on demand.", anchor: "PKGS-7370" },
  { setting: "apt-show-versions", why: "A listing tool for people: apt shows pending updates itself (`apt list --upgradable`), and the deploy and unattended-upgrades install security fixes.", anchor: "PKGS-7394" },
  { setting: "process accounting (acct), sysstat", why: "Kept out for size: auditd records what matters for the hardening.", anchor: "ACCT-9622, ACCT-9626" },
];

const HEADER = "# Managed by openclaw-hetzner (components/host/os-hardening.ts).";

export function renderSysctl(): string {
  return [HEADER, ...SYSCTLS.map((s) => `${s.key} = ${s.value}`), ""].join("\n");
}

export function renderModprobe(): string {
  return [HEADER, ...MODULES.flatMap((m) => [`install ${m.name} /bin/false`, `blacklist ${m.name}`]), ""].join("\n");
}

export function renderAuditRules(): string {
  return [HEADER, ...auditWatches().map((w) => `-w ${w.path} -p wa -k ${w.key}`), ""].join("\n");
}

/** `KEY=VALUE …` for the step to set in /etc/login.defs. */
export function loginDefsAssignments(): string {
  return LOGIN_DEFS.map((d) => `${d.key}=${d.value}`).join(" ");
}

/** A pam-auth-update profile that applies login.defs' UMASK at login (Debian 12 has no pam_umask). */
export function renderPamUmaskProfile(): string {
  return ["Name: umask from login.defs at login (openclaw-hetzner)", "Default: yes", "Priority: 0", "Session-Type: Additional", "Session:", "\toptional\t\t\tpam_umask.so", ""].join("\n");
}

export function renderCoreLimits(): string {
  return [HEADER, "* soft core 0", "* hard core 0", ""].join("\n");
}

export function renderCoredumpConf(): string {
  return [HEADER, "[Coredump]", "Storage=none", "ProcessSizeMax=0", ""].join("\n");
}

export function renderLoginProfile(): string {
  return [HEADER, "# Idle login shells close after 15 minutes; no core dumps from login sessions.", "TMOUT=900", "readonly TMOUT", "export TMOUT", "ulimit -c 0", ""].join("\n");
}

export function renderBanner(): string {
  return ["Authorised access only. Every session on this server is logged and may be monitored;", "unauthorised use is prohibited and may be prosecuted.", ""].join("\n");
}

const SECURITY_SOURCES: Record<Settings["image"], { uri: string; suite: string; keyring: string }> = {
  "debian-13": { uri: "http://deb.debian.org/debian-security", suite: "trixie-security", keyring: "/usr/share/keyrings/debian-archive-keyring.gpg" },
  "debian-12": { uri: "http://deb.debian.org/debian-security", suite: "bookworm-security", keyring: "/usr/share/keyrings/debian-archive-keyring.gpg" },
  "ubuntu-24.04": { uri: "http://security.ubuntu.com/ubuntu", suite: "noble-security", keyring: "/usr/share/keyrings/ubuntu-archive-keyring.gpg" },
};

export function securitySuite(image: Settings["image"]): string {
  return SECURITY_SOURCES[image].suite;
}

/**
 * The source the step adds when no configured source carries the security suite. One-line form:
 * every apt we support reads it, and so do auditors that look only for `.list` files (Lynis).
 */
export function renderSecuritySources(image: Settings["image"]): string {
  const s = SECURITY_SOURCES[image];
  const components = image.startsWith("ubuntu") ? "main restricted universe multiverse" : "main";
  return [HEADER, "# Added because no apt source carried the security suite.", `deb [signed-by=${s.keyring}] ${s.uri} ${s.suite} ${components}`, ""].join("\n");
}

/** AIDE's checksum group: one strong hash instead of every hash the binary knows (H). */
export const AIDE_CHECKSUMS = "sha512";

/** What the deploy gate checks on the host (it reads the effective state, not these files). */
export function hostLayerExpectations(image: Settings["image"]) {
  return {
    sysctl: Object.fromEntries(SYSCTLS.map((s) => [s.key, s.value])),
    loginDefs: Object.fromEntries(LOGIN_DEFS.map((d) => [d.key, d.value])),
    modules: MODULES.map((m) => m.name),
    auditWatches: auditWatches().map((w) => w.path),
    securitySuite: securitySuite(image),
  };
}
