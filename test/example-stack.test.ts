// The example stack users copy (Pulumi.dev.yaml.example + esc/openclaw-dev.yaml) is a valid config,
// with every secret coming from ESC as a secret.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSettings } from "../settings/load";
import { readStackFile } from "../settings/stack-file";
import { PROJECT } from "../plan/capture";
import { ROOT } from "./harness/tools";

describe("the example stack", () => {
  const stack = readStackFile(path.join(ROOT, "Pulumi.dev.yaml.example"), path.join(ROOT, "esc"));

  it("validates, with secrets from ESC marked secret", () => {
    const s = parseSettings(PROJECT, "dev", { all: stack.config, isSecret: (k) => stack.secretKeys.includes(k) });
    expect(s.channels.telegram?.dmPolicy).toBe("pairing");
    expect(stack.secretKeys.sort()).toEqual(
      ["hcloud:token", `${PROJECT}:modelApiKeys`, `${PROJECT}:telegramBotToken`].sort(),
    );
    // No gateway token in the example: the stack generates one (so no example value can guard a gateway).
    expect(s.secrets.gatewayToken).toBeUndefined();
  });

  it("keeps no secret in the stack file itself", () => {
    const plainKeys = Object.keys(stack.config).filter((k) => !stack.secretKeys.includes(k));
    expect(plainKeys.some((k) => /token|key/i.test(k) && !/SshKeys/.test(k))).toBe(false);
  });
});
