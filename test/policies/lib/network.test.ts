import { describe, expect, it } from "vitest";
import { addressCount, cidrWithin, isLoopbackAddress, portRange, sourcesTooWide } from "../../../policies/lib/network";

describe("address counts and the source limit", () => {
  it("counts overlapping CIDRs once, per family", () => {
    expect(addressCount(["10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24"]).ipv4).toBe(2n ** 24n + 256n);
    expect(addressCount(["0.0.0.0/1", "128.0.0.0/1"]).ipv4).toBe(2n ** 32n);
    expect(addressCount(["2001:db8::/32", "2001:db8:1::/48"]).ipv6).toBe(2n ** 96n);
    expect(addressCount(["nonsense"]).unparsable).toEqual(["nonsense"]);
  });

  it("allows at most a /8 of IPv4 and a /32 of IPv6 together, by default", () => {
    expect(sourcesTooWide(["10.0.0.0/8", "2001:db8::/32"])).toBeUndefined();
    expect(sourcesTooWide(["10.0.0.0/8", "11.0.0.0/32"])).toContain("more than a /8");
    expect(sourcesTooWide(["10.0.0.0/7"])).toContain("2^25 addresses (a /7)");
    expect(sourcesTooWide(["2001::/31"])).toContain("more than a /32");
    expect(sourcesTooWide(["0.0.0.0/0"], { ipv4Prefix: 0, ipv6Prefix: 0 })).toBeUndefined();
  });

  it("fails closed on what it cannot read", () => {
    expect(sourcesTooWide(["10.0.0.0/33"])).toContain("cannot be read");
    expect(sourcesTooWide(["any"])).toContain("cannot be read");
  });

  it("knows loopback and containment", () => {
    for (const a of ["127.0.0.1", "127.0.0.53", "[::1]", "::1", "127.0.0.53%lo"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ["0.0.0.0", "[::]", "10.99.0.10", "*"]) expect(isLoopbackAddress(a), a).toBe(false);
    expect(cidrWithin("198.51.100.7/32", "198.51.100.0/24")).toBe(true);
    expect(cidrWithin("198.51.0.0/16", "198.51.100.0/24")).toBe(false);
  });

  it("reads Hetzner's port field, failing closed on nonsense", () => {
    expect(portRange("22")).toEqual([22, 22]);
    expect(portRange("8000-9000")).toEqual([8000, 9000]);
    expect(portRange("any")).toEqual([1, 65535]);
    expect(portRange("22,80")).toEqual([1, 65535]);
    expect(portRange(undefined)).toBeUndefined();
  });
});
