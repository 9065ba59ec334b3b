// Independent checks with real tools on this machine: OpenSSH's own sshd -t / sshd -T, ssh-audit
// against a live sshd running the rendered drop-in, systemd-analyze on the unit, and the step
// helpers run by real bash.
import { ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSshdHardened } from "../components/host/sshd-config";
import { renderGatewayUnit } from "../components/openclaw/systemd-unit";
import { readScript } from "../components/remote/command-line";
import { parseSettings } from "../settings/load";
import { PROJECT } from "../plan/capture";
import { toolchain, which } from "./harness/tools";
import { baseValues, rawConfig } from "./fixtures/stack";

const settings = (extra: Record<string, unknown> = {}) => parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...extra }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The host's OpenSSH is bookworm's 9.2, i.e. the debian-12 image's; that rendering is checked. */
describe("sshd with the rendered drop-in (real OpenSSH)", () => {
  let dir: string;
  let mainConfig: string;
  let port: number;
  let sshd: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "oc-sshd-"));
    port = await freePort();
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "host_ed25519")]);
    const dropIn = renderSshdHardened(settings({ image: "debian-12", sshPort: port })).replace(
      "HostKey /etc/ssh/ssh_host_ed25519_key",
      `HostKey ${dir}/host_ed25519`,
    );
    writeFileSync(path.join(dir, "00-openclaw-hetzner.conf"), dropIn);
    // Debian's stock sshd_config: the Include comes first, then settings our drop-in must win over.
    mainConfig = path.join(dir, "sshd_config");
    writeFileSync(
      mainConfig,
      [
        `Include ${dir}/*.conf`,
        "ListenAddress 127.0.0.1",
        "KbdInteractiveAuthentication no",
        "UsePAM yes",
        "X11Forwarding yes",
        "PasswordAuthentication yes",
        "PermitRootLogin yes",
        "AcceptEnv LANG LC_*",
        "Subsystem sftp /usr/lib/openssh/sftp-server",
        `PidFile ${dir}/sshd.pid`,
        "",
      ].join("\n"),
    );
    mkdirSync("/run/sshd", { recursive: true });
  });

  afterAll(() => {
    sshd?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes sshd -t", () => {
    const r = spawnSync(which("sshd"), ["-t", "-f", mainConfig], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("wins over the stock settings (sshd -T)", () => {
    const effective = execFileSync(which("sshd"), ["-T", "-f", mainConfig, "-C", "user=ops,host=x,addr=198.51.100.7"], { encoding: "utf8" }).split("\n");
    for (const want of [
      "permitrootlogin no",
      "passwordauthentication no",
      "kbdinteractiveauthentication no",
      "x11forwarding no",
      "maxauthtries 3",
      "allowusers ops",
      "allowtcpforwarding local",
      "allowagentforwarding no",
      "subsystem sftp /usr/lib/openssh/sftp-server",
    ]) {
      expect(effective).toContain(want);
    }
  });

  it("is graded clean by ssh-audit 3.x: no failure, no warning", async () => {
    const sshAudit = toolchain("ssh-audit.sh");
    sshd = spawn(which("sshd"), ["-D", "-e", "-f", mainConfig], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      if (spawnSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = spawnSync(sshAudit, ["-j", "-p", String(port), "127.0.0.1"], { encoding: "utf8" });
    const report = JSON.parse(r.stdout);
    const bad: string[] = [];
    for (const section of ["kex", "key", "enc", "mac"]) {
      for (const alg of report[section] ?? []) {
        for (const level of ["fail", "warn"]) if (alg.notes?.[level]?.length) bad.push(`${section} ${alg.algorithm}: ${level} ${alg.notes[level].join("; ")}`);
      }
    }
    expect(bad).toEqual([]);
    expect(report.kex.map((k: { algorithm: string }) => k.algorithm)).toContain("curve25519-sha256");
    expect(r.status).toBe(0);
  });
});

describe("the gateway unit (systemd-analyze security)", () => {
  const exposure = (agentAccess: "chat" | "sandboxed") => {
    const dir = mkdtempSync(path.join(tmpdir(), "oc-unit-"));
    try {
      const unit = path.join(dir, "openclaw-gateway.service");
      writeFileSync(unit, renderGatewayUnit(settings({ agentAccess })));
      const r = spawnSync("systemd-analyze", ["security", "--offline=true", unit], { encoding: "utf8" });
      const score = Number(r.stdout.match(/Overall exposure level for \S+: ([0-9.]+)/)?.[1]);
      console.log(`systemd-analyze security exposure (agentAccess ${agentAccess}): ${score}`);
      return score;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("scores 2.0 or better for the chat agent", () => {
    expect(exposure("chat")).toBeLessThanOrEqual(2.0);
  });

  it("scores 3.0 or better with the agent sandbox (rootless Podman needs namespaces and mounts), and no better than chat", () => {
    const sandboxed = exposure("sandboxed");
    expect(sandboxed).toBeLessThanOrEqual(3.0);
    expect(sandboxed).toBeGreaterThan(exposure("chat"));
  });
});

describe("step helpers in real bash", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "oc-lib-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bash = (script: string, input = "", env: Record<string, string> = {}) =>
    spawnSync("bash", ["-c", `${readScript("lib.sh")}\n${script}`], { input, encoding: "utf8", env: { ...process.env, ...env } });

  it("install_file writes once, then reports nothing to do", () => {
    const file = path.join(dir, "f.conf");
    const first = bash(`install_file 640 root:root ${file}`, "a=1\n");
    const second = bash(`install_file 640 root:root ${file}`, "a=1\n");
    const third = bash(`install_file 600 root:root ${file}`, "a=1\n");
    expect([first.stdout, second.stdout, third.stdout]).toEqual(["changed\n", "", "changed\n"]);
    expect(readFileSync(file, "utf8")).toBe("a=1\n");
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
  });

  it("the secrets step writes a root-only 0600 file, refuses malformed input and never echoes a value", () => {
    const envFile = path.join(dir, "etc-openclaw", "gateway.env");
    const env = { OC_ENV_FILE: envFile, OC_ENV_KEYS: "A_TOKEN B_KEY", OC_UNIT_NAME: "openclaw-gateway-test-absent" };
    const script = readScript("gateway-secrets.sh");
    const good = bash(script, "A_TOKEN=s3cret-LEAKCHECK\nB_KEY=other\n", env);
    expect(good.status).toBe(0);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(envFile)).mode & 0o777).toBe(0o700);
    expect(bash(script, "A_TOKEN=s3cret-LEAKCHECK\nB_KEY=other\n", env).stdout).toBe("");
    const missing = bash(script, "A_TOKEN=s3cret-LEAKCHECK\n", env);
    const malformed = bash(script, "A_TOKEN=s3cret LEAKCHECK\nB_KEY=x\n", env);
    expect([missing.status, malformed.status]).toEqual([1, 1]);
    expect(missing.stderr).toContain("lacks B_KEY");
    for (const r of [good, missing, malformed]) expect(r.stdout + r.stderr).not.toContain("LEAKCHECK");
    expect(readFileSync(envFile, "utf8")).toBe("A_TOKEN=s3cret-LEAKCHECK\nB_KEY=other\n");
  });
});
