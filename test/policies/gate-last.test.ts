import { describe, expect, it } from "vitest";
import { renderStepCommand } from "../../components/remote/command-line";
import { layout } from "../../components/openclaw/layout";
import { hostLayerExpectations } from "../../components/host/os-hardening";

const auditLayer = () => JSON.stringify(hostLayerExpectations("debian-13"));
import { by, command, deployment, handBuilt, messages, remoteCommand, restep, sharedServer, stepOn, violationsOf } from "./harness";

/** install-openclaw's inputs for the hand-built deployment's gateway, with `change` applied. */
function installInputs(change: Record<string, string> = {}): Record<string, string> {
  return {
    OC_OPENCLAW_VERSION: "2026.9.3",
    OC_NODE_VERSION: "24.11.1",
    OC_OPENCLAW_HOME: layout.openclawHome,
    OC_STATE_DIR: layout.stateDir,
    OC_ENV_FILE: layout.envFile,
    OC_UNIT_NAME: layout.unitName,
    OC_GATEWAY_PORT: "18789",
    OC_BACKUP_DIR: "/var/backups/openclaw",
    OC_KEEP_RELEASES: "3",
    ...change,
  };
}
const installStep = (change: Record<string, string>) =>
  handBuilt({
    extra: (connection, after) => {
      const create = renderStepCommand("install-openclaw", installInputs(change)).command;
      return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "upgrade"), create }];
    },
  });

const RULE = "gate-last";

describe(RULE, () => {
  it("passes the real deployment, and a hand-built one with an extra step before the gate", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    const v = await violationsOf(() =>
      handBuilt({ extra: (connection, after) => [{ resource: remoteCommand({ connection, create: "sudo apt-get install -y htop" }, { dependsOn: [after] }, "htop"), create: "sudo apt-get install -y htop" }] }),
    );
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a step after the gate, and one unordered with it", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      stepOn(d, "after-gate", { create: "sudo ufw --force disable" }, { dependsOn: [d.gateway.audit.command] });
      stepOn(d, "beside-gate", { create: "true" }, { dependsOn: [d.hardening.ufw.command] });
    });
    expect(messages(v, RULE)).toContain("step 'after-gate' runs after the deploy gate 'openclaw-audit-gateway' of server 'openclaw'");
    expect(messages(v, RULE)).toContain("step 'beside-gate' is not ordered before the deploy gate 'openclaw-audit-gateway'");
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["after-gate", "beside-gate"]);
  });

  it("refuses a local command after the gate (it can reach the server too)", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      new command.local.Command("local-after", { create: "ssh ops@203.0.113.10 uptime" }, { dependsOn: [d.gateway.audit.command] });
    });
    expect(messages(v, RULE)).toContain("local command 'local-after' runs after the deploy gate");
  });

  it("refuses a gate that does not re-run when a step before it changes", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        omitExtraDigests: true,
        extra: (connection, after) => [{ resource: remoteCommand({ connection, create: "sudo apt-get install -y htop" }, { dependsOn: [after] }, "htop"), create: "x" }],
      }),
    );
    expect(messages(v, RULE)).toContain("does not re-run when step 'htop' changes");
  });

  it("refuses a server whose only gate runs a script the pack does not know", async () => {
    const v = await violationsOf(() => handBuilt({ tamperGate: (c) => c.replace("check_sshd root", "true") }));
    expect(messages(v, RULE)).toContain("server 'srv' has no deploy gate the pack knows");
  });

  it("refuses a gate that checks another port or user than the stack ships", async () => {
    const v = await violationsOf(() => handBuilt({ gateInputs: { OC_GATEWAY_PORT: "18790", OC_ADMIN_USER: "someone" } }));
    expect(messages(v, RULE)).toMatch(/checks gateway port 18790, but the gateway is configured for 18789[\s\S]*checks admin user 'someone'/);
  });

  it("passes an install-openclaw that names the gateway the gate checks, archives in /var/backups/openclaw", async () => {
    expect(by(await violationsOf(() => installStep({})), RULE)).toEqual([]);
  });

  it("refuses an upgrade whose pre-upgrade archives go anywhere but the root-only directory the gate checks", async () => {
    for (const dir of ["/var/lib/openclaw/backups", "/tmp", "/var/backups"]) {
      const v = await violationsOf(() => installStep({ OC_BACKUP_DIR: dir }));
      expect(messages(v, RULE)).toContain(`step 'upgrade' (install-openclaw) on server 'srv' puts the archives of the gateway's state (its credentials store included) in ${dir}, not /var/backups/openclaw`);
      expect(by(v, RULE).map((x) => x.urn.split("::").pop())).toEqual(["upgrade"]);
    }
  });

  it("refuses steps that name another state dir, env file, unit, port or install root than the gateway the gate checks", async () => {
    const v = await violationsOf(() => installStep({ OC_STATE_DIR: "/var/lib/openclaw/staging", OC_UNIT_NAME: "ufw", OC_GATEWAY_PORT: "22", OC_ENV_FILE: "/etc/shadow", OC_OPENCLAW_HOME: "/opt/other" }));
    for (const m of ["OC_STATE_DIR=/var/lib/openclaw/staging", "OC_UNIT_NAME=ufw", "OC_GATEWAY_PORT=22", "OC_ENV_FILE=/etc/shadow", "OC_OPENCLAW_HOME=/opt/other"]) {
      expect(messages(v, RULE)).toContain(`step 'upgrade' (install-openclaw) on server 'srv' names ${m}, but the gateway the deploy gate 'audit-gateway' checks has`);
    }
    // A second install-openclaw in the real deployment, with another env file.
    const d = await violationsOf(() => {
      const dep = deployment();
      const create = renderStepCommand("install-openclaw", installInputs({ OC_ENV_FILE: "/etc/openclaw-hetzner/maintenance.env" })).command;
      stepOn(dep, "second-install", { create }, { dependsOn: [dep.gateway.configure.command] });
    });
    expect(messages(d, RULE)).toContain("step 'second-install' (install-openclaw) on server 'openclaw' names OC_ENV_FILE=/etc/openclaw-hetzner/maintenance.env");
  });

  it("refuses a gate whose host-layer expectations leave out the pack's baseline (the daily verification replays them)", async () => {
    const empty = JSON.stringify({ sysctl: {}, loginDefs: {}, modules: [], auditWatches: [], securitySuite: "trixie-security" });
    const v = await violationsOf(() => handBuilt({ gateInputs: { OC_HOST_LAYER: empty } }));
    expect(messages(v, RULE)).toMatch(/does not check the host layer the pack requires \(OC_HOST_LAYER[^)]*\): sysctl kernel\.kptr_restrict, [^;]*; modules dccp, sctp, rds, tipc, usb-storage not expected off; no audit watch expected on sshd's configuration, sudo rights/);
    const loose = await violationsOf(() =>
      handBuilt({ gateInputs: { OC_HOST_LAYER: JSON.stringify({ ...JSON.parse(auditLayer()), sysctl: { ...JSON.parse(auditLayer()).sysctl, "kernel.kptr_restrict": "0" } }) } }),
    );
    expect(messages(loose, RULE)).toContain("sysctl kernel.kptr_restrict not expected at a safe value");
    expect(messages(loose, RULE)).not.toContain("modules");
  });

  it("refuses a gate that connects to another machine than its server", async () => {
    const v = await violationsOf(() => {
      const d = handBuilt();
      void d;
    });
    expect(by(v, RULE)).toEqual([]);
    const elsewhere = await violationsOf(() => {
      const { gate } = handBuilt({ gateHost: "192.0.2.50" });
      void gate;
    });
    expect(messages(elsewhere, RULE)).toContain("does not connect to server 'srv'");
  });

  it("refuses an accepted-risks list the pack cannot read", async () => {
    const v = await violationsOf(() => handBuilt({ gateInputs: { OC_ACCEPTED_RISKS: '[{"id":"everything","reason":"because we can, really we can"}]' } }));
    expect(messages(v, RULE)).toContain("the gate's accepted-risks list cannot be read (unknown accepted risk");
  });
});

describe(`${RULE} on a shared server (placement: shared: a gate per gateway)`, () => {
  const urns = (v: Awaited<ReturnType<typeof violationsOf>>) => [...new Set(by(v, RULE).map((x) => x.urn.split("::").pop()))].sort();

  it("passes two gateways on one server, each step checked by its own gateway's gate (its unit, id, paths, port, /var/backups/openclaw-<id>)", async () => {
    expect(by(await violationsOf(() => sharedServer()), RULE)).toEqual([]);
    // One gateway on a shared server is still a gateway with an id.
    expect(by(await violationsOf(() => sharedServer({ alice: {} })), RULE)).toEqual([]);
  });

  it("refuses a gateway step that points at another gateway's state dir or backups", async () => {
    const v = await violationsOf(() =>
      sharedServer(undefined, { transformations: [restep("openclaw-alice-install-openclaw", { OC_STATE_DIR: "/var/lib/openclaw-bob/.openclaw", OC_BACKUP_DIR: "/var/backups/openclaw-bob" })] }),
    );
    const m = messages(v, RULE);
    expect(m).toContain("step 'openclaw-alice-install-openclaw' (install-openclaw) on server 'openclaw' names OC_STATE_DIR=/var/lib/openclaw-bob/.openclaw, but the gateway the deploy gate 'openclaw-alice-audit-gateway' checks has /var/lib/openclaw-alice/.openclaw");
    expect(m).toContain("puts the archives of the gateway's state (its credentials store included) in /var/backups/openclaw-bob, not /var/backups/openclaw-alice, the root-only directory the deploy gate checks");
    expect(urns(v)).toEqual(["openclaw-alice-install-openclaw"]);
  });

  it("refuses a gateway step whose id names another gateway than its unit, and jobs pointed at another gateway's gate", async () => {
    const install = await violationsOf(() => sharedServer(undefined, { transformations: [restep("openclaw-alice-install-openclaw", { OC_GATEWAY_ID: "bob" })] }));
    expect(messages(install, RULE)).toContain("step 'openclaw-alice-install-openclaw' (install-openclaw) on server 'openclaw' names OC_GATEWAY_ID=bob, but the gateway the deploy gate 'openclaw-alice-audit-gateway' checks has alice");
    // The maintenance step names no unit: its id says whose jobs they are, and bob's gate checks another state dir and env file.
    const jobs = await violationsOf(() => sharedServer(undefined, { transformations: [restep("openclaw-alice-maintenance", { OC_GATEWAY_ID: "bob" })] }));
    expect(messages(jobs, RULE)).toContain("step 'openclaw-alice-maintenance' (maintenance) on server 'openclaw' names OC_STATE_DIR=/var/lib/openclaw-alice/.openclaw, but the gateway the deploy gate 'openclaw-bob-audit-gateway' checks has /var/lib/openclaw-bob/.openclaw");
    expect(messages(jobs, RULE)).toContain("names OC_ENV_FILE=/etc/openclaw/gateway-alice.env, but the gateway the deploy gate 'openclaw-bob-audit-gateway' checks has /etc/openclaw/gateway-bob.env");
    expect(urns(jobs)).toEqual(["openclaw-alice-maintenance"]);
  });

  it("refuses steps that name a gateway no gate checks (another unit, or no id on a server of ids)", async () => {
    const unit = await violationsOf(() => sharedServer(undefined, { transformations: [restep("openclaw-bob-gateway-secrets", { OC_UNIT_NAME: "openclaw-gateway-carol", OC_ENV_FILE: "/etc/openclaw/gateway-carol.env" })] }));
    expect(messages(unit, RULE)).toContain(
      "step 'openclaw-bob-gateway-secrets' (gateway-secrets) on server 'openclaw' names OC_UNIT_NAME=openclaw-gateway-carol, a gateway no deploy gate checks (the gates check units openclaw-gateway-alice, openclaw-gateway-bob)",
    );
    const noId = await violationsOf(() => sharedServer(undefined, { transformations: [restep("openclaw-bob-maintenance", { OC_GATEWAY_ID: "" })] }));
    expect(messages(noId, RULE)).toContain("step 'openclaw-bob-maintenance' (maintenance) on server 'openclaw' names no OC_GATEWAY_ID (the server's only gateway), a gateway no deploy gate checks");
  });

  it("refuses a gate that checks another gateway's port, leaving its own gateway's port unchecked", async () => {
    const v = await violationsOf(() => sharedServer(undefined, { transformations: [restep("openclaw-alice-audit-gateway", { OC_GATEWAY_PORT: "18790" })] }));
    const m = messages(v, RULE);
    expect(m).toContain("the deploy gate 'openclaw-alice-audit-gateway' of server 'openclaw' checks gateway port 18790, but its gateway, unit openclaw-gateway-alice, is configured for 18789");
    expect(m).toContain("server 'openclaw' has a gateway configured for port 18789, which no deploy gate checks");
    // The install step still names alice's port: checked against alice's gate.
    expect(m).toContain("step 'openclaw-alice-install-openclaw' (install-openclaw) on server 'openclaw' names OC_GATEWAY_PORT=18789, but the gateway the deploy gate 'openclaw-alice-audit-gateway' checks has 18790");
  });

  it("refuses a gateway no gate checks: a third unit on the server, and its port", async () => {
    const unit = "[Service]\nUser=openclaw-carol\nNoNewPrivileges=yes\nExecStart=/opt/openclaw-carol/current/bin/openclaw gateway --port 18791\n";
    const v = await violationsOf(() => {
      const d = sharedServer();
      const create = `echo ${Buffer.from(unit).toString("base64")} | base64 -d | sudo tee /etc/systemd/system/openclaw-gateway-carol.service >/dev/null`;
      new command.remote.Command("carol-unit", { connection: { host: d.ipv4, user: "ops", privateKey: "k" }, create }, { dependsOn: [d.gateways[1].gateway.maintenance.command] });
    });
    const m = messages(v, RULE);
    expect(m).toContain("server 'openclaw' runs a gateway in unit openclaw-gateway-carol.service (/etc/systemd/system/openclaw-gateway-carol.service), which no deploy gate checks");
    expect(m).toContain("server 'openclaw' has a gateway configured for port 18791, which no deploy gate checks");
  });

  it("refuses a step after the last gate, and one between the gates", async () => {
    const v = await violationsOf(() => {
      const d = sharedServer();
      const [alice, bob] = d.gateways.map((g) => g.gateway.audit.command);
      const connection = { host: d.ipv4, user: "ops", privateKey: "k" };
      new command.remote.Command("after-gates", { connection, create: "sudo ufw --force disable" }, { dependsOn: [bob] });
      new command.remote.Command("between-gates", { connection, create: "true" }, { dependsOn: [alice] });
    });
    const m = messages(v, RULE);
    expect(m).toContain("step 'after-gates' runs after the deploy gate 'openclaw-bob-audit-gateway' of server 'openclaw'");
    expect(m).toContain("step 'after-gates' runs after the deploy gate 'openclaw-alice-audit-gateway' of server 'openclaw'");
    expect(m).toContain("step 'between-gates' runs after the deploy gate 'openclaw-alice-audit-gateway' of server 'openclaw'");
    expect(m).toContain("step 'between-gates' is not ordered before the deploy gate 'openclaw-bob-audit-gateway' of server 'openclaw'");
    expect(urns(v)).toEqual(["after-gates", "between-gates"]);
  });
});
