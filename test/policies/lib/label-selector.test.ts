import { describe, expect, it } from "vitest";
import { parseLabelSelector, selectorMayMatch } from "../../../policies/lib/label-selector";

const labels = { "managed-by": "openclaw-hetzner", stack: "dev", role: "gateway" };

describe("Hetzner label selectors", () => {
  it.each([
    ["managed-by=openclaw-hetzner", true],
    ["managed-by==openclaw-hetzner,stack=dev", true],
    ["stack!=prod", true],
    ["role in (gateway, db)", true],
    ["role notin (gateway)", false],
    ["stack=prod", false],
    ["team", false],
    ["!team", true],
    ["role", true],
  ])("%s -> %s", (selector, match) => {
    expect(selectorMayMatch(selector, labels)).toBe(match);
  });

  it("counts what it cannot read as matching (fail closed)", () => {
    expect(parseLabelSelector("role in gateway")).toBeUndefined();
    expect(selectorMayMatch("role in gateway", labels)).toBe(true);
    expect(selectorMayMatch("stack=prod", undefined)).toBe(true); // labels unknown at preview
    expect(selectorMayMatch(42, labels)).toBe(true);
  });
});
