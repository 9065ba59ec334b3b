// Locates the real tools the tests run (installed by .ci/run or the toolchain scripts).
import { execFileSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export function toolchain(script: string, ...args: string[]): string {
  return execFileSync("bash", [path.join(ROOT, "scripts", "toolchain", script), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

export function which(cmd: string): string {
  return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim();
}
