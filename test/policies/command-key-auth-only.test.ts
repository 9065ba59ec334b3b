import { describe, expect, it } from "vitest";
import { by, command, violationsOf } from "./harness";

const RULE = "command-key-auth-only";

describe(RULE, () => {
  it("passes a key or the SSH agent", async () => {
    const v = await violationsOf(() => {
      new command.remote.Command("with-key", { connection: { host: "203.0.113.10", user: "ops", privateKey: "k" }, create: "true" });
      new command.remote.Command("with-agent", { connection: { host: "203.0.113.10", user: "ops" }, create: "true" });
    });
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a password through a proxy (jump host)", async () => {
    const v = await violationsOf(() => {
      new command.remote.Command("jump", { connection: { host: "203.0.113.10", user: "ops", privateKey: "k", proxy: { host: "198.51.100.1", user: "j", password: "hunter2" } }, create: "true" });
    });
    expect(by(v, RULE).map((f) => f.message)).toEqual(["the proxy connection uses a password"]);
  });

  it("refuses a password, also on CopyToRemote", async () => {
    const v = await violationsOf(() => {
      new command.remote.Command("pw", { connection: { host: "203.0.113.10", user: "ops", password: "hunter2" }, create: "true" });
      new command.remote.CopyToRemote("copy", {
        connection: { host: "203.0.113.10", user: "ops", password: "hunter2" },
        source: new (require("@pulumi/pulumi").asset.StringAsset)("x"),
        remotePath: "/tmp/x",
      });
    });
    const found = by(v, RULE);
    expect(found).toHaveLength(2);
    expect(found.map((f) => f.message).join()).not.toContain("hunter2");
  });
});
