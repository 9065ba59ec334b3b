// The component's Args (settings/args.ts): validated by the settings schema when the component is
// constructed (plain values at once, secrets given as Outputs when they resolve), and filled from
// the stack config by argsFromSettings without changing a thing.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { OpenClawHetznerArgs } from "../components/openclaw-hetzner-args";
import { PROJECT, runMocked, STACK } from "../plan/capture";
import { argsFromSettings, checkedSecret, settingsFromArgs } from "../settings/args";
import { parseSettings, SettingsError } from "../settings/load";
import { baseValues, FIXTURE_SECRETS, OPERATOR_KEY, rawConfig } from "./fixtures/stack";

const plain = { adminSshKeys: [OPERATOR_KEY], sshAllowedCidrs: ["198.51.100.0/24"] };

/** Runs `f` inside a mocked program (Outputs resolve there). */
async function inProgram<T>(f: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await runMocked({ config: {}, secretKeys: [], program: async () => ((result = await f()), {}) });
  return result!;
}

const resolve = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply((v) => r(v)));

describe("OpenClawHetzner's Args", () => {
  it("round-trips the stack config's settings", () => {
    const s = parseSettings(PROJECT, STACK, rawConfig(baseValues()));
    const again = settingsFromArgs("openclaw", argsFromSettings(s));
    const { secrets: _a, project: _p, stack: _s, ...plainA } = s;
    const { secrets: _b, project: _q, stack: _t, ...plainB } = again;
    expect(plainB).toEqual(plainA);
  });

  it("refuses bad plain values at once, naming the component and the argument", () => {
    try {
      settingsFromArgs("alice", { ...plain, sshPort: 70000, toolProfile: "full", nonsense: 1 } as unknown as OpenClawHetznerArgs);
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const keys = (e as SettingsError).problems.map((p) => p.key);
      expect(keys).toEqual(expect.arrayContaining(["OpenClawHetzner 'alice': sshPort", "OpenClawHetzner 'alice': toolProfile", "OpenClawHetzner 'alice': nonsense"]));
    }
  });

  it("needs a bot token when its channel is on, even one still unresolved", () => {
    expect(() => settingsFromArgs("alice", { ...plain, channels: { telegram: { dmPolicy: "pairing" } } } as OpenClawHetznerArgs)).toThrow(/telegramBotToken: required/);
    expect(() => settingsFromArgs("alice", { ...plain, channels: { telegram: { dmPolicy: "pairing" } }, telegramBotToken: pulumi.secret(FIXTURE_SECRETS.telegramBotToken) } as OpenClawHetznerArgs)).not.toThrow();
  });

  it("checks a secret Output when it resolves: a good one passes through secret, a bad one fails naming the argument, not the value", async () => {
    const good = await inProgram(async () => {
      const s = settingsFromArgs("alice", { ...plain, gatewayToken: pulumi.output(FIXTURE_SECRETS.gatewayToken) } as OpenClawHetznerArgs);
      return { value: await resolve(s.secrets.gatewayToken!), secret: await pulumi.isSecret(s.secrets.gatewayToken!) };
    });
    expect(good).toEqual({ value: FIXTURE_SECRETS.gatewayToken, secret: true });
    // A bad one: the check the resolved value goes through (pulumi up fails with its error).
    const weak = "password-password-password-password";
    expect(() => checkedSecret("alice", "gatewayToken", weak)).toThrow(SettingsError);
    try {
      checkedSecret("alice", "gatewayToken", weak);
    } catch (e) {
      expect((e as SettingsError).problems[0].key).toBe("OpenClawHetzner 'alice': gatewayToken");
      expect((e as Error).message).not.toContain(weak);
    }
  });
});
