// The deploy gate (the audit-gateway step) against a weakened host. Each case weakens one thing the
// hardening promises, with a step of its own run over SSH the way the deployment runs its steps,
// then runs the deployment's own gate step: it must refuse (exit 1), naming what drifted. Then the
// deployment's own steps, all of them in order, bring the host back and the gate passes again.
//
// Not a *.test.ts file on purpose: vitest orders test files by size and past timings, not by name,
// so verify.test.ts calls gateCases() at a fixed point (after the faults, before ssh-audit and the
// fail2ban ban, which leave sshd throttling and an address banned).
import { describe, expect, it } from "vitest";
import { runStep, runSteps, Step, StepResult } from "../../local/steps";
import { shellQuote } from "../../policies/lib/shell";
import { admin, firstRun, gatewayPort, gw, leaks, onBoxOk, rerun, state, step } from "./helpers";

const GATEWAY_PORT = gatewayPort;
/** The exec policy the gate reports: denied (chat), or pinned to the sandbox (sandboxed). */
const EXEC_POLICY = state.agentAccess === "sandboxed" ? "sandbox" : "deny";
const LOOSE_DROPIN = "/etc/ssh/sshd_config.d/0-loose.conf";

/** A step of the test's own, run like the deployment's: a fresh SSH session as the admin, root through sudo. */
function weakening(name: string, script: string): Step {
  return {
    name,
    urn: `urn:standin:weakening::${name}`,
    command: `sudo /bin/bash -c ${shellQuote(`set -eu\n${script}`)}`,
    user: state.adminUser,
    port: state.sshPort,
    logs: true,
    after: [],
    digest: "",
    triggers: [],
  };
}

/** The gate's `  - <what drifted>` lines. */
const driftOf = (r: StepResult) =>
  r.stderr
    .split("\n")
    .filter((l) => l.startsWith("  - "))
    .map((l) => l.slice(4));

const summaryOf = (r: StepResult) => JSON.parse(r.stdout.trim().split("\n").pop()!);

async function gate(): Promise<StepResult> {
  return (await rerun([step("audit-gateway")]))[0];
}

/** Weakens the host, runs the deployment's gate: it must fail, and a drift line must match each pattern. */
async function expectGateRefuses(label: string, weaken: Step, named: RegExp[]): Promise<string[]> {
  const w = await runStep(admin, weaken);
  expect(w.exitCode, `${label}: ${w.stderr}`).toBe(0);
  const r = await gate();
  const drift = driftOf(r);
  console.log(`deploy gate after '${label}': exit ${r.exitCode}\n${drift.map((l) => `  - ${l}`).join("\n")}`);
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).toContain("the host does not match the hardening");
  expect(r.stderr).not.toContain("host checks passed");
  for (const p of named) expect(drift.some((l) => p.test(l)), `${p} among:\n${drift.join("\n")}`).toBe(true);
  expect(leaks(`${r.stdout}${r.stderr}`)).toEqual([]);
  return drift;
}

/** Every step of the deployment again, in order; all succeed and the gate passes with 0 critical, 0 warn. */
async function redeploy() {
  const results = await rerun(state.steps);
  expect(results.filter((r) => r.exitCode !== 0).map((r) => `${r.name}: ${r.stderr}`)).toEqual([]);
  const g = results.find((r) => r.name === "audit-gateway")!;
  expect(g.stderr).toContain("host checks passed");
  expect(summaryOf(g)).toMatchObject({ critical: 0, warn: 0, secrets: { exitCode: 0 }, execPolicy: EXEC_POLICY });
}

export function gateCases() {
  describe("the deploy gate", () => {
    it(`the deploy's own gate checked the host and found every exec scope '${EXEC_POLICY}'`, () => {
      const g = firstRun().find((r) => r.name === "audit-gateway")!;
      expect(g.exitCode).toBe(0);
      expect(g.stderr).toContain("host checks passed");
      expect(driftOf(g)).toEqual([]);
      expect(summaryOf(g)).toMatchObject({ critical: 0, warn: 0, execPolicy: EXEC_POLICY });
    });

    it("refuses a disabled ufw; the deployment's steps turn it back on", { timeout: 600_000 }, async () => {
      await expectGateRefuses("ufw --force disable", weakening("ufw-off", "ufw --force disable"), [/^ufw is not active/]);
      await redeploy();
      expect(await onBoxOk("sudo ufw status")).toMatch(/^Status: active/m);
    });

    it("refuses a ufw rule opening the gateway port; the deployment's steps remove it", { timeout: 600_000 }, async () => {
      await expectGateRefuses(`ufw allow ${GATEWAY_PORT}/tcp`, weakening("ufw-gateway-port", `ufw allow ${GATEWAY_PORT}/tcp`), [
        new RegExp(`^ufw allows '${GATEWAY_PORT}/tcp ALLOW IN Anywhere'`),
      ]);
      await redeploy();
      expect(await onBoxOk("sudo ufw status")).not.toContain(String(GATEWAY_PORT));
    });

    it("refuses an sshd drop-in that re-enables passwords; a redeploy with it in place does not pass", { timeout: 600_000 }, async () => {
      const loosen = weakening("sshd-passwords", `printf 'PasswordAuthentication yes\\n' >${LOOSE_DROPIN}\nsshd -t\nsystemctl reload ssh`);
      try {
        await expectGateRefuses(`${LOOSE_DROPIN}: PasswordAuthentication yes`, loosen, [
          new RegExp(`^sshd for ${state.adminUser}: passwordauthentication yes`),
          /^sshd for root: passwordauthentication yes/,
        ]);
        // The steps own only the files they write: this drop-in stays, and sshd keeps honouring it
        // (it sorts first). A redeploy, stopping at the first failing step as Pulumi does, must fail
        // naming it rather than pass.
        const failed = await runSteps(admin, state.steps).then(
          () => undefined,
          (e: { results?: StepResult[] }) => e.results?.at(-1),
        );
        expect(failed, "a redeploy passed with passwords enabled").toBeDefined();
        console.log(`redeploy with ${LOOSE_DROPIN} in place: ${failed!.name} exit ${failed!.exitCode}: ${failed!.stderr.trim()}`);
        expect(failed!.stderr.toLowerCase()).toContain("passwordauthentication");
      } finally {
        // What an operator does: remove the foreign drop-in. Then the deployment's steps.
        await onBoxOk(`sudo rm -f ${LOOSE_DROPIN} && sudo systemctl reload ssh`);
      }
      await redeploy();
    });

    it("refuses a loosened host layer (a sysctl set by hand, a later sysctl.d file, login.defs, modules, audit rules); the steps restore their own", { timeout: 600_000 }, async () => {
      const loose = "/etc/sysctl.d/zz-loose.conf"; // sorts after the layer's 99-zz-openclaw-hetzner.conf
      const loosen = weakening(
        "host-layer-loose",
        [
          "sysctl -q -w net.ipv4.conf.all.rp_filter=0",
          `printf 'kernel.kptr_restrict = 0\\n' >${loose}`,
          "sed -i 's/^UMASK.*/UMASK 022/' /etc/login.defs",
          "rm /etc/modprobe.d/60-openclaw-hetzner.conf",
          "rm /etc/audit/rules.d/60-openclaw-hetzner.rules",
          "augenrules >/dev/null 2>&1 || true",
        ].join("\n"),
      );
      try {
        await expectGateRefuses("host layer loosened", loosen, [
          /^sysctl net\.ipv4\.conf\.all\.rp_filter is 0 \(want 1\)/,
          /^sysctl kernel\.kptr_restrict: the boot configuration sets '0' \(want 2\)/,
          /^login\.defs UMASK is '022' \(want 027\)/,
          /^kernel module dccp can be loaded/,
          /^auditd does not watch \/etc\/sudoers$/,
        ]);
      } finally {
        // A file of someone else's: the operator removes it; the steps own only theirs.
        await onBoxOk(`sudo rm -f ${loose}`);
      }
      await redeploy();
      expect((await onBoxOk("cat /proc/sys/net/ipv4/conf/all/rp_filter")).trim()).toBe("1");
      expect(await onBoxOk("grep '^UMASK' /etc/login.defs")).toBe("UMASK 027\n");
    });

    it("refuses openclaw.json asking for a LAN bind; the deployment's steps put the file back", { timeout: 600_000 }, async () => {
      const config = `${gw.stateDir}/openclaw.json`;
      const loosen = weakening(
        "openclaw-json-lan",
        [
          `node="$(sed -n 's/^exec \\([^ ]*\\/node\\) .*/\\1/p' ${gw.cli})"`,
          `"$node" -e 'const fs = require("fs"), f = process.argv[1], c = JSON.parse(fs.readFileSync(f, "utf8")); c.gateway.bind = "lan"; fs.writeFileSync(f, JSON.stringify(c, null, 2) + "\\n")' ${config}`,
          `systemctl restart ${gw.unitName}`,
          // Back up before the gate looks, so it meets the running gateway, not a restart.
          `for _ in $(seq 1 60); do curl -fsS -m 3 http://127.0.0.1:${GATEWAY_PORT}/healthz >/dev/null 2>&1 && exit 0; sleep 3; done`,
          `echo "the gateway did not come back" >&2; exit 1`,
        ].join("\n"),
      );
      // The unit's own `--bind loopback` wins over the file, so the gateway stays on loopback; the
      // gate still refuses the file (one edit of the unit away from a LAN bind).
      await expectGateRefuses(`openclaw.json gateway.bind "lan" + restart`, loosen, [/^openclaw\.json: gateway\.bind is 'lan'/]);
      await redeploy();
      expect(JSON.parse(await onBoxOk(`sudo cat ${config}`)).gateway.bind).toBe("loopback");
    });

    it("refuses a unit override that rebinds the gateway to the LAN; a redeploy with it in place does not pass", { timeout: 600_000 }, async () => {
      const dropin = `/etc/systemd/system/${gw.unitName}.service.d`;
      const rebind = weakening(
        "gateway-unit-lan",
        [
          `exec_start="$(sed -n 's/^ExecStart=//p' /etc/systemd/system/${gw.unitName}.service)"`,
          `install -d ${dropin}`,
          `printf '[Service]\\nExecStart=\\nExecStart=%s\\n' "\${exec_start/--bind loopback/--bind lan}" >${dropin}/50-lan.conf`,
          `systemctl daemon-reload`,
          `systemctl restart ${gw.unitName}`,
          // Wait until it really listens beyond loopback, so the gate meets the listener.
          `for _ in $(seq 1 60); do ss -H -ltn 'sport = :${GATEWAY_PORT}' | grep -Eq '(0\\.0\\.0\\.0|\\*|\\[::\\]):${GATEWAY_PORT}' && exit 0; sleep 3; done`,
          `echo "the gateway did not listen beyond loopback" >&2; exit 1`,
        ].join("\n"),
      );
      try {
        await expectGateRefuses(`${dropin}/50-lan.conf: --bind lan + restart`, rebind, [
          new RegExp(`listens on tcp (0\\.0\\.0\\.0|\\*|\\[::\\]):${GATEWAY_PORT} `),
          new RegExp(`^nothing listens on 127\\.0\\.0\\.1:${GATEWAY_PORT}`),
        ]);
        // configure-gateway owns the unit file, not drop-ins beside it: the override stays and the
        // gateway keeps answering on 127.0.0.1 through its 0.0.0.0 bind, so only the gate can stop
        // this redeploy. It must.
        const failed = await runSteps(admin, state.steps).then(
          () => undefined,
          (e: { results?: StepResult[] }) => e.results?.at(-1),
        );
        expect(failed, "a redeploy passed with the gateway on the LAN").toBeDefined();
        console.log(`redeploy with ${dropin}/50-lan.conf in place: ${failed!.name} exit ${failed!.exitCode}:\n${driftOf(failed!).map((l) => `  - ${l}`).join("\n")}`);
        expect(failed!.name).toBe("audit-gateway");
        expect(driftOf(failed!).some((l) => l.includes(`:${GATEWAY_PORT} `) && l.includes("listens on tcp"))).toBe(true);
      } finally {
        // What an operator does: remove the override and restart the unit. Then the deployment's steps.
        await onBoxOk(`sudo rm -rf ${dropin} && sudo systemctl daemon-reload && sudo systemctl restart ${gw.unitName}`);
      }
      await redeploy();
      const listening = await onBoxOk(`ss -ltnH 'sport = :${GATEWAY_PORT}'`);
      expect(listening).toMatch(new RegExp(`127\\.0\\.0\\.1:${GATEWAY_PORT}\\s`));
      expect(listening).not.toMatch(new RegExp(`(0\\.0\\.0\\.0|\\*|\\[::\\]):${GATEWAY_PORT}\\s`));
    });
  });
}
