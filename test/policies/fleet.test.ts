// The pack on a fleet: two gateways, each on its own server, are judged server by server. A clean
// fleet passes every rule; a loosening on one gateway is refused and named on its server; a
// program that points one gateway's steps at the other's server is refused.
import { describe, expect, it } from "vitest";
import { OpenClawHetzner } from "../../components/openclaw-hetzner";
import { argsFromSettings } from "../../settings/args";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { by, stepOn, violationsOf } from "./harness";
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
