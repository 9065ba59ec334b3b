import { describe, expect, it } from "vitest";
import { by, command, deployment, remoteCommand, violationsOf } from "./harness";

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

  it("refuses a step without stdin that prints the env file the secrets step writes", async () => {
    const v = await violationsOf(() => {
      deployment();
      remoteCommand({ create: "sudo cat /etc/openclaw/gateway.env" }, {}, "debug-env");
    });
    expect(by(v, RULE).map((x) => x.message)).toContain("step 'debug-env' reads /etc/openclaw/gateway.env but logs (logging: stdoutAndStderr)");
  });

  it("passes the real deployment (its catalogue steps read the env file with reviewed scripts)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a stdin step whose outputs are not secret", async () => {
    const v = by(await violationsOf(() => remoteCommand({ stdin: "TOKEN=x", logging: "none" })), RULE);
    expect(v.map((x) => x.message).join()).toContain("additionalSecretOutputs");
  });
});
