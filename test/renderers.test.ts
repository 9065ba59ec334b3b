// The pure renderers, tested directly: snapshots show every generated file in review, and the
// assertions name what users rely on.
import { describe, expect, it } from "vitest";
import { firewallRules } from "../components/hetzner/firewall-rules";
import { publicKeyFromPrivate } from "../components/hetzner/ssh-public-key";
import { renderUserData } from "../components/hetzner/user-data";
import { renderAutoUpgrades, renderJailLocal, renderJournald, renderUnattendedUpgrades } from "../components/host/host-configs";
import { renderSshdFirstBoot, renderSshdHardened } from "../components/host/sshd-config";
import { envFileKeys, renderEnvFile } from "../components/openclaw/env-file";
import { auditSuppressions, renderOpenclawConfig, renderOpenclawJson } from "../components/openclaw/openclaw-config";
import { PODMAN_USERNS_UNIT, renderGatewayUnit, renderPodmanUsernsUnit } from "../components/openclaw/systemd-unit";
import { renderStepCommand, stepBody } from "../components/remote/command-line";
import { decodeStepCommand, STEP_NAMES, STEPS } from "../policies/lib/catalogue";
import { shellQuote } from "../policies/lib/shell";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parseSettings } from "../settings/load";
import { PROJECT } from "../plan/capture";
import { baseValues, generateDeployKey, rawConfig } from "./fixtures/stack";
import { execFileSync } from "node:child_process";

const settings = (extra: Record<string, unknown> = {}) => parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...extra }));

describe("user data", () => {
  const s = settings();
  const userData = renderUserData(s, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeDeployKeyForSnapshotOnly0000000000000 openclaw-hetzner-deploy");

  it("matches the snapshot", () => expect(userData).toMatchSnapshot());

  it("creates the admin with keys and sudo, and a service user without login or sudo", () => {
    expect(userData).toMatch(/- name: ops\n {4}groups: \[sudo\]/);
    expect(userData).toMatch(/- name: openclaw\n {4}system: true\n {4}homedir: \/var\/lib\/openclaw\n {4}shell: \/usr\/sbin\/nologin/);
    expect(userData.split("- name: openclaw")[1]).not.toMatch(/sudo/);
    expect(userData).toContain("ssh_pwauth: false");
  });

  it("writes an sshd drop-in that sorts before the image's 50-cloud-init.conf", () => {
    const path = userData.match(/path: (\/etc\/ssh\/sshd_config\.d\/\S+)/)![1];
    expect([path.split("/").pop()!, "50-cloud-init.conf"].sort()[0]).toBe(path.split("/").pop());
    for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "AllowUsers ops", "Port 22"]) expect(userData).toContain(line);
  });

  it("switches Ubuntu from ssh.socket to ssh.service", () => {
    expect(renderUserData(settings({ image: "ubuntu-24.04" }))).toContain("systemctl disable --now ssh.socket");
    expect(userData).not.toContain("ssh.socket");
  });
});

describe("sshd drop-in", () => {
  it.each(["debian-13", "debian-12", "ubuntu-24.04"])("matches the snapshot for %s", (image) => {
    expect(renderSshdHardened(settings({ image }))).toMatchSnapshot();
  });

  it("offers ML-KEM only where OpenSSH knows it (debian-13)", () => {
    expect(renderSshdHardened(settings())).toContain("mlkem768x25519-sha256");
    expect(renderSshdHardened(settings({ image: "debian-12" }))).not.toContain("mlkem");
    expect(renderSshdHardened(settings({ image: "ubuntu-24.04" }))).not.toContain("mlkem");
  });

  it("keeps the first-boot essentials in the full file", () => {
    const full = renderSshdHardened(settings({ sshPort: 2222 }));
    for (const line of renderSshdFirstBoot(settings({ sshPort: 2222 })).split("\n").filter((l) => l && !l.startsWith("#"))) {
      expect(full).toContain(line);
    }
    expect(full).toContain("PermitOpen 127.0.0.1:18789 localhost:18789 [::1]:18789");
    expect(full).toContain("AllowTcpForwarding local");
  });
});

describe("host configs", () => {
  it("fail2ban reads the journal for the sshd jail on the SSH port", () => {
    const jail = renderJailLocal(settings({ sshPort: 2222 }));
    expect(jail).toMatchSnapshot();
    expect(jail).toMatch(/\[sshd\]\nenabled = true\n#.*\nbackend = systemd\nport = 2222/);
  });

  it("unattended upgrades on by default, off only as an accepted risk", () => {
    expect(renderAutoUpgrades(settings())).toContain('APT::Periodic::Unattended-Upgrade "1";');
    const off = settings({ unattendedUpgrades: false, acceptedRisks: [{ id: "unattended-upgrades-off", reason: "image patched by a weekly rebuild pipeline" }] });
    expect(renderAutoUpgrades(off)).toContain('APT::Periodic::Unattended-Upgrade "0";');
    expect(renderUnattendedUpgrades()).toMatchSnapshot();
    expect(renderJournald(settings({ logRetentionDays: 30 }))).toContain("MaxRetentionSec=30day");
  });
});

describe("openclaw.json", () => {
  it("follows the hardened baseline and holds no secret", () => {
    const json = renderOpenclawJson(settings());
    expect(json).toMatchSnapshot();
    const c = JSON.parse(json);
    expect(c.gateway).toMatchObject({ mode: "local", bind: "loopback", port: 18789, terminal: { enabled: false }, controlUi: { enabled: false } });
    expect(c.gateway.auth).toMatchObject({ mode: "token", token: { source: "env", provider: "default", id: "OPENCLAW_GATEWAY_TOKEN" } });
    // Tunnel clients arrive from loopback: the limiter must apply there too.
    expect(c.gateway.auth.rateLimit).toEqual({ maxAttempts: 10, windowMs: 60_000, lockoutMs: 300_000, exemptLoopback: false });
    expect(c.session.dmScope).toBe("per-channel-peer");
    expect(c.tools).toMatchObject({ profile: "messaging", fs: { workspaceOnly: true }, exec: { mode: "deny" }, elevated: { enabled: false }, agentToAgent: { enabled: false } });
    // Unset would be "auto": Code Mode (model-written JavaScript) for "preferred" models.
    expect(c.tools.codeMode).toBe(false);
    expect(c.tools.message).toEqual({ crossContext: { allowWithinProvider: false, allowAcrossProviders: false }, broadcast: { enabled: false } });
    // No chat command changes the config or the installation; no /pair setup codes in chat.
    expect(c.commands).toEqual({ bash: false, config: false, mcp: false, plugins: false, debug: false, restart: false });
    expect(c.plugins).toEqual({ entries: { "device-pair": { enabled: false } } });
    expect(c.discovery.mdns.mode).toBe("off");
    expect(c.channels.telegram).toMatchObject({ dmPolicy: "pairing", groupPolicy: "disabled", botToken: { source: "env", id: "TELEGRAM_BOT_TOKEN" } });
    expect(json).not.toMatch(/LEAKCHECK|redactSensitive/);
    expect(c.security).toBeUndefined();
    expect(c.tools.exec.security).toBeUndefined(); // the legacy spelling is not rendered
  });

  it("turns groups on only with allowlisted ids, mention required, and says why the audit warning is accepted", () => {
    const s = settings({
      channels: { telegram: { groups: ["-1001234567890"], groupAllowFrom: ["11223344"] } },
      controlUi: true,
      acceptedRisks: [
        { id: "group-chats", reason: "the team's ops group talks to the bot, mention required" },
        { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" },
      ],
    });
    const c = renderOpenclawConfig(s) as any;
    expect(c.channels.telegram).toMatchObject({ groupPolicy: "allowlist", groups: { "-1001234567890": { requireMention: true } }, groupAllowFrom: ["11223344"] });
    expect(auditSuppressions(s).map((x) => x.checkId)).toEqual([
      "gateway.trusted_proxies_missing",
      "security.trust_model.multi_user_heuristic",
      "config.insecure_or_dangerous_flags",
    ]);
    expect(auditSuppressions(s)[2].detailIncludes).toBe("security.audit.suppressions configured");
    expect(c.security.audit.suppressions).toHaveLength(3);
  });
});

describe("env file", () => {
  it("lists the variables the settings need, values unquoted", () => {
    expect(envFileKeys(settings())).toEqual(["ANTHROPIC_API_KEY", "OPENCLAW_GATEWAY_TOKEN", "TELEGRAM_BOT_TOKEN"]);
    expect(renderEnvFile({ B: "2", A: "x:y/z" })).toBe("A=x:y/z\nB=2\n");
  });

  it("refuses a value that would need quoting, without showing it", () => {
    expect(() => renderEnvFile({ A: "has space-LEAKCHECK" })).toThrow(/value of A needs quoting \(value not shown\)/);
    try {
      renderEnvFile({ A: "has space-LEAKCHECK" });
    } catch (e) {
      expect(String(e)).not.toContain("LEAKCHECK");
    }
  });
});

describe("systemd unit", () => {
  it("runs as openclaw with the sandbox", () => {
    const unit = renderGatewayUnit(settings());
    expect(unit).toMatchSnapshot();
    for (const line of ["User=openclaw", "Restart=always", "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/openclaw", "PrivateTmp=yes", "CapabilityBoundingSet=", "EnvironmentFile=/etc/openclaw/gateway.env"]) {
      expect(unit.split("\n")).toContain(line);
    }
    expect(unit).toContain("gateway run --bind loopback --port 18789");
  });

  it("sandboxed on Debian 12: the gateway needs the user-namespace unit; on Debian 13 it makes its own", () => {
    const on = (image: string) => renderGatewayUnit(settings({ agentAccess: "sandboxed", image })).split("\n");
    for (const line of [`Requires=${PODMAN_USERNS_UNIT}.service`, `After=${PODMAN_USERNS_UNIT}.service`]) {
      expect(on("debian-12")).toContain(line);
      expect(on("debian-13")).not.toContain(line);
    }
    // Either way the gateway keeps NoNewPrivileges and no capability.
    for (const image of ["debian-12", "debian-13"]) expect(on(image)).toEqual(expect.arrayContaining(["NoNewPrivileges=yes", "CapabilityBoundingSet="]));
  });

  it("the Debian 12 user-namespace unit: the service user, Podman only, newuidmap's four capabilities, no seccomp-based setting", () => {
    const unit = renderPodmanUsernsUnit();
    expect(unit).toMatchSnapshot();
    const lines = unit.split("\n");
    expect(lines).toEqual(expect.arrayContaining(["User=openclaw", "Group=openclaw", "CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_SYS_ADMIN CAP_DAC_OVERRIDE", "AmbientCapabilities=", "ProtectSystem=strict", "ProtectHome=yes"]));
    expect(lines.filter((l) => l.startsWith("Exec"))).toEqual(["ExecStart=/usr/bin/podman unshare /bin/true"]);
    // Its Podman reads root-owned configuration, not the user's (which the gateway can write).
    expect(lines).toEqual(expect.arrayContaining(["Environment=CONTAINERS_CONF=/etc/openclaw-podman/containers.conf", "Environment=CONTAINERS_STORAGE_CONF=/etc/openclaw-podman/storage.conf", "RuntimeDirectoryPreserve=no"]));
    // Each of these would imply NoNewPrivileges (systemd, for a user without CAP_SYS_ADMIN) and stop newuidmap.
    for (const key of ["SystemCallFilter", "NoNewPrivileges", "ProtectClock", "PrivateDevices", "RestrictAddressFamilies", "LockPersonality", "RestrictRealtime", "MemoryDenyWriteExecute", "ProtectKernelModules", "ProtectKernelLogs"]) {
      expect(lines.some((l) => l.startsWith(`${key}=`)), key).toBe(false);
    }
  });
});

describe("firewall rules", () => {
  it("never opens the gateway port", () => {
    expect(() => firewallRules({ sshPort: 18789, gatewayPort: 18789, sshAllowedCidrs: ["0.0.0.0/0"] })).toThrow();
    expect(firewallRules({ sshPort: 22, gatewayPort: 18789, sshAllowedCidrs: ["198.51.100.0/24"] })).toMatchSnapshot();
  });
});

describe("deploy key", () => {
  it("derives the same public key as ssh-keygen -y", () => {
    const key = generateDeployKey();
    expect(publicKeyFromPrivate(key.privateKey).split(" ").slice(0, 2)).toEqual(key.publicKey.split(" ").slice(0, 2));
  });

  it("rejects something that is not an OpenSSH key", () => {
    expect(() => publicKeyFromPrivate("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----")).toThrow();
  });
});

describe("step command line", () => {
  it("survives any value through shell quoting", () => {
    const nasty = `it's "quoted" $HOME \`id\` \\ ; rm -rf / #`;
    expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(nasty)}`], { encoding: "utf8" })).toBe(nasty);
  });

  it("runs the helpers and the script as root through sudo, with the inputs as OC_* variables", () => {
    const { command, digest } = renderStepCommand("ufw", { OC_SSH_PORT: "22" });
    expect(command.startsWith("sudo /usr/bin/env OC_STEP=ufw OC_SSH_PORT='22' /bin/bash -c '")).toBe(true);
    expect(command).toContain("install_file()");
    expect(command).toContain("# ---- ufw.sh ----");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(renderStepCommand("ufw", { OC_SSH_PORT: "2222" }).digest).not.toBe(digest);
  });

  it("refuses inputs a step does not declare, and missing or malformed ones", () => {
    expect(() => renderStepCommand("ufw", { OC_SSH_PORT: "22", OC_EXTRA: "1" })).toThrow(/OC_EXTRA is not an input of ufw/);
    expect(() => renderStepCommand("ufw", {})).toThrow(/OC_SSH_PORT is missing/);
    expect(() => renderStepCommand("ufw", { OC_SSH_PORT: "22; rm -rf /" })).toThrow(/not a port/);
    expect(() => renderStepCommand("install-node", { OC_NODE_VERSION: "24.21.0", OC_NODE_MIRROR: "https://u:p@mirror", OC_NODE_SHA256: "" })).toThrow(/credentials/);
  });

  it("decodes back to the same step and inputs (what the pack reads), with a body the pack knows", () => {
    const inputs = { OC_SSHD_DROPIN: "/etc/ssh/sshd_config.d/00-x.conf", OC_SSHD_CONF_B64: Buffer.from("PermitRootLogin no\n").toString("base64") };
    const decoded = decodeStepCommand(renderStepCommand("harden-ssh", inputs).command);
    expect(decoded).toMatchObject({ step: "harden-ssh", inputs, knownBody: true });
    const tampered = renderStepCommand("harden-ssh", inputs).command.replace("sshd -t", "true");
    expect(decodeStepCommand(tampered)).toMatchObject({ step: "harden-ssh", knownBody: false });
  });

  it("bundles the gate's shared checker, and every script reads only its declared inputs", () => {
    expect(stepBody("audit-gateway")).toContain(readFileSync(path.join(__dirname, "..", "policies", "lib", "openclaw-config-check.js"), "utf8").trim());
    const scriptDir = path.join(__dirname, "..", "scripts", "remote");
    expect(readdirSync(scriptDir).filter((f) => f !== "lib.sh").sort()).toEqual(STEP_NAMES.map((s) => STEPS[s].script).sort());
    for (const step of STEP_NAMES) {
      const script = readFileSync(path.join(scriptDir, STEPS[step].script), "utf8");
      const used = new Set([...script.matchAll(/\$\{?(OC_[A-Z0-9_]+)/g)].map((m) => m[1]).filter((v) => !v.startsWith("OC_BUNDLE_") && v !== "OC_STEP"));
      expect([...used].sort(), step).toEqual(Object.keys(STEPS[step].inputs).sort());
    }
  });
});
