// The pack on a fleet: two gateways, each on its own server, are judged server by server. A clean
// fleet passes every rule; a loosening on one gateway is refused and named on its server; a
// program that points one gateway's steps at the other's server is refused.
import { describe, expect, it } from "vitest";
import { OpenClawHetzner } from "../../components/openclaw-hetzner";
import { argsFromSettings } from "../../settings/args";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { base64, by, command, messages, restep, SHARED_GATEWAYS, sharedServer, stepOn, violationsOf } from "./harness";
import type { Violation } from "../../plan/analyze";

function gateway(name: string, opts: { overrides?: Record<string, unknown>; host?: OpenClawHetzner } = {}): OpenClawHetzner {
  const serverName = `openclaw-${name}`;
  const settings = parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), serverName, ...opts.overrides }));
  return new OpenClawHetzner(serverName, { ...argsFromSettings(settings), ...(opts.host ? { host: opts.host.ipv4 } : {}) });
}

const mandatory = (v: Violation[]) => v.filter((x) => x.enforcementLevel === "mandatory");

describe("a fleet under the pack", () => {
  it("passes two gateways on their own servers, each with its own channels and tools", async () => {
    const v = await violationsOf(() => {
      gateway("alice");
      gateway("shop", { overrides: { toolProfile: "minimal", location: "nbg1" } });
    });
    expect(mandatory(v)).toEqual([]);
  });

  it("refuses a loosening on one gateway, on that gateway's server only", async () => {
    const v = await violationsOf(() => {
      gateway("alice");
      const shop = gateway("shop");
      stepOn(shop, "shop-after-gate", { create: "sudo ufw --force disable" }, { dependsOn: [shop.gateway.audit.command] });
    });
    const gate = by(v, "gate-last");
    expect(gate.map((x) => x.message).join("\n")).toContain("deploy gate 'openclaw-shop-audit-gateway' of server 'openclaw-shop'");
    expect(mandatory(v).some((x) => x.message.includes("openclaw-alice"))).toBe(false);
  });

  it("refuses a program that points one gateway's steps at the other's server", async () => {
    const v = await violationsOf(() => {
      const alice = gateway("alice");
      gateway("shop", { host: alice });
    });
    const named = mandatory(v).map((x) => `${x.policy}: ${x.message}`).join("\n");
    // The shop's server gets no step (nothing hardens it), and alice's gets two gateways' steps.
    expect(named).toMatch(/deployment-complete: .*openclaw-shop/);
    expect(by(v, "gate-last").length).toBeGreaterThan(0);
  });
});

describe("a shared server under the pack (placement: shared: several gateways on one server)", () => {
  it("passes two gateways on one server, each its own user, state, unit, port, jobs and gate", async () => {
    expect(mandatory(await violationsOf(() => sharedServer()))).toEqual([]);
  });

  it("judges each gateway's openclaw.json with the risks its own gate accepts: alice's Control UI is not bob's", async () => {
    const gateways = { ...SHARED_GATEWAYS, alice: { ...SHARED_GATEWAYS.alice, controlUi: true, acceptedRisks: [{ id: "control-ui", reason: "alice reviews her agent's sessions in the browser" }] } };
    expect(mandatory(await violationsOf(() => sharedServer(gateways)))).toEqual([]);
    const controlUiOn = (inputs: Record<string, string>) => {
      const config = JSON.parse(Buffer.from(inputs.OC_CONFIG_B64, "base64").toString("utf8"));
      return { OC_CONFIG_B64: base64(JSON.stringify({ ...config, gateway: { ...config.gateway, controlUi: { ...config.gateway.controlUi, enabled: true } } })) };
    };
    const v = await violationsOf(() => sharedServer(gateways, { transformations: [restep("openclaw-bob-configure-gateway", controlUiOn)] }));
    expect(messages(v, "openclaw-config-hardened")).toContain("/var/lib/openclaw-bob/.openclaw/openclaw.json (step configure-gateway, input OC_CONFIG_B64): gateway.controlUi is enabled");
    expect(messages(v, "openclaw-config-hardened")).toContain("accept 'control-ui' with a reason if deliberate");
    expect(by(v, "openclaw-config-hardened").map((x) => x.urn.split("::").pop())).toEqual(["openclaw-bob-configure-gateway"]);
  });

  it("refuses a step that stops one gateway's jobs, as it refuses stopping the only gateway's", async () => {
    const v = await violationsOf(() => {
      const d = sharedServer();
      new command.remote.Command("quiet-bob", { connection: { host: d.ipv4, user: "ops", privateKey: "k" }, create: "sudo systemctl disable --now openclaw-verify-bob.timer" }, { dependsOn: [d.gateways[1].gateway.maintenance.command] });
    });
    expect(messages(v, "step-payloads-readable")).toContain("openclaw-verify-bob.timer turns a protection off");
  });
});
