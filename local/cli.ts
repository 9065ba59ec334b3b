// `npm run local:up [-- --suite trixie|bookworm] [--config FILE] [--json]` and `npm run local:down`.
// --config deploys that stack file (the form of Pulumi.dev.yaml.example, e.g. examples/sandboxed.yaml)
// instead of the example; its image picks the suite unless --suite says so. On a stand-in that is
// already up, `up` applies the stack as `pulumi up` would: only the steps whose inputs changed run.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT } from "../plan/capture";
import { bootStandin, readSecrets, readState, renderStandin, RUN, STATE_FILE, StandinState, standinScript, Suite, suiteForImage, target, writeState } from "./standin";
import { changedSteps, GraphRun, runGraph, StepResult } from "./steps";

async function up(suite: Suite, json: boolean, stackFile?: string) {
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const { states, bootSeconds } = await bootStandin(suite, log, stackFile);
  // A fleet's servers provision side by side, as `pulumi up` runs independent resources; a shared
  // server's gateways are one server (its steps, the first gateway's state).
  const servers = states.filter((st, n) => states.findIndex((other) => other.host === st.host) === n);
  const runs = await Promise.all(
    servers.map(async (state) => {
      const say = (line: string) => log(state.sharedWith ? `[${state.host}] ${line}` : state.gateway ? `[${state.gateway}] ${line}` : line);
      say(`running ${state.steps.length} remote steps over SSH on ${state.host}, each as soon as what it depends on is done`);
      const run = await runGraph(target(state), state.steps, say);
      // Kept (0600, removed by down) so the checks can prove no step printed a secret.
      writeFileSync(state.firstRunFile, JSON.stringify(run.results), { mode: 0o600 });
      say(`provisioned in ${run.seconds.toFixed(0)} s (critical path: ${run.criticalPath.join(" -> ")})`);
      return run;
    }),
  );
  log(`boot ${bootSeconds.toFixed(0)} s, provision ${Math.max(...runs.map((r) => r.seconds)).toFixed(0)} s`);
  const state = states[0];
  const info = { host: state.host, sshPort: state.sshPort, adminUser: state.adminUser, sshKey: state.sshKey, outsideNamespace: state.outsideNamespace, ...(state.fleet ? { gateways: Object.fromEntries(states.map((st) => [st.gateway, st.host])) } : {}) };
  if (json) process.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    log(`\nThe stand-in is up. From the operator namespace:`);
    for (const st of servers) {
      log(`  ${st.sharedWith ? `${[st.gateway, ...st.sharedWith].join(", ")}: ` : st.gateway ? `${st.gateway}: ` : ""}ip netns exec ${st.operatorNamespace} ssh -i ${st.sshKey} -p ${st.sshPort} ${st.adminUser}@${st.host}`);
    }
    log(`  ip netns exec ${state.operatorNamespace} ssh -i ${state.sshKey} -N -L 18789:127.0.0.1:18789 ${state.adminUser}@${state.host}`);
    log(`As from the internet: ip netns exec ${state.outsideNamespace} …   Remove it: npm run local:down`);
  }
}

/** Whether a stand-in is up: its state recorded and its systemd-nspawn alive. */
function standinUp(): boolean {
  if (!existsSync(STATE_FILE)) return false;
  try {
    process.kill(Number(readFileSync(path.join(RUN, "nspawn.pid"), "utf8").trim()), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The stand-in is up: render the stack again and run what changed, as `pulumi up` on a deployed
 * stack. The state records each step as it last ran successfully, so a failed or cut run is
 * completed by the next `up`.
 */
async function apply(state: StandinState, suite: Suite, json: boolean, stackFile: string | undefined) {
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  if (state.fleet) usage(`the stand-in runs a fleet (${state.fleet.join(", ")}); applying changes to it is not built yet: npm run local:down, then local:up again`);
  if (suite !== state.suite) usage(`the stand-in runs ${state.suite}; run npm run local:down first to deploy on ${suite}`);
  const file = stackFile ?? state.stackFile;
  const rendered = await renderStandin(state.suite, {}, file);
  if (rendered.gateway) usage(`${file} is a fleet (gateways); the stand-in runs one gateway: npm run local:down, then local:up with it`);
  const deployed = new Map(state.steps.map((st) => [st.urn, st]));
  const toRun = changedSteps(state.steps, rendered.steps);
  const gone = state.steps.filter((st) => !rendered.steps.some((w) => w.urn === st.urn)).map((st) => st.name);
  log(`the stand-in is up (${state.suite}); ${path.relative(process.cwd(), file) || file}: ${toRun.length} of ${rendered.steps.length} steps changed${toRun.length ? `: ${toRun.map((st) => st.name).join(", ")}` : ""}`);
  if (gone.length) log(`no longer in the stack: ${gone.join(", ")} (their changes stay on the server, as with pulumi up: the steps have no delete command)`);
  let run: GraphRun | undefined;
  let error: unknown;
  try {
    run = await runGraph(target(state), toRun, log);
  } catch (e) {
    error = e;
  }
  const results: StepResult[] = run?.results ?? (error as { results?: StepResult[] }).results ?? [];
  const succeeded = new Set(results.filter((r) => r.exitCode === 0).map((r) => r.name));
  // A changed step that did not succeed keeps its deployed version (or stays out, if new).
  const steps = rendered.steps.flatMap((st) => (!toRun.includes(st) || succeeded.has(st.name) ? [st] : deployed.has(st.urn) ? [deployed.get(st.urn)!] : []));
  const secrets = [...new Set([...readSecrets(state), ...rendered.secretValues])];
  writeState({ ...state, steps, agentAccess: rendered.settings.agentAccess, stackFile: file }, secrets);
  writeFileSync(path.join(RUN, "last-apply.json"), JSON.stringify(results), { mode: 0o600 });
  if (error) throw error;
  log(`applied in ${(run?.seconds ?? 0).toFixed(0)} s`);
  if (json) process.stdout.write(`${JSON.stringify({ ran: results.map((r) => r.name) })}\n`);
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
  if (cmd !== "up") usage("local/cli.ts up [--suite trixie|bookworm] [--config FILE] [--json] | down");
  const flag = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] ?? usage(`${name} needs a value`) : undefined);
  const stackFile = flag("--config");
  if (stackFile !== undefined && !existsSync(stackFile)) usage(`no config file ${stackFile}`);
  const fileSuite = stackFile === undefined ? "trixie" : suiteOfStackFile(stackFile);
  const suite = (flag("--suite") ?? fileSuite) as Suite;
  if (!["trixie", "bookworm"].includes(suite)) usage("--suite is trixie or bookworm");
  // --suite picks the stand-in's Debian whatever the file's image (the stand-in sets image as it sets the network).
  if (stackFile !== undefined && suite !== fileSuite) process.stderr.write(`local:up: ${stackFile} names ${fileSuite === "bookworm" ? "debian-12" : "debian-13"}; deploying it on ${suite} (--suite)\n`);
  try {
    // On a stand-in that is up, its suite stands unless --suite asks for another (the stand-in sets image).
    if (standinUp()) {
      const state = readState();
      await apply(state, (flag("--suite") as Suite | undefined) ?? state.suite, rest.includes("--json"), stackFile && path.resolve(stackFile));
    } else await up(suite, rest.includes("--json"), stackFile && path.resolve(stackFile));
  } catch (e) {
    process.stderr.write(`local:up failed: ${(e as Error).message}\n`);
    // runGraph attaches the results so far; the failed step is the last one.
    const failed = (e as { results?: StepResult[] }).results?.at(-1);
    if (failed) process.stderr.write(`output of ${failed.name}:\n${failed.stderr}${failed.stdout}\n`);
    process.exit(1);
  }
}

function usage(message: string): never {
  process.stderr.write(`local:up: ${message}\n`);
  process.exit(2);
}

/** The suite a stack file's image runs on; a file the stand-in cannot deploy is refused here. */
function suiteOfStackFile(file: string): Suite {
  let image: unknown;
  try {
    image = (parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config?.[`${PROJECT}:image`];
  } catch (e) {
    usage(`${file} is not YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const suite = suiteForImage(typeof image === "string" ? image : undefined);
  if (!suite) usage(`${file} sets image ${String(image)}; the stand-in runs debian-13 (trixie) or debian-12 (bookworm)`);
  return suite;
}

void main();
