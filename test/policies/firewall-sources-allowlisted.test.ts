import { describe, expect, it } from "vitest";
import { by, deployment, hcloud, messages, violationsOf } from "./harness";

const RULE = "firewall-sources-allowlisted";
const CONFIG = { [RULE]: { allowedCidrs: ["198.51.100.0/24", "2001:db8:1234::/48"] } };

describe(RULE, () => {
  it("is off without allowedCidrs, and passes sources inside them", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment(), { config: CONFIG }), RULE)).toEqual([]);
  });

  it("refuses a source outside, on a firewall attached by label", async () => {
    const v = await violationsOf(
      () => {
        deployment();
        new hcloud.Firewall("office", { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["192.0.2.0/24"] }], applyTos: [{ labelSelector: "stack=dev" }] });
      },
      { config: CONFIG },
    );
    expect(messages(v, RULE)).toContain("firewall 'office' rule 0 (tcp 22) reaches server 'openclaw' from 192.0.2.0/24, outside allowedCidrs");
  });
});
