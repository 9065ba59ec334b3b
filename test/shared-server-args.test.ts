// OpenClawSharedServer's own Args (components/openclaw-shared-server-args.ts, settings/shared-args.ts):
// a program other than ours passes the server's settings and each gateway's, plain values and
// secrets as Inputs; they are validated with the stack config's schema and its placement: shared
// rules, each problem named after the component and the argument; and the stack config fills them
// without changing what is deployed.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { OpenClawSharedServer } from "../components/openclaw-shared-server";
import type { OpenClawSharedServerArgs } from "../components/openclaw-shared-server-args";
import { byType, PROJECT, runMocked, STACK } from "../plan/capture";
import { parseFleet } from "../settings/fleet";
import { SettingsError } from "../settings/load";
import { argsFromSharedGateways, checkedDistinct, sharedGatewaysFromArgs } from "../settings/shared-args";
import { FIXTURE_SECRETS, OPERATOR_KEY, stackConfig } from "./fixtures/stack";
import { containsAnywhere, findLeaks } from "./harness/leaks";

const ALICE_BOT = "123456789:AAaliceALICEaliceALICEaliceALICE00";
const BOB_BOT = "987654321:AAbobBOBbobBOBbobBOBbobBOBbobBOB000";
const BOB_TOKEN = "4c1e0b9a7d2f53e8a6c4b1d09f7e2a3c5b8d6e1f0a9c7b2d4e6f8a1c3b5d7e9f";

/** A team's server, as a program of its own would write it. */
function teamArgs(): OpenClawSharedServerArgs {
  return {
    defaults: {
      serverName: "team",
      location: "nbg1",
      adminSshKeys: [OPERATOR_KEY],
      sshAllowedCidrs: ["198.51.100.0/24"],
      modelApiKeys: { ANTHROPIC_API_KEY: pulumi.secret(FIXTURE_SECRETS.anthropicKey) },
    },
    gateways: {
      alice: { channels: { telegram: { dmPolicy: "pairing" } }, telegramBotToken: pulumi.secret(ALICE_BOT) },
      bob: { gatewayPort: 18790, toolProfile: "minimal", channels: { telegram: { dmPolicy: "pairing" } }, telegramBotToken: BOB_BOT, gatewayToken: BOB_TOKEN },
    },
  };
}

/** The problems the Args are refused with (at construction). */
function problemsOf(args: OpenClawSharedServerArgs) {
  try {
    sharedGatewaysFromArgs("team", args);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).problems;
  }
  throw new Error("the Args were accepted");
}

/** Runs `f` inside a mocked program (Outputs resolve there). */
async function inProgram<T>(f: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await runMocked({ config: {}, secretKeys: [], program: async () => ((result = await f()), {}) });
  return result!;
}

/** An Output's value, or the error it failed with. */
const settle = (o: pulumi.Output<unknown>) => (o as pulumi.Output<unknown> & { promise(): Promise<unknown> }).promise().then((value) => ({ value }), (error: unknown) => ({ error }));

describe("OpenClawSharedServer's Args", () => {
  it("deploys one server with each gateway as its own user, every resource named after the component and the gateway", async () => {
    const run = await runMocked({ config: {}, secretKeys: [], program: () => (new OpenClawSharedServer("team", teamArgs()), {}) });
    const servers = byType(run, "hcloud:index/server:Server");
    expect(servers.map((s) => [s.name, s.inputs.location])).toEqual([["team", "nbg1"]]);
    const userData = String(servers[0].inputs.userData);
    expect(userData).toContain("openclaw-alice");
    expect(userData).toContain("openclaw-bob");
    const steps = byType(run, "command:remote:Command").map((c) => c.name);
    for (const gateway of ["alice", "bob"]) {
      expect(steps).toContain(`team-${gateway}-configure-gateway`);
      expect(steps).toContain(`team-${gateway}-audit-gateway`);
    }
    expect(steps).toContain("team-host-packages");
    // Every secret reaches the box (the secrets steps), and only as a secret.
    const secrets = [ALICE_BOT, BOB_BOT, BOB_TOKEN, FIXTURE_SECRETS.anthropicKey];
    expect(run.resources.flatMap((r) => findLeaks(r.wireInputs, secrets, `${r.type}/${r.name}`))).toEqual([]);
    for (const secret of secrets) expect(containsAnywhere(run.resources.map((r) => r.wireInputs), secret)).toBe(true);
  });

  it("gives each gateway the defaults under its own keys, its id its name, and the same server", () => {
    const [alice, bob] = sharedGatewaysFromArgs("team", teamArgs());
    expect([alice.settings.gatewayId, bob.settings.gatewayId]).toEqual(["alice", "bob"]);
    expect([alice.settings.gatewayPort, bob.settings.gatewayPort]).toEqual([18789, 18790]);
    expect([alice.settings.toolProfile, bob.settings.toolProfile]).toEqual(["messaging", "minimal"]);
    expect([alice.settings.serverName, bob.settings.serverName]).toEqual(["team", "team"]);
    expect([alice.settings.modelApiKeyNames, bob.settings.modelApiKeyNames]).toEqual([["ANTHROPIC_API_KEY"], ["ANTHROPIC_API_KEY"]]);
  });

  it("refuses what a stack config with placement: shared refuses, naming the component and the argument", () => {
    const args = teamArgs();
    const keys = (a: OpenClawSharedServerArgs) => problemsOf(a).map((p) => p.key);
    expect(keys({ ...args, gateways: { ...args.gateways, bob: { ...args.gateways.bob, gatewayPort: 18789 } } })).toContain("OpenClawSharedServer 'team': gateways.bob.gatewayPort");
    expect(keys({ ...args, gateways: { ...args.gateways, bob: { ...args.gateways.bob, gatewayPort: 22 } } })).toContain("OpenClawSharedServer 'team': gateways.bob.gatewayPort");
    const ownLocation = { ...args, gateways: { ...args.gateways, bob: { ...args.gateways.bob, location: "hel1" } } } as unknown as OpenClawSharedServerArgs;
    expect(problemsOf(ownLocation)).toContainEqual({ key: "OpenClawSharedServer 'team': gateways.bob.location", message: expect.stringContaining("the server's") });
    expect(problemsOf({ ...args, gateways: { ...args.gateways, alice: { ...args.gateways.alice, agentAccess: "sandboxed" } } })).toContainEqual({
      key: "OpenClawSharedServer 'team': gateways.alice.agentAccess",
      message: expect.stringContaining("server of its own"),
    });
    expect(keys({ ...args, defaults: { ...args.defaults!, gatewayToken: BOB_TOKEN } })).toContain("OpenClawSharedServer 'team': defaults.gatewayToken");
    expect(keys({ ...args, gateways: {} })).toContain("OpenClawSharedServer 'team': gateways");
    expect(problemsOf({ ...args, gateways: { Alice: {} } })[0].message).toContain("lowercase");
    // A bad value is named where it was given: in the gateway's entry, or in the defaults.
    const badTools = { ...args, gateways: { ...args.gateways, bob: { ...args.gateways.bob, toolProfile: "everything" } } } as unknown as OpenClawSharedServerArgs;
    expect(keys(badTools)).toContain("OpenClawSharedServer 'team': gateways.bob.toolProfile");
    const badSsh = { ...args, defaults: { ...args.defaults!, sshPort: 70000 } };
    expect(keys(badSsh)).toEqual(["OpenClawSharedServer 'team': defaults.sshPort"]);
  });

  it("refuses a token or bot token two gateways share: plain at once, Outputs when they resolve; never showing it", async () => {
    const args = teamArgs();
    const sameToken = { ...args, gateways: { ...args.gateways, alice: { ...args.gateways.alice, gatewayToken: BOB_TOKEN } } };
    const tokenProblems = problemsOf(sameToken);
    expect(tokenProblems).toContainEqual({ key: "OpenClawSharedServer 'team': gateways.bob.gatewayToken", message: expect.stringContaining("each gateway needs its own token") });
    const sharedBot = { ...args, defaults: { ...args.defaults!, telegramBotToken: BOB_BOT }, gateways: { alice: { channels: args.gateways.alice.channels }, bob: { ...args.gateways.bob, telegramBotToken: undefined } } };
    const botProblems = problemsOf(sharedBot);
    expect(botProblems).toContainEqual({ key: "OpenClawSharedServer 'team': gateways.bob.telegramBotToken", message: expect.stringContaining("each gateway needs its own bot") });
    for (const p of [...tokenProblems, ...botProblems]) expect(JSON.stringify(p)).not.toMatch(new RegExp(`${BOB_TOKEN}|${BOB_BOT.split(":")[1]}`));

    // As secret Outputs (config.requireSecret, ESC), they are known only when they resolve: the
    // check each gateway's goes through then (pulumi up fails with its error).
    const fullName = (key: string) => `OpenClawSharedServer 'team': ${key}`;
    expect(checkedDistinct(fullName, "bob", "telegramBotToken", BOB_BOT, [{ name: "alice", value: ALICE_BOT }])).toBe(BOB_BOT);
    let refused: unknown;
    try {
      checkedDistinct(fullName, "bob", "telegramBotToken", BOB_BOT, [{ name: "alice", value: BOB_BOT }]);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(SettingsError);
    expect((refused as SettingsError).problems).toEqual([{ key: "OpenClawSharedServer 'team': gateways.bob.telegramBotToken", message: expect.stringContaining("each gateway needs its own bot") }]);
    expect((refused as Error).message).not.toContain(BOB_BOT);

    // Different ones resolve to themselves, still secret.
    const distinct = await inProgram(async () => {
      const [alice, bob] = sharedGatewaysFromArgs("team", teamArgs());
      return { alice: await settle(alice.settings.secrets.telegramBotToken!), bob: await settle(bob.settings.secrets.telegramBotToken!), secret: await pulumi.isSecret(bob.settings.secrets.telegramBotToken!) };
    });
    expect(distinct).toEqual({ alice: { value: ALICE_BOT }, bob: { value: BOB_BOT }, secret: true });
  });

  it("are what the stack config fills: the same gateways, settings and secrets", async () => {
    const { config, secretKeys } = stackConfig({
      adminSshKeys: [OPERATOR_KEY],
      sshAllowedCidrs: ["198.51.100.0/24"],
      modelApiKeys: { ANTHROPIC_API_KEY: FIXTURE_SECRETS.anthropicKey },
      placement: "shared",
      gateways: { alice: { channels: { telegram: { dmPolicy: "pairing" } } }, bob: { gatewayPort: 18790, toolProfile: "minimal" } },
      gatewaySecrets: { alice: { telegramBotToken: ALICE_BOT }, bob: { gatewayToken: BOB_TOKEN } },
    });
    const secret = [...secretKeys, `${PROJECT}:gatewaySecrets`];
    const result = await inProgram(async () => {
      const fleet = parseFleet(PROJECT, STACK, { all: config, isSecret: (k) => secret.includes(k) });
      const again = sharedGatewaysFromArgs(fleet.gateways[0].settings.serverName, argsFromSharedGateways(fleet.gateways));
      const plainOf = (gs: typeof again) => gs.map((g) => ({ name: g.name, ...g.settings, secrets: undefined }));
      const secretsOf = (gs: typeof again) => Promise.all(gs.map(async (g) => [await settle(g.settings.secrets.gatewayToken ?? pulumi.output(undefined)), await settle(g.settings.secrets.telegramBotToken ?? pulumi.output(undefined)), await settle(g.settings.secrets.modelApiKeys)]));
      return { before: plainOf(fleet.gateways), after: plainOf(again), beforeSecrets: await secretsOf(fleet.gateways), afterSecrets: await secretsOf(again) };
    });
    expect(result.after).toEqual(result.before);
    expect(result.afterSecrets).toEqual(result.beforeSecrets);
    expect(result.afterSecrets[1][0]).toEqual({ value: BOB_TOKEN });
  });
});
