import { describe, expect, it } from "vitest";
import { by, deployment, hcloud, messages, violationsOf } from "./harness";

const RULE = "public-ip-targets-known";

describe(RULE, () => {
  it("passes an address assigned to the stack's own server", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      new hcloud.FloatingIp("ip", { type: "ipv4", serverId: d.server.server.id.apply(Number) });
    });
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses addresses assigned to servers outside the stack", async () => {
    const v = await violationsOf(() => {
      deployment();
      const ip = new hcloud.FloatingIp("ip", { type: "ipv4", homeLocation: "fsn1" });
      new hcloud.FloatingIpAssignment("assign", { floatingIpId: ip.id.apply(Number), serverId: 4242 });
      new hcloud.PrimaryIp("primary", { type: "ipv4", assigneeType: "server", assigneeId: 4243, autoDelete: true });
    });
    expect(messages(v, RULE)).toMatch(/'assign' assigns an address to a server outside this stack[\s\S]*'primary'/);
  });
});
