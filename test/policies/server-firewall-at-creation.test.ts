import { describe, expect, it } from "vitest";
import { by, firewall, hcloud, server, violationsOf } from "./harness";

const RULE = "server-firewall-at-creation";

describe(RULE, () => {
  it("passes a server created with its firewall", async () => {
    const v = await violationsOf(() => server({}, firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }])));
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a server without firewallIds, even with a later attachment", async () => {
    const v = await violationsOf(() => {
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      const srv = server();
      new hcloud.FirewallAttachment("attach", { firewallId: fw.id.apply(Number), serverIds: [srv.id.apply(Number)] });
    });
    expect(by(v, RULE)).toHaveLength(1);
  });
});
