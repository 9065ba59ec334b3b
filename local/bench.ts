// `npm run bench:local [-- --suite trixie|bookworm] [--config FILE] [--runs N] [--json]`: how long provisioning
// takes on a fresh stand-in, against a floor, and how long an idempotent re-run takes. Prints
// figures; asserts nothing (not a timed test). Without --suite it measures Debian 13 and Debian 12
// in one run; each suite is measured --runs times (default 3) and reported as medians. --config
// provisions that stack file instead of the example (examples/sandboxed.yaml: what the agent
// sandbox adds); the floor stays the same work.
//   cold:  booted base -> verified gateway: every remote step of the program, run as the engine
//          runs them (each as soon as what it depends on is done), wall clock
//   floor: the same apt packages, the pending security fixes (the distribution's security suite
//          added as the deployment adds it), Node.js extract + OpenClaw install, alone, one after
//          the other, on a fresh stand-in: the work no deployment can skip
//   rerun: every step again on the provisioned stand-in, the same way (wall clock)
// --json prints one line per suite: {suite, bootSeconds, coldSeconds, floorSeconds, ratio,
// rerunSeconds, steps: {name: seconds}, criticalPath: [names], samples}; the human report goes to
// stderr.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import versions from "../versions.json";
import { renderSecuritySources } from "../components/host/os-hardening";
import { shellQuote } from "../policies/lib/shell";
import { bootStandin, CACHE, ROOT, standinScript, Suite, target } from "./standin";
import { runGraph, runStep, ssh, StepResult } from "./steps";

const down = () => execFileSync("bash", [standinScript("standin.sh"), "down"], { stdio: ["ignore", "ignore", "inherit"] });
const round = (x: number) => Number(x.toFixed(1));

/** The packages the host-packages step installs (read from it), as one plain apt run. */
function floorPackages(): string {
  const script = readFileSync(path.join(ROOT, "scripts", "remote", "host-packages.sh"), "utf8");
  const list = script.match(/^packages="([a-z0-9.+\- ]+)"$/m)?.[1];
  if (!list) throw new Error("scripts/remote/host-packages.sh has no packages=\"…\" line");
  return list;
}

async function floor(suite: Suite): Promise<number> {
  const { state } = await bootStandin(suite);
  const t = target(state);
  const node = `node-v${versions.node}-linux-x64`;
  const security = renderSecuritySources(suite === "trixie" ? "debian-13" : "debian-12");
  const work = [
    `printf '%s' ${shellQuote(security)} | sudo tee /etc/apt/sources.list.d/floor-security.list >/dev/null`,
    // The packages and the pending security fixes in one apt run, as host-packages does.
    `sudo apt-get -q update >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends ${floorPackages()} $(apt-get -s upgrade | sed -n 's/^Inst \\([^ ]*\\) .*[Ss]ecurity.*/\\1/p') >/dev/null`,
    `curl -fsS http://127.0.0.1:8080/v${versions.node}/${node}.tar.gz | sudo tar -xz -C /opt`,
    `sudo env PATH=/opt/${node}/bin:/usr/bin:/bin HOME=/root npm install --global --prefix /opt/floor --no-fund --no-audit --no-update-notifier --loglevel=error openclaw@${versions.openclaw} >/dev/null`,
  ];
  // Not timed: first boot finishing (sshd restarts once on its drop-in, cloud-init runs apt), as
  // the deployment's own first step waits for it, dialling again while sshd is not up.
  const waited = await runStep(t, state.steps.find((s) => s.name === "wait-for-boot")!);
  if (waited.exitCode !== 0) throw new Error(`floor: first boot did not finish: ${waited.stderr}`);
  const started = Date.now();
  for (const cmd of work) {
    const r = await ssh(t, state.adminUser, state.sshPort, cmd);
    if (r.exitCode !== 0) throw new Error(`floor step failed: ${cmd}: ${r.stderr}`);
  }
  return (Date.now() - started) / 1000;
}

export interface BenchFigures {
  suite: Suite;
  /** The stack file provisioned, relative to the project. */
  config: string;
  bootSeconds: number;
  coldSeconds: number;
  floorSeconds: number;
  ratio: number;
  rerunSeconds: number;
  steps: Record<string, number>;
  criticalPath: string[];
  /** Every measurement: the figures above are medians (the steps and path: the median cold run's). */
  samples: { coldSeconds: number[]; floorSeconds: number[] };
}

const timeline = (results: StepResult[]) =>
  [...results]
    .sort((a, b) => a.startedAt! - b.startedAt!)
    .map((r) => `    ${r.name.padEnd(18)} ${r.startedAt!.toFixed(1).padStart(5)} -> ${r.endedAt!.toFixed(1).padStart(5)} s  (${r.seconds.toFixed(1)} s)`)
    .join("\n");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** One cold provision on a fresh stand-in, then the idempotent re-run on it. */
async function coldRun(suite: Suite, stackFile?: string) {
  down();
  const { state, bootSeconds } = await bootStandin(suite, () => {}, stackFile);
  const cold = await runGraph(target(state), state.steps);
  const rerun = await runGraph(target(state), state.steps);
  down();
  return { state, bootSeconds, cold, rerun };
}

// The OpenClaw install fetches hundreds of packages from the npm registry over the internet: its
// time varies from run to run by more than the deployment's own overhead. Each run measures the
// floor and then a cold provision (so a slow spell of the network weighs on both), and the figures
// are the medians of the runs.
async function benchSuite(suite: Suite, runs: number, report: (text: string) => void, stackFile?: string): Promise<BenchFigures> {
  const floors: number[] = [];
  const colds: Awaited<ReturnType<typeof coldRun>>[] = [];
  for (let i = 0; i < runs; i++) {
    down();
    floors.push(await floor(suite));
    colds.push(await coldRun(suite, stackFile));
  }
  const coldSeconds = median(colds.map((c) => c.cold.seconds));
  const { state, bootSeconds, cold, rerun } = colds.find((c) => c.cold.seconds === coldSeconds)!;
  const floorSeconds = median(floors);
  const figures: BenchFigures = {
    suite,
    config: path.relative(ROOT, stackFile ?? path.join(ROOT, "Pulumi.dev.yaml.example")),
    bootSeconds: round(bootSeconds),
    coldSeconds: round(coldSeconds),
    floorSeconds: round(floorSeconds),
    ratio: Number((coldSeconds / floorSeconds).toFixed(2)),
    rerunSeconds: round(median(colds.map((c) => c.rerun.seconds))),
    steps: Object.fromEntries(state.steps.map((s) => [s.name, round(cold.results.find((r) => r.name === s.name)!.seconds)])),
    criticalPath: cold.criticalPath,
    samples: { coldSeconds: colds.map((c) => round(c.cold.seconds)), floorSeconds: floors.map(round) },
  };
  writeFileSync(path.join(CACHE, `bench-${suite}${stackFile ? `-${path.basename(stackFile, path.extname(stackFile))}` : ""}.json`), JSON.stringify({ ...figures, rerunSteps: Object.fromEntries(rerun.results.map((r) => [r.name, round(r.seconds)])) }, null, 2));
  report(`stand-in benchmark (${suite}, ${figures.config}), median of ${runs} run(s)
  boot to SSH banner              ${figures.bootSeconds} s
  cold provision (wall clock)     ${figures.coldSeconds} s   (runs: ${figures.samples.coldSeconds.join(", ")})
  floor (packages+node+openclaw)  ${figures.floorSeconds} s   (runs: ${figures.samples.floorSeconds.join(", ")})
  cold / floor                    ${figures.ratio}
  idempotent re-run (wall clock)  ${figures.rerunSeconds} s
  critical path                   ${figures.criticalPath.join(" -> ")}
  cold steps of the median run (start -> end):
${timeline(cold.results)}
`);
  return figures;
}

async function main() {
  // A new server has no npm cache: the stand-ins measured here get none either (standin.sh).
  process.env.OC_STANDIN_NPM_CACHE = "cold";
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const named = args.includes("--suite") ? args[args.indexOf("--suite") + 1] : args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs" && args[i - 1] !== "--config");
  const stackFile = args.includes("--config") ? path.resolve(args[args.indexOf("--config") + 1] ?? "") : undefined;
  const suites = (named ? [named] : ["trixie", "bookworm"]) as Suite[];
  const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs is a whole number of runs, 1 or more, not '${args[args.indexOf("--runs") + 1]}'`);
  for (const s of suites) if (!["trixie", "bookworm"].includes(s)) throw new Error(`--suite is trixie or bookworm, not '${s}'`);
  const report = (text: string) => (json ? process.stderr : process.stdout).write(text);
  try {
    for (const suite of suites) {
      const figures = await benchSuite(suite, runs, report, stackFile);
      if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    }
  } finally {
    down();
  }
}

main().catch((e) => {
  process.stderr.write(`bench:local failed: ${(e as Error).message}\n`);
  process.exit(1);
});
