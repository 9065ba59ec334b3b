// README's config reference and Pulumi.yaml are generated from the schema, README's rule table from
// the rule files; this fails when any drifts. UPDATE_DOCS=1 (npm run docs) rewrites them instead.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { configRows, README_END, README_START, renderPulumiYaml, renderReadmeTable } from "../settings/reference";
import { ROOT } from "./harness/tools";
import { renderRiskTable, renderRuleTable, RISKS_END, RISKS_START, RULES_END, RULES_START } from "../policies/reference";
import { sha256, STEP_NAMES } from "../policies/lib/catalogue";
import { stepBody } from "../components/remote/command-line";
import { HARDENING_END, HARDENING_START, renderHardeningTables } from "../components/host/hardening-reference";
import { renderMaintenanceUnits } from "../components/openclaw/maintenance";
import { gatewayLayout } from "../components/openclaw/layout";
import { GATEWAY_ID } from "../policies/lib/gateway-names";

function replaceBlock(start: string, end: string, rendered: string) {
  const file = path.join(ROOT, "README.md");
  const readme = readFileSync(file, "utf8");
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from, `README has the markers ${start}`).toBeGreaterThanOrEqual(0);
  const current = readme.slice(from, to + end.length);
  if (update) writeFileSync(file, readme.replace(current, rendered));
  else expect(current).toBe(rendered);
}

const update = process.env.UPDATE_DOCS === "1";

describe("config reference", () => {
  it("README's config table is the schema's", () => {
    replaceBlock(README_START, README_END, renderReadmeTable());
  });

  it("README's policy rule table is the rule files'", () => {
    replaceBlock(RULES_START, RULES_END, renderRuleTable());
  });

  it("README's accepted-risk table is policies/lib/risks.ts'", () => {
    replaceBlock(RISKS_START, RISKS_END, renderRiskTable());
  });

  it("README's host-hardening tables are components/host/os-hardening.ts'", () => {
    replaceBlock(HARDENING_START, HARDENING_END, renderHardeningTables());
  });

  it("the pack knows the digest of every step's current script (a script change is a reviewed pack change)", () => {
    const file = path.join(ROOT, "policies", "lib", "known-scripts.json");
    const current = `${JSON.stringify(Object.fromEntries(STEP_NAMES.map((s) => [s, sha256(stepBody(s))])), null, 2)}\n`;
    if (update) writeFileSync(file, current);
    expect(readFileSync(file, "utf8"), "scripts/remote changed: run `npm run docs` and review policies/lib/known-scripts.json").toBe(current);
  });

  it("the pack knows the exact text of every maintenance unit (a unit change is a reviewed pack change)", () => {
    const file = path.join(ROOT, "policies", "lib", "known-maintenance.json");
    const units = renderMaintenanceUnits();
    const current = `${JSON.stringify(Object.fromEntries(Object.keys(units).sort().map((n) => [n, sha256(units[n])])), null, 2)}\n`;
    if (update) writeFileSync(file, current);
    expect(readFileSync(file, "utf8"), "components/openclaw/maintenance.ts changed: run `npm run docs` and review policies/lib/known-maintenance.json").toBe(current);
  });

  it("the pack knows the exact text of every shared server gateway's maintenance unit, for any id (a unit change is a reviewed pack change)", () => {
    // The units rendered for a placeholder id, which the pack replaces with the maintenance step's
    // OC_GATEWAY_ID: a plain text substitution, so the placeholder must stand for the id and
    // nothing else. It is no gateway id (no real gateway can be called that), the server's only
    // gateway's texts never hold it, and substituting it gives, name and text, what the renderer
    // gives for ids that also occur in the units' own words.
    const placeholder = "@GATEWAY_ID@";
    expect(GATEWAY_ID.test(placeholder)).toBe(false);
    expect(JSON.stringify(renderMaintenanceUnits())).not.toContain(placeholder);
    const rendered = renderMaintenanceUnits(gatewayLayout(placeholder));
    // The units of the gateway (named after it); the server's own (the notifier) are the
    // known-maintenance.json texts for every gateway.
    const units = Object.fromEntries(Object.keys(rendered).filter((n) => n.includes(placeholder)).sort().map((n) => [n, rendered[n]]));
    for (const [name, text] of Object.entries(rendered)) if (!name.includes(placeholder)) expect(text, name).toBe(renderMaintenanceUnits()[name]);
    for (const id of ["alice", "shop-2", "a.b_c", "openclaw", "service", "verify", "backup", "daily"]) {
      const substituted = Object.fromEntries(Object.entries(rendered).map(([n, t]) => [n.split(placeholder).join(id), t.split(placeholder).join(id)]));
      expect(substituted, id).toEqual(renderMaintenanceUnits(gatewayLayout(id)));
    }
    const file = path.join(ROOT, "policies", "lib", "known-maintenance-gateway.json");
    const current = `${JSON.stringify({ placeholder, units }, null, 2)}\n`;
    if (update) writeFileSync(file, current);
    expect(readFileSync(file, "utf8"), "components/openclaw/maintenance.ts changed: run `npm run docs` and review policies/lib/known-maintenance-gateway.json").toBe(current);
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
    // Optional keys without a default cannot be declared (Pulumi would demand them): the gateway
    // token is optional now (the stack generates one), like the other secrets.
    expect(project.config.gatewayToken).toBeUndefined();
    expect(project.config.acceptedRisks).toBeUndefined(); // objects: README only
    expect(project.config.sshPort).toMatchObject({ type: "integer", default: 22 });
  });
});
