import { describe, expect, it } from "vitest";
import { by, server, violationsOf } from "./harness";

const RULE = "server-ssh-keys-present";

describe(RULE, () => {
  it("passes a server with keys", async () => {
    expect(by(await violationsOf(() => server({ sshKeys: ["42"] })), RULE)).toEqual([]);
  });

  it("refuses a server without keys", async () => {
    expect(by(await violationsOf(() => server({ sshKeys: [] })), RULE)).toHaveLength(1);
  });
});
