import { describe, expect, it } from "vitest";
import { by, deployment, messages, remoteCommand, violationsOf } from "./harness";

const RULE = "command-triggers-no-secrets";

describe(RULE, () => {
  it("passes the real deployment (its triggers are digests of its own steps)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a token put in triggers to force a re-run, without quoting it", async () => {
    const v = await violationsOf(() => remoteCommand({ create: "sudo systemctl restart openclaw-gateway", triggers: ["9f86d081884c7d659a2feaa0c55ad015", { token: "sk-ant-api03-AbCdEfGhIjKlMnOpQrSt" }] }));
    expect(messages(v, RULE)).toMatch(/a trigger contains a hex token[\s\S]*a trigger contains an Anthropic API key/);
    expect(messages(v, RULE)).not.toMatch(/9f86d081|sk-ant-api03/);
  });
});
