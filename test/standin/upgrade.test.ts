// Day 2 on the stand-in: OpenClaw upgrades with rollback, run by the deployment's own
// install-openclaw step over real SSH. From an older published release (installed by the same step
// with that version) back up to the pinned one, keeping the state; a release that cannot start is
// rolled back with the state restored from the pre-upgrade archive, and the gateway keeps serving;
// a version npm does not have fails before anything switches; a run cut off mid-upgrade and
// repeated ends with one release active and the gate passing.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Step } from "../../local/steps";
import versions from "../../versions.json";
import { ROOT } from "../../local/standin";
import { applyStack, gatewayHealthy, gw, leaks, NET, onBox, onBoxOk, onFleet, rerun, SSH_OPTS, stackWith, state, step } from "./helpers";

const OLDER = "2026.9.3";
/** Another Node.js release OpenClaw runs on (>= 24.16): the local mirror builds it from the npm registry. */
const OTHER_NODE = "24.20.0";
const PINNED = versions.openclaw;
const state_ = gw.stateDir;

/** The deployment's install-openclaw step, for another OpenClaw version (as a changed stack gives it). */
function installFor(version: string): Step {
  const s = step("install-openclaw");
  const pinned = `OC_OPENCLAW_VERSION='${PINNED}'`;
  if (!s.command.includes(pinned)) throw new Error("install-openclaw does not carry the pinned version as expected");
  return { ...s, command: s.command.replace(pinned, `OC_OPENCLAW_VERSION='${version}'`) };
}

async function current(): Promise<string> {
  return (await onBoxOk(`readlink ${gw.openclawHome}/current`)).trim();
}

/** What the gateway keeps in its state dir: a session transcript and the files OpenClaw archives. */
async function stateFingerprint(): Promise<string> {
  return onBoxOk(`sudo sh -c 'cd ${state_} && cat agents/main/sessions/day2-upgrade.jsonl credentials/day2-upgrade.json'`);
}

async function mainPid(): Promise<string> {
  return (await onBoxOk(`systemctl show -p MainPID --value ${gw.unitName}`)).trim();
}

const STASH = `${gw.home}/.openclaw-deployed`;

describe("OpenClaw upgrades with rollback (install-openclaw on a running gateway)", () => {
  // The stand-in's own state (made by the pinned release) is put aside for these checks: an older
  // release refuses a state dir a newer one migrated. It comes back at the end.
  beforeAll(async () => {
    await onBoxOk(
      `sudo sh -c 'systemctl stop ${gw.unitName} && mv ${state_} ${STASH} && install -d -m 700 -o ${gw.serviceUser} -g ${gw.serviceUser} ${state_} && ` +
        `install -m 600 -o ${gw.serviceUser} -g ${gw.serviceUser} ${STASH}/openclaw.json ${state_}/openclaw.json'`,
    );
  }, 120_000);
  afterAll(async () => {
    await onBoxOk(`sudo sh -c 'systemctl stop ${gw.unitName} && rm -rf ${state_} && mv ${STASH} ${state_} && systemctl start ${gw.unitName}'`);
    expect(await gatewayHealthy()).toBe(true);
  }, 300_000);

  it(`a gateway on ${OLDER} upgraded to the pinned ${PINNED}, the SSH connection cut mid-way and the run repeated: archived first, state kept, one release active, the gate passes`, async () => {
    // An older deployment: the same step with that version (the gateway is stopped: a plain switch),
    // then the gateway started on a fresh state dir, as a server deployed with OLDER would be.
    const [older] = await rerun([installFor(OLDER)]);
    expect(older.exitCode, older.stderr).toBe(0);
    expect(await current()).toBe(OLDER);
    await onBoxOk(`sudo systemctl start ${gw.unitName}`);
    expect(await gatewayHealthy()).toBe(true);
    expect(await onBoxOk(`sudo -u ${gw.serviceUser} ${gw.cli} --version`)).toContain(OLDER);
    // State the gateway keeps: a session transcript (OpenClaw's backup leaves these out as live
    // files) and a credentials file (archived).
    await onBoxOk(
      `sudo -u ${gw.serviceUser} sh -c 'umask 077 && mkdir -p ${state_}/agents/main/sessions ${state_}/credentials && ` +
        `echo "{\\"type\\":\\"session\\",\\"id\\":\\"day2\\"}" > ${state_}/agents/main/sessions/day2-upgrade.jsonl && ` +
        `echo "{\\"allowFrom\\":[\\"4242\\"]}" > ${state_}/credentials/day2-upgrade.json'`,
    );
    const kept = await stateFingerprint();

    // The pinned stack's own step; the connection is cut once the switch is under way (the marker
    // is written just before it), then the step runs again as a repeated `pulumi up` would.
    const install = step("install-openclaw");
    const started = Date.now();
    const child = spawn("ip", ["netns", "exec", NET.operatorNamespace, "ssh", ...SSH_OPTS, "-i", state.sshKey, `${install.user}@${state.host}`, "--", install.command]);
    for (let i = 0; i < 240; i++) {
      if ((await onBox(`sudo test -e ${gw.jobs.upgradeMarker}`)).exitCode === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill("SIGKILL");
    const [again] = await rerun([install]);
    console.log(`upgrade ${OLDER} -> ${PINNED}, cut and repeated: ${((Date.now() - started) / 1000).toFixed(1)} s; ${again.stderr.trim().split("\n").join(" | ")}`);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(leaks(`${again.stdout}${again.stderr}`)).toEqual([]);
    expect(await current()).toBe(PINNED);
    expect(await gatewayHealthy()).toBe(true);
    expect(await stateFingerprint()).toBe(kept);
    expect((await onBox(`sudo test -e ${gw.jobs.upgradeMarker}`)).exitCode).toBe(1);

    // The archive taken before the switch: root-only, in a root-only directory.
    const archives = await onBoxOk(`sudo find ${gw.backupDir} -maxdepth 1 -name 'pre-upgrade-${OLDER}+node-v*-to-${PINNED}+node-v*' -printf '%m %u:%g %p\\n'`);
    expect(archives).toMatch(/^600 root:root \//);
    expect(await onBoxOk(`sudo stat -c '%a %U' ${gw.backupDir}`)).toBe("700 root\n");
    const [gate] = await rerun([step("audit-gateway")]);
    expect(gate.exitCode, gate.stderr).toBe(0);
  }, 900_000);

  it("a release that cannot start: rolled back, the state restored, the gateway serves the old release", async () => {
    const kept = await stateFingerprint();
    const broken = "2026.99.1";
    // A release on disk whose gateway exits at once (a bad build): the step finds it installed.
    await onBoxOk(
      `sudo sh -c 'umask 022 && d=${gw.openclawHome}/${broken}/lib/node_modules/openclaw && mkdir -p $d && ` +
        `printf "{\\"name\\":\\"openclaw\\",\\"version\\":\\"${broken}\\"}\\n" > $d/package.json && ` +
        `printf "console.error(\\"cannot start\\"); process.exit(1);\\n" > $d/openclaw.mjs'`,
    );
    const [r] = await rerun([installFor(broken)]);
    console.log(`failed upgrade: ${r.seconds.toFixed(1)} s; ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/upgrade to openclaw 2026\.99\.1 on node-v[\d.]+ failed: the gateway on openclaw 2026\.99\.1 on node-v[\d.]+ exited \d+ times/);
    expect(r.stderr).toContain(`rolled back: openclaw ${PINNED} on node-v${versions.node} serves again`);
    expect(leaks(`${r.stdout}${r.stderr}`)).toEqual([]);
    expect(await current()).toBe(PINNED);
    expect(await gatewayHealthy()).toBe(true);
    expect(await stateFingerprint()).toBe(kept);
    // The state the failed release left is kept root-only beside the archives; no switch is pending.
    expect(await onBoxOk(`sudo find ${gw.backupDir} -maxdepth 1 -name 'failed-upgrade-*' -printf '%m %u\\n'`)).toMatch(/^700 root$/m);
    expect((await onBox(`sudo test -e ${gw.jobs.upgradeMarker}`)).exitCode).toBe(1);
    await onBoxOk(`sudo rm -rf ${gw.openclawHome}/${broken}`);
  }, 600_000);

  it("a release that serves /healthz but fails the deploy gate's checks: rolled back, the old release serves", async () => {
    const kept = await stateFingerprint();
    const impostor = "2026.99.3";
    // Its gateway answers /healthz on the gateway's port; every other command (the audits) fails.
    const entry = `import http from "node:http";
const a = process.argv.slice(2);
if (a[0] === "gateway" && a[1] === "run") http.createServer((q, s) => s.end("{}")).listen(Number(a[a.indexOf("--port") + 1]), "127.0.0.1");
else { console.error("not a release"); process.exit(1); }
`;
    const d = `${gw.openclawHome}/${impostor}/lib/node_modules/openclaw`;
    await onBoxOk(`sudo sh -c 'umask 022 && mkdir -p ${d} && printf "{\\"name\\":\\"openclaw\\",\\"version\\":\\"${impostor}\\"}\\n" > ${d}/package.json'`);
    const put = await onBox(`sudo sh -c 'umask 022 && cat > ${d}/openclaw.mjs'`, entry);
    expect(put.exitCode, put.stderr).toBe(0);
    const [r] = await rerun([installFor(impostor)]);
    console.log(`gate-failed upgrade: ${r.seconds.toFixed(1)} s; ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/upgrade to openclaw 2026\.99\.3 on node-v[\d.]+ failed: the deploy gate fails on openclaw 2026\.99\.3/);
    expect(r.stderr).toContain(`rolled back: openclaw ${PINNED} on node-v${versions.node} serves again`);
    expect(r.stderr).not.toContain("fail on the rolled-back release too");
    expect(leaks(`${r.stdout}${r.stderr}`)).toEqual([]);
    expect(await current()).toBe(PINNED);
    expect(await gatewayHealthy()).toBe(true);
    expect(await stateFingerprint()).toBe(kept);
    // The last verification describes what serves now.
    expect(JSON.parse(await onBoxOk(`sudo cat ${gw.jobs.verifyResult}`))).toMatchObject({ ok: true });
    await onBoxOk(`sudo rm -rf ${gw.openclawHome}/${impostor}`);
  }, 900_000);

  it.skipIf(onFleet)("a Node.js tarball whose checksum does not match fails install-node before anything switches", async () => {
    const pid = await mainPid();
    const link = await onBoxOk(`readlink ${gw.nodeLink}`);
    const { file, dir } = stackWith({ nodeVersion: OTHER_NODE, nodeSha256: randomBytes(32).toString("hex") });
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "local/cli.ts"), "up", "--config", file, "--json"], { cwd: ROOT, encoding: "utf8", timeout: 900_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/install-node: SHA-256 mismatch for node-v[\d.]+-linux-x64\.tar\.gz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await onBoxOk(`readlink ${gw.nodeLink}`)).toBe(link);
    expect(await mainPid()).toBe(pid);
    expect((await onBox(`test -e /opt/node-v${OTHER_NODE}`)).exitCode).toBe(1);
  }, 900_000);

  it.skipIf(onFleet)(`a Node.js change (${OTHER_NODE}) applied to the stack: the same checked switch, the gateway runs the new Node.js; and back`, async () => {
    const unit = `stat -c %Y /etc/systemd/system/${gw.unitName}.service`;
    const unitBefore = await onBoxOk(unit);
    const { file, dir } = stackWith({ nodeVersion: OTHER_NODE });
    try {
      expect(applyStack(file)).toEqual(["audit-gateway", "install-node", "install-openclaw"]);
      expect((await onBoxOk(`readlink ${gw.nodeLink}`)).trim()).toBe(`/opt/node-v${OTHER_NODE}`);
      expect(await gatewayHealthy()).toBe(true);
      expect((await onBoxOk(`sudo readlink /proc/${await mainPid()}/exe`)).trim()).toBe(`/opt/node-v${OTHER_NODE}/bin/node`);
      expect(await onBoxOk(unit)).toBe(unitBefore);
      expect(await onBoxOk(`sudo find ${gw.backupDir} -maxdepth 1 -name 'pre-upgrade-${PINNED}+node-v${versions.node}-to-${PINNED}+node-v${OTHER_NODE}-*' -printf '%m %u\\n'`)).toMatch(/^600 root$/m);
    } finally {
      expect(applyStack(state.stackFile)).toEqual(["audit-gateway", "install-node", "install-openclaw"]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await onBoxOk(`sudo readlink /proc/${await mainPid()}/exe`)).trim()).toBe(`/opt/node-v${versions.node}/bin/node`);
    expect(await gatewayHealthy()).toBe(true);
  }, 900_000);

  it("a version npm does not have fails before anything switches: the gateway is not even restarted", async () => {
    const pid = await mainPid();
    const [r] = await rerun([installFor("2026.99.2")]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/No matching version|ETARGET|E404/);
    expect(await current()).toBe(PINNED);
    expect(await mainPid()).toBe(pid);
    expect((await onBoxOk(`ls -A ${gw.openclawHome}`)).split("\n").filter((l) => l.startsWith(".install-"))).toEqual([]);
  }, 600_000);

});
