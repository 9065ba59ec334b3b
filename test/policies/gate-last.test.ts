import { describe, expect, it } from "vitest";
import { renderStepCommand } from "../../components/remote/command-line";
import { layout } from "../../components/openclaw/layout";
import { hostLayerExpectations } from "../../components/host/os-hardening";

const auditLayer = () => JSON.stringify(hostLayerExpectations("debian-13"));
import { by, command, deployment, handBuilt, messages, remoteCommand, stepOn, violationsOf } from "./harness";

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
