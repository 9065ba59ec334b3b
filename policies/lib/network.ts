// CIDR and port arithmetic for firewall rules (IPv4 and IPv6).

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
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

export function parseCidr(cidr: string): Net | undefined {
  const [ip, prefixText] = cidr.split("/");
  const addr = parseIp(ip);
  if (!addr) return undefined;
  const bits = addr.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { v6: addr.v6, base: addr.value & mask, prefix };
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
  const bits = a.v6 ? 128 : 32;
  const mask = b.prefix === 0 ? 0n : ((1n << BigInt(b.prefix)) - 1n) << BigInt(bits - b.prefix);
  return (a.base & mask) === b.base;
}

/** Hetzner's port field: "22", "8000-9000", "any", or absent (protocols without ports). */
export function portRange(port: string | undefined): [number, number] | undefined {
  if (port === undefined || port === "") return undefined;
  if (port === "any") return [1, 65535];
  const m = port.match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return [1, 65535]; // unparsable: assume everything (fail closed)
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

export function portCovers(port: string | undefined, wanted: number): boolean {
  const range = portRange(port);
  return range !== undefined && range[0] <= wanted && wanted <= range[1];
}

export function hasPorts(protocol: string): boolean {
  return protocol === "tcp" || protocol === "udp";
}
