// `npm run status`: what scripts/status/status.sh printed on the box, checked and turned into the
// documented status object, judged (problems), and rendered as a table. Pure: no I/O.
import { z } from "zod";
import { gatewayLayout } from "../components/openclaw/layout";
import { MAINTENANCE_TIMERS } from "../components/openclaw/maintenance";
import { findSecretLooking } from "../policies/lib/secret-patterns";

/** The timers the maintenance step installs (one list, shared with the renderer and the gate's expectations). */
export const TIMERS = MAINTENANCE_TIMERS;

const str = z.string();
const props = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, str])) as Record<K, typeof str>);

/** The box's raw facts (status.sh's one line). Strings throughout: the box has no JSON tooling. */
const Remote = z.object({
  schema: z.literal(1),
  hostname: str,
  now: str,
  gateway: z.object({ unit: str, port: z.number().int(), health: str, show: props("LoadState", "ActiveState", "SubState", "NRestarts", "ActiveEnterTimestamp") }),
  node: z.object({ path: str, version: str, installed: z.array(str) }),
  openclaw: z.object({ current: str, version: str, releases: z.array(str) }),
  verify: str.nullable(),
  backup: z.object({ file: str, mtime: str, bytes: str, count: str }).nullable(),
  timers: z.array(
    z.object({
      unit: str,
      timer: props("LoadState", "ActiveState", "NextElapseUSecRealtime", "LastTriggerUSec"),
      service: props("LoadState", "ActiveState", "Result", "ExecMainStatus", "ExecMainExitTimestamp"),
    }),
  ),
});
export type RemoteFacts = z.infer<typeof Remote>;

/** What verify.json holds (written by the on-box verification timer). */
const Verify = z.object({ time: str, ok: z.boolean(), failures: z.array(str) });

export interface TimerStatus {
  unit: string;
  installed: boolean;
  /** The timer's own state (active when it is scheduled). */
  state: string | null;
  next: string | null;
  last: string | null;
  /** The service's last run: success, failed, running, or null when it has not run yet. */
  lastResult: "success" | "failed" | "running" | null;
  /** systemd's Result of the last run when it failed (exit-code, timeout, signal, …). */
  detail: string | null;
}

/** The documented shape (README, `### Status`); fields are only ever added. */
export interface Status {
  host: string;
  hostname: string;
  /** The box's clock when it answered. */
  checkedAt: string;
  ok: boolean;
  problems: string[];
  gateway: { active: boolean; healthy: boolean; port: number; unit: string; state: string; httpStatus: number | null; since: string | null; restarts: number | null };
  openclaw: { version: string | null; current: string | null };
  node: { version: string | null; path: string | null };
  verification: { time: string; ok: boolean; failures: string[] } | null;
  backup: { time: string; file: string; bytes: number; count: number } | null;
  timers: TimerStatus[];
  releases: string[];
}

/** The JSON line status.sh printed (the last non-empty line: a login may print before it). */
export function parseRemote(stdout: string): RemoteFacts {
  const line = stdout.trim().split("\n").filter((l) => l.trim() !== "").at(-1);
  if (!line) throw new Error("the status script printed nothing");
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new Error(`the status script printed no JSON (${(e as Error).message})`);
  }
  const parsed = Remote.safeParse(raw);
  if (!parsed.success) throw new Error(`unexpected status from the box: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/**
 * A systemd timestamp as ISO 8601, or null when unset. status.sh runs systemctl with TZ=UTC, so
 * the pretty form ends in UTC; `@<seconds>` is what --timestamp=unix gives on systemd 259+.
 */
export function systemdTime(value: string): string | null {
  const v = value.trim();
  if (v === "" || v === "n/a" || v === "0") return null;
  const unix = v.match(/^@(\d+)$/);
  if (unix) return new Date(Number(unix[1]) * 1000).toISOString();
  const pretty = v.match(/^(?:[A-Z][a-z]{2} )?(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? UTC$/);
  if (pretty) return new Date(`${pretty[1]}T${pretty[2]}Z`).toISOString();
  return null;
}

/** Text from the box that is shown to the operator: anything secret-looking is withheld. */
export function redact(text: string): string {
  const found = findSecretLooking(text);
  return found.length ? `[withheld: ${found[0].kind}]` : text;
}

function timerStatus(t: RemoteFacts["timers"][number]): TimerStatus {
  const installed = t.timer.LoadState === "loaded" && t.service.LoadState === "loaded";
  const last = systemdTime(t.timer.LastTriggerUSec);
  const ran = last !== null || systemdTime(t.service.ExecMainExitTimestamp) !== null;
  const s = t.service.ActiveState;
  let lastResult: TimerStatus["lastResult"] = null;
  if (["activating", "active", "reloading", "deactivating"].includes(s)) lastResult = "running";
  else if (s === "failed" || (ran && t.service.Result !== "success")) lastResult = "failed";
  else if (ran) lastResult = "success";
  return {
    unit: t.unit,
    installed,
    state: installed ? t.timer.ActiveState || null : null,
    next: systemdTime(t.timer.NextElapseUSecRealtime),
    last,
    lastResult,
    detail: lastResult === "failed" ? t.service.Result || null : null,
  };
}

function verification(raw: string | null, problems: string[]): Status["verification"] {
  if (raw === null) return null;
  let parsed: z.infer<typeof Verify>;
  try {
    parsed = Verify.parse(JSON.parse(raw));
  } catch {
    problems.push("/var/lib/openclaw-hetzner/verify.json is not {time, ok, failures}");
    return null;
  }
  const time = Number.isNaN(Date.parse(parsed.time)) ? redact(parsed.time) : new Date(parsed.time).toISOString();
  return { time, ok: parsed.ok, failures: parsed.failures.map(redact) };
}

const int = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : null);

/** The status object from the box's facts; `host` is the address connected to. */
/** `gatewayId`: a shared server's gateway (its jobs and backups are suffixed -<id>). */
export function buildStatus(host: string, f: RemoteFacts, gatewayId?: string): Status {
  const jobs = gatewayLayout(gatewayId).jobs;
  const problems: string[] = [];
  const g = f.gateway.show;
  const httpStatus = int(f.gateway.health) || null;
  const gateway = {
    active: g.ActiveState === "active",
    healthy: httpStatus === 200,
    port: f.gateway.port,
    unit: f.gateway.unit,
    // No LoadState at all: systemctl could not ask systemd (not the box's init, or it did not answer).
    state: g.LoadState === "not-found" ? "not installed" : g.LoadState === "" ? "unknown (systemd did not answer)" : `${g.ActiveState}/${g.SubState}`,
    httpStatus,
    since: systemdTime(g.ActiveEnterTimestamp),
    restarts: int(g.NRestarts),
  };
  if (g.LoadState === "not-found") problems.push(`the gateway unit ${gateway.unit} is not installed`);
  else if (!gateway.active) problems.push(`the gateway unit ${gateway.unit} is ${gateway.state}`);
  if (!gateway.healthy) {
    problems.push(httpStatus === null ? `nothing answers on http://127.0.0.1:${gateway.port}/healthz` : `http://127.0.0.1:${gateway.port}/healthz answered ${httpStatus}`);
  }
  const openclaw = { version: f.openclaw.version || f.openclaw.current || null, current: f.openclaw.current || null };
  if (!openclaw.current) problems.push(`no OpenClaw release is current (${gatewayLayout(gatewayId).openclawHome}/current)`);
  const node = { version: f.node.version.replace(/^v/, "") || null, path: f.node.path || null };
  if (!node.version) problems.push("no Node.js runs the gateway (/opt/node-v*)");

  const timers = (gatewayId ? jobs.timers : TIMERS).map((unit) => {
    const t = f.timers.find((x) => x.unit === unit);
    return t ? timerStatus(t) : { unit, installed: false, state: null, next: null, last: null, lastResult: null, detail: null };
  });
  for (const t of timers) {
    if (!t.installed) problems.push(`${t.unit} is not installed`);
    else if (t.state !== "active") problems.push(`${t.unit} is ${t.state ?? "unknown"} (not scheduled)`);
    if (t.lastResult === "failed") problems.push(`the last run of ${t.unit.replace(/\.timer$/, ".service")} failed (${t.detail ?? "unknown"})`);
  }
  const ran = (unit: string) => timers.find((t) => t.unit === unit)?.last != null;

  const verify = verification(f.verify, problems);
  if (verify && !verify.ok) problems.push(`the last verification failed: ${verify.failures.join("; ") || "no reason given"}`);
  if (!verify && f.verify === null && ran(jobs.verifyTimer)) problems.push(`${jobs.verifyTimer} has run but no verification is recorded`);

  const backup = f.backup && {
    time: new Date(Number(f.backup.mtime) * 1000).toISOString(),
    file: f.backup.file,
    bytes: Number(f.backup.bytes),
    count: Number(f.backup.count),
  };
  if (!backup && ran(jobs.backupTimer)) problems.push(`${jobs.backupTimer} has run but ${gatewayLayout(gatewayId).backupDir} holds no backup`);

  return {
    host,
    hostname: redact(f.hostname),
    checkedAt: f.now,
    ok: problems.length === 0,
    problems,
    gateway,
    openclaw,
    node,
    verification: verify,
    backup,
    timers,
    releases: f.openclaw.releases,
  };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let i = 0;
  for (; v >= 1024 && i < units.length - 1; i++) v /= 1024;
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Rows padded into columns. */
function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd());
}

export function renderTable(s: Status): string {
  const g = s.gateway;
  const health = g.healthy ? "healthy" : g.httpStatus === null ? "not answering" : `unhealthy (HTTP ${g.httpStatus})`;
  const v = s.verification;
  const rows = [
    ["host", `${s.hostname} (${s.host}), checked ${s.checkedAt}`],
    ["gateway", `${g.unit} ${g.state}, ${health} on 127.0.0.1:${g.port}${g.since ? `, since ${g.since}` : ""}${g.restarts ? `, ${g.restarts} restarts` : ""}`],
    ["openclaw", s.openclaw.version ?? "none"],
    ["releases", s.releases.join(", ") || "none"],
    ["node", s.node.version ? `${s.node.version} (${s.node.path})` : "none"],
    ["verification", v ? `${v.time} ${v.ok ? "ok" : `FAILED: ${v.failures.join("; ")}`}` : "none yet"],
    ["backup", s.backup ? `${s.backup.time} ${s.backup.file} (${size(s.backup.bytes)}; ${s.backup.count} kept)` : "none yet"],
  ];
  const timers = [["timer", "next", "last", "last result"], ...s.timers.map((t) => (t.installed ? [t.unit, t.next ?? "-", t.last ?? "-", t.lastResult === "failed" ? `failed (${t.detail})` : (t.lastResult ?? "not run yet")] : [t.unit, "not installed", "", ""]))];
  const verdict = s.ok ? ["status: OK"] : [`status: ${s.problems.length} problem${s.problems.length === 1 ? "" : "s"}`, ...s.problems.map((p) => `  - ${p}`)];
  return [...columns(rows), "", ...columns(timers), "", ...verdict].join("\n") + "\n";
}
