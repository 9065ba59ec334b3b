import { describe, expect, it } from "vitest";
import { by, deployment, messages, server, violationsOf } from "./harness";

const RULE = "server-backups-on";

describe(RULE, () => {
  it("passes the real deployment (backups on)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses backups off unless backups-off is an accepted risk", async () => {
    expect(messages(await violationsOf(() => server({ backups: false })), RULE)).toContain("server 'srv' has backups off");
    const accepted = await violationsOf(() => deployment({ backups: false, acceptedRisks: [{ id: "backups-off", reason: "state is rebuilt from git every night" }] }));
    expect(by(accepted, RULE)).toEqual([]);
  });
});
