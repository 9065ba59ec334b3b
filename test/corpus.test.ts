// The public corpus (test/corpus/): evasion programs, insecure and secure stack configs, each run
// through the real `npm run plan` and held to the expectations in test/corpus/cases.ts. An evasion
// that passes the pack, an insecure config that is accepted and a secure one that is refused all
// fail here by name. README.md's table is generated from the same list and checked for drift
// (UPDATE_CORPUS_README=1 rewrites it).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, type ExpectStatic, it } from "vitest";
import { rules } from "../policies/rules";
import { Case, CASES, ConfigCase, configFile, GLOBAL_SECRETS, label, planArgs, ProgramCase, readmeTable } from "./corpus/cases";
import { ROOT } from "./harness/tools";

const CORPUS = path.join(ROOT, "test", "corpus");
/** Plan runs at once: each is one CPU-bound Node process of ~2 s; this machine kind has 2 cores. */
const CONCURRENCY = Number(process.env.CORPUS_CONCURRENCY ?? 2);
const TIMEOUT = 180_000;

interface Violation {
  policy: string;
  enforcementLevel: string;
  urn: string;
  message: string;
}

interface PlanResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  json?: { resources: { type: string; name: string; urn: string }[]; violations: Violation[]; configErrors: { key: string; message: string }[]; error?: string };
}

/** At most CONCURRENCY plans at a time, whatever vitest schedules. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function plan(args: string[]): Promise<PlanResult> {
  return slot(
    () =>
      new Promise((resolve) => {
        execFile("npm", ["run", "-s", "plan", "--", ...args], { cwd: ROOT, timeout: 150_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          const exitCode = err ? Number((err as { code?: number }).code ?? 99) : 0;
          let json;
          try {
            json = JSON.parse(stdout);
          } catch {
            json = undefined;
          }
          resolve({ exitCode, stdout, stderr, json });
        });
      }),
  );
}

const mandatory = (r: PlanResult) => (r.json?.violations ?? []).filter((v) => v.enforcementLevel === "mandatory");
const show = (vs: Violation[]) => vs.map((v) => `  [${v.policy}] ${v.urn.split("::").pop()}: ${v.message.split("\n")[0]}`).join("\n") || "  (none)";

function names(v: Violation, offender: string): boolean {
  return v.urn.endsWith(`::${offender}`) || v.message.includes(`'${offender}'`);
}

/** Where a secret shows up in a plan's output, without repeating it. */
function leakSite(r: PlanResult, secret: string): string | undefined {
  if (r.json) {
    for (const [i, e] of r.json.configErrors.entries()) if (e.message.includes(secret) || e.key.includes(secret)) return `configErrors[${i}] (${e.key})`;
    for (const v of r.json.violations) if (v.message.includes(secret) || v.urn.includes(secret)) return `a ${v.policy} violation`;
    if (r.json.error?.includes(secret)) return "the error";
  }
  if (r.stdout.includes(secret)) return "stdout";
  if (r.stderr.includes(secret)) return "stderr";
  return undefined;
}

/** Soft: a leak is reported next to whatever else the case gets wrong. */
function expectNoLeak(expect: ExpectStatic, c: Case, r: PlanResult) {
  const secrets = [...GLOBAL_SECRETS, ...(c.secrets ?? [])];
  for (const [i, secret] of secrets.entries()) {
    const site = leakSite(r, secret);
    const which = secret === "LEAKCHECK" ? "a value marked LEAKCHECK" : i < GLOBAL_SECRETS.length ? `secret ${i} of the example ESC environment` : `secrets[${i - GLOBAL_SECRETS.length}] of the case`;
    expect.soft(site, `${label(c)} prints ${which} in ${site}`).toBeUndefined();
  }
}

function context(r: PlanResult): string {
  const errors = (r.json?.configErrors ?? []).map((e) => `  ${e.key}: ${e.message}`).join("\n") || "  (none)";
  return `exit ${r.exitCode}\nmandatory violations:\n${show(mandatory(r))}\nconfig errors:\n${errors}${r.json?.error ? `\nerror: ${r.json.error}` : ""}${r.json ? "" : `\nstderr: ${r.stderr.slice(0, 500)}`}`;
}

async function checkEvasion(expect: ExpectStatic, c: ProgramCase) {
  const r = await plan(planArgs(c));
  const refusing = mandatory(r).filter((v) => c.rules!.includes(v.policy) && names(v, c.offender!));
  expectNoLeak(expect, c, r);
  expect(r.exitCode, `${label(c)} must be refused (exit 1)\n${context(r)}`).toBe(1);
  expect(mandatory(r).length, `${label(c)}: no mandatory violation\n${context(r)}`).toBeGreaterThan(0);
  expect(refusing.length, `${label(c)}: no mandatory violation of ${c.rules!.join(" / ")} names '${c.offender}'\n${context(r)}`).toBeGreaterThan(0);
}

async function checkPasses(expect: ExpectStatic, c: Case) {
  const r = await plan(planArgs(c));
  expectNoLeak(expect, c, r);
  expect(r.exitCode, `${label(c)} must pass (exit 0)\n${context(r)}`).toBe(0);
  expect(mandatory(r), `${label(c)}\n${context(r)}`).toEqual([]);
  expect(r.json!.configErrors).toEqual([]);
}

async function checkInsecure(expect: ExpectStatic, c: ConfigCase) {
  const r = await plan(planArgs(c));
  expectNoLeak(expect, c, r);
  expect(r.exitCode, `${label(c)} must be refused as invalid config (exit 2)\n${context(r)}`).toBe(2);
  expect(r.json?.configErrors.map((e) => e.key) ?? [], `${label(c)} must name ${c.key}\n${context(r)}`).toContain(c.key);
  expect(r.json!.resources).toEqual([]);
}

const byKind = (kind: Case["kind"]) => CASES.filter((c) => c.kind === kind);

// Concurrent tests must use their own `expect` (soft assertions and failures land on the right test).
const check: Record<Case["kind"], (expect: ExpectStatic, c: Case) => Promise<void>> = {
  evasion: (expect, c) => checkEvasion(expect, c as ProgramCase),
  control: checkPasses,
  limit: checkPasses,
  insecure: (expect, c) => checkInsecure(expect, c as ConfigCase),
  secure: checkPasses,
};

// One concurrent suite, so plans of every kind share the slots (no idle tail between kinds).
describe.concurrent("corpus: evasions refused (exit 1), insecure configs named (exit 2), controls and secure configs pass (exit 0)", () => {
  it.for(CASES.map((c) => ({ ...c, title: label(c) })))("$kind $title", { timeout: TIMEOUT }, (c, { expect }) => check[c.kind](expect, c));
});

describe("corpus: the list, the files and the README agree", () => {
  it("holds at least 30 evasions, 25 insecure and 10 secure configs, each label once", () => {
    const labels = CASES.map(label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(byKind("evasion").map((c) => c.name)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(byKind("insecure").map((c) => c.name)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(byKind("secure").map((c) => c.name)).size).toBeGreaterThanOrEqual(10);
  });

  it("has a case for every program and config file, and a file for every case", () => {
    const programs = readdirSync(path.join(CORPUS, "programs")).filter((d) => !d.startsWith("_"));
    const caseNames = new Set(CASES.filter((c) => c.kind === "evasion" || c.kind === "control" || c.kind === "limit").map((c) => c.name));
    expect(programs.filter((p) => !caseNames.has(p)), "programs without a case").toEqual([]);
    for (const kind of ["insecure", "secure"] as const) {
      const files = readdirSync(path.join(CORPUS, "configs", kind)).map((f) => f.replace(/^Pulumi\.|\.yaml$/g, ""));
      const names = new Set(byKind(kind).map((c) => c.name));
      expect(files.filter((f) => !names.has(f)), `${kind} configs without a case`).toEqual([]);
    }
    for (const c of CASES) {
      const files = c.kind === "evasion" || c.kind === "control" || c.kind === "limit" ? [`test/corpus/programs/${c.name}/index.ts`, c.config, c.policyConfig] : [configFile(c as ConfigCase), c.policyConfig];
      for (const f of files.filter((x): x is string => !!x)) expect(existsSync(path.join(ROOT, f)), `${label(c)}: ${f}`).toBe(true);
    }
  });

  it("describes every program and names real rules", () => {
    const known = new Set(rules.map((r) => r.name));
    for (const c of CASES.filter((x): x is ProgramCase => x.kind === "evasion" || x.kind === "control" || x.kind === "limit")) {
      const dir = path.join(CORPUS, "programs", c.name);
      const project = parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
      expect(project, c.name).toMatchObject({ name: "openclaw-hetzner", runtime: "nodejs", main: "index.ts" });
      const source = readFileSync(path.join(dir, "index.ts"), "utf8");
      expect(source.startsWith("//"), `${c.name}/index.ts starts with a comment`).toBe(true);
      if (c.kind === "limit") expect(c.why, `${c.name}: why the pack cannot see it`).toBeTruthy();
      if (c.kind === "evasion" || c.kind === "limit") {
        expect(source, `${c.name}/index.ts says what it tries and why it is insecure`).toMatch(/^\/\/ Tries:[\s\S]*?^\/\/ Insecure:/m);
      }
      if (c.kind === "evasion") {
        expect(c.offender && c.rules && c.rules.length > 0, c.name).toBeTruthy();
        expect(c.rules!.filter((r) => !known.has(r) && !r.startsWith("proposed:")), `${c.name}: unknown rules`).toEqual([]);
      }
    }
  });

  it("README.md's table is generated from cases.ts", () => {
    const file = path.join(CORPUS, "README.md");
    const [start, end] = ["<!-- corpus-cases:start (generated from cases.ts) -->", "<!-- corpus-cases:end -->"];
    const text = readFileSync(file, "utf8");
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    expect(from >= 0 && to > from, "README.md keeps the corpus-cases markers").toBe(true);
    const wanted = `${text.slice(0, from + start.length)}\n${readmeTable()}\n${text.slice(to)}`;
    if (process.env.UPDATE_CORPUS_README === "1") writeFileSync(file, wanted);
    expect(readFileSync(file, "utf8"), "README.md drifted from cases.ts: UPDATE_CORPUS_README=1 rewrites its table").toBe(wanted);
  });
});
