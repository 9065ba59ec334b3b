// The README's TypeScript examples ("Use it from your own program") are what a user copies: each
// must type-check, as it stands, against what the npm package exports (component/lib.ts, imported
// as "openclaw-hetzner"). A renamed argument, a missing export or a wrong type fails here.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness/tools";

const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const section = README.slice(README.indexOf("## Use it from your own program"), README.indexOf("\n## ", README.indexOf("## Use it from your own program") + 3));
const examples = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("README: use it from your own program (TypeScript)", () => {
  it("has the examples: a server per gateway, and several gateways on one server", () => {
    expect(examples.some((e) => e.includes("new OpenClawHetzner("))).toBe(true);
    expect(examples.some((e) => e.includes("new OpenClawSharedServer("))).toBe(true);
  });

  it("each example type-checks against the npm package's exports", () => {
    const files = new Map(examples.map((text, i) => [path.join(ROOT, ".cache", "readme-examples", `example-${i}.ts`), text]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      baseUrl: ROOT,
      paths: { "openclaw-hetzner": ["component/lib.ts"] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (f) => files.get(path.resolve(f)) ?? readFile(f);
    host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(path.resolve(d.file.fileName)))
      .map((d) => `${path.basename(d.file!.fileName)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  }, 120_000);
});
