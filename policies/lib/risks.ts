import { RISK_SUPPRESSIONS, SUPPRESSIONS_FLAG } from "./openclaw-config-check";

// Loosenings of the hardened baseline that a stack may take only by naming them, with a reason, in
// `acceptedRisks`. The settings schema refuses a loosening whose risk is not accepted (and an
// accepted risk that is not taken); the program ships the list to each server's deploy gate, where
// the pack reads it: each accepted risk is reported as advisory, and a loosened property whose risk
// is not accepted stays a mandatory violation.

export interface RiskDefinition {
  id: string;
  /** What the loosening is, in the words a reviewer reads in the PR. */
  loosens: string;
}

export const RISKS = [
  { id: "unattended-upgrades-off", loosens: "security updates are not installed automatically (unattendedUpgrades: false)" },
  { id: "protection-off", loosens: "the server can be deleted or rebuilt by one API call (protection: false)" },
  { id: "backups-off", loosens: "no Hetzner backups of the server (backups: false)" },
  { id: "tool-deny-reduced", loosens: "toolDeny lacks entries of the baseline deny list, so the agent gets more tools" },
  { id: "control-ui", loosens: "the Control UI is served on the loopback gateway (a browser surface, reached through the SSH tunnel)" },
  { id: "group-chats", loosens: "the bot answers in allowlisted group chats (several people share one agent)" },
  { id: "ssh-from-wide-sources", loosens: "SSH is reachable from more than a /8 of IPv4 or a /32 of IPv6" },
  { id: "sandbox-network", loosens: "the agent sandbox has network access (commands the agent runs can reach the internet)" },
  { id: "sandbox-host-mounts", loosens: "host paths are mounted into the agent sandbox (the agent reads or writes them)" },
] as const satisfies readonly RiskDefinition[];

export type RiskId = (typeof RISKS)[number]["id"];
export const RISK_IDS = RISKS.map((r) => r.id) as [RiskId, ...RiskId[]];

export interface AcceptedRisk {
  id: RiskId;
  reason: string;
}

/** The shortest reason that says something. */
export const MIN_REASON_LENGTH = 20;

/**
 * The audit findings the accepted risks allow suppressing (openclaw-config-check.js holds the map,
 * since the gate applies it on the server). OpenClaw flags any configured suppression with a finding
 * of its own, accepted together with them.
 */
export function allowedSuppressions(accepted: readonly string[]): string[] {
  const ids = accepted.flatMap((r) => RISK_SUPPRESSIONS[r] ?? []);
  return ids.length > 0 ? [...ids, SUPPRESSIONS_FLAG] : [];
}

/**
 * Reads an accepted-risks list shipped as JSON (the gate's input). Malformed entries make the whole
 * list unreadable: nothing is accepted then.
 */
export function parseAcceptedRisks(json: unknown): { risks: AcceptedRisk[]; problem?: string } {
  let value: unknown = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch {
      return { risks: [], problem: "the accepted-risks list is not JSON" };
    }
  }
  if (!Array.isArray(value)) return { risks: [], problem: "the accepted-risks list is not a list" };
  for (const r of value) {
    if (!r || typeof r !== "object" || !(RISK_IDS as readonly string[]).includes((r as AcceptedRisk).id)) {
      return { risks: [], problem: `unknown accepted risk ${JSON.stringify((r as AcceptedRisk)?.id ?? r).slice(0, 60)}` };
    }
    if (typeof (r as AcceptedRisk).reason !== "string" || (r as AcceptedRisk).reason.trim().length < MIN_REASON_LENGTH) {
      return { risks: [], problem: `accepted risk '${(r as AcceptedRisk).id}' has no reason of ${MIN_REASON_LENGTH}+ characters` };
    }
  }
  return { risks: value as AcceptedRisk[] };
}
