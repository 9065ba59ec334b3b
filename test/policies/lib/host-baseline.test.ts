import { describe, expect, it } from "vitest";
import { auditProblems, coreDumpProblems, modprobeProblems, sysctlProblems } from "../../../policies/lib/host-baseline";
import { dropInOrder, SYSCTL_DIRS, sysctlPath, sysctlReadings, sysctlValue } from "../../../policies/lib/host-files";

/** A sysctl file that sets the whole baseline safely. */
const SAFE = [
  "kernel.kptr_restrict = 2",
  "kernel.dmesg_restrict = 1",
  "kernel.unprivileged_bpf_disabled = 1",
  "kernel.yama.ptrace_scope = 1",
  "kernel.randomize_va_space = 2",
  "fs.suid_dumpable = 0",
  "fs.protected_symlinks = 1",
  "fs.protected_hardlinks = 1",
  "fs.protected_fifos = 2",
  "fs.protected_regular = 2",
  "net.core.bpf_jit_harden = 2",
  "dev.tty.ldisc_autoload = 0",
  ...["accept_redirects", "secure_redirects", "send_redirects", "accept_source_route"].flatMap((k) => [`net.ipv4.conf.all.${k} = 0`, `net.ipv4.conf.default.${k} = 0`]),
  ...["accept_redirects", "accept_source_route"].flatMap((k) => [`net.ipv6.conf.all.${k} = 0`, `net.ipv6.conf.default.${k} = 0`]),
  "net.ipv4.conf.all.rp_filter = 1",
  "net.ipv4.conf.default.rp_filter = 1",
  "net.ipv4.tcp_syncookies = 1",
  "net.ipv4.icmp_echo_ignore_broadcasts = 1",
].join("\n");

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("kernel parameters as systemd-sysctl and sysctl --system read them", () => {
  it("normalises keys: the first separator decides", () => {
    expect(sysctlPath("kernel.kptr_restrict")).toBe("kernel/kptr_restrict");
    expect(sysctlPath("kernel/kptr_restrict")).toBe("kernel/kptr_restrict");
    expect(sysctlPath("net.ipv4.conf.eth0/100.rp_filter")).toBe("net/ipv4/conf/eth0.100/rp_filter");
    expect(sysctlPath("net/ipv4/conf/eth0.100/rp_filter")).toBe("net/ipv4/conf/eth0.100/rp_filter");
  });

  it("orders drop-ins by file name across directories, /etc shadowing the others, *.conf only", () => {
    const f = files({ "/usr/lib/sysctl.d/50-a.conf": "", "/etc/sysctl.d/50-a.conf": "", "/run/sysctl.d/10-b.conf": "", "/etc/sysctl.d/99-c.txt": "", "/usr/lib/sysctl.d/70-d.conf": "" });
    expect(dropInOrder(f, SYSCTL_DIRS)).toEqual(["/run/sysctl.d/10-b.conf", "/etc/sysctl.d/50-a.conf", "/usr/lib/sysctl.d/70-d.conf"]);
  });

  it("reads /etc/sysctl.conf as 99-sysctl.conf (systemd-sysctl) and last (sysctl --system): both must stay safe", () => {
    const f = files({ "/etc/sysctl.d/60-base.conf": SAFE, "/etc/sysctl.conf": "kernel.kptr_restrict = 1", "/etc/sysctl.d/99-zz.conf": "kernel.kptr_restrict = 0" });
    const [boot, system] = sysctlReadings(f);
    expect(sysctlValue(boot, "kernel.kptr_restrict")?.value).toBe("0");
    expect(sysctlValue(system, "kernel.kptr_restrict")?.value).toBe("1");
    expect(sysctlProblems(f).map((p) => p.message).join("\n")).toContain("kernel.kptr_restrict ends up = 0 from /etc/sysctl.d/99-zz.conf");
  });

  it("lets an explicit key win over a glob, and honours -key exclusions", () => {
    const f = files({ "/etc/sysctl.d/60-base.conf": SAFE, "/etc/sysctl.d/70-lan.conf": "net.ipv4.conf.*.log_martians = 0\n-net.ipv4.conf.all.log_martians" });
    const [boot] = sysctlReadings(f);
    expect(sysctlValue(boot, "net.ipv4.conf.eth0.log_martians")?.value).toBe("0");
    expect(sysctlValue(boot, "net.ipv4.conf.all.log_martians")).toBeUndefined();
    expect(sysctlValue(boot, "net.ipv4.conf.all.rp_filter")?.value).toBe("1");
    expect(sysctlProblems(f)).toEqual([]);
  });

  it("refuses an unset key, a value that is not a number, a modprobe helper and a null page mapped", () => {
    const f = files({ "/etc/sysctl.d/60-base.conf": SAFE.replace("fs.suid_dumpable = 0\n", "").replace("kernel.randomize_va_space = 2", "kernel.randomize_va_space = two"), "/etc/sysctl.d/80-x.conf": "kernel.modprobe = /tmp/m\nvm.mmap_min_addr = 0" });
    const m = sysctlProblems(f).map((p) => p.message).join("\n");
    expect(m).toContain("fs.suid_dumpable is set by no sysctl file");
    expect(m).toContain("kernel.randomize_va_space ends up = two");
    expect(m).toContain("kernel.modprobe = /tmp/m in /etc/sysctl.d/80-x.conf");
    expect(m).toContain("vm.mmap_min_addr = 0");
  });

  it("refuses a file that replaces systemd's 50-coredump.conf without the pipe", () => {
    const f = files({ "/etc/sysctl.d/60-base.conf": SAFE, "/etc/sysctl.d/50-coredump.conf": "# off\n" });
    expect(sysctlProblems(f).map((p) => p.message).join("\n")).toContain("replaces systemd's 50-coredump.conf");
  });
});

describe("modules, audit rules and core dumps", () => {
  const OFF = ["dccp", "sctp", "rds", "tipc", "usb-storage"].map((m) => `install ${m} /bin/false`).join("\n");

  it("accepts the modules off in any *.conf, and refuses another install command, globs and - / _ alike", () => {
    expect(modprobeProblems(files({ "/etc/modprobe.d/60-x.conf": OFF }))).toEqual([]);
    expect(modprobeProblems(files({ "/etc/modprobe.d/60-x": OFF })).map((p) => p.message).join()).toContain("dccp, sctp, rds, tipc, usb-storage are not turned off");
    const m = modprobeProblems(files({ "/etc/modprobe.d/60-x.conf": OFF, "/lib/modprobe.d/00-y.conf": "install usb_storage /sbin/modprobe --ignore-install usb_storage\ninstall tip* /bin/sh -c true" }))
      .map((p) => p.message)
      .join("\n");
    expect(m).toContain("gives module usb-storage the install command '/sbin/modprobe --ignore-install usb_storage'");
    expect(m).toContain("gives module tipc the install command '/bin/sh -c true'");
  });

  it("accepts watches in -w and syscall form (or on a directory above), -D first; refuses -e 0 anywhere", () => {
    const watches = "-D\n-w /etc/ssh/ -p wa -k sshd\n-a always,exit -F path=/etc/sudoers -F perm=wa -k sudoers";
    expect(auditProblems(files({ "/etc/audit/rules.d/60-x.rules": watches }))).toEqual([]);
    expect(auditProblems(files({ "/etc/audit/rules.d/60-x.rules": "-w /etc -p wa -k etc" }))).toEqual([]);
    const m = auditProblems(files({ "/etc/audit/rules.d/60-x.rules": "-w /etc/ssh/sshd_config -p r\n-w /etc/sudoers.d -p wa", "/etc/audit/audit.rules": "-e 0" }))
      .map((p) => p.message)
      .join("\n");
    expect(m).toContain("no audit rule watches writes to sshd's configuration");
    expect(m).toContain("/etc/audit/audit.rules has '-e 0'");
  });

  it("reads coredump drop-ins in name order and limits.d after limits.conf", () => {
    const limits = files({ "/etc/security/limits.d/60-x.conf": "* hard core 0" });
    expect(coreDumpProblems(files({ "/etc/systemd/coredump.conf": "[Coredump]\nStorage=external", "/etc/systemd/coredump.conf.d/60-x.conf": "[Coredump]\nStorage=none" }), limits)).toEqual([]);
    const m = coreDumpProblems(
      files({ "/etc/systemd/coredump.conf.d/60-x.conf": "[Coredump]\nStorage=none", "/usr/lib/systemd/coredump.conf.d/70-y.conf": "[Coredump]\nStorage=journal" }),
      files({ "/etc/security/limits.conf": "* hard core unlimited", "/etc/security/limits.d/60-x.conf": "* hard core 0", "/etc/security/limits.d/70-y.conf": "@adm - core 100" }),
    )
      .map((p) => p.message)
      .join("\n");
    expect(m).toContain("Storage ends up journal from /usr/lib/systemd/coredump.conf.d/70-y.conf");
    expect(m).toContain("raises the hard core-size limit to 100 for @adm");
    expect(m).not.toContain("for every login");
  });
});
