import { describe, expect, it } from "vitest";
import { by, deployment, firewall, hcloud, messages, server, violationsOf } from "./harness";

const RULE = "firewall-ingress-bounded";
const LB_ALLOWED = {
  "resource-types-understood": {
    allowedResourceTypes: ["loadBalancer", "loadBalancerService", "loadBalancerTarget"].map((t) => ({
      type: `hcloud:index/${t}:${t[0].toUpperCase()}${t.slice(1)}`,
      reason: "listed to test the exposure rules",
    })),
  },
};

describe(RULE, () => {
  it("passes the real deployment (SSH from a /24 and a /48, ICMP from anywhere)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a port open to the world at creation, and 'any' from a wide range", async () => {
    const v = await violationsOf(() => server({}, firewall([{ protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0", "::/0"] }])));
    expect(messages(v, RULE)).toMatch(/server 'srv' tcp 22: IPv4 sources cover 2\^32 addresses \(a \/0\), more than a \/8; IPv6 sources cover/);
    const any = await violationsOf(() => server({}, firewall([{ protocol: "udp", port: "any", sourceIps: ["0.0.0.0/4"] }])));
    expect(messages(any, RULE)).toContain("udp 1-65535");
  });

  it("refuses sources that together cover the internet, though none is /0", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      const fw = firewall([{ protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/1", "128.0.0.0/1"] }], "halves");
      new hcloud.FirewallAttachment("halves-attach", { firewallId: fw.id.apply(Number), serverIds: [d.server.server.id.apply(Number)] });
    });
    expect(messages(v, RULE)).toMatch(/tcp 22: IPv4 sources cover 2\^32 addresses \(a \/0\), more than a \/8, through firewall 'openclaw-firewall' rule 0 \(tcp 22\), firewall 'halves' rule 0/);
  });

  it("refuses a union across firewalls that only together is too wide (IPv6)", async () => {
    const v = await violationsOf(() => {
      const d = deployment();
      const fw = firewall([{ protocol: "tcp", port: "20-30", sourceIps: ["2001::/17", "2001:8000::/17"] }], "wide6");
      new hcloud.FirewallAttachment("wide6-attach", { firewallId: fw.id.apply(Number), labelSelectors: ["managed-by=openclaw-hetzner"] });
      void d;
    });
    expect(messages(v, RULE)).toMatch(/tcp 22: IPv6 sources cover/);
  });

  it("refuses a range just wider than /8, and follows a configured limit", async () => {
    const program = () => {
      const d = deployment();
      new hcloud.Firewall("wider", { rules: [{ direction: "in", protocol: "udp", port: "51820", sourceIps: ["10.0.0.0/7"] }], applyTos: [{ server: d.server.server.id.apply(Number) }] });
    };
    expect(messages(await violationsOf(program), RULE)).toContain("udp 51820: IPv4 sources cover 2^25 addresses (a /7)");
    expect(by(await violationsOf(program, { config: { [RULE]: { ipv4SourceLimitPrefix: 7 } } }), RULE)).toEqual([]);
  });

  it("counts an attachment to an id unknown at preview as reaching every server", async () => {
    const v = await violationsOf(
      () => {
        deployment();
        const other = new hcloud.Server("other-box", { serverType: "cx23", image: "debian-13" });
        const fw = firewall([{ protocol: "tcp", port: "any", sourceIps: ["0.0.0.0/0"] }], "for-other");
        new hcloud.FirewallAttachment("for-other-attach", { firewallId: fw.id.apply(Number), serverIds: [other.id.apply(Number)] });
      },
      { preview: true },
    );
    // by dependency it reaches only 'other-box'; our server is not reported for it
    expect(messages(v, RULE)).toContain("server 'other-box'");
    expect(messages(v, RULE)).not.toContain("server 'openclaw'");
    const literal = await violationsOf(() => {
      deployment();
      const fw = firewall([{ protocol: "tcp", port: "any", sourceIps: ["0.0.0.0/0"] }], "by-literal-id");
      new hcloud.FirewallAttachment("literal-attach", { firewallId: fw.id.apply(Number), serverIds: [4242] });
    });
    expect(messages(literal, RULE)).toContain("server 'openclaw'");
  });

  it("counts a load balancer service as the whole internet on its destination port", async () => {
    const v = await violationsOf(
      () => {
        const d = deployment();
        const lb = new hcloud.LoadBalancer("lb", { loadBalancerType: "lb11", location: "fsn1" });
        new hcloud.LoadBalancerTarget("lb-target", { loadBalancerId: lb.id.apply(Number), type: "server", serverId: d.server.server.id.apply(Number) });
        new hcloud.LoadBalancerService("lb-https", { loadBalancerId: lb.id, protocol: "tcp", listenPort: 443, destinationPort: 8443 });
      },
      { config: LB_ALLOWED },
    );
    expect(messages(v, RULE)).toContain("tcp 8443");
    expect(by(v, RULE)[0].urn).toContain("lb-https");
  });

  it("lets SSH from wider sources pass only as the accepted risk (reported as advisory)", async () => {
    const v = await violationsOf(() =>
      deployment({ sshAllowedCidrs: ["0.0.0.0/0", "::/0"], acceptedRisks: [{ id: "ssh-from-wide-sources", reason: "operators on the road; keys only and fail2ban" }] }),
    );
    expect(by(v, RULE)).toEqual([]);
    expect(by(v, "accepted-risks-listed")[0]).toMatchObject({ enforcementLevel: "advisory" });
  });
});
