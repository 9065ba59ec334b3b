import { describe, expect, it } from "vitest";
import { by, deployment, firewall, hcloud, messages, server, violationsOf } from "./harness";

const RULE = "server-firewall-at-creation";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a server without firewallIds, even with a later attachment", async () => {
    const v = await violationsOf(() => {
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      const srv = server({ firewallIds: [] });
      new hcloud.FirewallAttachment("attach", { firewallId: fw.id.apply(Number), serverIds: [srv.id.apply(Number)] });
    });
    expect(messages(v, RULE)).toContain("server 'srv' gets no firewall of this stack at creation");
  });

  it("refuses firewall ids that name no firewall of this stack (rules no one can read)", async () => {
    const v = await violationsOf(() => {
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]);
      server({ firewallIds: [fw.id.apply(Number), 12345] });
    });
    expect(messages(v, RULE)).toContain("1 id(s) of firewalls outside this stack");
  });

  it("refuses an attachment of a firewall defined elsewhere", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      new hcloud.FirewallAttachment("foreign", { firewallId: 777, serverIds: [d.server.server.id.apply(Number)] });
    });
    expect(messages(v, RULE)).toContain("FirewallAttachment 'foreign' attaches a firewall outside this stack");
  });
});
