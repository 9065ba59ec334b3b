// Per-port unions of the ingress paths that reach a server: the rules of every firewall (however
// attached) and load balancer service that covers a port, taken together, as Hetzner applies them.
import type { IngressPath, ServerModel } from "./stack-model";

export interface PortSegment {
  protocol: IngressPath["protocol"];
  /** Inclusive port range over which the same paths apply (undefined for esp/gre). */
  ports?: [number, number];
  paths: IngressPath[];
  sources: string[];
}

/**
 * Splits each protocol's port space at every path boundary, so each segment is covered by the same
 * set of paths. ICMP is left out (no ports; path MTU discovery needs it from anywhere).
 */
export function portSegments(server: ServerModel): PortSegment[] {
  const out: PortSegment[] = [];
  for (const protocol of ["tcp", "udp"] as const) {
    const paths = server.paths.filter((p) => p.protocol === protocol && p.ports);
    const cuts = new Set<number>();
    for (const p of paths) {
      cuts.add(p.ports![0]);
      cuts.add(p.ports![1] + 1);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const range: [number, number] = [points[i], points[i + 1] - 1];
      const covering = paths.filter((p) => p.ports![0] <= range[0] && range[1] <= p.ports![1]);
      if (covering.length > 0) out.push({ protocol, ports: range, paths: covering, sources: covering.flatMap((p) => p.sources) });
    }
  }
  for (const protocol of ["esp", "gre"] as const) {
    const paths = server.paths.filter((p) => p.protocol === protocol);
    if (paths.length > 0) out.push({ protocol, paths, sources: paths.flatMap((p) => p.sources) });
  }
  return out;
}

export function describeSegment(s: PortSegment): string {
  if (!s.ports) return s.protocol;
  return `${s.protocol} ${s.ports[0] === s.ports[1] ? s.ports[0] : `${s.ports[0]}-${s.ports[1]}`}`;
}

/** "firewall 'a' rule 0 (tcp 22), firewall 'b' rule 1 (tcp 1-65535)" */
export function describePaths(paths: IngressPath[]): string {
  return [...new Set(paths.map((p) => p.via))].join(", ");
}
