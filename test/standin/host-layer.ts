// The host-hardening layer on the stand-in, checked with tools other than the step that set it up:
// systemd's own reading of sysctl.d, /proc/sys read from outside the VPS, modprobe, PAM's limits
// and umask at a real login, sshd's banner as a client sees it, apt's own view of its sources,
// AIDE against its baseline; and Lynis, an independent auditor, for the hardening index.
//
// The stand-in shares the host's kernel (systemd-nspawn): kernel-wide sysctls (kernel.*, fs.*) are
// the host's and cannot be set from inside, and the kernel takes audit rules only from its initial
// PID namespace. Those are verified by what the deployment configures, and the tests say so.
// Not *.test.ts files: verify.test.ts calls these at fixed points (see gate-cases.ts).
import { describe, expect, it } from "vitest";
import { LOGIN_DEFS, MODULES, SYSCTLS, auditWatches, securitySuite } from "../../components/host/os-hardening";
import { inNamespace, NET, onBox, onBoxOk, SSH_OPTS, state } from "./helpers";

const image = state.suite === "trixie" ? "debian-13" : "debian-12";

/** key -> value, as systemd-sysctl will apply them at boot (files in order, later ones win). */
function bootSysctls(catConfig: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of catConfig.split("\n")) {
    const m = /^-?\s*([a-z0-9_.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

export function hostLayerChecks() {
  describe("the host layer", () => {
    it("sysctls: systemd-sysctl would apply every declared value; the network namespace's own are in effect, read from outside the VPS", async () => {
      const boot = bootSysctls(await onBoxOk("systemd-analyze cat-config sysctl.d"));
      const wrong = SYSCTLS.filter((s) => boot.get(s.key) !== s.value).map((s) => `${s.key}=${boot.get(s.key)}`);
      expect(wrong).toEqual([]);
      const perNamespace = SYSCTLS.filter((s) => /^net\.ipv[46]\.(conf|icmp|tcp_syncookies)/.test(s.key));
      expect(perNamespace.length).toBeGreaterThanOrEqual(15);
      const running = perNamespace.map((s) => {
        const r = inNamespace(state.vpsNamespace, ["cat", `/proc/sys/${s.key.replace(/\./g, "/")}`]);
        return `${s.key}=${r.stdout.trim()}`;
      });
      expect(running).toEqual(perNamespace.map((s) => `${s.key}=${s.value}`));
      const hostWide = SYSCTLS.filter((s) => !perNamespace.includes(s));
      console.log(`sysctls: ${perNamespace.length} in effect in the VPS's network namespace; ${hostWide.length} kernel-wide ones (${hostWide.map((s) => s.key).join(", ")}) are the host kernel's on the stand-in, checked in the boot configuration only`);
    });

    it("modprobe refuses every unused module (install runs /bin/false)", async () => {
      for (const m of MODULES) {
        const r = await onBox(`/usr/sbin/modprobe -n -v ${m.name}`);
        expect(`${r.stdout}${r.stderr}`, m.name).toMatch(/install \/bin\/false/);
      }
    });

    it("login.defs as set, and a real login gets umask 027 (group bits as user private groups have them), no core dumps, an idle timeout", async () => {
      const defs = await onBoxOk("cat /etc/login.defs");
      for (const d of LOGIN_DEFS) expect(defs, d.key).toMatch(new RegExp(`^${d.key}\\s+${d.value}\\s*$`, "m"));
      const login = (await onBoxOk("umask; ulimit -Hc; ulimit -Sc; bash -lc 'echo $TMOUT'")).trim().split("\n");
      const mask = parseInt(login[0], 8);
      expect(mask & 0o007, `umask ${login[0]}`).toBe(0o007);
      expect(login.slice(1)).toEqual(["0", "0", "900"]);
    });

    it("sshd shows the banner to a client before it logs in", () => {
      const r = inNamespace(NET.operatorNamespace, ["ssh", ...SSH_OPTS.map((o) => (o === "LogLevel=ERROR" ? "LogLevel=INFO" : o)), "-i", state.sshKey, `${state.adminUser}@${state.host}`, "true"]);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain("Authorised access only");
    });

    it("apt fetched the security suite and unattended-upgrades takes it", async () => {
      const policy = await onBoxOk("apt-cache policy");
      expect(policy).toContain(`n=${securitySuite(image)}`);
      expect(await onBoxOk("apt-config dump Unattended-Upgrade::Origins-Pattern")).toContain(`codename=\${distro_codename}-security`);
    });

    it("auditd's rules watch the hardening files (compiled by augenrules; the kernel's audit is the host's in a container)", async () => {
      const compiled = await onBoxOk("sudo cat /etc/audit/audit.rules");
      for (const w of auditWatches()) expect(compiled, w.path).toContain(`-w ${w.path} -p wa -k ${w.key}`);
      const status = await onBox("sudo /usr/sbin/auditctl -s");
      console.log(`auditctl -s in the stand-in: exit ${status.exitCode}: ${`${status.stdout}${status.stderr}`.trim().split("\n").join(" / ")}`);
      expect((await onBoxOk("systemd-detect-virt --container")).trim()).toBe("systemd-nspawn");
    });

    it("AIDE took its baseline after the deploy, root-only, and reports a file changed by hand", { timeout: 300_000 }, async () => {
      const property = async (p: string) => (await onBoxOk(`systemctl show -p ${p} --value openclaw-hetzner-aide-baseline`)).trim();
      let active = "";
      for (let i = 0; i < 80 && !["inactive", "failed"].includes(active); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 3000));
        active = await property("ActiveState");
      }
      expect([active, await property("Result")]).toEqual(["inactive", "success"]);
      expect((await onBoxOk("sudo stat -c '%a %U' /var/lib/aide/aide.db")).trim()).toMatch(/^600 /);
      const clean = await onBox("sudo aide --config /etc/aide/aide.conf --check --limit /etc/issue.net");
      expect(clean.exitCode, clean.stdout).toBe(0);
      await onBoxOk("sudo cp -p /etc/issue.net /run/issue.net.saved && echo changed-by-hand | sudo tee -a /etc/issue.net >/dev/null");
      try {
        const dirty = await onBox("sudo aide --config /etc/aide/aide.conf --check --limit /etc/issue.net");
        expect(dirty.exitCode).not.toBe(0);
        expect(dirty.stdout).toContain("/etc/issue.net");
      } finally {
        await onBoxOk("sudo cp -p /run/issue.net.saved /etc/issue.net");
      }
    });
  });
}

/** Lynis, installed on the stand-in by the test (never shipped to servers). */
export function lynisScore() {
  describe("an independent auditor", () => {
    it("Lynis scores the deployed host 80 or more (prints the index and every remaining warning and suggestion)", { timeout: 900_000 }, async () => {
      await onBoxOk("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends lynis >/dev/null");
      const run = await onBox("sudo /usr/sbin/lynis audit system --quick --no-colors >/dev/null 2>&1; sudo cat /var/log/lynis-report.dat");
      const report = run.stdout;
      const index = Number(/^hardening_index=(\d+)$/m.exec(report)?.[1]);
      const lines = (kind: string) => [...report.matchAll(new RegExp(`^${kind}\\[\\]=(.*)$`, "gm"))].map((m) => m[1].split("|").slice(0, 3).join(" | "));
      const version = /^lynis_version=(.*)$/m.exec(report)?.[1];
      console.log(
        `Lynis ${version} hardening index on the stand-in (${state.suite}): ${index}\n` +
          `warnings:\n${lines("warning").map((l) => `  ${l}`).join("\n") || "  (none)"}\n` +
          `suggestions:\n${lines("suggestion").map((l) => `  ${l}`).join("\n")}`,
      );
      expect(index).toBeGreaterThanOrEqual(80);
    });
  });
}
