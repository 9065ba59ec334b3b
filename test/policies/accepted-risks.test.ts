import { describe, expect, it } from "vitest";
import { by, deployment, violationsOf } from "./harness";

const RISKS = [
  { id: "unattended-upgrades-off", reason: "patched by the weekly image rebuild pipeline" },
  { id: "backups-off", reason: "state is rebuilt from git every night" },
];

describe("accepted-risks-listed / accepted-risks-allowed", () => {
  it("lists nothing when nothing is accepted", async () => {
    expect(by(await violationsOf(() => deployment()), "accepted-risks-listed")).toEqual([]);
  });

  it("reports every accepted risk with its reason, as advisory (the plan still passes)", async () => {
    const v = await violationsOf(() => deployment({ unattendedUpgrades: false, backups: false, acceptedRisks: RISKS }));
    const listed = by(v, "accepted-risks-listed");
    expect(listed.map((x) => x.enforcementLevel)).toEqual(["advisory", "advisory"]);
    expect(listed.map((x) => x.message).join("\n")).toMatch(/accepts 'unattended-upgrades-off' \(security updates are not installed automatically.*\): patched by the weekly image rebuild pipeline/);
    expect(v.filter((x) => x.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("refuses a risk the pack config never accepts", async () => {
    const v = await violationsOf(() => deployment({ backups: false, acceptedRisks: [RISKS[1]] }), { config: { "accepted-risks-allowed": { neverAccept: ["backups-off"] } } });
    expect(by(v, "accepted-risks-allowed")[0]).toMatchObject({ enforcementLevel: "mandatory" });
  });
});
