// `npm run local:up [-- --suite trixie|bookworm] [--json]` and `npm run local:down`.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { bootStandin, RUN, standinScript, Suite, target } from "./standin";
import { runGraph, StepResult } from "./steps";

async function up(suite: Suite, json: boolean) {
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const { state, bootSeconds } = await bootStandin(suite, log);
  log(`running ${state.steps.length} remote steps over SSH, each as soon as what it depends on is done`);
  const run = await runGraph(target(state), state.steps, log);
  // Kept (0600, removed by down) so the checks can prove no step printed a secret.
  writeFileSync(path.join(RUN, "first-run.json"), JSON.stringify(run.results), { mode: 0o600 });
  log(`boot ${bootSeconds.toFixed(0)} s, provision ${run.seconds.toFixed(0)} s (critical path: ${run.criticalPath.join(" -> ")})`);
  const info = { host: state.host, sshPort: state.sshPort, adminUser: state.adminUser, sshKey: state.sshKey, outsideNamespace: state.outsideNamespace };
  if (json) process.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    log(`\nThe stand-in is up. From the operator namespace:`);
    log(`  ip netns exec ${state.operatorNamespace} ssh -i ${state.sshKey} -p ${state.sshPort} ${state.adminUser}@${state.host}`);
    log(`  ip netns exec ${state.operatorNamespace} ssh -i ${state.sshKey} -N -L 18789:127.0.0.1:18789 ${state.adminUser}@${state.host}`);
    log(`As from the internet: ip netns exec ${state.outsideNamespace} …   Remove it: npm run local:down`);
  }
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  if (process.platform !== "linux" || process.getuid?.() !== 0) {
    process.stderr.write("the local stand-in needs Linux and root (network namespaces, overlayfs, systemd-nspawn)\n");
    process.exit(2);
  }
  if (cmd === "down") {
    execFileSync("bash", [standinScript("standin.sh"), "down"], { stdio: "inherit" });
    return;
  }
  if (cmd !== "up") throw new Error("usage: local/cli.ts up [--suite trixie|bookworm] [--json] | down");
  const suite = (rest.includes("--suite") ? rest[rest.indexOf("--suite") + 1] : "trixie") as Suite;
  if (!["trixie", "bookworm"].includes(suite)) throw new Error("--suite is trixie or bookworm");
  try {
    await up(suite, rest.includes("--json"));
  } catch (e) {
    process.stderr.write(`local:up failed: ${(e as Error).message}\n`);
    // runGraph attaches the results so far; the failed step is the last one.
    const failed = (e as { results?: StepResult[] }).results?.at(-1);
    if (failed) process.stderr.write(`output of ${failed.name}:\n${failed.stderr}${failed.stdout}\n`);
    process.exit(1);
  }
}

void main();
