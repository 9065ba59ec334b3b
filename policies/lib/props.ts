// Reading resource properties without tripping over unknowns. @pulumi/policy wraps properties in a
// proxy that throws on any value unknown at preview, which turns a whole stack rule into a single
// advisory note. The rules here must keep judging: they read the raw values and treat an unknown
// explicitly, as the rule needs (an unknown server id counts as any server, an unknown source as
// the whole internet, an unknown payload as unreadable).

/** @pulumi/policy's sentinels for values unknown at preview (one per type, all UUID strings). */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export const UNKNOWN = Symbol("unknown");

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

const SPECIAL_TARGET = "__getSpecialProxyTarget";

/**
 * The plain value behind @pulumi/policy's proxy (deeply), with every unknown replaced by UNKNOWN.
 * Works on plain objects too.
 */
export function raw(value: unknown): any {
  let v = value;
  if (v && typeof v === "object") {
    try {
      const target = (v as Record<string, unknown>)[SPECIAL_TARGET];
      if (target && typeof target === "object") v = target;
    } catch {
      // not a proxy
    }
  }
  if (isUnknown(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map(raw);
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, raw(x)]));
  }
  return v;
}

/** A string property, or UNKNOWN, or undefined when absent or of another type. */
export function str(value: unknown): string | typeof UNKNOWN | undefined {
  if (value === UNKNOWN) return UNKNOWN;
  return typeof value === "string" ? value : undefined;
}

/** Whether any unknown hides anywhere inside a value. */
export function hasUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (value && typeof value === "object") return Object.values(value).some(hasUnknown);
  return false;
}

/** Labels as a record, or undefined when unknown (a selector then may match). */
export function labelsOf(props: any): Record<string, unknown> | undefined {
  const labels = props?.labels;
  if (labels === undefined || labels === null) return {};
  if (labels === UNKNOWN || typeof labels !== "object") return undefined;
  return labels as Record<string, unknown>;
}
