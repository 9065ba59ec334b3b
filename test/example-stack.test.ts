// The example stack users copy (Pulumi.dev.yaml.example + esc/openclaw-dev.yaml) is a valid config,
// with every secret coming from ESC as a secret.
import { spawnSync } from "node:child_process";
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

describe("examples/sandboxed.yaml", () => {
  const file = path.join(ROOT, "examples", "sandboxed.yaml");
  const stack = readStackFile(file, path.join(ROOT, "esc"));

  it("validates as a sandboxed stack: no network, workspace not mounted, image built on the server", () => {
    const s = parseSettings(PROJECT, "sandboxed", { all: stack.config, isSecret: (k) => stack.secretKeys.includes(k) });
    expect(s.agentAccess).toBe("sandboxed");
    expect(s.sandbox).toEqual({ workspaceAccess: "none", network: "none" });
    expect(s.acceptedRisks).toEqual([]);
  });

  it("plans with no policy violation (`npm run plan -- --config examples/sandboxed.yaml`)", () => {
    const r = spawnSync("bash", ["scripts/toolchain/with-node.sh", "node", "node_modules/tsx/dist/cli.mjs", "plan/cli.ts", "--config", file, "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(JSON.stringify(plan)).toContain("agent-sandbox");
  }, 300_000);
});
