// The program (index.ts) under Pulumi's mocks: what it registers, how it is wired, and that no
// secret reaches any non-secret input or output.
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { byStep, byType, CapturedResource, MockRun, PROJECT, runMocked, runProgram, stepOf } from "../plan/capture";
import { containsAnywhere, findLeaks } from "./harness/leaks";
import { ROOT } from "./harness/tools";
import { baseValues, FIXTURE_SECRETS, generateDeployKey, stackConfig } from "./fixtures/stack";
import { OpenClawHetzner } from "../components/openclaw-hetzner";
import { argsFromSettings } from "../settings/args";
import { parseSettings } from "../settings/load";
import { decodeStepCommand } from "../policies/lib/catalogue";

const deployKey = generateDeployKey();
const secrets = [...Object.values(FIXTURE_SECRETS), deployKey.privateKey.split("\n")[1]];
let run: MockRun;

beforeAll(async () => {
  const { config, secretKeys } = stackConfig({ ...baseValues(), deployPrivateKey: deployKey.privateKey, sshPort: 2222 });
  run = await runMocked({ config, secretKeys, program: () => runProgram(path.join(ROOT, "index.ts")) });
});

// The steps' graph: what each waits for (the reasons are written next to the dependencies, in the
// components). The gate waits for every other step.
const STEP_NEEDS: Record<string, string[]> = {
  "wait-for-boot": [],
  "host-packages": ["wait-for-boot"],
  "harden-ssh": ["wait-for-boot"],
  ufw: ["host-packages"],
  fail2ban: ["host-packages"],
  "host-basics": ["host-packages"],
  "os-hardening": ["host-packages"],
  "install-node": ["wait-for-boot"],
  "install-openclaw": ["install-node"],
  "gateway-secrets": ["wait-for-boot"],
  "configure-gateway": ["install-openclaw", "gateway-secrets"],
  maintenance: ["configure-gateway"],
};
const STEPS = [...Object.keys(STEP_NEEDS), "audit-gateway"];

function step(name: string): CapturedResource {
  return byStep(run, name);
}

describe("the program", () => {
  it("registers the server, its firewall, the operator key and every step", () => {
    expect(byType(run, "hcloud:index/server:Server")).toHaveLength(1);
    expect(byType(run, "hcloud:index/firewall:Firewall")).toHaveLength(1);
    expect(byType(run, "hcloud:index/sshKey:SshKey")).toHaveLength(1);
    expect(byType(run, "command:remote:Command").map(stepOf).sort()).toEqual([...STEPS].sort());
    // Named after the deployment, so any number of them coexist in one stack.
    expect(byType(run, "command:remote:Command").map((r) => r.name).sort()).toEqual(STEPS.map((st) => `openclaw-${st}`).sort());
  });

  it("parents every resource to a component of the deployment", () => {
    const urns = new Set(run.resources.map((r) => r.urn));
    const top = run.resources.filter((r) => r.type === "openclaw-hetzner:index:OpenClawHetzner");
    expect(top).toHaveLength(1);
    for (const r of run.resources) {
      if (r === top[0]) continue;
      expect(urns.has(r.parent), `${r.name} is parented`).toBe(true);
    }
    expect(step("ufw").parent).toBe(byType(run, "openclaw-hetzner:index:HostHardening")[0].urn);
    expect(step("configure-gateway").parent).toBe(byType(run, "openclaw-hetzner:index:OpenClawGateway")[0].urn);
  });

  it("opens only SSH from the allowed CIDRs and ICMP; never the gateway port or 'any'", () => {
    const [fw] = byType(run, "hcloud:index/firewall:Firewall");
    const rules = fw.inputs.rules as { direction: string; protocol: string; port?: string; sourceIps: string[] }[];
    const tcp = rules.filter((r) => r.protocol !== "icmp");
    expect(tcp).toEqual([expect.objectContaining({ direction: "in", protocol: "tcp", port: "2222", sourceIps: ["198.51.100.0/24", "2001:db8:1234::/48"] })]);
    expect(rules.map((r) => r.protocol).sort()).toEqual(["icmp", "tcp"]);
    for (const r of rules) {
      expect(r.port ?? "").not.toMatch(/18789|any|-/);
      expect(r.direction).toBe("in");
    }
  });

  it("attaches the firewall at creation and keeps the server on user data or key edits", () => {
    const [server] = byType(run, "hcloud:index/server:Server");
    const [fw] = byType(run, "hcloud:index/firewall:Firewall");
    expect(server.inputs.firewallIds).toHaveLength(1);
    expect(server.propertyDependencies.firewallIds).toContain(fw.urn);
    expect(server.inputs).toMatchObject({ image: "debian-13", backups: true, deleteProtection: true, rebuildProtection: true });
    expect(server.ignoreChanges.sort()).toEqual(["sshKeys", "userData"]);
    expect(server.inputs.labels).toMatchObject({ "managed-by": "openclaw-hetzner", stack: "dev" });
    expect(byType(run, "hcloud:index/firewallAttachment:FirewallAttachment")).toHaveLength(0);
  });

  it("puts the operator key and the deploy public key (not the private one) in user data", () => {
    const [server] = byType(run, "hcloud:index/server:Server");
    const userData = server.inputs.userData as string;
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(userData).toContain(baseValues().adminSshKeys && (baseValues().adminSshKeys as string[])[0]);
    expect(userData).toContain(deployKey.publicKey.split(" ").slice(0, 2).join(" "));
    expect(userData).not.toContain("PRIVATE KEY");
  });

  it("runs each step after exactly what it needs, and the gate after every other step", () => {
    const stepUrns = new Map(byType(run, "command:remote:Command").map((r) => [r.urn, stepOf(r)]));
    const needs = (name: string) => step(name).dependencies.filter((d) => stepUrns.has(d)).map((d) => stepUrns.get(d)!).sort();
    expect(step("wait-for-boot").dependencies).toContain(byType(run, "hcloud:index/server:Server")[0].urn);
    for (const [name, want] of Object.entries(STEP_NEEDS)) expect(needs(name), name).toEqual([...want].sort());
    expect(needs("audit-gateway")).toEqual(Object.keys(STEP_NEEDS).sort());
  });

  it("connects as the admin user on the SSH port with the deploy key", () => {
    for (const name of STEPS) {
      const conn = step(name).inputs.connection;
      expect(conn).toMatchObject({ host: "203.0.113.10", port: 2222, user: "ops" });
      expect(conn.privateKey).toBe(deployKey.privateKey);
      expect(conn.password).toBeUndefined();
    }
  });

  it("sends secrets only on stdin, to a step that logs nothing and keeps its outputs secret", () => {
    const withStdin = byType(run, "command:remote:Command").filter((r) => r.inputs.stdin !== undefined);
    expect(withStdin.map(stepOf)).toEqual(["gateway-secrets"]);
    const secretsStep = withStdin[0];
    expect(secretsStep.inputs.logging).toBe("none");
    expect(secretsStep.additionalSecretOutputs).toEqual(expect.arrayContaining(["stdout", "stderr"]));
    expect(secretsStep.inputs.stdin).toContain(`OPENCLAW_GATEWAY_TOKEN=${FIXTURE_SECRETS.gatewayToken}\n`);
    expect(secretsStep.inputs.stdin).toContain(`TELEGRAM_BOT_TOKEN=${FIXTURE_SECRETS.telegramBotToken}\n`);
    expect(secretsStep.inputs.stdin).toContain(`ANTHROPIC_API_KEY=${FIXTURE_SECRETS.anthropicKey}\n`);
    for (const r of byType(run, "command:remote:Command").filter((r) => r !== secretsStep)) {
      expect(r.inputs.logging, r.name).toBe("stdoutAndStderr");
    }
  });

  it("sends the notification URL only on the maintenance step's stdin, which then logs nothing", async () => {
    const url = "https://hooks.example.com/services/LEAKCHECK-notify-0123456789";
    const { config, secretKeys } = stackConfig({ ...baseValues(), verifyNotifyUrl: url });
    const withUrl = await runMocked({
      config,
      secretKeys,
      program: () => {
        const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
        return { sshCommand: new OpenClawHetzner("openclaw", argsFromSettings(settings)).sshCommand };
      },
    });
    const m = byStep(withUrl, "maintenance");
    expect(m.inputs.stdin).toBe(url);
    expect(m.inputs.logging).toBe("none");
    expect(m.additionalSecretOutputs).toEqual(expect.arrayContaining(["stdout", "stderr"]));
    expect(withUrl.resources.flatMap((r) => findLeaks(r.wireInputs, [url], `${r.type}/${r.name}`))).toEqual([]);
    // Without one, the step gets nothing on stdin and logs as the others do.
    expect(step("maintenance").inputs.stdin).toBeUndefined();
  });

  it("never puts a secret in a non-secret input", () => {
    // The scan must be able to see a secret: it does find the ones under secret markers.
    expect(run.resources.some((r) => containsAnywhere(r.wireInputs, FIXTURE_SECRETS.gatewayToken))).toBe(true);
    const leaks = run.resources.flatMap((r) => findLeaks(r.wireInputs, secrets, `${r.type}/${r.name}`));
    expect(leaks).toEqual([]);
  });

  it("exports the addresses, the SSH and tunnel commands and the audit summary, none secret; the token only as a secret", () => {
    const o = run.outputs;
    expect(Object.keys(o).sort()).toEqual(["gatewayToken", "gatewayUrl", "ipv4", "ipv6", "securityAudit", "sshCommand", "tunnelCommand"]);
    expect(o.gatewayToken).toMatchObject({ secret: true, value: FIXTURE_SECRETS.gatewayToken });
    const { gatewayToken: _token, ...plain } = o;
    expect(o.ipv4.value).toBe("203.0.113.10");
    expect(o.sshCommand.value).toBe("ssh -p 2222 ops@203.0.113.10");
    expect(o.tunnelCommand.value).toBe("ssh -N -L 18789:127.0.0.1:18789 -p 2222 ops@203.0.113.10");
    expect(o.securityAudit.value).toMatchObject({ critical: 0, warn: 0 });
    for (const [name, out] of Object.entries(plain)) {
      expect(findLeaks(out.value, secrets, name), name).toEqual([]);
      expect(out.secret, `${name} is not secret`).toBe(false);
    }
  });

  it("derives every step's triggers from its inputs; the audit re-runs when any step before it changes", () => {
    for (const r of byType(run, "command:remote:Command")) {
      expect(r.inputs.triggers[0], r.name).toMatch(/^[0-9a-f]{64}$/);
    }
    const audit = step("audit-gateway").inputs.triggers as string[];
    for (const name of Object.keys(STEP_NEEDS)) {
      expect(audit, name).toContain(step(name).inputs.triggers[0]);
    }
  });

  it("gives the gate the stack's ports, admin user and accepted risks", () => {
    const gate = decodeStepCommand(step("audit-gateway").inputs.create);
    expect(gate).toMatchObject({ step: "audit-gateway", knownBody: true });
    expect(gate!.inputs).toMatchObject({ OC_SSH_PORT: "2222", OC_ADMIN_USER: "ops", OC_GATEWAY_PORT: "18789", OC_ACCEPTED_RISKS: "[]" });
  });
});

describe("the program without a configured gateway token", () => {
  it("generates one (48 random characters), sends it only on the secrets step's stdin, and exports it as a secret", async () => {
    const { config, secretKeys } = stackConfig({ ...baseValues(), gatewayToken: undefined });
    // index.js is already loaded (and ran) in this file: build the deployment directly.
    const generated = await runMocked({
      config,
      secretKeys,
      program: () => {
        const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
        return { gatewayToken: new OpenClawHetzner("openclaw", argsFromSettings(settings)).gatewayToken };
      },
    });
    const [random] = byType(generated, "random:index/randomPassword:RandomPassword");
    expect(random.inputs).toMatchObject({ length: 48, special: false });
    const token = generated.outputs.gatewayToken;
    expect(token.secret).toBe(true);
    expect(String(token.value)).toMatch(/^[A-Za-z0-9]{48}$/);
    const secretsStep = byStep(generated, "gateway-secrets");
    expect(secretsStep.inputs.stdin).toContain(`OPENCLAW_GATEWAY_TOKEN=${token.value}\n`);
    expect(generated.resources.flatMap((r) => findLeaks(r.wireInputs, [String(token.value)], r.name))).toEqual([]);
  });
});

describe("the program in preview", () => {
  it("builds user data and step commands from config alone (known before the server exists)", async () => {
    const { config, secretKeys } = stackConfig(baseValues());
    const preview = await runMocked({ config, secretKeys, preview: true, program: async () => {
      const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
      const d = new OpenClawHetzner("openclaw", argsFromSettings(settings));
      return { sshCommand: d.sshCommand };
    } });
    const [server] = byType(preview, "hcloud:index/server:Server");
    expect(typeof server.inputs.userData).toBe("string");
    for (const r of byType(preview, "command:remote:Command")) expect(typeof r.inputs.create).toBe("string");
  });
});

describe("the program with agentAccess: sandboxed", () => {
  async function stepNeeds(image: string): Promise<Record<string, string[]>> {
    const { config, secretKeys } = stackConfig({ ...baseValues(), agentAccess: "sandboxed", image });
    const r = await runMocked({
      config,
      secretKeys,
      program: () => {
        const settings = parseSettings(PROJECT, "dev", { all: config, isSecret: (k: string) => secretKeys.includes(k) });
        return { sshCommand: new OpenClawHetzner("openclaw", argsFromSettings(settings)).sshCommand };
      },
    });
    const steps = byType(r, "command:remote:Command");
    const names = new Map(steps.map((st) => [st.urn, stepOf(st)]));
    return Object.fromEntries(steps.map((st) => [stepOf(st), st.dependencies.filter((d) => names.has(d)).map((d) => names.get(d)!).sort()]));
  }

  it("Debian 13: the sandbox after the host packages, the gateway after the sandbox", async () => {
    const needs = await stepNeeds("debian-13");
    expect(needs["sandbox-userns"]).toBeUndefined();
    expect(needs["agent-sandbox"]).toEqual(["host-packages"]);
    expect(needs["configure-gateway"]).toEqual(["agent-sandbox", "gateway-secrets", "install-openclaw"]);
    expect(needs["audit-gateway"]).toContain("agent-sandbox");
  });

  it("Debian 12: the user namespace first, so every Podman run of the user joins it", async () => {
    const needs = await stepNeeds("debian-12");
    expect(needs["sandbox-userns"]).toEqual(["host-packages"]);
    expect(needs["agent-sandbox"]).toEqual(["sandbox-userns"]);
    expect(needs["configure-gateway"]).toEqual(["agent-sandbox", "gateway-secrets", "install-openclaw"]);
    expect(needs["audit-gateway"]).toEqual(expect.arrayContaining(["sandbox-userns", "agent-sandbox"]));
  });
});
