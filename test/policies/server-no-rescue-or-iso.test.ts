import { describe, expect, it } from "vitest";
import { by, deployment, messages, server, violationsOf } from "./harness";

const RULE = "server-no-rescue-or-iso";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it.each([
    ["a rescue boot", { rescue: "linux64" }, "sets rescue ('linux64')"],
    ["an ISO", { iso: "ubuntu-24.04-live-server" }, "sets iso"],
  ])("refuses %s", async (_what, args, text) => {
    expect(messages(await violationsOf(() => server(args)), RULE)).toContain(text);
  });
});
