// `npm run plan` end to end: the real command (npm -> with-node.sh -> tsx -> plan/cli.ts) on the example
// stack, on insecure stack configs and on small insecure programs.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness/tools";

interface PlanResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  json?: {
    resources: { type: string; name: string; urn: string }[];
    violations: { policy: string; enforcementLevel: string; urn: string; message: string }[];
    configErrors: { key: string; message: string }[];
    error?: string;
  };
}

function plan(...args: string[]): Promise<PlanResult> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "-s", "plan", "--", ...args], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
      const exitCode = err ? Number((err as { code?: number }).code ?? 99) : 0;
      let json;
      try {
        json = args.includes("--json") ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ exitCode, stdout, stderr, json });
    });
  });
}

const fixture = (name: string) => path.join(ROOT, "test", "fixtures", "plan", name);
const program = (name: string) => path.join(ROOT, "test", "fixtures", "programs", name);
const EMPTY = fixture("Pulumi.empty.yaml");

describe.concurrent("npm run plan", () => {
  it("passes the example stack: exit 0, every resource listed, no violation", async () => {
    const r = await plan("--json");
    expect(r.exitCode).toBe(0);
    expect(r.json!.violations).toEqual([]);
    expect(r.json!.configErrors).toEqual([]);
    expect(r.json!.resources.filter((x) => x.type === "command:remote:Command")).toHaveLength(13);
    // no token configured: the stack generates one
    expect(r.json!.resources.map((x) => x.type)).toContain("random:index/randomPassword:RandomPassword");
    expect(r.json!.resources.every((x) => x.urn.startsWith("urn:pulumi:dev::openclaw-hetzner::"))).toBe(true);
  });

  it("passes the two-gateway example: two servers, every resource named after its gateway, no violation", async () => {
    const r = await plan("--json", "--config", path.join(ROOT, "examples", "fleet.yaml"));
    expect(r.exitCode).toBe(0);
    expect(r.json!.violations).toEqual([]);
    expect(r.json!.resources.filter((x) => x.type === "hcloud:index/server:Server").map((x) => x.name).sort()).toEqual(["openclaw-alice", "openclaw-shop"]);
    expect(r.json!.resources.filter((x) => x.type === "command:remote:Command")).toHaveLength(27); // 13 + 14 (alice's sandbox)
    expect(r.json!.resources.every((x) => /^openclaw-(alice|shop)(-|$)/.test(x.name))).toBe(true);
  });

  it("passes the shared example: one server, the host's steps once, each gateway's named after it, no violation", async () => {
    const r = await plan("--json", "--config", path.join(ROOT, "examples", "shared.yaml"));
    expect(r.exitCode).toBe(0);
    expect(r.json!.violations).toEqual([]);
    expect(r.json!.resources.filter((x) => x.type === "hcloud:index/server:Server").map((x) => x.name)).toEqual(["openclaw"]);
    const steps = r.json!.resources.filter((x) => x.type === "command:remote:Command").map((x) => x.name);
    // 8 host steps, then 5 per gateway (no sandbox): each gateway's under its own name.
    expect(steps).toHaveLength(18);
    for (const gateway of ["alice", "bob"]) expect(steps.filter((n) => n.startsWith(`openclaw-${gateway}-`))).toHaveLength(5);
  });

  it("refuses two gateways of one server on one port: exit 2, naming the key", async () => {
    const r = await plan("--json", "--config", fixture("Pulumi.shared-one-port.yaml"));
    expect(r.exitCode).toBe(2);
    expect(r.json!.configErrors).toContainEqual({ key: "openclaw-hetzner:gateways.bob.gatewayPort", message: expect.stringContaining("alice's port") });
  });

  it("refuses a fleet that puts two gateways on one server: exit 2, naming the key", async () => {
    const r = await plan("--json", "--config", fixture("Pulumi.fleet-one-server.yaml"));
    expect(r.exitCode).toBe(2);
    expect(r.json!.configErrors).toContainEqual({ key: "openclaw-hetzner:gateways.shop.serverName", message: expect.stringContaining("alice's server too") });
  });

  it("prints resources and violations for people", async () => {
    const r = await plan("--program", program("open-gateway"), "--config", EMPTY);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("hcloud:index/server:Server  srv");
    expect(r.stdout).toContain("[mandatory] firewall-never-gateway-port  fw");
    expect(r.stdout).toContain("firewall 'fw' rule 1 (tcp 18789) opens tcp 18789, which covers the gateway port 18789 of server 'srv'");
  });

  const violating: [string, string[], string][] = [
    ["accepted world SSH that the organisation never accepts", ["--config", fixture("Pulumi.world-ssh.yaml"), "--policy-config", fixture("policy-never-world-ssh.json")], "accepted-risks-allowed"],
    ["an image outside the pack's allowlist", ["--config", fixture("Pulumi.debian-12.yaml"), "--policy-config", fixture("policy-debian-13-only.json")], "server-image-allowed"],
    ["a program that opens 18789 to the world", ["--program", program("open-gateway"), "--config", EMPTY], "firewall-never-gateway-port"],
    ["a firewall attached after creation", ["--program", program("late-firewall"), "--config", EMPTY], "server-firewall-at-creation"],
    ["a password login", ["--program", program("password-step"), "--config", EMPTY], "command-key-auth-only"],
    ["an API key in user data", ["--program", program("leaky-user-data"), "--config", EMPTY], "server-user-data-no-secrets"],
    ["a secret step that logs", ["--program", program("chatty-secret-step"), "--config", EMPTY], "command-secret-steps-silent"],
    ["an open-DM openclaw.json", ["--program", program("open-dm-step"), "--config", EMPTY], "openclaw-config-hardened"],
    ["a deployment without ufw", ["--program", program("missing-ufw"), "--config", EMPTY], "deployment-complete"],
  ];

  it.each(violating)("refuses %s: exit 1, naming the rule", async (_what, args, rule) => {
    const r = await plan(...args, "--json");
    expect(r.exitCode).toBe(1);
    expect(r.json!.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy)).toContain(rule);
    expect(r.stdout).not.toContain("LEAKCHECK");
  });

  const invalid: [string, string, string][] = [
    ["an open DM policy", "Pulumi.open-dm.yaml", "openclaw-hetzner:channels.telegram.dmPolicy"],
    ["SSH on the gateway port", "Pulumi.ssh-on-gateway-port.yaml", "openclaw-hetzner:sshPort"],
    ["the 'full' tool profile", "Pulumi.tool-profile-full.yaml", "openclaw-hetzner:toolProfile"],
    ["an unpinned OpenClaw", "Pulumi.unpinned-openclaw.yaml", "openclaw-hetzner:openclawVersion"],
    ["a Node.js OpenClaw cannot run on", "Pulumi.old-node.yaml", "openclaw-hetzner:nodeVersion"],
    ["SSH from the whole internet, not accepted", "Pulumi.world-ssh-unaccepted.yaml", "openclaw-hetzner:sshAllowedCidrs"],
  ];

  it.each(invalid)("refuses %s: exit 2, naming the key", async (_what, file, key) => {
    const r = await plan("--config", fixture(file), "--json");
    expect(r.exitCode).toBe(2);
    expect(r.json!.configErrors.map((e) => e.key)).toContain(key);
    expect(r.json!.resources).toEqual([]);
  });

  it("exits 2 when the program fails", async () => {
    const r = await plan("--program", program("broken-program"), "--config", EMPTY, "--json");
    expect(r.exitCode).toBe(2);
    expect(r.json!.error).toContain("this program cannot be planned");
  });

  it("passes a loosening the stack accepts by name, and lists it as advisory with its reason", async () => {
    const r = await plan("--config", fixture("Pulumi.world-ssh.yaml"), "--json");
    expect(r.exitCode).toBe(0);
    expect(r.json!.violations).toEqual([
      expect.objectContaining({ policy: "accepted-risks-listed", enforcementLevel: "advisory", message: expect.stringContaining("operators work from changing networks") }),
    ]);
  });

  it("accepts a plain value where a stack holds a secret, and never prints it", async () => {
    const r = await plan("--config", fixture("Pulumi.plaintext-token.yaml"), "--json");
    expect(r.exitCode).toBe(0);
    const human = await plan("--config", fixture("Pulumi.plaintext-token.yaml"));
    for (const out of [r.stdout, r.stderr, human.stdout, human.stderr]) {
      expect(out).not.toContain("LEAKCHECK");
      expect(out).not.toContain("replace-with-openssl-rand-hex-32");
    }
  });

  it("refuses bad usage with exit 2", async () => {
    const r = await plan("--no-such-flag");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("usage: npm run plan");
  });
});
