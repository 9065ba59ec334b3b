import { describe, expect, it } from "vitest";
import { by, command, deployment, remoteCommand, violationsOf } from "./harness";

const RULE = "command-no-delete";

describe(RULE, () => {
  it("passes the real deployment (no step has a delete command)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a remote or local step with a delete command", async () => {
    const v = await violationsOf(() => {
      remoteCommand({ create: "true", delete: "sudo ufw --force disable" });
      new command.local.Command("cleanup", { create: "true", delete: "ssh ops@203.0.113.10 sudo ufw disable" });
    });
    expect(by(v, RULE)).toHaveLength(2);
  });
});
