// What the host layer around SSH must leave in place, as the pack's own baseline (a second opinion:
// it does not read the program's declaration in components/host/os-hardening.ts): kernel
// parameters, kernel modules that stay off, the audit watches and what would switch auditing off,
// and core dumps. Checked on the files the stack ships to a server, as the programs that read them
// do (host-files.ts). Pure: no I/O.
import {
  AUDIT_RULES_DIR,
  auditRuleLines,
  auditWriteWatch,
  coredumpStorage,
  dropInOrder,
  globMatches,
  limitEntries,
  MODPROBE_DIRS,
  moduleName,
  modprobeInstalls,
  SYSCTL_DIRS,
  sysctlPath,
  sysctlReadings,
  sysctlValue,
} from "./host-files";

/** A kernel parameter the layer must set, and the values that keep it safe. */
export interface SysctlBaseline {
  key: string;
  /** The values accepted (integers). */
  allowed: number[];
  /** What it guards, for messages. */
  why: string;
}

export const SYSCTL_BASELINE: SysctlBaseline[] = [
  { key: "kernel.kptr_restrict", allowed: [1, 2], why: "kernel addresses stay hidden, so KASLR holds" },
  { key: "kernel.dmesg_restrict", allowed: [1], why: "the kernel log is root's only" },
  { key: "kernel.unprivileged_bpf_disabled", allowed: [1, 2], why: "no unprivileged eBPF" },
  { key: "kernel.yama.ptrace_scope", allowed: [1, 2, 3], why: "a process cannot read its siblings' memory" },
  { key: "kernel.randomize_va_space", allowed: [2], why: "full address-space randomisation" },
  { key: "fs.suid_dumpable", allowed: [0], why: "set-uid programs never dump core" },
  { key: "fs.protected_symlinks", allowed: [1], why: "no symlink attacks in sticky directories" },
  { key: "fs.protected_hardlinks", allowed: [1], why: "no hard links to files the user does not own" },
  { key: "fs.protected_fifos", allowed: [1, 2], why: "no opening others' FIFOs in /tmp" },
  { key: "fs.protected_regular", allowed: [1, 2], why: "no opening others' files in /tmp" },
  { key: "net.core.bpf_jit_harden", allowed: [1, 2], why: "JIT-compiled BPF is hardened" },
  { key: "dev.tty.ldisc_autoload", allowed: [0], why: "users cannot load TTY line disciplines" },
  { key: "net.ipv4.conf.all.accept_redirects", allowed: [0], why: "ICMP redirects cannot reroute traffic" },
  { key: "net.ipv4.conf.default.accept_redirects", allowed: [0], why: "ICMP redirects cannot reroute traffic" },
  { key: "net.ipv4.conf.all.secure_redirects", allowed: [0], why: "ICMP redirects cannot reroute traffic" },
  { key: "net.ipv4.conf.default.secure_redirects", allowed: [0], why: "ICMP redirects cannot reroute traffic" },
  { key: "net.ipv6.conf.all.accept_redirects", allowed: [0], why: "ICMPv6 redirects cannot reroute traffic" },
  { key: "net.ipv6.conf.default.accept_redirects", allowed: [0], why: "ICMPv6 redirects cannot reroute traffic" },
  { key: "net.ipv4.conf.all.send_redirects", allowed: [0], why: "the server is no router" },
  { key: "net.ipv4.conf.default.send_redirects", allowed: [0], why: "the server is no router" },
  { key: "net.ipv4.conf.all.accept_source_route", allowed: [0], why: "no source-routed packets" },
  { key: "net.ipv4.conf.default.accept_source_route", allowed: [0], why: "no source-routed packets" },
  { key: "net.ipv6.conf.all.accept_source_route", allowed: [0], why: "no source-routed packets" },
  { key: "net.ipv6.conf.default.accept_source_route", allowed: [0], why: "no source-routed packets" },
  { key: "net.ipv4.conf.all.rp_filter", allowed: [1, 2], why: "spoofed source addresses are dropped" },
  { key: "net.ipv4.conf.default.rp_filter", allowed: [1, 2], why: "spoofed source addresses are dropped" },
  { key: "net.ipv4.tcp_syncookies", allowed: [1], why: "SSH stays reachable under a SYN flood" },
  { key: "net.ipv4.icmp_echo_ignore_broadcasts", allowed: [1], why: "no part in smurf amplification" },
];

/**
 * Kernel parameters the layer need not set, but that no file may set to something else: each names
 * a program the kernel runs as root (on a crash, on a module request), or guards the null page.
 */
export const SYSCTL_IF_SET: { key: string; ok: (value: string) => boolean; expect: string }[] = [
  { key: "kernel.core_pattern", ok: (v) => /^\|\s*\/(usr\/)?lib\/systemd\/systemd-coredump(\s|$)/.test(v), expect: "systemd-coredump's pipe (|/usr/lib/systemd/systemd-coredump …), which honours Storage=none" },
  { key: "kernel.modprobe", ok: (v) => /^\/(usr\/)?sbin\/modprobe$/.test(v), expect: "/sbin/modprobe" },
  { key: "vm.mmap_min_addr", ok: (v) => /^\d+$/.test(v) && Number(v) >= 4096, expect: "at least 4096 (the null page stays unmapped)" },
];

/** Kernel modules that stay off: `install <module> /bin/false` (or /bin/true). */
export const MODULES_OFF = ["dccp", "sctp", "rds", "tipc", "usb-storage"];

/** Audit watches for writes that must exist: any one of `paths` (or a directory above it). */
export const AUDIT_WATCHES: { what: string; paths: string[] }[] = [
  { what: "sshd's configuration", paths: ["/etc/ssh/sshd_config.d", "/etc/ssh/sshd_config"] },
  { what: "sudo rights", paths: ["/etc/sudoers", "/etc/sudoers.d"] },
];

/** A problem with the host layer; `path` is the file that causes it (to name the step that ships it). */
export interface LayerProblem {
  area: "sysctl" | "modprobe" | "audit" | "coredump" | "limits";
  message: string;
  path?: string;
}

const OFF_COMMAND = /^\/(usr\/)?bin\/(false|true)$/;
const fmt = (allowed: number[]) => (allowed.length === 1 ? `${allowed[0]}` : `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`);

/** Kernel parameters: every baseline key set and safe in both readings, nothing unsafe by glob or in /proc/sys. */
export function sysctlProblems(files: Map<string, string>): LayerProblem[] {
  const out = new Map<string, LayerProblem>();
  const add = (p: LayerProblem) => out.set(p.message, p);
  const ignored = [...files.keys()].filter((p) => !p.startsWith("/proc/sys/") && p !== "/etc/sysctl.conf" && !p.endsWith(".conf"));
  if (dropInOrder(files, SYSCTL_DIRS).length === 0 && !files.has("/etc/sysctl.conf")) {
    const keys = SYSCTL_BASELINE.map((b) => b.key);
    add({
      area: "sysctl",
      message: `gets no kernel parameters (no /etc/sysctl.d/*.conf${ignored.length > 0 ? `; ${ignored.join(", ")} is not read: only *.conf files are` : ""}): ${keys.slice(0, 4).join(", ")} and ${keys.length - 4} more are left at the kernel's defaults; keep the os-hardening step (or ship a /etc/sysctl.d/*.conf that sets them)`,
    });
  } else {
    for (const reading of sysctlReadings(files)) {
      for (const b of SYSCTL_BASELINE) {
        const a = sysctlValue(reading, b.key);
        if (!a) {
          add({ area: "sysctl", message: `${b.key} is set by no sysctl file it gets (the kernel default may be unsafe; needed: ${fmt(b.allowed)}, ${b.why}); set it in /etc/sysctl.d, or keep the os-hardening step` });
        } else if (!(/^-?\d+$/.test(a.value) && b.allowed.includes(Number(a.value)))) {
          add({
            area: "sysctl",
            path: a.path,
            message: `${b.key} ends up ${a.value === "" ? "empty" : `= ${a.value}`} from ${a.path}${a.glob ? ` (glob ${a.key.replace(/\//g, ".")})` : ""} (sysctl.d files apply in name order, /etc shadowing the other directories, /etc/sysctl.conf as 99-sysctl.conf or last; the last value wins); it must be ${fmt(b.allowed)} (${b.why}): remove that line or set ${b.key} = ${b.allowed[b.allowed.length - 1]}`,
          });
        }
      }
      for (const s of SYSCTL_IF_SET) {
        const a = sysctlValue(reading, s.key);
        if (a && !s.ok(a.value)) add({ area: "sysctl", path: a.path, message: `${s.key} = ${a.value} in ${a.path}: it must be ${s.expect}; remove that line` });
      }
    }
    // A glob that would write an unsafe value to a baseline key (procps' sysctl applies globs in file order).
    for (const reading of sysctlReadings(files)) {
      for (const a of reading.assignments.filter((x) => x.glob)) {
        for (const b of SYSCTL_BASELINE) {
          if (globMatches(a.key, sysctlPath(b.key)) && !(/^-?\d+$/.test(a.value) && b.allowed.includes(Number(a.value)))) {
            add({ area: "sysctl", path: a.path, message: `${a.path}: the glob ${a.key.replace(/\//g, ".")} = ${a.value} covers ${b.key}, which must be ${fmt(b.allowed)} (${b.why}); narrow the pattern or exclude the key (-${b.key})` });
          }
        }
      }
    }
    // systemd's own 50-coredump.conf pipes core dumps to systemd-coredump; a file of that name in /etc or /run replaces it.
    const shadow = ["/etc/sysctl.d/50-coredump.conf", "/run/sysctl.d/50-coredump.conf"].find((p) => files.has(p));
    if (shadow && sysctlReadings(files).some((r) => !sysctlValue(r, "kernel.core_pattern"))) {
      add({ area: "sysctl", path: shadow, message: `${shadow} replaces systemd's 50-coredump.conf without setting kernel.core_pattern: core dumps would bypass systemd-coredump (Storage=none); rename the file` });
    }
  }
  // Written to /proc/sys at deploy time: in effect until the next boot.
  for (const [p, content] of files) {
    if (!p.startsWith("/proc/sys/")) continue;
    const key = p.slice("/proc/sys/".length);
    const value = content.trim();
    const b = SYSCTL_BASELINE.find((x) => sysctlPath(x.key) === key);
    if (b && !(/^-?\d+$/.test(value) && b.allowed.includes(Number(value)))) {
      add({ area: "sysctl", path: p, message: `writes ${value} to ${p} (${b.key}, in effect until the next boot); it must be ${fmt(b.allowed)} (${b.why}): remove that write` });
    }
    const s = SYSCTL_IF_SET.find((x) => sysctlPath(x.key) === key);
    if (s && !s.ok(value)) add({ area: "sysctl", path: p, message: `writes ${value} to ${p} (${s.key}); it must be ${s.expect}: remove that write` });
  }
  return [...out.values()];
}

/**
 * ufw applies kernel parameters of its own at every start, after systemd-sysctl: the file
 * /etc/default/ufw names in IPT_SYSCTL. Only none, or ufw's own file (which the pack refuses to
 * see rewritten: host-access-files-untouched), keeps the baseline as read here.
 */
export function ufwSysctlProblems(defaultUfw: string | undefined): LayerProblem[] {
  if (defaultUfw === undefined) return [];
  const m = [...defaultUfw.matchAll(/^\s*IPT_SYSCTL\s*=\s*"?([^"\n]*?)"?\s*$/gm)].pop();
  const file = m?.[1].trim();
  if (file === undefined || file === "" || file === "/etc/ufw/sysctl.conf") return [];
  return [{ area: "sysctl", path: "/etc/default/ufw", message: `/etc/default/ufw sets IPT_SYSCTL=${file}: ufw applies that file's kernel parameters at every start, after systemd-sysctl, and the pack does not read it; leave IPT_SYSCTL empty (or ufw's own /etc/ufw/sysctl.conf)` }];
}

/** Kernel modules: each of MODULES_OFF has an install command that fails or does nothing, and no other. */
export function modprobeProblems(files: Map<string, string>): LayerProblem[] {
  const out: LayerProblem[] = [];
  const effective = dropInOrder(files, MODPROBE_DIRS);
  const installs = effective.flatMap((p) => modprobeInstalls(p, files.get(p)!));
  const notOff: string[] = [];
  for (const m of MODULES_OFF) {
    const mine = installs.filter((i) => globMatches(i.module, moduleName(m)));
    for (const i of mine.filter((x) => !OFF_COMMAND.test(x.command))) {
      out.push({ area: "modprobe", path: i.path, message: `${i.path} gives module ${m} the install command '${i.command.slice(0, 80)}', while it must stay off (install ${m} /bin/false): remove that line` });
    }
    if (!mine.some((x) => OFF_COMMAND.test(x.command))) notOff.push(m);
  }
  if (notOff.length > 0) {
    const lines = notOff.map((m) => `'install ${m} /bin/false'`).join(", ");
    out.push({ area: "modprobe", message: `kernel module${notOff.length > 1 ? "s" : ""} ${notOff.join(", ")} ${notOff.length > 1 ? "are" : "is"} not turned off (no ${lines} in a /etc/modprobe.d/*.conf it gets); keep the os-hardening step, or add ${notOff.length > 1 ? "those lines" : "that line"}` });
  }
  return out;
}

/** Audit: the watches exist in rules augenrules loads, and no audit file switches auditing off or deletes rules. */
export function auditProblems(files: Map<string, string>): LayerProblem[] {
  const out: LayerProblem[] = [];
  const ruleFiles = [...files.keys()].filter((p) => p.startsWith(AUDIT_RULES_DIR) || (p.startsWith("/etc/audit/") && p.endsWith(".rules"))).sort();
  for (const p of ruleFiles) {
    auditRuleLines(files.get(p)!).forEach((words, i) => {
      const line = words.join(" ");
      const flag = words[0];
      const refuse = (what: string) => out.push({ area: "audit", path: p, message: `${p} has '${line.slice(0, 80)}', which ${what}; remove that line` });
      if (flag === "-e" && words[1] === "0") refuse("switches auditing off (augenrules applies the last -e of all files)");
      else if (/^-e0$/.test(flag)) refuse("switches auditing off (augenrules applies the last -e of all files)");
      else if (flag === "-D" && i > 0) refuse("deletes the rules before it (only the first rule of a file may be -D)");
      else if (flag === "-d" || flag === "-W") refuse("deletes an audit rule or watch");
      else if ((flag === "-a" || flag === "-A") && /(^|,)(never|exclude)(,|$)/.test(words[1] ?? "")) refuse("suppresses audit records (never/exclude)");
    });
  }
  const loaded = dropInOrder(files, [AUDIT_RULES_DIR], ".rules");
  const watched = loaded.flatMap((p) => auditRuleLines(files.get(p)!).map(auditWriteWatch)).filter((w): w is string => !!w).map((w) => w.replace(/\/+$/, ""));
  for (const w of AUDIT_WATCHES) {
    const covered = w.paths.some((p) => watched.some((x) => x === p || p.startsWith(`${x}/`)));
    if (!covered) {
      out.push({
        area: "audit",
        message: `no audit rule watches writes to ${w.what} (${w.paths.join(" or ")}) in /etc/audit/rules.d/*.rules; keep the os-hardening step, or add '-w ${w.paths[0]} -p wa -k …'`,
      });
    }
  }
  return out;
}

/** Core dumps: systemd-coredump stores none, and pam_limits caps every login's core size at 0. */
export function coreDumpProblems(coredump: Map<string, string>, limits: Map<string, string>): LayerProblem[] {
  const out: LayerProblem[] = [];
  const storage = coredumpStorage(coredump);
  if (storage.value === undefined) {
    out.push({ area: "coredump", message: `systemd-coredump's Storage is not set in any coredump.conf(.d) file it gets (the default keeps dumps on disk); keep the os-hardening step, or ship [Coredump] Storage=none` });
  } else if (storage.value !== "none") {
    out.push({ area: "coredump", path: storage.path, message: `systemd-coredump's Storage ends up ${storage.value} from ${storage.path} (drop-ins apply in name order, the last wins); it must be none (a core dump of the gateway writes its secrets to disk): remove that line` });
  }
  const core = limitEntries(limits).filter((e) => e.item === "core" && (e.type === "hard" || e.type === "-"));
  const everyone = core.filter((e) => e.domain === "*").pop();
  if (!everyone) {
    out.push({ area: "limits", message: `no limits file it gets sets '* hard core 0' (/etc/security/limits.d/*.conf); keep the os-hardening step, or ship that line` });
  } else if (everyone.value !== "0") {
    out.push({ area: "limits", path: everyone.path, message: `the hard core-size limit for every login ends up ${everyone.value} from ${everyone.path} (later files win); it must be '* hard core 0': remove that line` });
  }
  for (const e of core.filter((x) => x.domain !== "*" && x.value !== "0")) {
    out.push({ area: "limits", path: e.path, message: `${e.path} raises the hard core-size limit to ${e.value} for ${e.domain} (it takes precedence over '*'); remove that line` });
  }
  return out;
}
