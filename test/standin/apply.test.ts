// Day 2 on the stand-in: `npm run local:up` on a stand-in that is up applies the changed stack as
// `pulumi up` would (only the steps whose inputs changed run), and a rotated gateway token reaches
// the gateway without reinstalling anything: the old token is refused and the new one accepted,
// through the operator's SSH tunnel, by OpenClaw's own CLI. Runs last (it rotates the token and
// puts the stand-in's own back).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { PROJECT } from "../../plan/capture";
import { NET, readState, ROOT, RUN } from "../../local/standin";
import versions from "../../versions.json";
import { applyStack, gatewayCall, gatewayHealthy, gw, leaks, onBoxOk, onFleet, stackWith, state } from "./helpers";

/** `openclaw gateway call health` on the stand-in's gateway with `token`. */
const callWithToken = (token: string) => gatewayCall(state, token);

describe.skipIf(onFleet)("applying a changed stack to the running stand-in (npm run local:up on a stand-in that is up)", () => {
  it("an unchanged stack runs no step", () => {
    expect(applyStack(state.stackFile)).toEqual([]);
  }, 600_000);

  // Only the secrets step: the gate's triggers carry no secret, not even a digest of one; the step
  // rewrites the env file and restarts the gateway, which must then serve. The gateway token, a bot
  // token and a model key at once (each set in the stack, which wins over the ESC environment).
  it("rotated gateway token, bot token and model key: only the secrets step runs, nothing is reinstalled, the env file holds the new values, the old token is refused and the new one accepted", async () => {
    const oldToken = readFileSync(path.join(RUN, "gateway-token"), "utf8");
    const before = await callWithToken(oldToken);
    expect(before.exitCode, before.output).toBe(0);

    const newToken = randomBytes(32).toString("hex");
    const telegram = `${100000000 + Math.floor(Math.random() * 800000000)}:${randomBytes(27).toString("base64url").slice(0, 35)}`;
    const anthropic = `sk-ant-api03-${randomBytes(32).toString("hex")}`;
    const sha = (line: string) => createHash("sha256").update(`${line}\n`).digest("hex");
    const envLine = async (key: string) => (await onBoxOk(`sudo sh -c "grep '^${key}=' ${gw.envFile} | sha256sum | cut -d' ' -f1"`)).trim();
    const installs = `sudo sh -c "wc -l </var/log/dpkg.log; stat -c %Y ${gw.openclawHome}/current/ ${gw.stateDir}/openclaw.json /etc/systemd/system/${gw.unitName}.service"`;
    const installedBefore = await onBoxOk(installs);
    const pidBefore = (await onBoxOk(`systemctl show -p MainPID --value ${gw.unitName}`)).trim();
    const { file, dir } = stackWith({ gatewayToken: newToken, telegramBotToken: telegram });
    const stack = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    stack.config[`${PROJECT}:modelApiKeys`] = { ANTHROPIC_API_KEY: anthropic };
    writeFileSync(file, stringify(stack), { mode: 0o600 });
    try {
      expect(applyStack(file)).toEqual(["gateway-secrets"]);
      expect(await onBoxOk(installs)).toBe(installedBefore);
      expect(await envLine("OPENCLAW_GATEWAY_TOKEN")).toBe(sha(`OPENCLAW_GATEWAY_TOKEN=${newToken}`));
      expect(await envLine("TELEGRAM_BOT_TOKEN")).toBe(sha(`TELEGRAM_BOT_TOKEN=${telegram}`));
      expect(await envLine("ANTHROPIC_API_KEY")).toBe(sha(`ANTHROPIC_API_KEY=${anthropic}`));
      expect((await onBoxOk(`systemctl show -p MainPID --value ${gw.unitName}`)).trim()).not.toBe(pidBefore);
      expect(await gatewayHealthy()).toBe(true);
      const refused = await callWithToken(oldToken);
      const accepted = await callWithToken(newToken);
      console.log(`after rotation: old token exit ${refused.exitCode} (${refused.output.trim().split("\n").pop()}), new token exit ${accepted.exitCode}`);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.output).toMatch(/token mismatch/);
      expect(accepted.exitCode, accepted.output).toBe(0);
      // None of them in the steps' output.
      const applied = readFileSync(path.join(RUN, "last-apply.json"), "utf8");
      for (const secret of [newToken, telegram, anthropic]) expect(applied).not.toContain(secret);
      expect(leaks(applied)).toEqual([]);
      expect(readState().steps.find((s) => s.name === "gateway-secrets")?.stdin).toContain(newToken);
    } finally {
      // Back to the stand-in's own secrets, for whatever runs next.
      expect(applyStack(state.stackFile)).toEqual(["gateway-secrets"]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await gatewayHealthy()).toBe(true);
    expect((await callWithToken(oldToken)).exitCode).toBe(0);
  }, 900_000);
});
