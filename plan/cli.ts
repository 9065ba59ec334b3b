// `npm run plan -- [--program DIR] [--config FILE] [--policy-config FILE] [--preview] [--json]`
// Runs a Pulumi program under the SDK's mocks with a stack config file, lists what it would
// create, and evaluates the policy pack on it, the same code path as `pulumi preview --policy-pack`
// without a cloud account or the Pulumi CLI.
// Exit: 0 no mandatory violation; 1 mandatory violation(s); 2 invalid config, bad usage or the
// program failed. Never prints a secret value: only types, names, URNs, keys and rule messages.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { rules } from "../policies/rules";
import { readStackFile } from "../settings/stack-file";
import { analyze, PolicyConfig, Violation } from "./analyze";
import { CapturedResource, runMocked, runProgram } from "./capture";

const ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run plan -- [--program DIR] [--config FILE] [--policy-config FILE] [--preview] [--json]";

interface Args {
  program: string;
  config: string;
  policyConfig?: string;
  preview: boolean;
  json: boolean;
}

interface Report {
  resources: { type: string; name: string; urn: string }[];
  violations: Violation[];
  configErrors: { key: string; message: string }[];
  error?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { program: ROOT, config: path.join(ROOT, "Pulumi.dev.yaml.example"), preview: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return path.resolve(v);
    };
    if (flag === "--program") args.program = value();
    else if (flag === "--config") args.config = value();
    else if (flag === "--policy-config") args.policyConfig = value();
    else if (flag === "--preview") args.preview = true;
    else if (flag === "--json") args.json = true;
    else throw new UsageError(`unknown argument ${flag}`);
  }
  return args;
}

/** Keys a stack holds as secrets: declared so in Pulumi.yaml, or named like one. */
const SECRET_NAME = /(token|password|secret|privatekey|apikeys?)$/i;

function loadProject(dir: string) {
  const file = path.join(dir, "Pulumi.yaml");
  if (!existsSync(file)) throw new UsageError(`${dir} is not a Pulumi project (no Pulumi.yaml)`);
  const project = parse(readFileSync(file, "utf8")) as { name: string; main?: string; config?: Record<string, { secret?: boolean }> };
  const declaredSecret = Object.entries(project.config ?? {})
    .filter(([, d]) => d && typeof d === "object" && d.secret)
    .map(([k]) => k);
  return { name: project.name, main: path.resolve(dir, project.main ?? "index.ts"), declaredSecret };
}

function stackName(configFile: string): string {
  return path.basename(configFile).match(/^Pulumi\.([^.]+)\.yaml/)?.[1] ?? "dev";
}

export async function plan(args: Args): Promise<{ report: Report; exitCode: number }> {
  const report: Report = { resources: [], violations: [], configErrors: [] };
  const project = loadProject(args.program);
  if (!existsSync(args.config)) throw new UsageError(`no config file ${args.config}`);
  const escDir = [path.join(path.dirname(args.config), "esc"), path.join(args.program, "esc"), path.join(ROOT, "esc")].find(existsSync) ?? ROOT;
  const stack = readStackFile(args.config, escDir);
  const secretKeys = Object.keys(stack.config).filter((k) => {
    const name = k.split(":").pop() ?? k;
    return stack.secretKeys.includes(k) || (k.startsWith(`${project.name}:`) && project.declaredSecret.includes(name)) || SECRET_NAME.test(name);
  });
  const policyConfig: PolicyConfig = args.policyConfig ? JSON.parse(readFileSync(args.policyConfig, "utf8")) : {};

  let resources: CapturedResource[];
  try {
    const run = await runMocked({
      config: stack.config,
      secretKeys,
      preview: args.preview,
      project: project.name,
      stack: stackName(args.config),
      program: () => runProgram(project.main),
    });
    resources = run.resources;
  } catch (e) {
    const err = e as { name?: string; problems?: { key: string; message: string }[]; message?: string };
    if (err?.name === "SettingsError" && Array.isArray(err.problems)) {
      report.configErrors = err.problems;
      return { report, exitCode: 2 };
    }
    report.error = `the program failed: ${err?.message?.split("\n")[0] ?? String(e)}`;
    return { report, exitCode: 2 };
  }
  report.resources = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn }));
  report.violations = await analyze(resources, rules, {
    packName: "openclaw-hetzner",
    packVersion: JSON.parse(readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")).version,
    config: policyConfig,
  });
  const mandatory = report.violations.some((v) => v.enforcementLevel === "mandatory");
  return { report, exitCode: mandatory ? 1 : 0 };
}

function printHuman(report: Report, exitCode: number) {
  const out: string[] = [];
  if (report.configErrors.length > 0) {
    out.push(`Invalid stack config (${report.configErrors.length}):`);
    for (const e of report.configErrors) out.push(`  - ${e.key}: ${e.message}`);
  }
  if (report.error) out.push(report.error);
  if (report.resources.length > 0) {
    out.push(`Resources (${report.resources.length}):`);
    for (const r of report.resources) out.push(`  ${r.type}  ${r.name}`);
  }
  if (exitCode !== 2) {
    out.push(report.violations.length === 0 ? "Policy violations: none" : `Policy violations (${report.violations.length}):`);
    for (const v of report.violations) {
      out.push(`  [${v.enforcementLevel}] ${v.policy}  ${v.urn ? v.urn.split("::").pop() : "(stack)"}`);
      for (const line of v.message.split("\n")) out.push(`      ${line}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

async function main() {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  // A program may fail inside an apply, after its module loaded: still exit 2, cleanly.
  process.on("unhandledRejection", (e) => {
    const message = `the program failed: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
    if (args.json) process.stdout.write(`${JSON.stringify({ resources: [], violations: [], configErrors: [], error: message })}\n`);
    else process.stderr.write(`${message}\n`);
    process.exit(2);
  });
  try {
    const { report, exitCode } = await plan(args);
    if (args.json) {
      const { error, ...rest } = report;
      process.stdout.write(`${JSON.stringify(error ? { ...rest, error } : rest)}\n`);
    } else printHuman(report, exitCode);
    process.exit(exitCode);
  } catch (e) {
    process.stderr.write(`${e instanceof UsageError ? `${e.message}\n${USAGE}` : `plan failed: ${(e as Error).message}`}\n`);
    process.exit(2);
  }
}

void main();
