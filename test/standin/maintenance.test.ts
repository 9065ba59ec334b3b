// Day 2 on the stand-in: the on-box timers' services, each started by hand as an operator would.
// The verification is the deploy gate's own checks: it passes on the deployed host, and fails,
// leaving its unit failed with a journal message naming the drift, after ufw is disabled or an
// sshd setting is loosened by hand. The backup's archive is root-only and restores into a staging
// dir with OpenClaw's own `backup verify` and `backup restore`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SSHD_DROP_IN } from "../../components/openclaw/layout";
import { applyStack, gw, leaks, onBox, onBoxOk, onFleet, rerun, stackWithSecrets, state, step } from "./helpers";

async function startService(unit: string) {
  return onBox(`sudo systemctl start ${unit}`);
}

async function verification(): Promise<{ ok: boolean; failures: string[]; time: string }> {
  return JSON.parse(await onBoxOk(`sudo cat ${gw.jobs.verifyResult}`));
}

/** The drift check: the verification fails, its unit is left failed, the journal and verify.json name `drift`. */
async function expectDrift(drift: RegExp) {
  const r = await startService(gw.jobs.verifyService);
  expect(r.exitCode).not.toBe(0);
  expect(await onBoxOk("systemctl --failed --no-legend --plain")).toContain(gw.jobs.verifyService);
  const journal = await onBoxOk(`sudo journalctl -u ${gw.jobs.verifyService} -n 60 --no-pager -o cat`);
  expect(journal).toMatch(drift);
  expect(leaks(journal)).toEqual([]);
  const v = await verification();
  expect(v.ok).toBe(false);
  expect(v.failures.join("\n")).toMatch(drift);
}

async function expectClean() {
  await onBoxOk(`sudo systemctl reset-failed ${gw.jobs.verifyService}`);
  const r = await startService(gw.jobs.verifyService);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(await verification()).toMatchObject({ ok: true, failures: [] });
}

describe("on-box timers and their services", () => {
  it("the three timers are enabled and scheduled; each service run by hand succeeds", async () => {
    const jobs = [
      [gw.jobs.verifyTimer, gw.jobs.verifyService],
      [gw.jobs.retentionTimer, gw.jobs.retentionService],
      [gw.jobs.backupTimer, gw.jobs.backupService],
    ];
    for (const [timer, service] of jobs) {
      expect((await onBoxOk(`systemctl is-enabled ${timer}`)).trim()).toBe("enabled");
      expect((await onBoxOk(`systemctl is-active ${timer}`)).trim()).toBe("active");
      const started = Date.now();
      const r = await startService(service);
      console.log(`${service} by hand: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(r.exitCode, `${service}: ${r.stderr}`).toBe(0);
      expect(leaks(await onBoxOk(`sudo journalctl -u ${service} --no-pager -o cat`))).toEqual([]);
    }
    const v = await verification();
    expect(v).toMatchObject({ ok: true, failures: [] });
    expect(Date.now() - Date.parse(v.time)).toBeLessThan(10 * 60_000);
  }, 600_000);

  it("the verification fails, naming the drift, after `ufw disable` by hand", async () => {
    await onBoxOk("sudo ufw disable");
    try {
      await expectDrift(/ufw/i);
    } finally {
      const [r] = await rerun([step("ufw")]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    await expectClean();
  }, 600_000);

  it("the verification fails, naming the drift, after an sshd setting is loosened by hand", async () => {
    await onBoxOk(`sudo sh -c "sed -i 's/^PasswordAuthentication no/PasswordAuthentication yes/' ${SSHD_DROP_IN} && systemctl reload ssh"`);
    try {
      await expectDrift(/passwordauthentication/i);
    } finally {
      const [r] = await rerun([step("harden-ssh")]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    await expectClean();
  }, 600_000);

  // The notifier posts to verifyNotifyUrl (a secret, on the maintenance step's stdin). Here the URL
  // is an https sink on the VPS itself; the notifier trusts its test CA through a runtime drop-in
  // (in /run: gone at the next boot) that only this test adds.
  it.skipIf(onFleet)("a failed verification posts a short message naming the drift, and no secret, to verifyNotifyUrl", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "oc-notify-"));
    const sink = "/run/openclaw-notify-test";
    const dropIn = "/run/systemd/system/openclaw-notify@.service.d";
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(work, "key.pem"), "-out", path.join(work, "cert.pem")], { stdio: "ignore" });
      await onBoxOk(`sudo install -d -m 755 ${sink}`);
      for (const f of ["cert.pem", "key.pem"]) {
        const r = await onBox(`sudo sh -c 'cat > ${sink}/${f} && chmod 644 ${sink}/${f}'`, readFileSync(path.join(work, f), "utf8"));
        expect(r.exitCode, r.stderr).toBe(0);
      }
      const server = `require("https").createServer({ key: require("fs").readFileSync("${sink}/key.pem"), cert: require("fs").readFileSync("${sink}/cert.pem") }, (q, s) => { let b = ""; q.on("data", (c) => (b += c)); q.on("end", () => { require("fs").appendFileSync("${sink}/received", b + "\\n"); s.end("ok"); }); }).listen(9443, "127.0.0.1")`;
      await onBoxOk(`sudo systemd-run --unit=openclaw-notify-test-sink --collect ${gw.nodeLink}/bin/node -e '${server}'`);
      await onBoxOk(`sudo sh -c 'mkdir -p ${dropIn} && printf "[Service]\\nEnvironment=NODE_EXTRA_CA_CERTS=${sink}/cert.pem\\n" > ${dropIn}/test-ca.conf && systemctl daemon-reload'`);

      const { file, dir } = stackWithSecrets({}, { verifyNotifyUrl: "https://127.0.0.1:9443/hook" });
      try {
        // The URL goes to the maintenance step only (its stdin and its on/off input; the gate re-runs on that input).
        expect(applyStack(file)).toEqual(["audit-gateway", "maintenance"]);
        await onBoxOk("sudo ufw disable");
        expect((await startService(gw.jobs.verifyService)).exitCode).not.toBe(0);
        let received = "";
        for (let i = 0; i < 30 && !received; i++) {
          await new Promise((r) => setTimeout(r, 1000));
          received = (await onBox(`sudo cat ${sink}/received`)).stdout.trim();
        }
        console.log(`notification received: ${received}`);
        const message = JSON.parse(received.split("\n")[0]) as { text: string };
        expect(message.text).toContain(`${gw.jobs.verifyService} failed`);
        expect(message.text).toMatch(/ufw/i);
        expect(leaks(received)).toEqual([]);
      } finally {
        const [r] = await rerun([step("ufw")]);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(applyStack(state.stackFile)).toEqual(["audit-gateway", "maintenance"]);
        rmSync(dir, { recursive: true, force: true });
      }
      await expectClean();
    } finally {
      await onBox(`sudo sh -c 'systemctl stop openclaw-notify-test-sink; rm -rf ${dropIn} ${sink}; systemctl daemon-reload; systemctl reset-failed'`);
      rmSync(work, { recursive: true, force: true });
    }
  }, 600_000);

  it("the newest backup is root-only and restores into a staging dir with openclaw backup verify / restore", async () => {
    const archive = (await onBoxOk(`sudo sh -c 'ls -1t ${gw.backupDir}/scheduled-*.tar.gz | head -n 1'`)).trim();
    expect(archive).toMatch(/scheduled-.*\.tar\.gz$/);
    expect(await onBoxOk(`sudo stat -c '%a %U:%G' ${archive} ${gw.backupDir}`)).toBe("600 root:root\n700 root:root\n");
    // As the service user (OpenClaw's code never runs as root), from a copy it may read.
    const staging = `${gw.home}/.restore-check`;
    const env = `env HOME=${gw.home} OPENCLAW_STATE_DIR=${gw.stateDir} OPENCLAW_CONFIG_PATH=${gw.stateDir}/openclaw.json TMPDIR=${staging}`;
    try {
      await onBoxOk(`sudo sh -c 'rm -rf ${staging} && install -d -m 700 -o ${gw.serviceUser} -g ${gw.serviceUser} ${staging} && install -m 600 -o ${gw.serviceUser} -g ${gw.serviceUser} ${archive} ${staging}/a.tar.gz'`);
      const verified = await onBoxOk(`cd / && sudo -u ${gw.serviceUser} ${env} ${gw.cli} backup verify ${staging}/a.tar.gz --json`);
      expect(JSON.parse(verified.slice(verified.indexOf("{")))).toMatchObject({ ok: true });
      const restored = await onBoxOk(`cd / && sudo -u ${gw.serviceUser} ${env} ${gw.cli} backup restore ${staging}/a.tar.gz --target ${staging}/target --json`);
      expect(JSON.parse(restored.slice(restored.indexOf("{")))).toMatchObject({ ok: true });
      expect(await onBoxOk(`sudo sh -c 'ls ${staging}/target/*/payload/posix${gw.stateDir}/openclaw.json'`)).toContain("openclaw.json");
    } finally {
      await onBoxOk(`sudo rm -rf ${staging}`);
    }
  }, 600_000);
});
