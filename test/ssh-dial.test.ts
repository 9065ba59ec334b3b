// The local runner's SSH dial: which failures it dials again, checked against the real ssh client
// and servers that fail the way a booting VPS does (socat listeners), and runStep's retry loop.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDialFailure, runStep, ssh, Step, SshTarget } from "../local/steps";

const dir = mkdtempSync(path.join(tmpdir(), "ssh-dial-"));
const target: SshTarget = { namespace: "", host: "127.0.0.1", keyFile: path.join(dir, "id_ed25519") };
const servers: ChildProcess[] = [];

/** A TCP listener on 127.0.0.1 that answers every connection with `reply` (a socat address). */
async function listener(reply: string): Promise<number> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const p = spawn("socat", [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, reply], { stdio: "ignore" });
  servers.push(p);
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: "ignore" });
      return port;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`socat did not listen on ${port}`);
}

beforeAll(() => {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", target.keyFile]);
});
afterAll(() => {
  for (const s of servers) s.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("isDialFailure, with the real ssh client", () => {
  it("a server that closes before its banner (sshd starting) is a dial failure", async () => {
    const port = await listener("EXEC:/bin/true");
    const r = await ssh(target, "ops", port, "true");
    expect(r.exitCode).toBe(255);
    expect(isDialFailure(r)).toBe(true);
  });

  it("a server that closes after its banner (sshd restarted by cloud-init) is one too, whether ssh says nothing or 'reset'", async () => {
    // Usually ssh prints nothing here (the close is an INFO line); when the close comes as a reset
    // (its own banner still unread) it says so. Both are a dial failure.
    const port = await listener("SYSTEM:echo SSH-2.0-OpenSSH_10.0");
    const r = await ssh(target, "ops", port, "true");
    expect(r.exitCode).toBe(255);
    expect(r.stderr.trim()).toMatch(/^$|Connection reset/);
    expect(isDialFailure(r)).toBe(true);
  });

  it("no listener at all (connection refused) is one", async () => {
    const port = await listener("EXEC:/bin/true");
    servers.pop()!.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const r = await ssh(target, "ops", port, "true");
    expect(isDialFailure(r)).toBe(true);
  });

  it("a command that ran and exited 255 with its own words is not", () => {
    expect(isDialFailure({ exitCode: 255, stdout: "", stderr: "gate: the gateway answers on 0.0.0.0\n" })).toBe(false);
    expect(isDialFailure({ exitCode: 1, stdout: "", stderr: "" })).toBe(false);
    expect(isDialFailure({ exitCode: 0, stdout: "", stderr: "" })).toBe(false);
  });
});

describe("runStep", () => {
  const step: Step = { name: "wait-for-boot", urn: "u", command: "true", user: "ops", port: 22, logs: true, after: [], digest: "d", triggers: [] };

  it("dials again after silent connection closes and returns the command's own result", async () => {
    const replies = [
      { exitCode: 255, stdout: "", stderr: "" },
      { exitCode: 255, stdout: "", stderr: "ssh: connect to host 10.99.0.10 port 22: Connection refused\n" },
      { exitCode: 0, stdout: "ok\n", stderr: "" },
    ];
    let calls = 0;
    const r = await runStep(target, step, { delayMs: 1, dial: async () => replies[calls++] });
    expect(calls).toBe(3);
    expect(r).toMatchObject({ name: "wait-for-boot", exitCode: 0, stdout: "ok\n" });
  });

  it("does not run a step again when the step itself failed", async () => {
    let calls = 0;
    const r = await runStep(target, step, { delayMs: 1, dial: async () => (calls++, { exitCode: 255, stdout: "", stderr: "step said no\n" }) });
    expect(calls).toBe(1);
    expect(r.exitCode).toBe(255);
  });

  it("gives up after its attempts and reports the last failure", async () => {
    let calls = 0;
    const r = await runStep(target, step, { attempts: 4, delayMs: 1, dial: async () => (calls++, { exitCode: 255, stdout: "", stderr: "" }) });
    expect(calls).toBe(4);
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain("no session with ops@127.0.0.1:22 after 4 attempts");
  });
});
