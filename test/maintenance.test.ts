// The on-box maintenance timers: the units (pure renderer), the step that installs them, and the
// settings that drive them.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MAINTENANCE_PATHS, MAINTENANCE_TIMERS, ONBOX_SCRIPTS, renderMaintenanceUnits } from "../components/openclaw/maintenance";
import { stepBody } from "../components/remote/command-line";
import { maintenanceInputs } from "../components/step-inputs";
import { filePath, STEPS } from "../policies/lib/catalogue";
import { gatewayLayout } from "../components/openclaw/layout";
import { parseSettings, SettingsError } from "../settings/load";
import { PROJECT } from "../plan/capture";
import { baseValues, rawConfig } from "./fixtures/stack";

const units = renderMaintenanceUnits();
const settings = (extra: Record<string, unknown> = {}) => parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...extra }));
const value = (unit: string, key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]);

describe("maintenance units", () => {
  it("are the catalogue's unit files, one timer (daily) per job, each job's service runnable by hand", () => {
    const declared = (inputs: Record<string, string>) =>
      Object.values(STEPS.maintenance.inputs).flatMap((s) => ("path" in s ? [path.basename(filePath(s.path, inputs)!)] : []));
    expect(declared({}).sort()).toEqual(Object.keys(units).sort());
    // A shared server's gateway: its own units, where its maintenance step (OC_GATEWAY_ID) puts them.
    expect(declared({ OC_GATEWAY_ID: "alice" }).sort()).toEqual(Object.keys(renderMaintenanceUnits(gatewayLayout("alice"))).sort());
    for (const timer of MAINTENANCE_TIMERS) {
      expect(value(units[timer], "OnCalendar")).toEqual(["daily"]);
      expect(value(units[timer], "Unit")).toEqual([timer.replace(".timer", ".service")]);
      expect(value(units[timer], "WantedBy")).toEqual(["timers.target"]);
      const service = units[timer.replace(".timer", ".service")];
      expect(value(service, "Type")).toEqual(["oneshot"]);
      expect(value(service, "OnFailure")).toEqual(["openclaw-notify@%n.service"]);
      expect(value(service, "NoNewPrivileges")).toEqual(["yes"]);
      // Each runs one of the step's own scripts, nothing else.
      const [start] = value(service, "ExecStart");
      expect(ONBOX_SCRIPTS.map((s) => `${MAINTENANCE_PATHS.libDir}/${s}`)).toContain(start);
    }
  });

  it("the notifier: a dynamic user without capabilities that gets the URL only as a credential", () => {
    const n = units["openclaw-notify@.service"];
    expect(value(n, "DynamicUser")).toEqual(["yes"]);
    expect(value(n, "CapabilityBoundingSet")).toEqual([""]);
    expect(value(n, "LoadCredential")).toEqual([`notify-url:${MAINTENANCE_PATHS.confDir}/notify-url`]);
    expect(value(n, "ExecStart")).toEqual([`${MAINTENANCE_PATHS.libDir}/notify.sh %i`]);
  });

  it("the backup job has no network and writes only the backups, its work dirs and the service user's home", () => {
    const b = units["openclaw-backup.service"];
    expect(value(b, "PrivateNetwork")).toEqual(["yes"]);
    expect(value(b, "ProtectSystem")).toEqual(["strict"]);
    expect(value(b, "ReadWritePaths")[0].split(" ").sort()).toEqual(["/var/backups/openclaw", "/var/lib/openclaw", "/var/lib/openclaw-hetzner"]);
  });

  it("the step's body carries every on-box script, and its script installs each unit where the catalogue says", () => {
    const body = stepBody("maintenance");
    for (const s of ONBOX_SCRIPTS) expect(body).toContain(readFileSync(path.join(__dirname, "..", "scripts", "onbox", s), "utf8").trim());
    const script = readFileSync(path.join(__dirname, "..", "scripts", "remote", "maintenance.sh"), "utf8");
    for (const [key, spec] of Object.entries(STEPS.maintenance.inputs)) {
      // The catalogue's "${-OC_GATEWAY_ID}" is the script's $jobs_suffix (gateway_name jobs-suffix).
      const name = "path" in spec ? path.basename(spec.path) : "";
      if ("path" in spec) expect(script).toContain(`unit_file "\${${key}:?}" ${name.includes("${-OC_GATEWAY_ID}") ? `"${name.replace("${-OC_GATEWAY_ID}", "$jobs_suffix")}"` : name}`);
    }
    for (const s of ONBOX_SCRIPTS) expect(script).toContain(`"$lib/${s}"`);
  });
});

describe("maintenance settings", () => {
  it("defaults, and inputs without the URL (only whether one is set)", () => {
    const s = settings();
    expect([s.sessionRetentionDays, s.logRetentionDays, s.backupRetentionDays]).toEqual([30, 14, 7]);
    expect(maintenanceInputs(s)).toMatchObject({ OC_SESSION_RETENTION_DAYS: "30", OC_LOG_RETENTION_DAYS: "14", OC_BACKUP_RETENTION_DAYS: "7", OC_NOTIFY: "off" });
    const url = "https://hooks.example.com/services/T000/B000/abcdefghijklmnop";
    const withUrl = settings({ verifyNotifyUrl: url });
    expect(maintenanceInputs(withUrl).OC_NOTIFY).toBe("on");
    expect(JSON.stringify(maintenanceInputs(withUrl))).not.toContain("hooks.example.com");
  });

  it.each<[Record<string, unknown>, string]>([
    [{ sessionRetentionDays: 0 }, "openclaw-hetzner:sessionRetentionDays"],
    [{ backupRetentionDays: 1000 }, "openclaw-hetzner:backupRetentionDays"],
    [{ logRetentionDays: 1.5 }, "openclaw-hetzner:logRetentionDays"],
    [{ verifyNotifyUrl: "http://hooks.example.com/x" }, "openclaw-hetzner:verifyNotifyUrl: an https URL"],
  ])("refuses %j naming the key", (extra, expected) => {
    expect(() => settings(extra)).toThrow(SettingsError);
    expect(() => settings(extra)).toThrow(expected);
  });

  it("never shows the URL in an error", () => {
    let message = "";
    try {
      settings({ verifyNotifyUrl: "http://hooks.example.com/services/SECRETPART" });
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain("verifyNotifyUrl");
    expect(message).not.toContain("SECRETPART");
  });
});
