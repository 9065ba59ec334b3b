// `npm run local:up [-- --suite trixie|bookworm] [--json]` and `npm run local:down`.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { NET, renderStandin, ROOT, RUN, StandinState, Suite, target, writeState } from "./standin";
import { runSteps } from "./steps";

const script = (name: string) => path.join(ROOT, "scripts", "standin", name);

async function up(suite: Suite, json: boolean) {
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const started = Date.now();
  const rendered = await renderStandin(suite);
  execFileSync("bash", [script("node-mirror.sh"), rendered.settings.nodeVersion], { stdio: ["ignore", "ignore", "inherit"] });
  const userData = path.join(RUN, "user-data");
  writeFileSync(userData, rendered.userData);
  log(`booting the stand-in (${suite}) with the program's user data`);
  execFileSync("bash", [script("standin.sh"), "up", suite, userData, rendered.settings.serverName], { stdio: ["ignore", "ignore", "inherit"] });
  const booted = Date.now();
  const state: StandinState = {
    suite,
    host: NET.vps,
    sshPort: rendered.settings.sshPort,
    adminUser: rendered.settings.adminUser,
    sshKey: rendered.deployKey,
    operatorKey: rendered.operatorKey,
    operatorNamespace: NET.operatorNamespace,
    outsideNamespace: NET.outsideNamespace,
    secretsFile: path.join(RUN, "secrets.json"),
    steps: rendered.steps,
    stepsFile: path.join(RUN, "steps.json"),
    settingsOverrides: {},
  };
  writeState(state, rendered.secretValues);
  log(`running ${rendered.steps.length} remote steps over SSH`);
  const results = await runSteps(target(state), rendered.steps, log);
  // Kept (0600, removed by down) so the checks can prove no step printed a secret.
  writeFileSync(path.join(RUN, "first-run.json"), JSON.stringify(results), { mode: 0o600 });
  const done = Date.now();
  log(`boot ${((booted - started) / 1000).toFixed(0)} s, provision ${((done - booted) / 1000).toFixed(0)} s`);
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
    execFileSync("bash", [script("standin.sh"), "down"], { stdio: "inherit" });
    return;
  }
  if (cmd !== "up") throw new Error("usage: local/cli.ts up [--suite trixie|bookworm] [--json] | down");
  const suite = (rest.includes("--suite") ? rest[rest.indexOf("--suite") + 1] : "trixie") as Suite;
  if (!["trixie", "bookworm"].includes(suite)) throw new Error("--suite is trixie or bookworm");
  try {
    await up(suite, rest.includes("--json"));
  } catch (e) {
    process.stderr.write(`local:up failed: ${(e as Error).message}\n`);
    for (const r of ((e as { results?: { name: string; stderr: string; stdout: string }[] }).results ?? []).slice(-1)) {
      const step = (e as { results: unknown[] }).results.length;
      process.stderr.write(`last step output (${r.name}, step ${step}):\n${r.stderr}${r.stdout}\n`);
    }
    process.exit(1);
  }
}

void main();
