import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../settings/load";
import { PROJECT, STACK } from "../plan/capture";
import { baseValues, FIXTURE_SECRETS, OPERATOR_KEY, RSA_2048_KEY, RSA_4096_KEY, rawConfig } from "./fixtures/stack";

function parse(values: Record<string, unknown>, opts: { plaintextSecrets?: boolean } = {}) {
  return parseSettings(PROJECT, STACK, rawConfig(values, opts));
}

function problemsOf(values: Record<string, unknown>, opts: { plaintextSecrets?: boolean } = {}) {
  try {
    parse(values, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).problems;
  }
  throw new Error("config was accepted");
}

describe("settings", () => {
  it("fills hardened defaults for a minimal config", () => {
    const s = parse(baseValues());
    expect(s).toMatchObject({
      image: "debian-13",
      sshPort: 22,
      gatewayPort: 18789,
      backups: true,
      protection: true,
      adminUser: "ops",
      toolProfile: "messaging",
      controlUi: false,
      sandboxMode: "off",
    });
    expect(s.channels.telegram).toMatchObject({ dmPolicy: "pairing", requireMention: true, groups: [] });
    expect(s.openclawVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.channels)).toBe(true);
  });

  it("hands secrets on only as secret Outputs", async () => {
    const s = parse(baseValues());
    expect(await (s.secrets.gatewayToken as any).isSecret).toBe(true);
    expect(await (s.secrets.modelApiKeys as any).isSecret).toBe(true);
    expect(JSON.stringify({ ...s, secrets: undefined })).not.toContain("LEAKCHECK");
    expect(s.modelApiKeyNames).toEqual(["ANTHROPIC_API_KEY"]);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["token shorter than 32", { gatewayToken: "x".repeat(31) }, "gatewayToken"],
    ["token that would need quoting", { gatewayToken: `${"a".repeat(32)} b` }, "gatewayToken"],
    ["CIDR with a bad prefix", { sshAllowedCidrs: ["10.0.0.0/33"] }, "sshAllowedCidrs.0"],
    ["a host without prefix", { sshAllowedCidrs: ["198.51.100.7"] }, "sshAllowedCidrs.0"],
    ["no allowed CIDR", { sshAllowedCidrs: [] }, "sshAllowedCidrs"],
    ["missing allowed CIDRs", { sshAllowedCidrs: undefined }, "sshAllowedCidrs"],
    ["no operator key", { adminSshKeys: [] }, "adminSshKeys"],
    ["a private key as operator key", { adminSshKeys: ["-----BEGIN OPENSSH PRIVATE KEY-----"] }, "adminSshKeys.0"],
    ["Node older than 24.16", { nodeVersion: "24.15.0" }, "nodeVersion"],
    ["Node 22", { nodeVersion: "22.12.0" }, "nodeVersion"],
    ["OpenClaw 'latest'", { openclawVersion: "latest" }, "openclawVersion"],
    ["OpenClaw range", { openclawVersion: "^2026.9.6" }, "openclawVersion"],
    ["SSH on the gateway port", { sshPort: 18789 }, "sshPort"],
    ["SSH port out of range", { sshPort: 70000 }, "sshPort"],
    ["SSH port not a number", { sshPort: "ssh" }, "sshPort"],
    ["unsupported image", { image: "centos-7" }, "image"],
    ["admin user root", { adminUser: "root" }, "adminUser"],
    ["open DM policy", { channels: { telegram: { dmPolicy: "open" } } }, "channels.telegram.dmPolicy"],
    ["allowlist without senders", { channels: { telegram: { dmPolicy: "allowlist" } } }, "channels.telegram.allowFrom"],
    ["username instead of numeric id", { channels: { telegram: { allowFrom: ["@alice"] } } }, "channels.telegram.allowFrom.0"],
    ["groups without mention", { channels: { telegram: { groups: ["-100123"], groupAllowFrom: ["1"], requireMention: false } } }, "channels.telegram.requireMention"],
    ["groups without group senders", { channels: { telegram: { groups: ["-100123"] } } }, "channels.telegram.groupAllowFrom"],
    ["telegram on without its token", { telegramBotToken: undefined }, "telegramBotToken"],
    ["unknown channel", { channels: { irc: {} } }, "channels"],
    ["tool profile full", { toolProfile: "full" }, "toolProfile"],
    ["mirror not a URL", { nodeMirror: "nodejs.org/dist" }, "nodeMirror"],
    ["bad model key name", { modelApiKeys: { anthropic: "sk-ant-0123456789" } }, "modelApiKeys.anthropic"],
    ["typo in a key", { sshport: 2222 }, "sshport"],
    ["fail2ban maxretry 0", { fail2banMaxretry: 0 }, "fail2banMaxretry"],
    ["deploy key not OpenSSH", { deployPrivateKey: "-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----" }, "deployPrivateKey"],
    ["the example's placeholder token", { gatewayToken: "replace-with-openssl-rand-hex-32-0000000000000000000000000000" }, "gatewayToken"],
    ["a low-entropy token", { gatewayToken: "a".repeat(48) }, "gatewayToken"],
    ["a repeated-pattern token", { gatewayToken: "0123456789abcdef".repeat(3) }, "gatewayToken"],
    ["a word token", { gatewayToken: "changeme-changeme-changeme-changeme" }, "gatewayToken"],
    ["an RSA key under 3072 bits", { adminSshKeys: [RSA_2048_KEY] }, "adminSshKeys.0"],
    ["a key line whose blob is not that key", { adminSshKeys: ["ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQC you@laptop"] }, "adminSshKeys.0"],
    ["plain-HTTP Node mirror without a pin", { nodeMirror: "http://mirror.example/dist" }, "nodeMirror"],
    ["credentials in the Node mirror", { nodeMirror: "https://user:secret@mirror.example/dist" }, "nodeMirror"],
    ["OpenClaw with CVE-2026-25253", { openclawVersion: "2026.1.28" }, "openclawVersion"],
    ["OpenClaw older than the tested minimum", { openclawVersion: "2026.9.3" }, "openclawVersion"],
    ["an API key in a label", { labels: { owner: "sk-ant-api03-abcdefghijklmnopqrstuv" } }, "labels.owner"],
    ["a 32-hex token in a label", { labels: { build: "5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f" } }, "labels.build"],
    ["SSH from the whole internet", { sshAllowedCidrs: ["0.0.0.0/0"] }, "sshAllowedCidrs"],
    ["SSH from two halves of the internet", { sshAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, "sshAllowedCidrs"],
    ["SSH from a /7", { sshAllowedCidrs: ["10.0.0.0/7"] }, "sshAllowedCidrs"],
    ["SSH from an IPv6 /16", { sshAllowedCidrs: ["2001::/16"] }, "sshAllowedCidrs"],
    ["security updates off without an accepted risk", { unattendedUpgrades: false }, "unattendedUpgrades"],
    ["protection off without an accepted risk", { protection: false }, "protection"],
    ["backups off without an accepted risk", { backups: false }, "backups"],
    ["a reduced toolDeny without an accepted risk", { toolDeny: ["group:automation"] }, "toolDeny"],
    ["the Control UI without an accepted risk", { controlUi: true }, "controlUi"],
    ["group chats without an accepted risk", { channels: { telegram: { groups: ["-100123"], groupAllowFrom: ["1"] } } }, "channels.telegram.groups"],
    ["an accepted risk with an unknown id", { acceptedRisks: [{ id: "everything", reason: "because we really want to" }] }, "acceptedRisks.0.id"],
    ["an accepted risk without a real reason", { backups: false, acceptedRisks: [{ id: "backups-off", reason: "yes" }] }, "acceptedRisks.0.reason"],
    ["an accepted risk that is not taken", { acceptedRisks: [{ id: "backups-off", reason: "we restore from our own snapshots" }] }, "acceptedRisks.0.id"],
  ];

  it.each(invalid)("rejects %s, naming the key", (_what, change, key) => {
    const problems = problemsOf({ ...baseValues(), ...change });
    expect(problems.map((p) => p.key)).toContain(`${PROJECT}:${key}`);
  });

  const secure: [string, Record<string, unknown>][] = [
    ["no gateway token (the stack generates one)", { gatewayToken: undefined }],
    ["a 32-hex token (128 bits)", { gatewayToken: "9f86d081884c7d659a2feaa0c55ad015" }],
    ["SSH on 18789 with the gateway on 18790", { sshPort: 18789, gatewayPort: 18790 }],
    ["an operator key whose comment ends in 40 hex digits", { adminSshKeys: [`${OPERATOR_KEY.split(" ").slice(0, 2).join(" ")} ci-deploy-${"a3f9".repeat(10)}`] }],
    ["an RSA 4096 key", { adminSshKeys: [RSA_4096_KEY] }],
    ["a plain-HTTP mirror with a pinned SHA-256", { nodeMirror: "http://10.0.0.5/dist", nodeSha256: "a".repeat(64) }],
    ["exactly a /8 and a /32", { sshAllowedCidrs: ["10.0.0.0/8", "2001:db8::/32"] }],
    ["SSH from anywhere, accepted", { sshAllowedCidrs: ["0.0.0.0/0"], acceptedRisks: [{ id: "ssh-from-wide-sources", reason: "operators travel; fail2ban and keys only" }] }],
    ["every loosening accepted with a reason", {
      unattendedUpgrades: false,
      protection: false,
      backups: false,
      controlUi: true,
      acceptedRisks: [
        { id: "unattended-upgrades-off", reason: "patched by the weekly image rebuild pipeline" },
        { id: "protection-off", reason: "a throw-away test server, recreated daily" },
        { id: "backups-off", reason: "a throw-away test server, recreated daily" },
        { id: "control-ui", reason: "operators use the Control UI through the SSH tunnel" },
      ],
    }],
  ];

  it.each(secure)("accepts %s", (_what, change) => {
    expect(() => parse({ ...baseValues(), ...change })).not.toThrow();
  });

  it("reports every problem at once, cross-key rules included", () => {
    const problems = problemsOf({ ...baseValues(), sshPort: 18789, image: "centos-7", gatewayToken: "short", sshAllowedCidrs: ["x"] });
    expect(problems.map((p) => p.key).sort()).toEqual(
      [`${PROJECT}:gatewayToken`, `${PROJECT}:image`, `${PROJECT}:sshAllowedCidrs.0`, `${PROJECT}:sshPort`].sort(),
    );
  });

  it("shows the bad value and the expected form, but never a secret's value", () => {
    const token = "tooshort-LEAKCHECK";
    let message = "";
    try {
      parse({ ...baseValues(), gatewayToken: token, sshAllowedCidrs: ["10.0.0.0/33"] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('"10.0.0.0/33"');
    expect(message).toContain("203.0.113.7/32");
    expect(message).toContain("at least 32 characters");
    expect(message).not.toContain(token);
    expect(message).not.toContain("LEAKCHECK");
  });

  it("tells how to set a missing key", () => {
    const [problem] = problemsOf({ ...baseValues(), adminSshKeys: undefined });
    expect(problem.message).toMatch(/^required/);
    expect(problem.message).toContain("pulumi config set adminSshKeys");
  });

  it("refuses secrets stored in plain text", () => {
    const problems = problemsOf(baseValues(), { plaintextSecrets: true });
    expect(problems.map((p) => p.key)).toEqual(
      expect.arrayContaining([`${PROJECT}:gatewayToken`, `${PROJECT}:telegramBotToken`, `${PROJECT}:modelApiKeys`]),
    );
    expect(problems.every((p) => p.message.includes("--secret"))).toBe(true);
    expect(JSON.stringify(problems)).not.toContain(FIXTURE_SECRETS.gatewayToken);
  });
});
