// The host layer's declarations and the files rendered from them (the stand-in checks the deployed
// result; these cover what it cannot: every image, including ubuntu-24.04, and the table's shape).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditWatches,
  hostLayerExpectations,
  LOGIN_DEFS,
  loginDefsAssignments,
  MODULES,
  OTHER_SETTINGS,
  renderAuditRules,
  renderModprobe,
  renderSecuritySources,
  renderSysctl,
  SKIPPED,
  SYSCTLS,
} from "../components/host/os-hardening";
import { layout } from "../components/openclaw/layout";
import { inputProblems } from "../policies/lib/catalogue";
import { auditGatewayInputs, hostPackagesInputs, osHardeningInputs } from "../components/step-inputs";
import { PROJECT } from "../plan/capture";
import { parseSettings } from "../settings/load";
import { baseValues, rawConfig } from "./fixtures/stack";

describe("the host layer's declarations", () => {
  it("every setting and every skip says why, with an anchor", () => {
    const rows = [...SYSCTLS, ...MODULES, ...LOGIN_DEFS, ...auditWatches(), ...OTHER_SETTINGS, ...SKIPPED];
    for (const r of rows) {
      expect(r.why.length, JSON.stringify(r)).toBeGreaterThan(10);
      expect(r.anchor.length, JSON.stringify(r)).toBeGreaterThan(2);
    }
    expect(new Set(SYSCTLS.map((s) => s.key)).size).toBe(SYSCTLS.length);
    expect(new Set(MODULES.map((m) => m.name)).size).toBe(MODULES.length);
  });

  it("covers what the issue's auditor asked for: the sysctls, the protocols and USB storage, login.defs", () => {
    const keys = SYSCTLS.map((s) => s.key);
    for (const k of ["net.ipv4.conf.all.rp_filter", "net.ipv4.conf.all.accept_redirects", "net.ipv4.conf.all.accept_source_route", "net.ipv4.conf.all.log_martians", "net.ipv4.tcp_syncookies", "kernel.kptr_restrict", "kernel.dmesg_restrict", "kernel.yama.ptrace_scope", "kernel.unprivileged_bpf_disabled", "fs.suid_dumpable"]) {
      expect(keys).toContain(k);
    }
    expect(MODULES.map((m) => m.name)).toEqual(expect.arrayContaining(["dccp", "sctp", "rds", "tipc", "usb-storage"]));
    expect(loginDefsAssignments()).toBe("UMASK=027 SHA_CRYPT_MIN_ROUNDS=640000 SHA_CRYPT_MAX_ROUNDS=640000");
  });

  it("the sysctl drop-in is what sysctl itself reads: every key once, with its value", () => {
    // procps' own parser, as systemd-sysctl reads the same syntax; -N prints the names it parsed.
    const dir = mkdtempSync(path.join(tmpdir(), "oc-sysctl-"));
    const file = path.join(dir, "60.conf");
    writeFileSync(file, renderSysctl());
    const lines = renderSysctl().split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines).toEqual(SYSCTLS.map((s) => `${s.key} = ${s.value}`));
    const parsed = spawnSync("sysctl", ["-N", "-p", file], { encoding: "utf8" });
    // Keys this machine's kernel lacks are reported, not silently dropped; the ones it has parse.
    expect(parsed.stdout.split("\n").filter(Boolean).length + (parsed.stderr.match(/cannot stat/g)?.length ?? 0)).toBe(SYSCTLS.length);
  });

  it("modules: each one's install is /bin/false and it is blacklisted", () => {
    const text = renderModprobe();
    for (const m of MODULES) {
      expect(text).toContain(`install ${m.name} /bin/false\n`);
      expect(text).toContain(`blacklist ${m.name}\n`);
    }
  });

  it("audit rules watch the gateway's own paths from the server layout", () => {
    const rules = renderAuditRules();
    for (const p of [layout.stateDir, layout.envFile, `/etc/systemd/system/${layout.unitName}.service`, "/etc/ssh/sshd_config.d", "/etc/sudoers"]) {
      expect(rules).toMatch(new RegExp(`^-w ${p.replace(/[.]/g, "\\.")} -p wa -k [a-z-]+$`, "m"));
    }
  });

  it.each([
    ["debian-13", "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security trixie-security main"],
    ["debian-12", "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main"],
    ["ubuntu-24.04", "deb [signed-by=/usr/share/keyrings/ubuntu-archive-keyring.gpg] http://security.ubuntu.com/ubuntu noble-security main restricted universe multiverse"],
  ] as const)("%s: the security source the step adds when the image lacks one, signed by the archive key", (image, line) => {
    expect(renderSecuritySources(image).split("\n")).toContain(line);
    expect(hostLayerExpectations(image).securitySuite).toBe(line.split(" ")[3]);
  });

  it.each(["debian-13", "debian-12", "ubuntu-24.04"] as const)("%s: the steps' inputs pass the catalogue's declarations, and the gate expects what the step ships", (image) => {
    const s = parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), image }));
    expect(inputProblems("host-packages", hostPackagesInputs(s))).toEqual([]);
    expect(inputProblems("os-hardening", osHardeningInputs())).toEqual([]);
    const gate = JSON.parse(auditGatewayInputs(s).OC_HOST_LAYER);
    expect(gate).toEqual(hostLayerExpectations(image));
    expect(Object.keys(gate.sysctl)).toHaveLength(SYSCTLS.length);
  });
});
