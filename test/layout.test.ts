// A server's gateways and their layout (components/openclaw/layout.ts): the server's only gateway
// keeps every name it always had; a gateway of a shared server gets its own user, paths, units and
// jobs, none of which another gateway's can be, and the files rendered for it use only its own.
import { describe, expect, it } from "vitest";
import { renderUserData } from "../components/hetzner/user-data";
import { gatewayLayout, layout } from "../components/openclaw/layout";
import { renderMaintenanceUnits } from "../components/openclaw/maintenance";
import { renderGatewayUnit, renderPodmanUsernsUnit } from "../components/openclaw/systemd-unit";
import { parseSettings } from "../settings/load";
import { PROJECT } from "../plan/capture";
import { baseValues, rawConfig } from "./fixtures/stack";

const settings = (extra: Record<string, unknown> = {}) => parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...extra }));

/** Every name of a layout that belongs to the gateway alone (the host's folders are shared on purpose). */
function ownNames(id?: string): string[] {
  const l = gatewayLayout(id);
  // (the timers are listed once more in jobs.timers)
  const { timers: _timers, ...jobs } = l.jobs;
  return [l.serviceUser, l.home, l.stateDir, l.envFile, l.unitName, l.openclawHome, l.nodeLink, l.cli, l.backupDir, ...Object.values(jobs)];
}

describe("gateway layout", () => {
  it("keeps the single gateway's names", () => {
    expect(gatewayLayout()).toMatchObject({
      serviceUser: "openclaw",
      home: "/var/lib/openclaw",
      stateDir: "/var/lib/openclaw/.openclaw",
      envFile: "/etc/openclaw/gateway.env",
      unitName: "openclaw-gateway",
      openclawHome: "/opt/openclaw",
      cli: "/usr/local/bin/openclaw",
      backupDir: "/var/backups/openclaw",
    });
    expect(gatewayLayout().jobs).toMatchObject({ verifyTimer: "openclaw-verify.timer", settingsFile: "/etc/openclaw-hetzner/maintenance.env", gateScript: "/usr/local/lib/openclaw-hetzner/gate.sh" });
    expect(layout.sshdDropIn).toBe("/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf");
  });

  it("gives two gateways of one server no name in common, and none the single gateway has", () => {
    const single = new Set(ownNames());
    const alice = ownNames("alice");
    const shop = new Set(ownNames("shop"));
    expect(new Set(alice).size).toBe(alice.length);
    for (const name of alice) {
      expect(shop.has(name), name).toBe(false);
      expect(single.has(name), name).toBe(false);
      expect(name).toContain("alice");
    }
  });

  it("renders a shared gateway's unit with its own user, home, state and env file only", () => {
    const unit = renderGatewayUnit({ ...settings(), gatewayId: "alice", gatewayPort: 18801 });
    const alice = gatewayLayout("alice");
    expect(unit).toContain("User=openclaw-alice\nGroup=openclaw-alice\n");
    expect(unit).toContain(`ReadWritePaths=${alice.home}\n`);
    expect(unit).toContain(`EnvironmentFile=${alice.envFile}\n`);
    expect(unit).toContain(`ExecStart=${alice.nodeLink}/bin/node ${alice.openclawHome}/current/lib/node_modules/openclaw/openclaw.mjs gateway run --bind loopback --port 18801\n`);
    // Nothing of the single gateway's paths (each is a prefix of alice's only by its suffix).
    for (const line of unit.split("\n")) expect(line).not.toMatch(/\/var\/lib\/openclaw(\/|$|\s)|\/etc\/openclaw\/gateway\.env|\/opt\/openclaw\/|User=openclaw$/);
    expect(renderPodmanUsernsUnit(alice)).toContain("User=openclaw-alice\n");
  });

  it("renders a shared gateway's maintenance jobs under its own names, each starting with its own settings", () => {
    const alice = gatewayLayout("alice");
    const units = renderMaintenanceUnits(alice);
    expect(Object.keys(units).sort()).toEqual([...alice.jobs.timers, alice.jobs.verifyService, alice.jobs.retentionService, alice.jobs.backupService, "openclaw-notify@.service"].sort());
    expect(units[alice.jobs.verifyTimer]).toContain(`Unit=${alice.jobs.verifyService}\n`);
    for (const [service, script] of [[alice.jobs.verifyService, "verify.sh"], [alice.jobs.retentionService, "retention.sh"], [alice.jobs.backupService, "backup.sh"]]) {
      expect(units[service]).toContain(`ExecStart=/usr/local/lib/openclaw-hetzner/${script} ${alice.jobs.settingsFile}\n`);
      expect(units[service]).toContain(`After=`);
      expect(units[service]).toContain(`${alice.unitName}.service`);
    }
    expect(units[alice.jobs.backupService]).toContain(`ReadWritePaths=${alice.home} ${alice.backupDir} /var/lib/openclaw-hetzner\n`);
    // The server's only gateway: the jobs start without arguments (the default settings file).
    expect(renderMaintenanceUnits()["openclaw-verify.service"]).toContain("ExecStart=/usr/local/lib/openclaw-hetzner/verify.sh\n");
  });

  it("makes each shared gateway's service user and 700 home at first boot", () => {
    const userData = renderUserData(settings(), undefined, ["alice", "shop"]);
    for (const id of ["alice", "shop"]) {
      const l = gatewayLayout(id);
      expect(userData).toContain(`  - name: ${l.serviceUser}\n    system: true\n    homedir: ${l.home}\n    shell: /usr/sbin/nologin\n    lock_passwd: true\n`);
      expect(userData).toContain(`install -d -m 700 -o ${l.serviceUser} -g ${l.serviceUser} ${l.home}'`);
    }
    expect(userData).not.toContain("  - name: openclaw\n");
    expect(renderUserData(settings())).toContain("  - name: openclaw\n");
  });
});
