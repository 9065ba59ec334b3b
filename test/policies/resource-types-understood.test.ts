import { describe, expect, it } from "vitest";
import { by, command, deployment, hcloud, messages, violationsOf } from "./harness";

const RULE = "resource-types-understood";
const LB_TYPES = [
  "hcloud:index/loadBalancer:LoadBalancer",
  "hcloud:index/loadBalancerService:LoadBalancerService",
  "hcloud:index/loadBalancerTarget:LoadBalancerTarget",
].map((type) => ({ type, reason: "public web front for the docs site" }));

describe(RULE, () => {
  it("passes the real deployment (components, the generated token, hcloud and command resources)", async () => {
    expect(by(await violationsOf(() => deployment({ gatewayToken: undefined })), RULE)).toEqual([]);
  });

  it("refuses a load balancer, naming it and that it can expose a server", async () => {
    const v = await violationsOf(() => {
      deployment();
      new hcloud.LoadBalancer("lb", { loadBalancerType: "lb11", location: "fsn1" });
    });
    expect(messages(v, RULE)).toMatch(/resource 'lb' is of type hcloud:index\/loadBalancer:LoadBalancer.*can expose a server/);
    expect(by(v, RULE)[0].urn).toContain("::lb");
  });

  it("refuses any type the pack does not know (a volume, a local command's cousin)", async () => {
    const v = await violationsOf(() => {
      deployment();
      new hcloud.Volume("data", { size: 10, location: "fsn1" });
    });
    expect(messages(v, RULE)).toContain("resource 'data' is of type hcloud:index/volume:Volume");
  });

  it("accepts a type listed in allowedResourceTypes with a reason, and only with a reason", async () => {
    const program = () => {
      deployment();
      new hcloud.LoadBalancer("lb", { loadBalancerType: "lb11", location: "fsn1" });
    };
    expect(by(await violationsOf(program, { config: { [RULE]: { allowedResourceTypes: LB_TYPES } } }), RULE)).toEqual([]);
    const noReason = LB_TYPES.map((t) => ({ ...t, reason: "" }));
    expect(by(await violationsOf(program, { config: { [RULE]: { allowedResourceTypes: noReason } } }), RULE)).toHaveLength(1);
  });

  it("understands local commands (judged by the step rules)", async () => {
    const v = await violationsOf(() => {
      deployment();
      new command.local.Command("lint", { create: "echo ok" });
    });
    expect(by(v, RULE)).toEqual([]);
  });
});
