import { describe, expect, it } from "vitest";
import { by, command, remoteCommand, violationsOf } from "./harness";

const RULE = "command-secret-steps-silent";

describe(RULE, () => {
  it("passes a stdin step that logs nothing and keeps its outputs secret", async () => {
    const v = await violationsOf(() => remoteCommand({ stdin: "TOKEN=x", logging: "none" }, { additionalSecretOutputs: ["stdout", "stderr"] }));
    expect(by(v, RULE)).toEqual([]);
  });

  it("passes steps without stdin that log", async () => {
    expect(by(await violationsOf(() => remoteCommand({ logging: "stdoutAndStderr" })), RULE)).toEqual([]);
  });

  it("refuses a stdin step that logs", async () => {
    const v = by(await violationsOf(() => remoteCommand({ stdin: "TOKEN=x" }, { additionalSecretOutputs: ["stdout", "stderr"] })), RULE);
    expect(v.map((x) => x.message).join()).toContain("logs");
  });

  it("refuses a local command that gets stdin and logs", async () => {
    const v = by(await violationsOf(() => new command.local.Command("local", { create: "cat > /tmp/x", stdin: "TOKEN=x" })), RULE);
    expect(v.map((x) => x.message).join()).toContain("logs");
  });

  it("refuses a stdin step whose outputs are not secret", async () => {
    const v = by(await violationsOf(() => remoteCommand({ stdin: "TOKEN=x", logging: "none" })), RULE);
    expect(v.map((x) => x.message).join()).toContain("additionalSecretOutputs");
  });
});
