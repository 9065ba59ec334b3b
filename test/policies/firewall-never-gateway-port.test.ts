import { describe, expect, it } from "vitest";
import { base64, by, command, deployment, firewall, handBuilt, hcloud, messages, server, violationsOf } from "./harness";

const RULE = "firewall-never-gateway-port";

describe(RULE, () => {
  it("passes the real deployment, and SSH on 18789 once the gateway moved to 18790", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment({ sshPort: 18789, gatewayPort: 18790 })), RULE)).toEqual([]);
  });

  it("refuses 18789 from a private /32 (any source) and a range that covers it", async () => {
    const v = await violationsOf(() => server({}, firewall([{ protocol: "tcp", port: "18789", sourceIps: ["10.1.2.3/32"] }])));
    expect(messages(v, RULE)).toContain("firewall 'fw' rule 0 (tcp 18789) opens tcp 18789, which covers the gateway port 18789 of server 'srv'");
    const range = await violationsOf(() => server({}, firewall([{ protocol: "tcp", port: "18000-19000", sourceIps: ["10.1.2.3/32"] }])));
    expect(by(range, RULE)).toHaveLength(1);
  });

  it("reads the port from the openclaw.json the stack ships: a gateway moved to 18790, and 18790 opened", async () => {
    const v = await violationsOf(() => {
      const d = deployment({ gatewayPort: 18790 });
      const fw = firewall([{ protocol: "tcp", port: "18790", sourceIps: ["198.51.100.7/32"] }], "gw-open");
      new hcloud.FirewallAttachment("gw-open-attach", { firewallId: fw.id.apply(Number), serverIds: [d.server.server.id.apply(Number)] });
    });
    expect(messages(v, RULE)).toContain("covers the gateway port 18790 of server 'openclaw'");
    expect(by(v, RULE)[0].urn).toContain("gw-open");
  });

  it("sees private networks, which Hetzner's firewall does not filter: they reach what ufw admits", async () => {
    const withUfw = await violationsOf(() => {
      const d = deployment();
      const net = new hcloud.Network("net", { ipRange: "10.0.0.0/16" });
      new hcloud.ServerNetwork("join", { serverId: d.server.server.id.apply(Number), networkId: net.id.apply(Number) });
    });
    expect(by(withUfw, RULE)).toEqual([]); // our ufw step admits only SSH
    const withoutUfw = await violationsOf(() => {
      const srv = server({}, firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }]));
      const net = new hcloud.Network("net", { ipRange: "10.0.0.0/16" });
      new hcloud.ServerNetwork("join", { serverId: srv.id.apply(Number), networkId: net.id.apply(Number) });
    });
    expect(messages(withoutUfw, RULE)).toContain("server network 'join' (members of the private network reach every port: no ufw step the pack knows) opens tcp 1-65535");
  });

  it("also reads a --port the unit passes on its command line", async () => {
    const v = await violationsOf(() => {
      const d = handBuilt({
        extra: (connection, after) => {
          const unit = "[Service]\nUser=openclaw\nExecStart=/opt/node/bin/node /opt/openclaw/current/openclaw.mjs gateway run --bind loopback --port 9999\n";
          const create = `echo ${base64(unit)} | base64 -d | sudo tee /etc/systemd/system/openclaw-gateway.service >/dev/null`;
          return [{ resource: new command.remote.Command("unit-port", { connection, create }, { dependsOn: [after] }), create }];
        },
      });
      new hcloud.Firewall("nine", { rules: [{ direction: "in", protocol: "tcp", port: "9999", sourceIps: ["198.51.100.7/32"] }], applyTos: [{ server: d.server.id.apply(Number) }] });
    });
    expect(messages(v, RULE)).toContain("covers the gateway port 9999");
  });
});
