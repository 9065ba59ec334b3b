// README's config reference and Pulumi.yaml are generated from the schema; this fails when either
// drifts. UPDATE_CONFIG_DOCS=1 (npm run docs:config) rewrites them instead.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { configRows, README_END, README_START, renderPulumiYaml, renderReadmeTable } from "../settings/reference";
import { ROOT } from "./harness/tools";

const update = process.env.UPDATE_CONFIG_DOCS === "1";

describe("config reference", () => {
  it("README's table is the schema's", () => {
    const file = path.join(ROOT, "README.md");
    const readme = readFileSync(file, "utf8");
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    expect(start, "README has the config reference markers").toBeGreaterThanOrEqual(0);
    const current = readme.slice(start, end + README_END.length);
    if (update) writeFileSync(file, readme.replace(current, renderReadmeTable()));
    else expect(current).toBe(renderReadmeTable());
  });

  it("Pulumi.yaml is the schema's", () => {
    const file = path.join(ROOT, "Pulumi.yaml");
    if (update) writeFileSync(file, renderPulumiYaml());
    expect(readFileSync(file, "utf8")).toBe(renderPulumiYaml());
  });

  it("documents every key, and Pulumi.yaml types agree with the schema", () => {
    const rows = configRows();
    expect(rows.every((r) => r.description.length > 10)).toBe(true);
    const project = parse(renderPulumiYaml());
    expect(project.runtime).toMatchObject({ name: "nodejs", options: { typescript: true } });
    for (const [key, decl] of Object.entries(project.config as Record<string, { type: string; secret?: boolean }>)) {
      const row = rows.find((r) => r.key === key)!;
      expect(row, key).toBeDefined();
      expect(Boolean(decl.secret)).toBe(row.secret);
    }
    expect(project.config.gatewayToken).toMatchObject({ type: "string", secret: true });
    expect(project.config.sshPort).toMatchObject({ type: "integer", default: 22 });
  });
});
