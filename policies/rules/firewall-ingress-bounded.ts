import { describePaths, describeSegment, portSegments } from "../lib/ingress";
import { DEFAULT_SOURCE_LIMIT, sourcesTooWide } from "../lib/network";
import { configOf, StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

const defaults = { ipv4SourceLimitPrefix: DEFAULT_SOURCE_LIMIT.ipv4Prefix, ipv6SourceLimitPrefix: DEFAULT_SOURCE_LIMIT.ipv6Prefix };

export const firewallIngressBounded: StackRule = {
  name: "firewall-ingress-bounded",
  description:
    "For every server and port, the sources of all rules that reach it (every firewall however attached, load balancer services, private networks) together cover at most a /8 of IPv4 and a /32 of IPv6 (configurable).",
  why: "Scanners find an open port within minutes; splitting 0.0.0.0/0 into pieces, or adding a second firewall by label, opens it just the same.",
  remediationSteps:
    "List your own CIDRs in sshAllowedCidrs and remove extra firewalls, attachments and load balancer services; SSH from wider sources is the accepted risk ssh-from-wide-sources.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ipv4SourceLimitPrefix: { type: "integer", minimum: 0, maximum: 32, default: 8, description: "At most as many IPv4 sources as one /N (8: a /8)." },
      ipv6SourceLimitPrefix: { type: "integer", minimum: 0, maximum: 128, default: 32, description: "At most as many IPv6 sources as one /N." },
    },
  },
  validateStack: async (args, report) => {
    const cfg = configOf(args, defaults);
    const limit = { ipv4Prefix: cfg.ipv4SourceLimitPrefix, ipv6Prefix: cfg.ipv6SourceLimitPrefix };
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const sshAccepted = server.acceptedRisks.some((r) => r.id === "ssh-from-wide-sources");
      for (const segment of portSegments(server)) {
        const wide = sourcesTooWide(segment.sources, limit);
        if (!wide) continue;
        const onlySsh = segment.protocol === "tcp" && segment.ports?.[0] === segment.ports?.[1] && segment.ports?.[0] === server.hostFirewallSshPort;
        if (onlySsh && sshAccepted) continue; // reported by accepted-risks
        const widest = segment.paths.find((p) => sourcesTooWide(p.sources, limit)) ?? segment.paths[segment.paths.length - 1];
        report(`server '${server.resource.name}' ${describeSegment(segment)}: ${wide}, through ${describePaths(segment.paths)}`, widest.resource.urn);
      }
    }
  },
};
