import { describe, expect, it } from "vitest";
import * as hcloud from "@pulumi/hcloud";
import { RemoteStep } from "../../components/remote/remote-step";
import { by, deployment, firewall, messages, violationsOf } from "./harness";

const RULE = "deployment-complete";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a deployment without ufw, openclaw.json or the gateway's unit", async () => {
    const v = await violationsOf(() => {
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      const srv = new hcloud.Server("srv", { serverType: "cx23", image: "debian-13", sshKeys: ["1"], firewallIds: [fw.id.apply(Number)] });
      const connection = { host: srv.ipv4Address, user: "ops", privateKey: "k" };
      new RemoteStep("wait-for-boot", { connection, step: "wait-for-boot" }, { dependsOn: [srv] });
    });
    expect(messages(v, RULE)).toMatch(/no ufw step the pack knows[\s\S]*gets no openclaw.json[\s\S]*no systemd unit that runs the gateway/);
  });

  it("refuses a step that does not wait for boot", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      new RemoteStep("early", { connection: { host: d.server.ipv4, user: "ops", privateKey: "k" }, step: "ufw", inputs: { OC_SSH_PORT: "22" } }, { dependsOn: [d.server.server] });
    });
    expect(messages(v, RULE)).toContain("step 'early' does not run after wait-for-boot");
  });
});
