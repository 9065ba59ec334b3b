import { describe, expect, it } from "vitest";
import { by, command, deployment, handBuilt, messages, remoteCommand, stepOn, violationsOf } from "./harness";

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
    expect(messages(v, RULE)).toContain("step 'after-gate' runs after the deploy gate 'audit-gateway' of server 'openclaw'");
    expect(messages(v, RULE)).toContain("step 'beside-gate' is not ordered before the deploy gate 'audit-gateway'");
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
