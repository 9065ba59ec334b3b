// The real deployment passes the whole pack, in update and in preview.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../policies/rules";
import { deployment, violationsOf } from "./harness";

describe("the pack on the real deployment", () => {
  it("finds nothing with the example settings", async () => {
    expect(await violationsOf(() => deployment())).toEqual([]);
  });

  it("finds nothing with every option on", async () => {
    const v = await violationsOf(() =>
      deployment({
        controlUi: true,
        sshPort: 2222,
        image: "ubuntu-24.04",
        channels: { telegram: { dmPolicy: "allowlist", allowFrom: ["1"], groups: ["-100123"], groupAllowFrom: ["1"] } },
        acceptedRisks: [
          { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" },
          { id: "group-chats", reason: "the ops group talks to the bot, mention required" },
        ],
      }),
    );
    expect(v.filter((x) => x.enforcementLevel === "mandatory")).toEqual([]);
    expect(v.map((x) => x.policy)).toEqual(["accepted-risks-listed", "accepted-risks-listed"]);
  });

  it("judges fully during preview: unknown server outputs neither fail the deployment nor turn a rule advisory", async () => {
    const v = await violationsOf(() => deployment(), { preview: true });
    expect(v).toEqual([]);
  });

  it("ships an example pack config (policies/config.json) that names real rules and their real options, at their defaults", () => {
    const config = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "policies", "config.json"), "utf8")) as Record<string, Record<string, unknown>>;
    for (const [name, options] of Object.entries(config)) {
      const rule = rules.find((r) => r.name === name);
      expect(rule, name).toBeDefined();
      const schema = (rule!.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
      for (const [key, value] of Object.entries(options)) expect(value, `${name}.${key}`).toEqual(schema[key]?.default);
    }
    expect(Object.keys(config).sort()).toEqual(rules.filter((r) => r.configSchema).map((r) => r.name).sort());
  });

  it("gives every rule its metadata, mandatory by default", () => {
    for (const r of rules) {
      expect(r.name).toMatch(/^[a-z0-9-]+$/);
      expect(r.description.length, r.name).toBeGreaterThan(20);
      expect(r.why.length, r.name).toBeGreaterThan(20);
      expect(r.remediationSteps.length, r.name).toBeGreaterThan(10);
      expect(["low", "medium", "high", "critical"]).toContain(r.severity);
      expect(r.enforcementLevel).toBe(r.name === "accepted-risks-listed" ? "advisory" : "mandatory");
    }
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });
});
