import { describe, expect, it } from "vitest";
import { by, deployment, firewall, hcloud, messages, remoteCommand, server, violationsOf } from "./harness";

const RULE = "changes-not-ignored";

describe(RULE, () => {
  it("passes the real deployment (the server ignores only userData and sshKeys)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a step, a firewall or a server property whose changes are ignored", async () => {
    const v = await violationsOf(() => {
      remoteCommand({ create: "true", triggers: ["x"] }, { ignoreChanges: ["triggers", "create"] }, "gate-like");
      new hcloud.Firewall("frozen-fw", { rules: [] }, { ignoreChanges: ["rules"] });
      new hcloud.Server("frozen-srv", { serverType: "cx23", image: "debian-13" }, { ignoreChanges: ["userData", "firewallIds"] });
    });
    expect(messages(v, RULE)).toContain("'gate-like' ignores changes to triggers, create");
    expect(messages(v, RULE)).toContain("'frozen-fw' ignores changes to rules");
    expect(messages(v, RULE)).toContain("'frozen-srv' ignores changes to firewallIds");
    void firewall;
    void server;
  });
});
