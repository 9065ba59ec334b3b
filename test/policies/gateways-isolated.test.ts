import { describe, expect, it } from "vitest";
import { renderGatewayUnit } from "../../components/openclaw/systemd-unit";
import { OpenClawHetzner } from "../../components/openclaw-hetzner";
import { renderStepCommand } from "../../components/remote/command-line";
import { argsFromSettings } from "../../settings/args";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { profilePort } from "../../policies/lib/gateway-instances";
import { baseValues, rawConfig } from "../fixtures/stack";
import { base64, by, command, deployment, handBuilt, messages, pulumi, remoteCommand, violationsOf } from "./harness";

const RULE = "gateways-isolated";
const unit = renderGatewayUnit({ gatewayPort: 18789, agentAccess: "chat", image: "debian-13" });

/**
 * A second gateway as a shared placement would ship it: its own user, home, state dir, config, env
 * file and port, then `edit`ed (the twist).
 */
function second(edit: (u: string) => string = (u) => u): string {
  const own = unit
    .replace("User=openclaw\nGroup=openclaw", "User=openclaw-alice\nGroup=openclaw-alice")
    .replace(/\/var\/lib\/openclaw\b/g, "/var/lib/openclaw-alice")
    .replace("/etc/openclaw/gateway.env", "/etc/openclaw/alice.env")
    .replace("--port 18789", "--port 18909");
  return edit(own);
}

/** The hand-built deployment plus steps writing `files` (path -> content) to the server, by shell or by copy. */
const withFiles = (files: Record<string, string>, how: "shell" | "copy" = "shell") => () =>
  handBuilt({
    extra: (connection, after) =>
      Object.entries(files).map(([path, content], i) => {
        if (how === "copy") {
          const resource = new command.remote.CopyToRemote(`copy-${i}`, { connection, source: new pulumi.asset.StringAsset(content), remotePath: path }, { dependsOn: [after] });
          return { resource, create: `copy ${path}` };
        }
        const create = `echo ${base64(content)} | base64 -d | sudo tee ${path} >/dev/null`;
        return { resource: remoteCommand({ connection, create }, { dependsOn: [after] }, `second-gateway-${i}`), create };
      }),
  });

const ALICE = "/etc/systemd/system/openclaw-gateway-alice.service";

describe(RULE, () => {
  it("passes the real deployment (one gateway per server), in both modes", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => deployment({ agentAccess: "sandboxed", image: "debian-12" })), RULE)).toEqual([]);
    expect(by(await violationsOf(() => handBuilt()), RULE)).toEqual([]);
  });

  it("passes two deployments in one stack, each gateway on its own server", async () => {
    const v = await violationsOf(() => {
      for (const name of ["alice", "shop"]) {
        const settings = parseSettings(PROJECT, "dev", rawConfig(baseValues()));
        new OpenClawHetzner(name, argsFromSettings(settings));
      }
    });
    expect(by(v, RULE)).toEqual([]);
  });

  it("passes a second gateway on the same server with its own user, state dir, env file and port", async () => {
    expect(by(await violationsOf(withFiles({ [ALICE]: second() })), RULE)).toEqual([]);
    expect(by(await violationsOf(withFiles({ [ALICE]: second() }, "copy")), RULE)).toEqual([]);
  });

  it("refuses a second gateway unit (shipped by a remote command) on the same port", async () => {
    const v = await violationsOf(withFiles({ [ALICE]: second((u) => u.replace("--port 18909", "--port 18789")) }));
    expect(messages(v, RULE)).toContain("gateway units openclaw-gateway.service and openclaw-gateway-alice.service share port 18789");
    expect(by(v, RULE)[0].urn).toContain("second-gateway-0");
  });

  it("reads the port however the unit sets it: OPENCLAW_GATEWAY_PORT, the openclaw.json in its state dir, OpenClaw's default", async () => {
    const byEnv = second((u) => u.replace(" --port 18909", "").replace("Environment=NODE_ENV=production", "Environment=NODE_ENV=production OPENCLAW_GATEWAY_PORT=18789"));
    expect(messages(await violationsOf(withFiles({ [ALICE]: byEnv })), RULE)).toMatch(/share port 18789 \(openclaw-gateway.service: --port; openclaw-gateway-alice.service: OPENCLAW_GATEWAY_PORT\)/);
    // No --port: gateway.port of the openclaw.json shipped at its config path (absent: 18789).
    const noPort = second((u) => u.replace(" --port 18909", ""));
    const config = (port?: number) => JSON.stringify({ gateway: { mode: "local", bind: "loopback", ...(port ? { port } : {}) } });
    const cfg = "/var/lib/openclaw-alice/.openclaw/openclaw.json";
    expect(messages(await violationsOf(withFiles({ [ALICE]: noPort, [cfg]: config() })), RULE)).toContain("share port 18789");
    expect(messages(await violationsOf(withFiles({ [ALICE]: noPort, [cfg]: config(18789) })), RULE)).toContain(`gateway.port in ${cfg}`);
    expect(by(await violationsOf(withFiles({ [ALICE]: noPort, [cfg]: config(18909) })), RULE)).toEqual([]);
  });

  it("refuses a second gateway (shipped by a copy) as the same service user", async () => {
    const v = await violationsOf(withFiles({ [ALICE]: second((u) => u.replace("User=openclaw-alice", "User=openclaw")) }, "copy"));
    expect(messages(v, RULE)).toContain("share the service user 'openclaw'");
    expect(by(v, RULE)[0].urn).toContain("copy-0");
  });

  it("refuses a second gateway in the same state dir, or with its workspace or config inside the first one's", async () => {
    const same = second((u) => u.replace("OPENCLAW_STATE_DIR=/var/lib/openclaw-alice/.openclaw", "OPENCLAW_STATE_DIR=/var/lib/openclaw/.openclaw"));
    expect(messages(await violationsOf(withFiles({ [ALICE]: same })), RULE)).toContain("share the state dir /var/lib/openclaw/.openclaw");
    // The state dir left to OpenClaw's default: the home's .openclaw, the first gateway's home here.
    const home = second((u) => u.replace(/Environment=OPENCLAW_(STATE_DIR|CONFIG_PATH)=\S+\n/g, "").replace("HOME=/var/lib/openclaw-alice", "HOME=/var/lib/openclaw"));
    expect(messages(await violationsOf(withFiles({ [ALICE]: home })), RULE)).toContain("share the state dir /var/lib/openclaw/.openclaw");
    const cfg = "/var/lib/openclaw-alice/.openclaw/openclaw.json";
    const workspace = JSON.stringify({ gateway: { port: 18909 }, agents: { defaults: { workspace: "/var/lib/openclaw/.openclaw/workspace" } } });
    expect(messages(await violationsOf(withFiles({ [ALICE]: second(), [cfg]: workspace })), RULE)).toContain("share the workspace /var/lib/openclaw/.openclaw/workspace");
    const inside = JSON.stringify({ agents: { defaults: { workspace: "/var/lib/openclaw/.openclaw/alice" } } });
    expect(messages(await violationsOf(withFiles({ [ALICE]: second(), [cfg]: inside })), RULE)).toContain(
      "openclaw-gateway.service's state dir and openclaw-gateway-alice.service's workspace (/var/lib/openclaw/.openclaw and /var/lib/openclaw/.openclaw/alice, one inside the other)",
    );
  });

  it("refuses two gateways reading one env file", async () => {
    const v = await violationsOf(withFiles({ [ALICE]: second((u) => u.replace("/etc/openclaw/alice.env", "/etc/openclaw/gateway.env")) }));
    expect(messages(v, RULE)).toContain("share the env file /etc/openclaw/gateway.env");
  });

  it("counts a port, user or state dir it cannot read as shared", async () => {
    // The port from a command substitution.
    const computed = second((u) => u.replace("ExecStart=", "ExecStart=/bin/sh -c 'exec ").replace("--port 18909", "--port $(cat /etc/openclaw/alice.port)'"));
    expect(messages(await violationsOf(withFiles({ [ALICE]: computed })), RULE)).toMatch(/may share the port \(openclaw-gateway-alice.service's cannot be read: .*computed at run time\)/);
    // An env file a step writes in a form the pack does not read: it may set the port and state dir.
    const unread = () =>
      handBuilt({
        extra: (connection, after) => {
          const write = `echo ${base64(second((u) => u.replace(" --port 18909", "")))} | base64 -d | sudo tee ${ALICE} >/dev/null`;
          const env = "sudo cp /tmp/alice.env /etc/openclaw/alice.env";
          return [
            { resource: remoteCommand({ connection, create: write }, { dependsOn: [after] }, "second-gateway"), create: write },
            { resource: remoteCommand({ connection, create: env }, { dependsOn: [after] }, "alice-env"), create: env },
          ];
        },
      });
    const m = messages(await violationsOf(unread), RULE);
    expect(m).toContain("may share the port (openclaw-gateway-alice.service's cannot be read: EnvironmentFile /etc/openclaw/alice.env may set OPENCLAW_GATEWAY_PORT: step 'alice-env' names /etc/openclaw/alice.env");
    expect(m).toContain("the state dir");
    // A unit that sets no HOME and no state dir: the user's home, which the pack cannot read.
    const noHome = second((u) => u.replace(/Environment=(HOME|OPENCLAW_STATE_DIR|OPENCLAW_CONFIG_PATH)=\S+\n/g, ""));
    expect(messages(await violationsOf(withFiles({ [ALICE]: noHome })), RULE)).toMatch(/may share the state dir \(openclaw-gateway-alice.service's cannot be read: the home of user 'openclaw-alice'/);
  });

  it("reads the env files the stack writes: the catalogue's secrets step (its stdin) and a copy", async () => {
    const noFlag = second((u) => u.replace(" --port 18909", ""));
    const secrets = (port: string) => () =>
      handBuilt({
        extra: (connection, after) => {
          const write = `echo ${base64(noFlag)} | base64 -d | sudo tee ${ALICE} >/dev/null`;
          const create = renderStepCommand("gateway-secrets", { OC_ENV_FILE: "/etc/openclaw/alice.env", OC_ENV_KEYS: "OPENCLAW_GATEWAY_TOKEN", OC_UNIT_NAME: "openclaw-gateway-alice" }).command;
          const stdin = pulumi.secret(`OPENCLAW_GATEWAY_TOKEN=${"ab12".repeat(16)}\nOPENCLAW_GATEWAY_PORT=${port}\n`);
          return [
            { resource: remoteCommand({ connection, create: write }, { dependsOn: [after] }, "second-gateway"), create: write },
            { resource: remoteCommand({ connection, create, stdin, logging: "none" }, { dependsOn: [after] }, "alice-secrets"), create },
          ];
        },
      });
    expect(messages(await violationsOf(secrets("18789")), RULE)).toContain("share port 18789 (openclaw-gateway.service: --port; openclaw-gateway-alice.service: OPENCLAW_GATEWAY_PORT)");
    expect(by(await violationsOf(secrets("18909")), RULE)).toEqual([]);
    // A second env file, copied: it overrides the unit's Environment= (as systemd reads them).
    const env = second((u) => u.replace("EnvironmentFile=/etc/openclaw/alice.env", "EnvironmentFile=/etc/openclaw/alice.env\nEnvironmentFile=-/etc/openclaw/alice-state.env"));
    const v = await violationsOf(withFiles({ [ALICE]: env, "/etc/openclaw/alice-state.env": "OPENCLAW_STATE_DIR=/var/lib/openclaw/.openclaw\n" }, "copy"));
    expect(messages(v, RULE)).toContain("share the state dir /var/lib/openclaw/.openclaw");
  });

  it("reads profiles: --profile moves the state dir to ~/.openclaw-<name> and picks the profile's port", async () => {
    // Same user and home, no state dir in the unit: two profiles keep the state apart, not the user.
    const profiled = (name: string) => (u: string) =>
      u.replace(/Environment=OPENCLAW_(STATE_DIR|CONFIG_PATH)=\S+\n/g, "").replace("gateway run", `--profile ${name} gateway run`).replace(" --port 18909", "");
    const first = unit.replace(/Environment=OPENCLAW_(STATE_DIR|CONFIG_PATH)=\S+\n/g, "").replace("gateway run", "--profile main gateway run").replace(" --port 18789", "");
    const alice = profiled("alice")(unit.replace("/etc/openclaw/gateway.env", "/etc/openclaw/alice.env"));
    const config = JSON.stringify({ gateway: { mode: "local", bind: "loopback" } });
    const v = await violationsOf(
      withFiles({
        "/etc/systemd/system/openclaw-gateway.service": first,
        [ALICE]: alice,
        "/var/lib/openclaw/.openclaw-main/openclaw.json": config,
        "/var/lib/openclaw/.openclaw-alice/openclaw.json": config,
      }),
    );
    const m = messages(v, RULE);
    expect(m).toContain("share the service user 'openclaw'");
    expect(m).not.toMatch(/state dir|port /);
    expect(profilePort("alice")).not.toBe(profilePort("main"));
  });

  it("refuses a template gateway unit whose instances share a port, and two gateways in one unit", async () => {
    const template = second((u) => u.replace(/openclaw-alice/g, "openclaw-%i").replace("/etc/openclaw/alice.env", "/etc/openclaw/%i.env"));
    const v = await violationsOf(withFiles({ "/etc/systemd/system/openclaw-gw@.service": template }));
    expect(messages(v, RULE)).toContain("the instances of gateway template openclaw-gw@.service share port 18909");
    expect(messages(v, RULE)).not.toContain("the service user");
    const two = second((u) => u.replace(/ExecStart=(.*)$/m, "ExecStart=/bin/sh -c '$1 & exec $1'").replace("Type=simple", "Type=forking"));
    expect(messages(await violationsOf(withFiles({ [ALICE]: two })), RULE)).toContain("gateway units openclaw-gateway-alice.service and openclaw-gateway-alice.service#2 share port 18909");
  });

  it("leaves a gateway run as root to gateway-unit-hardened, and does not count `openclaw gateway status` as a gateway", async () => {
    const root = second((u) => u.replace("User=openclaw-alice\n", "").replace("HOME=/var/lib/openclaw-alice", "HOME=/root"));
    const v = await violationsOf(withFiles({ [ALICE]: root }));
    expect(by(v, RULE)).toEqual([]);
    expect(messages(v, "gateway-unit-hardened")).toContain("runs the gateway as root");
    const probe = "[Service]\nType=oneshot\nUser=openclaw\nNoNewPrivileges=yes\nExecStart=/usr/local/bin/openclaw gateway status\n";
    expect(by(await violationsOf(withFiles({ "/etc/systemd/system/openclaw-probe.service": probe })), RULE)).toEqual([]);
  });
});
