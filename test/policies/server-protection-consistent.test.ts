import { describe, expect, it } from "vitest";
import { by, server, violationsOf } from "./harness";

const RULE = "server-protection-consistent";

describe(RULE, () => {
  it("passes equal flags", async () => {
    expect(by(await violationsOf(() => server({ deleteProtection: true, rebuildProtection: true })), RULE)).toEqual([]);
    expect(by(await violationsOf(() => server({ deleteProtection: false, rebuildProtection: false })), RULE)).toEqual([]);
  });

  it("refuses unequal flags", async () => {
    expect(by(await violationsOf(() => server({ deleteProtection: true, rebuildProtection: false })), RULE)).toHaveLength(1);
  });

  it("refuses protection off when required", async () => {
    const v = await violationsOf(() => server({ deleteProtection: false, rebuildProtection: false }), { config: { [RULE]: { requireProtection: true } } });
    expect(by(v, RULE)).toHaveLength(1);
  });
});
