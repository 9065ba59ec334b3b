import { describe, expect, it } from "vitest";
import { by, deployment, server, violationsOf } from "./harness";

const RULE = "server-ssh-keys-present";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a server without keys", async () => {
    expect(by(await violationsOf(() => server({ sshKeys: [] })), RULE)).toHaveLength(1);
  });
});
