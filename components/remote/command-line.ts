// Builds the command line a remote step runs, from the step catalogue (policies/lib/catalogue.ts):
// the shared helpers, the step's bundles and its script, executed by bash as root through sudo,
// with the step's declared inputs as OC_* environment variables. Pure: the same inputs give the
// same string, which is also what `triggers` hash.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { bundleVariable, commandDigest, inputProblems, scriptMarker, stepCommandLine, StepName, STEPS, StepSpec } from "../../policies/lib/catalogue";

const ROOT = path.join(__dirname, "..", "..");
const SCRIPT_DIR = path.join(ROOT, "scripts", "remote");
const BUNDLE_DIR = path.join(ROOT, "policies", "lib");

export function readScript(name: string): string {
  return readFileSync(path.join(SCRIPT_DIR, name), "utf8");
}

/** File contents travel base64 so no quoting or newline can change what arrives. */
export function base64(content: string): string {
  return Buffer.from(content, "utf8").toString("base64");
}

const ONBOX_DIR = path.join(ROOT, "scripts", "onbox");

/** A bundled file as a shell variable holding its text (a quoted heredoc: no expansion inside). */
function bundle(file: string, dir = BUNDLE_DIR): string {
  const text = readFileSync(path.join(dir, file), "utf8");
  const end = "OC_BUNDLE_END";
  if (text.split("\n").includes(end)) throw new Error(`bundle ${file} contains the line ${end}`);
  return `${bundleVariable(file)}="$(cat <<'${end}'\n${text.replace(/\n$/, "")}\n${end}\n)"\n`;
}

/** What bash runs for a step: the helpers, the step's bundles, then its script after a marker line. */
export function stepBody(step: StepName): string {
  const spec: StepSpec = STEPS[step];
  const bundles = [...(spec.bundles ?? []).map((f) => bundle(f)), ...(spec.onbox ?? []).map((f) => bundle(f, ONBOX_DIR))];
  return `${readScript("lib.sh")}\n${bundles.join("")}${scriptMarker(spec.script)}\n${readScript(spec.script)}`;
}

export interface StepCommand {
  /** The command line for @pulumi/command's `create`. */
  command: string;
  /** A digest of the command line; goes in `triggers` (and in the deploy gate's). */
  digest: string;
}

/** `inputs`: the step's declared inputs (plain values only: secrets go on stdin). */
export function renderStepCommand(step: StepName, inputs: Record<string, string>): StepCommand {
  const problems = inputProblems(step, inputs);
  if (problems.length > 0) throw new Error(`step ${step}: ${problems.join("; ")}`);
  const command = stepCommandLine(step, stepBody(step), inputs);
  return { command, digest: commandDigest(command) };
}
