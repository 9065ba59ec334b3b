import { describe, expect, it } from "vitest";
import { by, firewall, violationsOf } from "./harness";

const RULE = "firewall-never-gateway-port";

describe(RULE, () => {
  it("passes rules that leave 18789 alone", async () => {
    const v = await violationsOf(() => firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }, { protocol: "tcp", port: "18790-19000", sourceIps: ["198.51.100.0/24"] }]));
    expect(by(v, RULE)).toEqual([]);
  });

  it.each([
    ["18789 from a private CIDR", { protocol: "tcp", port: "18789", sourceIps: ["198.51.100.7/32"] }],
    ["a range that covers it", { protocol: "tcp", port: "18000-19000", sourceIps: ["198.51.100.0/24"] }],
    ["'any'", { protocol: "tcp", port: "any", sourceIps: ["198.51.100.0/24"] }],
  ])("refuses %s", async (_what, rule) => {
    expect(by(await violationsOf(() => firewall([rule])), RULE)).toHaveLength(1);
  });

  it("follows a configured gateway port", async () => {
    const v = await violationsOf(() => firewall([{ protocol: "tcp", port: "28789", sourceIps: ["198.51.100.0/24"] }]), { config: { [RULE]: { gatewayPort: 28789 } } });
    expect(by(v, RULE)).toHaveLength(1);
  });
});
