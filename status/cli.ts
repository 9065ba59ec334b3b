// `npm run status -- [--local] [--json] [--stack NAME] [--gateway NAME] [--outputs FILE] [--identity FILE]`
// Reads a deployed box over SSH, as the remote steps connect, and prints its status (status/report.ts).
// Exit: 0 all well; 1 read, but something is wrong (each problem listed); 2 no status (bad usage,
// could not connect, or the box's answer did not parse). Never prints a secret: it asks the box
// for none, reads no secret output, and withholds secret-looking text from the box.
import { buildStatus, parseRemote, renderTable, Status } from "./report";
import { RunResult, runStatusScript, stackTarget, StackOptions, standinTarget, StatusTarget } from "./connect";

export const USAGE = `usage: npm run status -- [--local] [--json] [--stack NAME] [--gateway NAME] [--outputs FILE] [--identity FILE]

Connects as the deployment's remote steps do (the admin user over SSH, sudo) and reports the
gateway's health, the OpenClaw and Node.js versions, the last verification and backup, and the
on-box timers' next and last runs.

  --local          the local stand-in (npm run local:up); needs root (ip netns)
  --json           one JSON object on stdout (the shape is in README, "### Status")
  --stack NAME     the Pulumi stack (default: the selected one)
  --gateway NAME   a fleet's gateway (its name in gateways; needed when the stack or stand-in has several)
  --outputs FILE   the stack's outputs as JSON (pulumi stack output --json > FILE) instead of the CLI
  --identity FILE  the private key to log in with (default: the stack's deployPrivateKey, else your SSH agent)

Exit: 0 healthy and the last verification ok; 1 read, but something is wrong (listed);
2 no status (bad usage, no connection, unreadable answer).`;

export interface Args {
  local: boolean;
  json: boolean;
  help: boolean;
  stack?: string;
  gateway?: string;
  outputsFile?: string;
  identity?: string;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { local: false, json: false, help: false };
  const valued = { "--stack": "stack", "--gateway": "gateway", "--outputs": "outputsFile", "--identity": "identity" } as const;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--local") args.local = true;
    else if (a === "--json") args.json = true;
    else if (a === "--help" || a === "-h") args.help = true;
    else if (a in valued) {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      args[valued[a as keyof typeof valued]] = v;
    } else throw new UsageError(`unknown argument ${a}`);
  }
  const stackOnly = (["stack", "outputsFile", "identity"] as const).filter((k) => args[k] !== undefined);
  if (args.local && stackOnly.length) throw new UsageError("--local reads the stand-in's own state: --stack, --outputs and --identity are for a real stack");
  return args;
}

export interface Deps {
  target: (args: Args) => Promise<StatusTarget>;
  run: (t: StatusTarget) => Promise<RunResult>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultDeps: Deps = {
  target: async (args) => {
    if (!args.local) return stackTarget({ stack: args.stack, gateway: args.gateway, outputsFile: args.outputsFile, identity: args.identity, log: (l) => process.stderr.write(`status: ${l}\n`) } satisfies StackOptions);
    if (process.platform !== "linux" || process.getuid?.() !== 0) throw new UsageError("--local needs Linux and root (ssh runs in the stand-in's network namespace)");
    return standinTarget(args.gateway);
  },
  run: (t) => runStatusScript(t),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** The whole command; returns the exit code. */
export async function main(argv: string[], deps: Deps = defaultDeps): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    deps.err(`status: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    deps.out(`${USAGE}\n`);
    return 0;
  }
  let target: StatusTarget;
  try {
    target = await deps.target(args);
  } catch (e) {
    deps.err(`status: ${(e as Error).message}\n`);
    return 2;
  }
  let status: Status;
  try {
    const r = await deps.run(target);
    const where = `${target.user}@${target.host}:${target.port}`;
    if (r.exitCode === 255) throw new Error(`could not connect to ${where}: ${r.stderr.trim() || "ssh said nothing"}`);
    if (r.exitCode !== 0) throw new Error(`the status script failed on ${where} (exit ${r.exitCode}): ${r.stderr.trim()}`);
    status = buildStatus(target.host, parseRemote(r.stdout), target.gatewayId);
  } catch (e) {
    deps.err(`status: ${(e as Error).message}\n`);
    return 2;
  } finally {
    target.cleanup();
  }
  deps.out(args.json ? `${JSON.stringify(status, null, 2)}\n` : renderTable(status));
  return status.ok ? 0 : 1;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
