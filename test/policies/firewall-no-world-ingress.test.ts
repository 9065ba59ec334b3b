import { describe, expect, it } from "vitest";
import { by, firewall, violationsOf } from "./harness";

const RULE = "firewall-no-world-ingress";

describe(RULE, () => {
  it("passes SSH from a CIDR and ICMP from anywhere", async () => {
    const v = await violationsOf(() => firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }, { protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] }]));
    expect(by(v, RULE)).toEqual([]);
  });

  it.each([
    ["a port to 0.0.0.0/0", { protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }],
    ["a port to ::/0", { protocol: "tcp", port: "22", sourceIps: ["::/0"] }],
    ["a range", { protocol: "udp", port: "1000-2000", sourceIps: ["0.0.0.0/0"] }],
    ["'any'", { protocol: "tcp", port: "any", sourceIps: ["198.51.100.0/24", "0.0.0.0/0"] }],
  ])("refuses %s", async (_what, rule) => {
    const v = by(await violationsOf(() => firewall([rule])), RULE);
    expect(v).toHaveLength(1);
    expect(v[0].enforcementLevel).toBe("mandatory");
    expect(v[0].urn).toMatch(/hcloud:index\/firewall:Firewall::fw$/);
  });

  it("allows world SSH only when configured, and only the SSH port", async () => {
    const world22 = () => firewall([{ protocol: "tcp", port: "2222", sourceIps: ["0.0.0.0/0", "::/0"] }]);
    expect(by(await violationsOf(world22), RULE)).toHaveLength(1);
    expect(by(await violationsOf(world22, { config: { [RULE]: { allowWorldSsh: true, sshPort: 2222 } } }), RULE)).toEqual([]);
    const range = () => firewall([{ protocol: "tcp", port: "2000-3000", sourceIps: ["0.0.0.0/0"] }]);
    expect(by(await violationsOf(range, { config: { [RULE]: { allowWorldSsh: true, sshPort: 2222 } } }), RULE)).toHaveLength(1);
  });
});
