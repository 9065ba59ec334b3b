import { describe, expect, it } from "vitest";
import { by, firewall, violationsOf } from "./harness";

const RULE = "firewall-sources-allowlisted";
const fw = () => firewall([{ protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/25", "2001:db8:1::/64"] }]);

describe(RULE, () => {
  it("is not enforced without allowedCidrs", async () => {
    expect(by(await violationsOf(fw), RULE)).toEqual([]);
  });

  it("passes sources inside allowedCidrs (IPv4 and IPv6)", async () => {
    const v = await violationsOf(fw, { config: { [RULE]: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] } } });
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a source outside allowedCidrs", async () => {
    const v = by(await violationsOf(fw, { config: { [RULE]: { allowedCidrs: ["198.51.100.0/24"] } } }), RULE);
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("2001:db8:1::/64");
  });
});
