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
      agentAccess: "chat",
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
    ["plain-HTTP Node mirror written in capitals, without a pin", { nodeMirror: "HTTP://mirror.example/dist" }, "nodeMirror"],
    ["plain-HTTP Node mirror in mixed case, without a pin", { nodeMirror: "hTtP://mirror.example/dist" }, "nodeMirror"],
    ["a token in the Node mirror's query string", { nodeMirror: "https://mirror.example/dist?access_token=abc" }, "nodeMirror"],
    ["a fragment in the Node mirror", { nodeMirror: "https://mirror.example/dist#v24" }, "nodeMirror"],
    ["an empty query in the Node mirror", { nodeMirror: "https://mirror.example/dist?" }, "nodeMirror"],
    ["an FTP Node mirror", { nodeMirror: "ftp://mirror.example/dist" }, "nodeMirror"],
    ["a Node mirror with a newline in it", { nodeMirror: "https://mirror.example/di\nst" }, "nodeMirror"],
    ["a third-party HTTPS Node mirror without a pin", { nodeMirror: "https://node-dist.fastmirror.example.com/dist" }, "nodeMirror"],
    ["nodejs.org under another path, without a pin", { nodeMirror: "https://nodejs.org/download/release" }, "nodeMirror"],
    ["a look-alike of nodejs.org, without a pin", { nodeMirror: "https://nodejs.org.mirror.example/dist" }, "nodeMirror"],
    ["a label name that is a secret", { labels: { "7c1e9f3a5b2d4086a1c3e5f7092b4d6f": "enrol" } }, "labels"],
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
    ["an HTTPS mirror written in capitals, pinned", { nodeMirror: "HTTPS://mirror.example/dist", nodeSha256: "b".repeat(64) }],
    ["the default mirror spelled out, with a trailing slash", { nodeMirror: "HTTPS://nodejs.org/dist/" }],
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

  it("asks for nodeSha256 for any mirror but nodejs.org's, and takes the pin", () => {
    const [problem] = problemsOf({ ...baseValues(), nodeMirror: "https://node-dist.fastmirror.example.com/dist" });
    expect(problem.key).toBe(`${PROJECT}:nodeMirror`);
    expect(problem.message).toMatch(/other than https:\/\/nodejs\.org\/dist needs nodeSha256/);
    expect(parse({ ...baseValues(), nodeMirror: "https://node-dist.fastmirror.example.com/dist", nodeSha256: "c".repeat(64) }).nodeSha256).toBe("c".repeat(64));
    expect(parse({ ...baseValues(), nodeMirror: "https://nodejs.org/dist" }).nodeSha256).toBeUndefined();
  });

  it("writes the mirror's scheme in lower case, as the install step expects", () => {
    expect(parse({ ...baseValues(), nodeMirror: "HTTP://10.0.0.5/Dist", nodeSha256: "a".repeat(64) }).nodeMirror).toBe("http://10.0.0.5/Dist");
  });

  // Values that are secrets in keys that are not: each must be refused by its key, for its reason,
  // without the error repeating it.
  const leaky: [string, Record<string, unknown>, string, RegExp, string[]][] = [
    ["an API key in a label", { labels: { "billing-key": "sk-ant-api03-LEAKCHECK-label-0123456789" } }, "labels.billing-key", /Anthropic API key.*labels are public/, ["sk-ant-api03-LEAKCHECK-label-0123456789"]],
    ["a hex token in a label", { labels: { enrol: "7c1e9f3a5b2d4086a1c3e5f7092b4d6f" } }, "labels.enrol", /hex token.*labels are public/, ["7c1e9f3a5b2d4086a1c3e5f7092b4d6f"]],
    ["a hex token as a label name", { labels: { "7c1e9f3a5b2d4086a1c3e5f7092b4d6f": "enrol" } }, "labels", /label name looks like a hex token/, ["7c1e9f3a5b2d4086a1c3e5f7092b4d6f"]],
    ["a password in the mirror URL", { nodeMirror: "https://ci:LEAKCHECKmirrorpass@mirror.example.net/nodejs/dist" }, "nodeMirror", /no credentials/, ["LEAKCHECKmirrorpass", "ci:"]],
    ["a password with '@' in the mirror URL", { nodeMirror: "https://ci:pa@ss-LEAKCHECK@mirror.example.net/dist" }, "nodeMirror", /no credentials/, ["ss-LEAKCHECK", "pa@"]],
    ["a token in the mirror's query", { nodeMirror: "https://mirror.example.net/nodejs/dist?access_token=LEAKCHECK-mirror-token" }, "nodeMirror", /no query string/, ["LEAKCHECK-mirror-token"]],
    ["a hex token in the mirror's query", { nodeMirror: "https://mirror.example.net/dist?t=9b2e7c4a1f0d83e6b5a4c3d2e1f0a9b8" }, "nodeMirror", /no query string/, ["9b2e7c4a1f0d83e6b5a4c3d2e1f0a9b8"]],
    ["an API key as a model key's name", { modelApiKeys: { "sk-ant-api03-LEAKCHECK-swapped-0123456789": "ANTHROPIC_API_KEY" } }, "modelApiKeys.(a name that looks like a secret)", /Invalid key/, ["sk-ant-api03-LEAKCHECK-swapped-0123456789"]],
    ["an API key as a key name", { "sk-ant-api03-LEAKCHECK-key-0123456789": "x" }, "(a name that looks like a secret)", /unknown key/, ["sk-ant-api03-LEAKCHECK-key-0123456789"]],
  ];

  it.each(leaky)("refuses %s by its key and reason, without echoing the secret", (_what, change, key, reason, secrets) => {
    const problems = problemsOf({ ...baseValues(), ...change });
    const problem = problems.find((p) => p.key === `${PROJECT}:${key}`);
    expect(problem, JSON.stringify(problems.map((p) => p.key))).toBeDefined();
    expect(problem!.message).toMatch(reason);
    const text = JSON.stringify(problems);
    for (const secret of [...secrets, "LEAKCHECK"]) expect(text).not.toContain(secret);
  });

  it("shows a URL's host and path, and hides only its userinfo and query", () => {
    const [problem] = problemsOf({ ...baseValues(), nodeMirror: "https://ci:hunter2hunter2@mirror.example.net/nodejs/dist" });
    expect(problem.message).toContain("https://***@mirror.example.net/nodejs/dist");
    expect(problem.message).not.toContain("hunter2");
  });

  describe("the Hetzner provider's endpoint (hcloud:endpoint)", () => {
    const withEndpoint = (endpoint: string | undefined, env: Record<string, string | undefined> = {}) => {
      const raw = rawConfig(baseValues());
      if (endpoint !== undefined) raw.all["hcloud:endpoint"] = endpoint;
      return () => parseSettings(PROJECT, STACK, { ...raw, env });
    };
    const problems = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return (e as SettingsError).problems;
      }
      throw new Error("config was accepted");
    };

    it.each(["http://hcloud-proxy.example.net/v1", "HTTP://hcloud-proxy.example.net/v1", "ws://hcloud-proxy.example.net/v1", "api.hetzner.cloud/v1"])(
      "refuses %s: the API token would travel in clear",
      (endpoint) => {
        const [problem] = problems(withEndpoint(endpoint));
        expect(problem.key).toBe("hcloud:endpoint");
        expect(problem.message).toMatch(/https:\/\/.*in clear/);
      },
    );

    it("refuses credentials in it, without echoing them", () => {
      const all = problems(withEndpoint("https://proxy:LEAKCHECKproxypass@hcloud-proxy.example.net/v1"));
      expect(all.map((p) => p.key)).toEqual(["hcloud:endpoint"]);
      expect(JSON.stringify(all)).not.toContain("LEAKCHECK");
    });

    it("refuses a plain-HTTP HCLOUD_ENDPOINT when the config key is unset (the provider's fallback)", () => {
      const [problem] = problems(withEndpoint(undefined, { HCLOUD_ENDPOINT: "http://hcloud-proxy.example.net/v1" }));
      expect(problem.key).toBe("hcloud:endpoint");
      expect(problem.message).toContain("HCLOUD_ENDPOINT");
    });

    it("accepts https, in any case, and no endpoint at all", () => {
      expect(withEndpoint("https://hcloud-proxy.example.net/v1")).not.toThrow();
      expect(withEndpoint("HTTPS://api.hetzner.cloud/v1")).not.toThrow();
      expect(withEndpoint(undefined)).not.toThrow();
      // The config key wins over the environment, as in the provider.
      expect(withEndpoint("https://api.hetzner.cloud/v1", { HCLOUD_ENDPOINT: "http://x.example/v1" })).not.toThrow();
    });
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

describe("agentAccess: sandboxed", () => {
  const keysOf = (change: Record<string, unknown>) => problemsOf({ ...baseValues(), ...change }).map((p) => `${p.key}: ${p.message}`);

  it.each(["debian-13", "debian-12"])("is accepted on %s, with the sandbox's defaults", (image) => {
    const s = parse({ ...baseValues(), agentAccess: "sandboxed", image });
    expect(s.sandbox).toEqual({ workspaceAccess: "none", network: "none" });
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ["on ubuntu-24.04 (AppArmor restricts user namespaces)", { agentAccess: "sandboxed", image: "ubuntu-24.04" }, /agentAccess: .*ubuntu-24\.04.*AppArmor/],
    ["on a 2 GB server type", { agentAccess: "sandboxed", serverType: "cpx11" }, /serverType: cpx11 has 2 GB/],
    ["sandbox settings without sandboxed", { sandbox: { workspaceAccess: "rw" } }, /sandbox: takes effect only with agentAccess: sandboxed/],
    ["network bridge without its accepted risk", { agentAccess: "sandboxed", sandbox: { network: "bridge" } }, /sandbox\.network: .*sandbox-network/],
    ["an image by tag", { agentAccess: "sandboxed", sandbox: { image: "ghcr.io/acme/sandbox:latest" } }, /sandbox\.image: .*pinned by digest/],
    ["the network 'host'", { agentAccess: "sandboxed", sandbox: { network: "host" } }, /sandbox\.network: /],
    ["the retired sandboxMode key", { sandboxMode: "all" }, /sandboxMode/],
  ];
  it.each(refused)("refuses %s, naming the key", (_what, change, message) => {
    expect(keysOf(change).some((p) => message.test(p)), keysOf(change).join("\n")).toBe(true);
  });

  it("takes network bridge with the accepted risk, and an image pinned by digest", () => {
    const s = parse({
      ...baseValues(),
      agentAccess: "sandboxed",
      sandbox: { network: "bridge", workspaceAccess: "rw", image: `ghcr.io/acme/sandbox@sha256:${"a".repeat(64)}` },
      acceptedRisks: [{ id: "sandbox-network", reason: "the agent fetches packages for the builds it runs" }],
    });
    expect(s.sandbox).toMatchObject({ network: "bridge", workspaceAccess: "rw" });
  });
});
