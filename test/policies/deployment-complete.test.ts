import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { by, command, deployment, firewall, hcloud, server, violationsOf } from "./harness";

const RULE = "deployment-complete";
const step = (name: string, script: string, dependsOn: pulumi.Resource[]) =>
  new command.remote.Command(name, { connection: { host: "h", user: "ops", privateKey: "k" }, create: `bash -c '# ---- ${script} ----'` }, { dependsOn });

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a server with two firewalls", async () => {
    const v = await violationsOf(() => {
      const a = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      const b = new hcloud.Firewall("fw2", { rules: [] });
      server({ firewallIds: [a.id.apply(Number), b.id.apply(Number)] });
    });
    expect(by(v, RULE).map((x) => x.message).join()).toContain("exactly one");
  });

  it("refuses a firewall attached later", async () => {
    const v = await violationsOf(() => {
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      const srv = server({}, fw);
      new hcloud.FirewallAttachment("attach", { firewallId: fw.id.apply(Number), serverIds: [srv.id.apply(Number)] });
    });
    expect(by(v, RULE).map((x) => x.message).join()).toContain("FirewallAttachment");
  });

  it("refuses a deployment missing a hardening step", async () => {
    const v = await violationsOf(() => {
      const srv = server({}, firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]));
      const wait = step("wait", "wait-for-boot.sh", [srv]);
      for (const s of ["harden-ssh.sh", "ufw.sh", "configure-gateway.sh", "audit-gateway.sh"]) step(s, s, [wait]);
    });
    expect(by(v, RULE).map((x) => x.message)).toEqual(["missing hardening step fail2ban.sh"]);
  });

  it("refuses a step that does not wait for boot", async () => {
    const v = await violationsOf(() => {
      const srv = server({}, firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]));
      const wait = step("wait", "wait-for-boot.sh", [srv]);
      for (const s of ["harden-ssh.sh", "fail2ban.sh", "configure-gateway.sh", "audit-gateway.sh"]) step(s, s, [wait]);
      step("ufw", "ufw.sh", [srv]);
    });
    expect(by(v, RULE).map((x) => x.message).join()).toContain("ufw.sh ('ufw') does not run after wait-for-boot");
  });
});
