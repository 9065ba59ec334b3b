// `npm run status`: the on-box script run for real against a fake root (shims for systemctl, curl
// and node), its output parsed, judged and rendered; the arguments; where a real stack connects;
// and that no secret reaches the output.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findSecretLooking } from "../policies/lib/secret-patterns";
import { main, parseArgs } from "../status/cli";
import { fromOutputs, gatewayOutputs, remoteCommand, sshArgv, STATUS_SCRIPT, stackTarget, StatusTarget } from "../status/connect";
import { buildStatus, parseRemote, renderTable, systemdTime } from "../status/report";

const TMP = mkdtempSync(path.join(tmpdir(), "status-test-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const TOKEN = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d1f";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";

function write(file: string, text: string, mode = 0o644) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode });
}

const GATEWAY_UNIT = `LoadState=loaded
ActiveState=active
SubState=running
NRestarts=0
ActiveEnterTimestamp=Sat 2026-11-21 12:00:05 UTC
ExecStart={ path=/opt/node-v24.21.0/bin/node ; argv[]=/opt/node-v24.21.0/bin/node /opt/openclaw/current/lib/node_modules/openclaw/openclaw.mjs gateway run --bind loopback --port 18789 ; ignore_errors=no ; start_time=[Sat 2026-11-21 12:00:05 UTC] ; stop_time=[n/a] ; pid=412 ; code=(null) ; status=0/0 }
`;
const timerUnit = (next: string, last: string) => `LoadState=loaded\nActiveState=active\nNextElapseUSecRealtime=${next}\nLastTriggerUSec=${last}\n`;
const serviceUnit = (active: string, result: string, exited: string) => `LoadState=loaded\nActiveState=${active}\nResult=${result}\nExecMainStatus=${result === "success" ? 0 : 1}\nExecMainExitTimestamp=${exited}\n`;

interface Box {
  units?: Record<string, string>;
  health?: string;
  verify?: string;
  backups?: { name: string; bytes: number; mtime: number }[];
  releases?: string[];
  current?: string;
  node?: string;
}

/** A fake root and shims; runs status.sh as `sudo bash -s` would, returns its stdout. */
function runScript(name: string, box: Box): { exitCode: number; stdout: string; stderr: string } {
  const root = path.join(TMP, name, "root");
  const shims = path.join(TMP, name, "bin");
  const units = path.join(TMP, name, "units");
  mkdirSync(root, { recursive: true });
  mkdirSync(units, { recursive: true });
  for (const [unit, text] of Object.entries(box.units ?? {})) write(path.join(units, unit), text);
  // systemctl show [-p …] -- NAME: the fixture, or what systemd says of an unknown unit. Refuses to
  // answer unless TZ=UTC: status.sh relies on it for unambiguous timestamps.
  write(
    path.join(shims, "systemctl"),
    `#!/bin/bash\n[ "\${TZ:-}" = UTC ] || { echo "TZ is not UTC" >&2; exit 1; }\nname="\${*: -1}"\nif [ -f "${units}/$name" ]; then cat "${units}/$name"; else printf 'LoadState=not-found\\nActiveState=inactive\\nResult=success\\n'; fi\n`,
    0o755,
  );
  const code = box.health ?? "000";
  write(path.join(shims, "curl"), `#!/bin/bash\n[ "\${*: -1}" = http://127.0.0.1:18789/healthz ] || exit 3\nprintf '%s' ${code}\n[ ${code} != 000 ] || exit 7\n`, 0o755);
  if (box.node) write(path.join(root, `opt/node-v${box.node}/bin/node`), `#!/bin/sh\necho v${box.node}\n`, 0o755);
  for (const r of box.releases ?? []) write(path.join(root, `opt/openclaw/${r}/lib/node_modules/openclaw/package.json`), `{\n  "name": "openclaw",\n  "version": "${r}",\n  "dependencies": {\n    "x": {\n      "version": "0.0.1"\n    }\n  }\n}\n`);
  if (box.releases) mkdirSync(path.join(root, "opt/openclaw/.install-abc123"), { recursive: true });
  if (box.current) symlinkSync(box.current, path.join(root, "opt/openclaw/current"));
  if (box.verify !== undefined) write(path.join(root, "var/lib/openclaw-hetzner/verify.json"), box.verify);
  for (const b of box.backups ?? []) {
    const file = path.join(root, "var/backups/openclaw", b.name);
    write(file, "x".repeat(b.bytes), 0o600);
    utimesSync(file, b.mtime, b.mtime);
  }
  const r = spawnSync("bash", ["-s"], {
    input: readFileSync(STATUS_SCRIPT, "utf8"),
    encoding: "utf8",
    env: { PATH: `${shims}:${process.env.PATH}`, OC_STATUS_ROOT: root, OC_GATEWAY_PORT: "18789", OC_UNIT_NAME: "openclaw-gateway", OC_OPENCLAW_HOME: "/opt/openclaw" },
  });
  return { exitCode: r.status ?? 255, stdout: r.stdout, stderr: r.stderr };
}

const T0 = Date.UTC(2026, 10, 21, 2, 0, 0) / 1000;
const healthyBox: Box = {
  node: "24.21.0",
  releases: ["2026.9.6", "2026.10.2", "2026.9.12"],
  current: "2026.10.2",
  health: "200",
  verify: JSON.stringify({ time: "2026-11-21T03:00:09Z", ok: true, failures: [] }),
  backups: [
    { name: "openclaw-2026-11-20.tar.gz", bytes: 100, mtime: T0 - 86400 },
    { name: "openclaw-2026-11-21.tar.gz", bytes: 2048, mtime: T0 },
  ],
  units: {
    "openclaw-gateway.service": GATEWAY_UNIT,
    "openclaw-verify.timer": timerUnit("Sun 2026-11-22 03:00:00 UTC", "Sat 2026-11-21 03:00:04 UTC"),
    "openclaw-verify.service": serviceUnit("inactive", "success", "Sat 2026-11-21 03:00:09 UTC"),
    "openclaw-retention.timer": timerUnit("Sun 2026-11-22 04:00:00 UTC", "n/a"),
    "openclaw-retention.service": serviceUnit("inactive", "success", ""),
    "openclaw-backup.timer": timerUnit("Sun 2026-11-22 02:00:00 UTC", "Sat 2026-11-21 02:00:00 UTC"),
    "openclaw-backup.service": serviceUnit("inactive", "success", "Sat 2026-11-21 02:00:01 UTC"),
  },
};

describe("status.sh on a fake root", () => {
  it("reports a healthy box: every documented field", () => {
    const r = runScript("healthy", healthyBox);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const s = buildStatus("203.0.113.7", parseRemote(r.stdout));
    expect(s.problems).toEqual([]);
    expect(s.ok).toBe(true);
    expect(s.host).toBe("203.0.113.7");
    expect(s.gateway).toEqual({ active: true, healthy: true, port: 18789, unit: "openclaw-gateway.service", state: "active/running", httpStatus: 200, since: "2026-11-21T12:00:05.000Z", restarts: 0 });
    expect(s.openclaw).toEqual({ version: "2026.10.2", current: "2026.10.2" });
    expect(s.node).toEqual({ version: "24.21.0", path: "/opt/node-v24.21.0/bin/node" });
    expect(s.releases).toEqual(["2026.9.6", "2026.9.12", "2026.10.2"]); // version order; no install dirs, no link
    expect(s.verification).toEqual({ time: "2026-11-21T03:00:09.000Z", ok: true, failures: [] });
    expect(s.backup).toEqual({ time: "2026-11-21T02:00:00.000Z", file: "/var/backups/openclaw/openclaw-2026-11-21.tar.gz", bytes: 2048, count: 2 });
    expect(s.timers).toEqual([
      { unit: "openclaw-verify.timer", installed: true, state: "active", next: "2026-11-22T03:00:00.000Z", last: "2026-11-21T03:00:04.000Z", lastResult: "success", detail: null },
      { unit: "openclaw-retention.timer", installed: true, state: "active", next: "2026-11-22T04:00:00.000Z", last: null, lastResult: null, detail: null },
      { unit: "openclaw-backup.timer", installed: true, state: "active", next: "2026-11-22T02:00:00.000Z", last: "2026-11-21T02:00:00.000Z", lastResult: "success", detail: null },
    ]);
    const table = renderTable(s);
    expect(table).toMatch(/^gateway +openclaw-gateway\.service active\/running, healthy on 127\.0\.0\.1:18789/m);
    expect(table).toMatch(/^openclaw-verify\.timer +2026-11-22T03:00:00\.000Z +2026-11-21T03:00:04\.000Z +success$/m);
    expect(table).toMatch(/^backup +2026-11-21T02:00:00\.000Z \/var\/backups\/openclaw\/openclaw-2026-11-21\.tar\.gz \(2\.0 KiB; 2 kept\)$/m);
    expect(table).toMatch(/^status: OK$/m);
  });

  it("reports a bare box (nothing installed, nothing answering) without failing", () => {
    const r = runScript("bare", {});
    expect(r.exitCode).toBe(0);
    const s = buildStatus("10.99.0.10", parseRemote(r.stdout));
    expect(s.ok).toBe(false);
    expect(s.gateway).toMatchObject({ active: false, healthy: false, state: "not installed", httpStatus: null });
    expect(s.openclaw.version).toBeNull();
    expect(s.node.version).toBeNull();
    expect(s.verification).toBeNull();
    expect(s.backup).toBeNull();
    expect(s.releases).toEqual([]);
    expect(s.timers.map((t) => [t.installed, t.next, t.last, t.lastResult])).toEqual([
      [false, null, null, null],
      [false, null, null, null],
      [false, null, null, null],
    ]);
    expect(s.problems).toEqual([
      "the gateway unit openclaw-gateway.service is not installed",
      "nothing answers on http://127.0.0.1:18789/healthz",
      "no OpenClaw release is current (/opt/openclaw/current)",
      "no Node.js runs the gateway (/opt/node-v*)",
      "openclaw-verify.timer is not installed",
      "openclaw-retention.timer is not installed",
      "openclaw-backup.timer is not installed",
    ]);
  });

  it("carries hostile text from verify.json intact through its JSON, and judges a failed run", () => {
    const failures = ['ufw: "default deny" missing', "tab\there, back\\slash, newline\nand a bell\u0007", "gateway bound to 0.0.0.0"];
    const r = runScript("failing", {
      ...healthyBox,
      health: "503",
      verify: JSON.stringify({ time: "2026-11-21T03:00:09Z", ok: false, failures }),
      units: { ...healthyBox.units, "openclaw-backup.service": serviceUnit("failed", "exit-code", "Sat 2026-11-21 02:00:03 UTC") },
    });
    expect(r.exitCode).toBe(0);
    const s = buildStatus("203.0.113.7", parseRemote(r.stdout));
    expect(s.verification).toEqual({ time: "2026-11-21T03:00:09.000Z", ok: false, failures });
    expect(s.timers[2]).toMatchObject({ unit: "openclaw-backup.timer", lastResult: "failed", detail: "exit-code" });
    expect(s.gateway).toMatchObject({ active: true, healthy: false, httpStatus: 503 });
    expect(s.problems).toEqual([
      "http://127.0.0.1:18789/healthz answered 503",
      "the last run of openclaw-backup.service failed (exit-code)",
      `the last verification failed: ${failures.join("; ")}`,
    ]);
    expect(renderTable(s)).toMatch(/^status: 3 problems$/m);
  });

  it("reads a verify.json written over several lines", () => {
    const r = runScript("pretty", { ...healthyBox, verify: `${JSON.stringify({ time: "2026-11-21T03:00:09Z", ok: true, failures: [] }, null, 2)}\n` });
    expect(buildStatus("h", parseRemote(r.stdout)).verification).toEqual({ time: "2026-11-21T03:00:09.000Z", ok: true, failures: [] });
  });

  it("treats an unreadable verify.json, and a timer that ran without its record, as problems", () => {
    const r = runScript("garbled", { ...healthyBox, verify: "{not json", backups: [] });
    const s = buildStatus("h", parseRemote(r.stdout));
    expect(s.verification).toBeNull();
    expect(s.backup).toBeNull();
    expect(s.problems).toEqual(["/var/lib/openclaw-hetzner/verify.json is not {time, ok, failures}", "openclaw-backup.timer has run but /var/backups/openclaw holds no backup"]);
  });
});

describe("status: parsing and judging", () => {
  it("reads systemd's timestamps (pretty UTC as status.sh asks, @epoch from systemd 259), else null", () => {
    expect(systemdTime("Sun 2026-11-22 03:00:00 UTC")).toBe("2026-11-22T03:00:00.000Z");
    expect(systemdTime("Sun 2026-11-22 03:00:00.123456 UTC")).toBe("2026-11-22T03:00:00.000Z");
    expect(systemdTime("@1795316400")).toBe("2026-11-22T03:00:00.000Z");
    for (const v of ["", "n/a", "0", "Sun 2026-11-22 04:00:00 CET"]) expect(systemdTime(v)).toBeNull();
  });

  it("refuses output that is not the script's", () => {
    expect(() => parseRemote("")).toThrow(/printed nothing/);
    expect(() => parseRemote("sudo: a password is required\n")).toThrow(/no JSON/);
    expect(() => parseRemote('{"schema":1,"hostname":"x"}')).toThrow(/unexpected status from the box: now/);
  });

  it("takes the last line (a login may print before it)", () => {
    const line = runScript("banner", healthyBox).stdout;
    expect(parseRemote(`Welcome!\n\n${line}`).hostname).toBeTypeOf("string");
  });
});

describe("status: arguments and connection", () => {
  it("parses its flags and refuses what makes no sense", () => {
    expect(parseArgs(["--local", "--json"])).toMatchObject({ local: true, json: true });
    expect(parseArgs(["--stack", "dev", "--identity", "k"])).toMatchObject({ local: false, stack: "dev", identity: "k" });
    expect(() => parseArgs(["--stack"])).toThrow(/--stack needs a value/);
    expect(() => parseArgs(["--outputs", "--json"])).toThrow(/--outputs needs a value/);
    expect(() => parseArgs(["--verbose"])).toThrow(/unknown argument --verbose/);
    expect(() => parseArgs(["--local", "--stack", "dev"])).toThrow(/--local reads the stand-in's own state/);
  });

  it("finds host, user and ports in the stack outputs", () => {
    expect(fromOutputs({ sshCommand: "ssh ops@203.0.113.7", tunnelCommand: "ssh -N -L 18789:127.0.0.1:18789 ops@203.0.113.7" })).toEqual({ host: "203.0.113.7", port: 22, user: "ops", gatewayPort: 18789 });
    expect(fromOutputs({ sshCommand: "ssh -p 2222 admin@203.0.113.7", gatewayUrl: "http://127.0.0.1:19000/ (through the tunnel)" })).toEqual({ host: "203.0.113.7", port: 2222, user: "admin", gatewayPort: 19000 });
    expect(() => fromOutputs({})).toThrow(/no sshCommand/);
    expect(() => fromOutputs({ sshCommand: "ssh ops@h" })).toThrow(/gateway port/);
  });

  it("picks a fleet's gateway from its outputs (--gateway), and says which there are", () => {
    const one = (ip: string) => ({ sshCommand: `ssh ops@${ip}`, tunnelCommand: `ssh -N -L 18789:127.0.0.1:18789 ops@${ip}` });
    const fleet = { gateways: { alice: one("203.0.113.10"), shop: one("203.0.113.11") }, gatewayTokens: "[secret]" };
    expect(fromOutputs(gatewayOutputs(fleet, "shop")).host).toBe("203.0.113.11");
    expect(() => gatewayOutputs(fleet)).toThrow(/a fleet: name a gateway with --gateway \(alice, shop\)/);
    expect(() => gatewayOutputs(fleet, "bob")).toThrow(/no gateway bob/);
    expect(fromOutputs(gatewayOutputs({ gateways: { alice: one("203.0.113.10") } })).host).toBe("203.0.113.10");
    expect(() => gatewayOutputs(one("203.0.113.7"), "alice")).toThrow(/one gateway/);
    expect(parseArgs(["--gateway", "shop", "--json"])).toMatchObject({ gateway: "shop", json: true });
    const outputs = path.join(TMP, "fleet-outputs.json");
    writeFileSync(outputs, JSON.stringify(fleet));
    expect(stackTarget({ outputsFile: outputs, gateway: "alice", identity: "/k/id", pulumi: () => undefined }).host).toBe("203.0.113.10");
  });

  it("logs in as the steps do: the stack's deploy key in a private 0600 file, removed afterwards", () => {
    const calls: string[][] = [];
    const outputs = { ipv4: "203.0.113.7", sshCommand: "ssh -p 2222 ops@203.0.113.7", tunnelCommand: "ssh -N -L 18789:127.0.0.1:18789 -p 2222 ops@203.0.113.7", gatewayToken: "[secret]" };
    const t = stackTarget({
      stack: "dev",
      pulumi: (args) => {
        calls.push(args);
        return args[0] === "stack" ? { exitCode: 0, stdout: JSON.stringify(outputs), stderr: "" } : { exitCode: 0, stdout: KEY, stderr: "" };
      },
    });
    // Outputs without --show-secrets: status needs no secret output.
    expect(calls).toEqual([["stack", "output", "--json", "--stack", "dev"], ["config", "get", "deployPrivateKey", "--stack", "dev"]]);
    expect(t.keyFile).toBeDefined();
    expect(statSync(t.keyFile!).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(t.keyFile!)).mode & 0o777).toBe(0o700);
    const argv = sshArgv(t);
    expect(argv.join(" ")).not.toContain("PRIVATE KEY");
    expect(argv).toEqual(["ssh", "-i", t.keyFile, "-o", "IdentitiesOnly=yes", "-p", "2222", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "ops@203.0.113.7", "--", remoteCommand(18789)]);
    expect(remoteCommand(18789)).toBe("sudo /usr/bin/env OC_GATEWAY_PORT=18789 OC_UNIT_NAME=openclaw-gateway OC_OPENCLAW_HOME=/opt/openclaw /bin/bash -s");
    t.cleanup();
    expect(existsSync(t.keyFile!)).toBe(false);
  });

  it("falls back to the SSH agent without a deploy key, and says what is missing without a CLI", () => {
    const outputs = path.join(TMP, "outputs.json");
    writeFileSync(outputs, JSON.stringify({ sshCommand: "ssh ops@203.0.113.7", tunnelCommand: "ssh -N -L 18789:127.0.0.1:18789 ops@203.0.113.7" }));
    const logs: string[] = [];
    const t = stackTarget({ outputsFile: outputs, pulumi: () => undefined, log: (l) => logs.push(l) });
    expect(t.keyFile).toBeUndefined();
    expect(sshArgv(t)).not.toContain("-i");
    expect(logs.join("\n")).toMatch(/SSH agent/);
    expect(stackTarget({ outputsFile: outputs, identity: "/k/id", pulumi: () => undefined }).keyFile).toBe("/k/id");
    expect(() => stackTarget({ pulumi: () => undefined })).toThrow(/no Pulumi CLI: pass --outputs FILE/);
    expect(() => stackTarget({ pulumi: () => ({ exitCode: 255, stdout: "", stderr: "error: no stack selected\n" }) })).toThrow(/pulumi stack output failed: error: no stack selected/);
  });

  it("runs the stand-in's ssh inside the operator namespace, host keys not pinned", () => {
    const t: StatusTarget = { host: "10.99.0.10", port: 22, user: "ops", gatewayPort: 18789, keyFile: "/c/deploy_ed25519", namespace: "ocs-op", knownHosts: "ignore", cleanup: () => {} };
    expect(sshArgv(t).slice(0, 6)).toEqual(["ip", "netns", "exec", "ocs-op", "ssh", "-i"]);
    expect(sshArgv(t)).toContain("UserKnownHostsFile=/dev/null");
  });
});

describe("status: the command", () => {
  const target: StatusTarget = { host: "10.99.0.10", port: 22, user: "ops", gatewayPort: 18789, keyFile: "/k", knownHosts: "ignore", cleanup: () => {} };
  async function run(argv: string[], result: { exitCode: number; stdout: string; stderr: string }) {
    let out = "";
    let err = "";
    let cleaned = false;
    const code = await main(argv, {
      target: async () => ({ ...target, cleanup: () => (cleaned = true) }),
      run: async () => result,
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    return { code, out, err, cleaned };
  }

  it("exits 0 healthy, 1 with problems, 2 without a status (and cleans up each time)", async () => {
    const healthy = await run(["--json"], runScript("cmd-healthy", healthyBox));
    expect([healthy.code, healthy.cleaned]).toEqual([0, true]);
    expect(Object.keys(JSON.parse(healthy.out))).toEqual(expect.arrayContaining(["host", "gateway", "openclaw", "node", "verification", "backup", "timers", "releases"]));
    const sick = await run([], runScript("cmd-sick", { ...healthyBox, health: "000" }));
    expect(sick.code).toBe(1);
    expect(sick.out).toMatch(/nothing answers on http:\/\/127\.0\.0\.1:18789\/healthz/);
    const down = await run([], { exitCode: 255, stdout: "", stderr: "ssh: connect to host 10.99.0.10 port 22: Connection refused\n" });
    expect([down.code, down.cleaned, down.out]).toEqual([2, true, ""]);
    expect(down.err).toMatch(/could not connect to ops@10\.99\.0\.10:22: ssh: connect to host/);
    const sudo = await run([], { exitCode: 1, stdout: "", stderr: "sudo: a password is required\n" });
    expect(sudo.code).toBe(2);
    expect(sudo.err).toMatch(/status script failed on ops@10\.99\.0\.10:22 \(exit 1\): sudo: a password is required/);
    expect((await run(["--bogus"], { exitCode: 0, stdout: "", stderr: "" })).code).toBe(2);
    const help = await run(["--help"], { exitCode: 0, stdout: "", stderr: "" });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Exit: 0 healthy/);
  });

  it("never prints a secret: the state's secrets stay out even when the box's text carries them", async () => {
    // A verifier that echoed the gateway token or a key into its failures, and a hostile hostname
    // field, must not carry them to the operator's terminal or a CI log.
    const box = runScript("leaky", { ...healthyBox, verify: JSON.stringify({ time: "2026-11-21T03:00:09Z", ok: false, failures: [`token mismatch: ${TOKEN}`, KEY, "ufw inactive"] }) });
    for (const argv of [["--json"], []]) {
      const r = await run(argv, box);
      expect(r.code).toBe(1);
      for (const secret of [TOKEN, KEY, KEY.split("\n")[1]]) expect(r.out + r.err).not.toContain(secret);
      expect(findSecretLooking(r.out + r.err)).toEqual([]);
      expect(r.out).toContain("ufw inactive");
      expect(r.out).toContain("[withheld: a private key block]");
    }
  });
});

