import { describe, expect, it } from "vitest";
import { base64, by, deployment, handBuilt, messages, remoteCommand, server, violationsOf } from "./harness";
import { classifyPath } from "../../policies/lib/sensitive-paths";

const RULE = "host-layer-intact";

/** The hand-built deployment with one extra step (before the gate, in its triggers) running `create`. */
const withStep = (create: string, name = "tuning") => () =>
  handBuilt({ extra: (connection, after) => [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, name), create }] });

/** The same, the step writing `content` to `path` through a quoted heredoc. */
const withFile = (path: string, content: string, name = "tuning") => withStep(`sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF`, name);

const offenders = (v: Awaited<ReturnType<typeof violationsOf>>) => [...new Set(by(v, RULE).map((x) => x.urn.split("::").pop()))];

describe(RULE, () => {
  it("passes the real deployment, in update and in preview, and the hand-built one", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment(), { preview: true }), RULE)).toEqual([]);
    expect(by(await violationsOf(() => handBuilt()), RULE)).toEqual([]);
  });

  it("passes files that do not undo the layer: an earlier file, a same-named file /etc shadows, a file sysctl does not read, safe stricter values", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) =>
          (
            [
              ["early", "/etc/sysctl.d/10-early.conf", "kernel.kptr_restrict = 0\nfs.protected_fifos = 0"],
              ["shadowed", "/run/sysctl.d/99-zz-openclaw-hetzner.conf", "kernel.dmesg_restrict = 0"],
              ["not-conf", "/etc/sysctl.d/99-notes.txt", "kernel.randomize_va_space = 0"],
              ["stricter", "/etc/sysctl.d/zz-stricter.conf", "kernel.yama.ptrace_scope = 2\n-kernel/unprivileged_bpf_disabled = 2\nnet.ipv4.conf.*.rp_filter = 2"],
              ["audit-extra", "/etc/audit/rules.d/10-base.rules", "-D\n-b 8192\n-w /etc/hosts -p wa -k hosts"],
              ["modprobe-extra", "/etc/modprobe.d/00-more.conf", "install dccp /bin/true\nblacklist sctp"],
            ] as const
          ).map(([name, path, content]) => {
            const create = `sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF`;
            return { resource: remoteCommand({ connection, create }, { dependsOn: [after] }, name), create };
          }),
      }),
    );
    expect(by(v, RULE)).toEqual([]);
    expect(v.filter((x) => x.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("refuses a deployment that drops the os-hardening step, naming the server and what is missing (deployment-complete does not see it)", async () => {
    const v = await violationsOf(() => handBuilt({ without: ["os-hardening"] }));
    const m = messages(v, RULE);
    expect(m).toContain("server 'srv': gets no kernel parameters");
    expect(m).toContain("kernel modules dccp, sctp, rds, tipc, usb-storage are not turned off");
    expect(m).toContain("no audit rule watches writes to sshd's configuration");
    expect(m).toContain("no audit rule watches writes to sudo rights");
    expect(m).toContain("systemd-coredump's Storage is not set");
    expect(m).toContain("'* hard core 0'");
    expect(m).toContain("keep the os-hardening step");
    expect(offenders(v)).toEqual(["srv"]);
    expect(by(v, "deployment-complete")).toEqual([]);
  });

  it("refuses a bare server", async () => {
    expect(messages(await violationsOf(() => server()), RULE)).toContain("server 'srv': gets no kernel parameters");
  });

  it("refuses a later sysctl.d file that undoes a value, naming the server, the file, the key and the step", async () => {
    const v = await violationsOf(withFile("/etc/sysctl.d/zz-x.conf", "kernel.kptr_restrict = 0\nnet.ipv4.conf.all.accept_redirects=1", "perf-tuning"));
    const m = messages(v, RULE);
    expect(m).toContain("server 'srv': kernel.kptr_restrict ends up = 0 from /etc/sysctl.d/zz-x.conf");
    expect(m).toContain("it must be 1 or 2");
    expect(m).toContain("net.ipv4.conf.all.accept_redirects ends up = 1 from /etc/sysctl.d/zz-x.conf");
    expect(offenders(v)).toEqual(["perf-tuning"]);
  });

  it("refuses a step that writes such a file with printf (a literal write, not a catalogue step)", async () => {
    const v = await violationsOf(withStep("printf '%s\\n' 'fs.suid_dumpable = 2' 'kernel/yama/ptrace_scope = 0' | sudo tee /etc/sysctl.d/zz-debug.conf >/dev/null", "debug-dumps"));
    const m = messages(v, RULE);
    expect(m).toContain("fs.suid_dumpable ends up = 2 from /etc/sysctl.d/zz-debug.conf");
    expect(m).toContain("kernel.yama.ptrace_scope ends up = 0 from /etc/sysctl.d/zz-debug.conf");
    expect(offenders(v)).toEqual(["debug-dumps"]);
  });

  it.each([
    ["/etc/sysctl.conf (applied last)", "/etc/sysctl.conf", "kernel.dmesg_restrict = 0", "kernel.dmesg_restrict ends up = 0 from /etc/sysctl.conf"],
    ["a file in /usr/lib that sorts last", "/usr/lib/sysctl.d/zz-vendor.conf", "kernel.randomize_va_space = 0", "kernel.randomize_va_space ends up = 0 from /usr/lib/sysctl.d/zz-vendor.conf"],
    ["a glob that covers all", "/etc/sysctl.d/95-lan.conf", "net.ipv4.conf.*.rp_filter = 0", "the glob net.ipv4.conf.*.rp_filter = 0 covers net.ipv4.conf.all.rp_filter"],
    ["an empty value", "/etc/sysctl.d/zz-x.conf", "net.ipv4.tcp_syncookies =", "net.ipv4.tcp_syncookies ends up empty"],
    ["a core_pattern that pipes to another program", "/etc/sysctl.d/99-crash.conf", "kernel.core_pattern = |/usr/local/bin/crash-report %p", "kernel.core_pattern = |/usr/local/bin/crash-report %p in /etc/sysctl.d/99-crash.conf"],
    ["a write to /proc/sys", "/proc/sys/kernel/kptr_restrict", "0", "writes 0 to /proc/sys/kernel/kptr_restrict"],
    ["a sysctl file ufw applies at every start", "/etc/default/ufw", 'DEFAULT_INPUT_POLICY="DROP"\nIPT_SYSCTL=/etc/ufw-tuning.conf', "/etc/default/ufw sets IPT_SYSCTL=/etc/ufw-tuning.conf"],
  ])("refuses %s", async (_what, path, content, text) => {
    expect(messages(await violationsOf(withFile(path, content)), RULE)).toContain(text);
  });

  it("refuses a modprobe file that re-enables dccp (or usb_storage, spelt with _), before or after ours", async () => {
    const v = await violationsOf(withFile("/etc/modprobe.d/00-dccp.conf", "install dccp /sbin/modprobe --ignore-install dccp\ninstall usb_storage /bin/sh -c 'modprobe --ignore-install usb-storage'", "dccp-tests"));
    const m = messages(v, RULE);
    expect(m).toContain("server 'srv': /etc/modprobe.d/00-dccp.conf gives module dccp the install command '/sbin/modprobe --ignore-install dccp'");
    expect(m).toContain("gives module usb-storage the install command");
    expect(offenders(v)).toEqual(["dccp-tests"]);
  });

  it("refuses -e 0 in an audit rules file, -D after the first rule, deleted watches and never rules", async () => {
    const v = await violationsOf(withFile("/etc/audit/rules.d/99-quiet.rules", "-w /etc/hosts -p wa -k hosts\n-D\n-W /etc/sudoers -p wa -k sudoers\n-a never,exit -F dir=/etc/ssh\n-e 0", "quiet-audit"));
    const m = messages(v, RULE);
    expect(m).toContain("server 'srv': /etc/audit/rules.d/99-quiet.rules has '-e 0', which switches auditing off");
    expect(m).toContain("has '-D', which deletes the rules before it");
    expect(m).toContain("has '-W /etc/sudoers -p wa -k sudoers', which deletes an audit rule or watch");
    expect(m).toContain("suppresses audit records");
    expect(offenders(v)).toEqual(["quiet-audit"]);
  });

  it("refuses core dumps turned back on (Storage in a later drop-in, a raised hard limit)", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) =>
          (
            [
              ["coredump", "/etc/systemd/coredump.conf.d/99-debug.conf", "[Coredump]\nStorage=external"],
              ["limits", "/etc/security/limits.d/99-debug.conf", "*    hard  core  unlimited\nopenclaw - core unlimited"],
            ] as const
          ).map(([name, path, content]) => {
            const create = `sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF`;
            return { resource: remoteCommand({ connection, create }, { dependsOn: [after] }, name), create };
          }),
      }),
    );
    const m = messages(v, RULE);
    expect(m).toContain("systemd-coredump's Storage ends up external from /etc/systemd/coredump.conf.d/99-debug.conf");
    expect(m).toContain("the hard core-size limit for every login ends up unlimited from /etc/security/limits.d/99-debug.conf");
    expect(m).toContain("raises the hard core-size limit to unlimited for openclaw");
    expect(offenders(v).sort()).toEqual(["coredump", "limits"]);
  });

  it("reads the layer's files shipped in user data too", async () => {
    const userData = `#cloud-config\nwrite_files:\n  - path: /etc/sysctl.d/zz-boot.conf\n    encoding: b64\n    content: ${base64("kernel.unprivileged_bpf_disabled = 0\n")}\n`;
    const v = await violationsOf(() => handBuilt({ userData }));
    expect(messages(v, RULE)).toContain("kernel.unprivileged_bpf_disabled ends up = 0 from /etc/sysctl.d/zz-boot.conf");
  });
});

describe("the layer's files are hardening files to the other rules", () => {
  it("classifies sysctl, audit, limits and coredump files", () => {
    expect(
      ["/etc/sysctl.conf", "/etc/sysctl.d/zz-x.conf", "/usr/lib/sysctl.d/x.conf", "/usr/local/lib/sysctl.d/x.conf", "/run/sysctl.d/x.conf", "/lib/sysctl.d/x.conf", "/proc/sys/kernel/kptr_restrict"].map(classifyPath),
    ).toEqual(Array(7).fill("sysctl"));
    expect(["/etc/audit/rules.d/x.rules", "/etc/audit/audit.rules", "/etc/audit/auditd.conf"].map(classifyPath)).toEqual(Array(3).fill("audit"));
    expect(["/etc/security/limits.conf", "/etc/security/limits.d/x.conf"].map(classifyPath)).toEqual(["limits", "limits"]);
    expect(["/etc/systemd/coredump.conf", "/etc/systemd/coredump.conf.d/x.conf"].map(classifyPath)).toEqual(["coredump", "coredump"]);
    expect(classifyPath("/etc/sysctl.d")).toBeUndefined();
  });

  it.each([
    ["a download into sysctl.d", "sudo curl -fsSL -o /etc/sysctl.d/zz-x.conf https://example.com/x.conf", "curl downloads to /etc/sysctl.d/zz-x.conf (sysctl)"],
    ["sed -i on the layer's sysctl file", "sudo sed -i 's/= 2/= 0/' /etc/sysctl.d/99-zz-openclaw-hetzner.conf", "sed -i edits /etc/sysctl.d/99-zz-openclaw-hetzner.conf (sysctl)"],
    ["removing the audit rules", "sudo rm -f /etc/audit/rules.d/60-openclaw-hetzner.rules", "removes or truncates /etc/audit/rules.d/60-openclaw-hetzner.rules (audit)"],
    ["a copied limits file", "sudo cp /tmp/limits.conf /etc/security/limits.d/99-x.conf", "cp copies a file to /etc/security/limits.d/99-x.conf (limits)"],
    ["a coredump drop-in from a computed path", 'f="$(mktemp)"; sudo cp "$f" /etc/systemd/coredump.conf.d/99-x.conf', "coredump"],
    ["a copy into sysctl.d under a name the step does not show", "sudo cp /tmp/tuning.conf /etc/sysctl.d/", "cp copies into /etc/sysctl.d, a directory that holds hardening files"],
    ["the layer's sysctl file moved away", "sudo mv /etc/sysctl.d/99-zz-openclaw-hetzner.conf /root/", "removes (mv) /etc/sysctl.d/99-zz-openclaw-hetzner.conf (sysctl)"],
    ["auditctl -e 0", "sudo auditctl -e 0", "runs 'auditctl'"],
    ["systemd-sysctl masked", "sudo systemctl mask systemd-sysctl.service", "turns a protection off"],
  ])("step-payloads-readable refuses %s", async (_what, create, text) => {
    expect(messages(await violationsOf(() => remoteCommand({ create })), "step-payloads-readable")).toContain(text);
  });

  it("step-payloads-readable lets read-only audit and sysctl commands through", async () => {
    const v = await violationsOf(() => remoteCommand({ create: "sudo auditctl -l && sudo auditctl -s && sysctl -n kernel.kptr_restrict" }));
    expect(by(v, "step-payloads-readable")).toEqual([]);
  });
});
