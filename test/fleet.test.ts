// Many gateways in one stack (settings/fleet.ts, index.ts): each gateway validated as a stack of its
// own over the shared defaults, its secrets from gatewaySecrets; each on its own server with every
// resource named after it; and the mix-ups refused with an error naming the key.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { byType, MockRun, PROJECT, runMocked, runProgram, STACK, stepOf } from "../plan/capture";
import { parseFleet } from "../settings/fleet";
import { SettingsError, valuesIn } from "../settings/load";
import { readStackFile } from "../settings/stack-file";
import { findLeaks } from "./harness/leaks";
import { ROOT } from "./harness/tools";
import { baseValues, FIXTURE_SECRETS, stackConfig } from "./fixtures/stack";

const ALICE_TOKEN = "4c1e0b9a7d2f53e8a6c4b1d09f7e2a3c5b8d6e1f0a9c7b2d4e6f8a1c3b5d7e9f";
const SHOP_BOT = "987654321:AAHshopshopshopshopshopshopshop0000";

/** Top-level values (the shared defaults) plus gateways and gatewaySecrets; gatewaySecrets secret unless told. */
function fleetConfig(values: Record<string, unknown>, opts: { plainGatewaySecrets?: boolean } = {}) {
  const { config, secretKeys } = stackConfig(values);
  const secret = opts.plainGatewaySecrets ? secretKeys : [...secretKeys, `${PROJECT}:gatewaySecrets`];
  return { all: config, isSecret: (k: string) => secret.includes(k) };
}

/** The shared defaults without per-gateway secrets. */
function shared(): Record<string, unknown> {
  const { gatewayToken: _t, telegramBotToken: _b, channels: _c, ...rest } = baseValues();
  return rest;
}

const TWO = {
  gateways: {
    alice: { channels: { telegram: { dmPolicy: "allowlist", allowFrom: ["111111111"] } } },
    shop: { toolProfile: "minimal", location: "nbg1", channels: { telegram: { dmPolicy: "pairing" } } },
  },
  gatewaySecrets: {
    alice: { gatewayToken: ALICE_TOKEN, telegramBotToken: FIXTURE_SECRETS.telegramBotToken },
    shop: { telegramBotToken: SHOP_BOT },
  },
};

function problemsOf(values: Record<string, unknown>, opts: { plainGatewaySecrets?: boolean } = {}) {
  try {
    parseFleet(PROJECT, STACK, fleetConfig(values, opts));
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).problems;
  }
  throw new Error("config was accepted");
}

describe("gateways in the stack config", () => {
  it("a stack without gateways is one gateway, as before", () => {
    const fleet = parseFleet(PROJECT, STACK, fleetConfig(baseValues()));
    expect(fleet.isFleet).toBe(false);
    expect(fleet.gateways.map((g) => [g.name, g.settings.serverName])).toEqual([["openclaw", "openclaw"]]);
  });

  it("validates each gateway over the shared defaults, its secrets from gatewaySecrets", async () => {
    const fleet = parseFleet(PROJECT, STACK, fleetConfig({ ...shared(), ...TWO }));
    expect(fleet.isFleet).toBe(true);
    const [alice, shop] = fleet.gateways;
    expect([alice.name, shop.name]).toEqual(["alice", "shop"]);
    expect([alice.settings.serverName, shop.settings.serverName]).toEqual(["openclaw-alice", "openclaw-shop"]);
    // Own keys override, the rest is shared.
    expect([alice.settings.toolProfile, shop.settings.toolProfile]).toEqual(["messaging", "minimal"]);
    expect([alice.settings.location, shop.settings.location]).toEqual(["fsn1", "nbg1"]);
    expect(alice.settings.channels.telegram?.dmPolicy).toBe("allowlist");
    expect(shop.settings.adminSshKeys).toEqual(alice.settings.adminSshKeys);
    expect(shop.settings.modelApiKeyNames).toEqual(["ANTHROPIC_API_KEY"]);
    // Secrets stay secret Outputs, each gateway its own.
    expect(alice.settings.secrets.gatewayToken).toBeDefined();
    expect(shop.settings.secrets.gatewayToken).toBeUndefined(); // generated per gateway
    const bot = (g: typeof alice) => new Promise((r) => g.settings.secrets.telegramBotToken!.apply(r));
    expect(await bot(shop)).toBe(SHOP_BOT);
    expect(await bot(alice)).toBe(FIXTURE_SECRETS.telegramBotToken);
  });

  it("names a bad key inside a gateway by its path, and every gateway's problems at once", () => {
    const problems = problemsOf({
      ...shared(),
      gateways: { alice: { sshPort: 70000, channels: { telegram: { dmPolicy: "open" } } }, shop: { toolProfile: "full" } },
      gatewaySecrets: { alice: { telegramBotToken: FIXTURE_SECRETS.telegramBotToken } },
    });
    const keys = problems.map((p) => p.key);
    expect(keys).toContain(`${PROJECT}:gateways.alice.sshPort`);
    expect(keys).toContain(`${PROJECT}:gateways.alice.channels.telegram.dmPolicy`);
    expect(keys).toContain(`${PROJECT}:gateways.shop.toolProfile`);
  });

  it("refuses a secret in a gateway's plain keys, and gatewaySecrets in plain text, without showing them", () => {
    const inline = problemsOf({ ...shared(), gateways: { alice: { gatewayToken: ALICE_TOKEN } } });
    expect(inline).toContainEqual({ key: `${PROJECT}:gateways.alice.gatewayToken`, message: expect.stringContaining("gatewaySecrets.alice.gatewayToken") });
    const plain = problemsOf({ ...shared(), ...TWO }, { plainGatewaySecrets: true });
    expect(plain.map((p) => p.key)).toContain(`${PROJECT}:gatewaySecrets`);
    for (const p of [...inline, ...plain]) expect(`${p.key} ${p.message}`).not.toContain(ALICE_TOKEN);
  });

  it("refuses what would mix two gateways up: one server, one token, one bot, a stack-wide key per gateway", () => {
    const sameServer = problemsOf({ ...shared(), ...TWO, gateways: { ...TWO.gateways, shop: { ...TWO.gateways.shop, serverName: "openclaw-alice" } } });
    expect(sameServer).toContainEqual({ key: `${PROJECT}:gateways.shop.serverName`, message: expect.stringContaining("alice's server too") });
    const sameToken = problemsOf({ ...shared(), ...TWO, gatewaySecrets: { ...TWO.gatewaySecrets, shop: { ...TWO.gatewaySecrets.shop, gatewayToken: ALICE_TOKEN } } });
    expect(sameToken).toContainEqual({ key: `${PROJECT}:gatewaySecrets.shop.gatewayToken`, message: expect.stringContaining("each gateway needs its own token") });
    const sharedBot = problemsOf({ ...shared(), telegramBotToken: SHOP_BOT, gateways: TWO.gateways, gatewaySecrets: { alice: { gatewayToken: ALICE_TOKEN } } });
    expect(sharedBot).toContainEqual({ key: `${PROJECT}:gatewaySecrets.shop.telegramBotToken`, message: expect.stringContaining("each gateway needs its own bot") });
    const topToken = problemsOf({ ...shared(), gatewayToken: ALICE_TOKEN, ...TWO });
    expect(topToken.map((p) => p.key)).toContain(`${PROJECT}:gatewayToken`);
    const nested = problemsOf({ ...shared(), ...TWO, gateways: { ...TWO.gateways, alice: { placement: "dedicated" } } });
    expect(nested.map((p) => p.key)).toContain(`${PROJECT}:gateways.alice.placement`);
    for (const p of [...sameToken, ...sharedBot, ...topToken]) expect(p.message).not.toContain(ALICE_TOKEN);
  });

  it("refuses an unknown placement, secrets for a gateway that does not exist, and an empty map", () => {
    expect(problemsOf({ ...shared(), ...TWO, placement: "together" })).toContainEqual({ key: `${PROJECT}:placement`, message: expect.stringContaining("dedicated") });
    expect(problemsOf({ ...shared(), ...TWO, gatewaySecrets: { ...TWO.gatewaySecrets, bob: {} } }).map((p) => p.key)).toContain(`${PROJECT}:gatewaySecrets.bob`);
    expect(problemsOf({ ...shared(), gateways: {} }).map((p) => p.key)).toContain(`${PROJECT}:gateways`);
    expect(problemsOf({ ...shared(), gateways: { Alice: {} } })[0].message).toContain("lowercase");
  });
});

/** Two gateways for one server: each its own port (the shop's location is the server's: not here). */
const SHARED = {
  placement: "shared",
  gateways: { alice: { ...TWO.gateways.alice, gatewayPort: 18789 }, shop: { toolProfile: "minimal", gatewayPort: 18790, channels: TWO.gateways.shop.channels } },
  gatewaySecrets: TWO.gatewaySecrets,
};

describe("placement: shared", () => {
  it("puts every gateway on the top-level server, each with its id and own port", () => {
    const fleet = parseFleet(PROJECT, STACK, fleetConfig({ ...shared(), ...SHARED }));
    expect(fleet.placement).toBe("shared");
    expect(fleet.gateways.map((g) => [g.name, g.settings.serverName, g.settings.gatewayId, g.settings.gatewayPort])).toEqual([
      ["alice", "openclaw", "alice", 18789],
      ["shop", "openclaw", "shop", 18790],
    ]);
    // A dedicated fleet's gateways have no id: each is its server's only gateway.
    expect(parseFleet(PROJECT, STACK, fleetConfig({ ...shared(), ...TWO })).gateways.map((g) => g.settings.gatewayId)).toEqual([undefined, undefined]);
  });

  it("refuses two gateways on one port, a server key in an entry, and a sandboxed agent, each naming the key", () => {
    const samePort = { ...SHARED, gateways: { ...SHARED.gateways, shop: { ...SHARED.gateways.shop, gatewayPort: 18789 } } };
    expect(problemsOf({ ...shared(), ...samePort })).toContainEqual({ key: `${PROJECT}:gateways.shop.gatewayPort`, message: expect.stringContaining("alice's port") });
    const ownLocation = { ...SHARED, gateways: { ...SHARED.gateways, shop: { ...SHARED.gateways.shop, location: "nbg1" } } };
    expect(problemsOf({ ...shared(), ...ownLocation })).toContainEqual({ key: `${PROJECT}:gateways.shop.location`, message: expect.stringContaining("the server's") });
    const sandboxed = { ...SHARED, gateways: { ...SHARED.gateways, alice: { ...SHARED.gateways.alice, agentAccess: "sandboxed" } } };
    expect(problemsOf({ ...shared(), ...sandboxed })).toContainEqual({ key: `${PROJECT}:gateways.alice.agentAccess`, message: expect.stringContaining("server of its own") });
    expect(problemsOf({ ...shared(), placement: "shared" })).toContainEqual({ key: `${PROJECT}:placement`, message: expect.stringContaining("only with gateways") });
  });
});

describe("examples/shared.yaml under the program", () => {
  let run: MockRun;
  const stack = readStackFile(path.join(ROOT, "examples", "shared.yaml"), path.join(ROOT, "esc"));

  it("deploys both gateways on one server: the host's steps once, each gateway's steps and gate under its name", async () => {
    run = await runMocked({ config: stack.config, secretKeys: stack.secretKeys, program: () => runProgram(path.join(ROOT, "index.ts")) });
    expect(byType(run, "hcloud:index/server:Server").map((s) => s.inputs.name)).toEqual(["openclaw"]);
    const steps = byType(run, "command:remote:Command");
    const named = (prefix: string) => steps.filter((c) => c.name.startsWith(prefix)).map(stepOf).sort();
    for (const gateway of ["alice", "bob"]) {
      expect(named(`openclaw-${gateway}-`)).toEqual(["audit-gateway", "configure-gateway", "gateway-secrets", "install-openclaw", "maintenance"]);
    }
    // The host's steps once, each gateway's unit under its own user.
    expect(steps.filter((c) => stepOf(c) === "harden-ssh")).toHaveLength(1);
    const userData = String(byType(run, "hcloud:index/server:Server")[0].inputs.userData);
    expect(userData).toContain("  - name: openclaw-alice\n");
    expect(userData).toContain("  - name: openclaw-bob\n");
    // Each gate runs after every other step of the server (the other gateway's included).
    for (const gate of steps.filter((c) => stepOf(c) === "audit-gateway")) {
      const before = new Set(gate.dependencies);
      for (const other of steps.filter((c) => stepOf(c) !== "audit-gateway")) expect(before.has(other.urn), `${gate.name} after ${other.name}`).toBe(true);
    }
  });
});

describe("examples/fleet.yaml under the program", () => {
  let run: MockRun;
  const stack = readStackFile(path.join(ROOT, "examples", "fleet.yaml"), path.join(ROOT, "esc"));

  it("takes its secrets only from ESC", () => {
    expect(stack.secretKeys.sort()).toEqual(["hcloud:token", `${PROJECT}:gatewaySecrets`].sort());
  });

  it("deploys each gateway on its own server, every resource named after its gateway", async () => {
    run = await runMocked({
      config: stack.config,
      secretKeys: stack.secretKeys,
      program: () => runProgram(path.join(ROOT, "index.ts")),
    });
    const servers = byType(run, "hcloud:index/server:Server");
    expect(servers.map((s) => s.inputs.name).sort()).toEqual(["openclaw-alice", "openclaw-shop"]);
    for (const r of run.resources) expect(r.name, r.type).toMatch(/^openclaw-(alice|shop)(-|$)/);
    // Each gateway's complete chain of steps, connecting to its own server.
    // alice's agent is sandboxed (one more step: agent-sandbox); the shop's only chats.
    for (const [gateway, count] of [["alice", 14], ["shop", 13]] as const) {
      const server = servers.find((sv) => sv.inputs.name === `openclaw-${gateway}`)!;
      const steps = byType(run, "command:remote:Command").filter((c) => c.name.startsWith(`openclaw-${gateway}-`));
      expect(steps.map(stepOf).sort()).toContain("audit-gateway");
      expect(steps).toHaveLength(count);
      for (const st of steps) expect(st.inputs.connection.host, st.name).toBe(server.wireOutputs.ipv4Address);
    }
    expect(new Set(byType(run, "command:remote:Command").map((c) => c.inputs.connection.host)).size).toBe(2);
  });

  it("exports each gateway's outputs by name, the tokens only as a secret", () => {
    expect(Object.keys(run.outputs).sort()).toEqual(["gatewayTokens", "gateways"]);
    expect(Object.keys(run.outputs.gateways.value as object).sort()).toEqual(["alice", "shop"]);
    expect(run.outputs.gatewayTokens.secret).toBe(true);
    const secrets = stack.secretKeys.flatMap((k) => valuesIn(decode(stack.config[k]))).filter((v) => v.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(run.resources.flatMap((r) => findLeaks(r.wireInputs, secrets, `${r.type}/${r.name}`))).toEqual([]);
  });
});

function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

