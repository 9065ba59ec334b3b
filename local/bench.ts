// `npm run bench:local`: how long provisioning takes on a fresh stand-in, against a floor, and
// how long an idempotent re-run takes. Prints figures; asserts nothing (not a timed test).
//   cold:  booted base -> verified gateway (every remote step of the program)
//   floor: the same apt packages + Node.js extract + OpenClaw install, alone, on a fresh stand-in
//   rerun: every step again on the provisioned stand-in
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import versions from "../versions.json";
import { bootStandin, CACHE, standinScript, Suite, target } from "./standin";
import { runSteps, ssh } from "./steps";

const down = () => execFileSync("bash", [standinScript("standin.sh"), "down"], { stdio: "inherit" });
const sum = (xs: { seconds: number }[]) => xs.reduce((t, x) => t + x.seconds, 0);

async function floor(suite: Suite): Promise<number> {
  const { state } = await bootStandin(suite);
  const t = target(state);
  const node = `node-v${versions.node}-linux-x64`;
  const work = [
    // the packages the steps install (ufw, fail2ban + deps, unattended-upgrades, curl)
    "sudo apt-get -q update >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends ufw fail2ban python3-systemd iptables unattended-upgrades curl ca-certificates >/dev/null",
    `curl -fsS http://127.0.0.1:8080/v${versions.node}/${node}.tar.gz | sudo tar -xz -C /opt`,
    `sudo env PATH=/opt/${node}/bin:/usr/bin:/bin HOME=/root npm install --global --prefix /opt/floor --no-fund --no-audit --no-update-notifier --loglevel=error openclaw@${versions.openclaw} >/dev/null`,
  ];
  const started = Date.now();
  for (const cmd of work) {
    const r = await ssh(t, state.adminUser, state.sshPort, cmd);
    if (r.exitCode !== 0) throw new Error(`floor step failed: ${cmd}: ${r.stderr}`);
  }
  return (Date.now() - started) / 1000;
}

async function main() {
  const suite = (process.argv[2] ?? "trixie") as Suite;
  down();
  try {
    const floorSeconds = await floor(suite);
    down();
    const { state, bootSeconds } = await bootStandin(suite);
    const cold = await runSteps(target(state), state.steps);
    const rerun = await runSteps(target(state), state.steps);
    const figures = {
      suite,
      bootSeconds: Number(bootSeconds.toFixed(1)),
      coldSeconds: Number(sum(cold).toFixed(1)),
      floorSeconds: Number(floorSeconds.toFixed(1)),
      coldToFloor: Number((sum(cold) / floorSeconds).toFixed(2)),
      rerunSeconds: Number(sum(rerun).toFixed(1)),
      rerunWithoutAuditSeconds: Number(sum(rerun.filter((r) => r.name !== "audit-gateway")).toFixed(1)),
      coldSteps: Object.fromEntries(cold.map((r) => [r.name, Number(r.seconds.toFixed(1))])),
      rerunSteps: Object.fromEntries(rerun.map((r) => [r.name, Number(r.seconds.toFixed(1))])),
    };
    writeFileSync(path.join(CACHE, `bench-${suite}.json`), JSON.stringify(figures, null, 2));
    console.log(`stand-in benchmark (${suite})
  boot to SSH banner              ${figures.bootSeconds} s
  cold provision (all steps)      ${figures.coldSeconds} s
  floor (packages+node+openclaw)  ${figures.floorSeconds} s
  cold / floor                    ${figures.coldToFloor}
  idempotent re-run               ${figures.rerunSeconds} s (${figures.rerunWithoutAuditSeconds} s without the audit gate)
  per step (cold): ${Object.entries(figures.coldSteps).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  } finally {
    down();
  }
}

void main();
