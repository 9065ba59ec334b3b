// `npm run status -- --local --json` on the running stand-in: every documented field, the deployed
// versions, and not one of the deployment's secrets in what it prints.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findSecretLooking } from "../../policies/lib/secret-patterns";
import versions from "../../versions.json";
import { gatewayPort, gw, leaks, onBoxOk } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");

describe("npm run status on the stand-in", () => {
  it("reports the gateway, versions, verification, backup and timers, and no secret", async () => {
    // A verification and a backup have run (their services by hand, as the timers would start them).
    await onBoxOk(`sudo systemctl reset-failed ${gw.jobs.verifyService}; sudo systemctl start ${gw.jobs.verifyService} ${gw.jobs.backupService}`);
    const verified = JSON.parse(await onBoxOk(`sudo cat ${gw.jobs.verifyResult}`));
    const newest = (await onBoxOk(`sudo sh -c 'ls -1t ${gw.backupDir}/*.tar.gz | head -n 1'`)).trim();
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "status/cli.ts"), "--local", "--json"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).not.toBe(2);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(["host", "gateway", "openclaw", "node", "verification", "backup", "timers", "releases", "problems", "ok"]));
    expect(r.status).toBe(s.ok ? 0 : 1);
    expect(s.gateway).toMatchObject({ active: true, healthy: true, port: gatewayPort, unit: `${gw.unitName}.service` });
    const installed = (await onBoxOk(`readlink ${gw.openclawHome}/current`)).trim();
    expect(s.openclaw.version).toBe(installed);
    expect(s.releases).toContain(installed);
    expect(s.node.version).toBe(versions.node);
    expect(s.timers.map((t: { unit: string }) => t.unit)).toEqual(gw.jobs.timers);
    for (const t of s.timers) expect(t, t.unit).toMatchObject({ installed: true, state: "active", next: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(s.verification).toMatchObject({ ok: true, failures: [] });
    expect(Date.parse(s.verification.time)).toBe(Date.parse(verified.time));
    expect(s.backup).toMatchObject({ file: newest, bytes: expect.any(Number) });
    for (const unit of [gw.jobs.verifyTimer, gw.jobs.backupTimer]) {
      expect(s.timers.find((t: { unit: string }) => t.unit === unit), unit).toMatchObject({ lastResult: "success" });
    }
    expect(s.ok).toBe(true);
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
    expect(findSecretLooking(r.stdout + r.stderr)).toEqual([]);
  });
});
