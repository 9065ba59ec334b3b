import { describe, expect, it } from "vitest";
import { by, deployment, messages, server, violationsOf } from "./harness";

const RULE = "server-protection-consistent";
const ACCEPT = [{ id: "protection-off", reason: "a throw-away test server, recreated every night" }];

describe(RULE, () => {
  it("passes the real deployment (both protections on)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses unequal flags", async () => {
    expect(messages(await violationsOf(() => server({ deleteProtection: true, rebuildProtection: false })), RULE)).toContain("deleteProtection is true but rebuildProtection is false");
  });

  it("refuses protection off unless the stack accepted protection-off (shipped to its gate)", async () => {
    expect(messages(await violationsOf(() => server({ deleteProtection: false, rebuildProtection: false })), RULE)).toContain("protection-off is not an accepted risk");
    expect(by(await violationsOf(() => deployment({ protection: false, acceptedRisks: ACCEPT })), RULE)).toEqual([]);
  });
});
