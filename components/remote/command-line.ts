// Builds the command line a remote step runs: the shared helpers plus the step's script, executed
// by bash as root through sudo, with the step's inputs as OC_* environment variables. Pure: the
// same inputs give the same string, which is also what `triggers` hash.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const SCRIPT_DIR = path.join(__dirname, "..", "..", "scripts", "remote");

export function readScript(name: string): string {
  return readFileSync(path.join(SCRIPT_DIR, name), "utf8");
}

/** Single-quotes a word for POSIX sh. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** File contents travel base64 so no quoting or newline can change what arrives. */
export function base64(content: string): string {
  return Buffer.from(content, "utf8").toString("base64");
}

export interface StepCommand {
  /** The command line for @pulumi/command's `create`. */
  command: string;
  /** A digest of everything the step depends on; goes in `triggers`. */
  digest: string;
}

/**
 * `script` is a file under scripts/remote; `env` its inputs (plain values only: a step's command
 * line is never secret, secrets go on stdin).
 */
export function renderStepCommand(step: string, script: string, env: Record<string, string>): StepCommand {
  for (const key of Object.keys(env)) {
    if (!/^OC_[A-Z0-9_]+$/.test(key)) throw new Error(`step ${step}: input name ${key} must match OC_[A-Z0-9_]+`);
  }
  const body = `${readScript("lib.sh")}\n# ---- ${script} ----\n${readScript(script)}`;
  const assignments = Object.keys(env)
    .sort()
    .map((k) => `${k}=${shellQuote(env[k])}`);
  const command = ["sudo", "/usr/bin/env", `OC_STEP=${step}`, ...assignments, "/bin/bash", "-c", shellQuote(body), `openclaw-hetzner-${step}`].join(" ");
  return { command, digest: createHash("sha256").update(command).digest("hex") };
}
