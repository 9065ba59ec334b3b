// Hetzner label selectors (firewall `applyTo`, FirewallAttachment `labelSelectors`, load balancer
// targets): comma-separated requirements `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
// `k notin (a,b)`. A selector or a label value the pack cannot read counts as matching: the
// firewall or target may reach the server, so it is evaluated as if it does (fail closed).

type Requirement =
  | { op: "exists" | "absent"; key: string }
  | { op: "eq" | "neq"; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] };

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

const KEY = String.raw`[A-Za-z0-9][A-Za-z0-9._/-]*`;
const VALUE = String.raw`[A-Za-z0-9._-]*`;

function parseRequirement(text: string): Requirement | undefined {
  let m = text.match(new RegExp(`^(${KEY})\\s*(!=|==|=)\\s*(${VALUE})$`));
  if (m) return { op: m[2] === "!=" ? "neq" : "eq", key: m[1], value: m[3] };
  m = text.match(new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`));
  if (m) return { op: m[2] as "in" | "notin", key: m[1], values: m[3].split(",").map((v) => v.trim()) };
  m = text.match(new RegExp(`^!\\s*(${KEY})$`));
  if (m) return { op: "absent", key: m[1] };
  m = text.match(new RegExp(`^(${KEY})$`));
  if (m) return { op: "exists", key: m[1] };
  return undefined;
}

/** Parsed requirements, or undefined when the selector cannot be read. */
export function parseLabelSelector(selector: unknown): Requirement[] | undefined {
  if (typeof selector !== "string" || selector.trim() === "") return undefined;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return reqs.every((r) => r !== undefined) ? (reqs as Requirement[]) : undefined;
}

/**
 * Whether `selector` may select a resource with `labels`. `labels` undefined (unknown at preview)
 * or a selector that cannot be read: true. Label values that are not strings count as unknown.
 */
export function selectorMayMatch(selector: unknown, labels: Record<string, unknown> | undefined): boolean {
  const reqs = parseLabelSelector(selector);
  if (!reqs || labels === undefined || labels === null || typeof labels !== "object") return true;
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const raw = labels[r.key];
    if (has && typeof raw !== "string") return true; // unknown value: may match
    const value = raw as string | undefined;
    switch (r.op) {
      case "exists":
        return has;
      case "absent":
        return !has;
      case "eq":
        return value === r.value;
      case "neq":
        return value !== r.value;
      case "in":
        return value !== undefined && r.values.includes(value);
      case "notin":
        return value === undefined || !r.values.includes(value);
    }
  });
}
