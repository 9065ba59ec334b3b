// CIDR and port arithmetic for firewall rules (IPv4 and IPv6). Shared by the settings schema
// (sshAllowedCidrs) and the pack, so both measure "how much of the internet" the same way.

interface Net {
  v6: boolean;
  base: bigint;
  prefix: number;
}

function parseIp(ip: string): { v6: boolean; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split(".").map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n) };
  }
  if (!ip.includes(":")) return undefined;
  const [head, tail, extra] = ip.split("::");
  if (extra !== undefined) return undefined;
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

export function parseCidr(cidr: string): Net | undefined {
  if (typeof cidr !== "string") return undefined;
  const [ip, prefixText, extra] = cidr.trim().split("/");
  if (extra !== undefined) return undefined;
  const addr = parseIp(ip);
  if (!addr) return undefined;
  const bits = addr.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  return { v6: addr.v6, base: addr.value & mask(bits, prefix), prefix };
}

function mask(bits: number, prefix: number): bigint {
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

/** 0.0.0.0/0 and ::/0, and anything unparsable (fail closed). */
export function isWorld(cidr: string): boolean {
  const net = parseCidr(cidr);
  return !net || net.prefix === 0;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.v6 !== b.v6 || a.prefix < b.prefix) return false;
  return (a.base & mask(a.v6 ? 128 : 32, b.prefix)) === b.base;
}

/** 127.0.0.0/8, ::1 and the IPv4-mapped loopback. */
export function isLoopbackAddress(ip: string): boolean {
  const stripped = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  return cidrWithin(stripped, "127.0.0.0/8") || stripped === "::1" || cidrWithin(stripped, "::ffff:127.0.0.0/104");
}

/** How many addresses a set of CIDRs covers together (overlaps counted once), per family. */
export function addressCount(cidrs: readonly string[]): { ipv4: bigint; ipv6: bigint; unparsable: string[] } {
  const intervals: Record<"v4" | "v6", [bigint, bigint][]> = { v4: [], v6: [] };
  const unparsable: string[] = [];
  for (const c of cidrs) {
    const net = parseCidr(c);
    if (!net) {
      unparsable.push(String(c));
      continue;
    }
    const bits = net.v6 ? 128 : 32;
    intervals[net.v6 ? "v6" : "v4"].push([net.base, net.base + (1n << BigInt(bits - net.prefix)) - 1n]);
  }
  return { ipv4: mergedSize(intervals.v4), ipv6: mergedSize(intervals.v6), unparsable };
}

function mergedSize(intervals: [bigint, bigint][]): bigint {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let total = 0n;
  let current: [bigint, bigint] | undefined;
  for (const [lo, hi] of sorted) {
    if (current && lo <= current[1] + 1n) {
      if (hi > current[1]) current[1] = hi;
      continue;
    }
    if (current) total += current[1] - current[0] + 1n;
    current = [lo, hi];
  }
  if (current) total += current[1] - current[0] + 1n;
  return total;
}

/** The widest source set allowed, as prefix lengths: at most as many addresses as one /N. */
export interface SourceLimit {
  ipv4Prefix: number;
  ipv6Prefix: number;
}

/** Default: at most a /8 of IPv4 and a /32 of IPv6 (together, across every rule that reaches a port). */
export const DEFAULT_SOURCE_LIMIT: SourceLimit = { ipv4Prefix: 8, ipv6Prefix: 32 };

/**
 * Why a set of sources is too wide for `limit`, or undefined when it is not. Unparsable entries
 * count as the whole internet (fail closed). Used by the settings schema for sshAllowedCidrs and by
 * the pack for the union of every rule that reaches a server's port.
 */
export function sourcesTooWide(cidrs: readonly string[], limit: SourceLimit = DEFAULT_SOURCE_LIMIT): string | undefined {
  const { ipv4, ipv6, unparsable } = addressCount(cidrs);
  if (unparsable.length > 0) return `${unparsable.length} source(s) cannot be read as a CIDR (counted as the whole internet)`;
  const problems: string[] = [];
  if (ipv4 > 1n << BigInt(32 - limit.ipv4Prefix)) problems.push(`IPv4 sources cover ${describeSize(ipv4, 32)}, more than a /${limit.ipv4Prefix}`);
  if (ipv6 > 1n << BigInt(128 - limit.ipv6Prefix)) problems.push(`IPv6 sources cover ${describeSize(ipv6, 128)}, more than a /${limit.ipv6Prefix}`);
  return problems.length > 0 ? problems.join("; ") : undefined;
}

/** "2^24 addresses (a /8)", or the exact count when small. */
function describeSize(count: bigint, bits: number): string {
  const log2 = count.toString(2).length - 1;
  const exactPower = count === 1n << BigInt(log2);
  const equivalent = exactPower ? ` (a /${bits - log2})` : "";
  return count <= 65536n ? `${count} addresses${equivalent}` : `${exactPower ? "" : "about "}2^${log2} addresses${equivalent}`;
}

/** Hetzner's port field: "22", "8000-9000", "any", or absent (protocols without ports). */
export function portRange(port: string | number | undefined): [number, number] | undefined {
  if (port === undefined || port === null || port === "") return undefined;
  const text = String(port).trim();
  if (text === "any") return [1, 65535];
  const m = text.match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return [1, 65535]; // unparsable: assume everything (fail closed)
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

export function portCovers(port: string | number | undefined, wanted: number): boolean {
  const range = portRange(port);
  return range !== undefined && range[0] <= wanted && wanted <= range[1];
}

export function hasPorts(protocol: string): boolean {
  return protocol === "tcp" || protocol === "udp";
}
