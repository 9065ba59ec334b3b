import { describe, expect, it } from "vitest";
import { renderUserData } from "../../components/hetzner/user-data";
import { renderSshdHardened } from "../../components/host/sshd-config";
import { renderStepCommand } from "../../components/remote/command-line";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { base64, by, deployment, handBuilt, messages, remoteCommand, server, violationsOf } from "./harness";

const RULE = "ssh-config-hardened";
const settings = parseSettings(PROJECT, "dev", rawConfig(baseValues()));

describe(RULE, () => {
  it("passes the real deployment (first boot and after the steps)", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses user data whose drop-in allows passwords, and user data without a drop-in", async () => {
    const weak = renderUserData(settings).replace("PasswordAuthentication no", "PasswordAuthentication yes");
    expect(messages(await violationsOf(() => server({ userData: weak })), RULE)).toMatch(/at first boot: PasswordAuthentication is 'yes'/);
    expect(messages(await violationsOf(() => server({ userData: "#cloud-config\nusers: []\n" })), RULE)).toMatch(/PermitRootLogin is 'prohibit-password' \(unset/);
  });

  it("refuses ssh_pwauth: true when our drop-in does not come first", async () => {
    const userData = "#cloud-config\nssh_pwauth: true\n";
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain("50-cloud-init.conf");
  });

  it("evaluates drop-ins as sshd does: one that sorts before ours wins", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) => {
          const create = `echo ${base64("PermitRootLogin yes\n")} | base64 -d | sudo tee /etc/ssh/sshd_config.d/0-early.conf`;
          return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "early-dropin"), create }];
        },
      }),
    );
    expect(messages(v, RULE)).toContain("after the steps: PermitRootLogin is 'yes' (from /etc/ssh/sshd_config.d/0-early.conf)");
    expect(by(v, RULE)[0].urn).toContain("early-dropin");
  });

  it("lets a later file lose: 50-x with passwords after our 00- drop-in is harmless", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) => {
          const create = `echo ${base64("PasswordAuthentication yes\n")} | base64 -d | sudo tee /etc/ssh/sshd_config.d/50-late.conf`;
          return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "late-dropin"), create }];
        },
      }),
    );
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a hardening step that ships a weak drop-in (decoded from its input)", async () => {
    const weak = renderSshdHardened(settings).replace("KbdInteractiveAuthentication no", "KbdInteractiveAuthentication yes");
    const create = renderStepCommand("harden-ssh", { OC_SSHD_DROPIN: "/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf", OC_SSHD_CONF_B64: base64(weak) }).command;
    const v = await violationsOf(() => {
      server({ userData: renderUserData(settings) });
      remoteCommand({ create }, {}, "harden");
    });
    expect(messages(v, RULE)).toContain("KbdInteractiveAuthentication is 'yes'");
  });

  it.each([
    ["weak ciphers and key exchange", "Ciphers aes128-cbc,aes256-ctr\nKexAlgorithms diffie-hellman-group14-sha1\n", "Ciphers 'aes128-cbc,aes256-ctr' (from /etc/ssh/sshd_config.d/0-extra.conf): offers aes128-cbc"],
    ["keys fetched by a command", "AuthorizedKeysCommand /usr/bin/curl -s https://keys.example/%u\nAuthorizedKeysCommandUser nobody\n", "AuthorizedKeysCommand '/usr/bin/curl -s https://keys.example/%u' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none'"],
    ["forwarding to any port", "PermitOpen any\n", "PermitOpen 'any' (from /etc/ssh/sshd_config.d/0-extra.conf): lets the tunnel reach any host and port"],
    ["gateway ports", "GatewayPorts yes\n", "GatewayPorts 'yes' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["algorithms added to the defaults", "MACs +hmac-sha1\n", "MACs '+hmac-sha1' (from /etc/ssh/sshd_config.d/0-extra.conf): edits sshd's default list"],
    ["a user CA", "TrustedUserCAKeys /etc/ssh/ca.pub\n", "TrustedUserCAKeys '/etc/ssh/ca.pub' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none'"],
    ["a second keys file in /tmp", "AuthorizedKeysFile .ssh/authorized_keys /tmp/%u.keys\nStrictModes no\n", "StrictModes 'no' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'yes'"],
    ["SHA-1 host and user keys", "HostKeyAlgorithms ssh-ed25519,ssh-rsa\nPubkeyAcceptedAlgorithms ssh-ed25519,ssh-dss\nRequiredRSASize 1024\n", "RequiredRSASize '1024' (from /etc/ssh/sshd_config.d/0-extra.conf)"],
    ["a keyword the pack does not know", "SetEnv LD_PRELOAD=/tmp/x.so\n", "SetEnv (from /etc/ssh/sshd_config.d/0-extra.conf) is not a keyword the pack knows to be safe"],
    ["X11 forwarding", "X11Forwarding yes\n", "X11Forwarding 'yes' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
  ])("refuses a drop-in sorting first with %s (after the steps)", async (_what, content, text) => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) => {
          const create = `echo ${base64(content)} | base64 -d | sudo tee /etc/ssh/sshd_config.d/0-extra.conf`;
          return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "extra-dropin"), create }];
        },
      }),
    );
    expect(messages(v, RULE)).toContain(text);
    // The step that shipped the drop-in is named.
    expect(by(v, RULE).some((x) => x.urn.endsWith("::extra-dropin"))).toBe(true);
  });

  it("refuses a keyword off the allowlist inside a Match block, and a later drop-in's value only where it wins", async () => {
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) => {
          const create = `echo ${base64("Match User ops\n  ForceCommand /tmp/x\n  AllowTcpForwarding yes\n")} | base64 -d | sudo tee /etc/ssh/sshd_config.d/99-match.conf`;
          const late = `echo ${base64("X11Forwarding yes\nStrictModes no\n")} | base64 -d | sudo tee /etc/ssh/sshd_config.d/99-late.conf`;
          return [
            { resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "match-dropin"), create },
            { resource: remoteCommand({ connection, create: late }, { dependsOn: [after] }, "late-dropin"), create: late },
          ];
        },
      }),
    );
    const text = messages(v, RULE);
    expect(text).toContain("ForceCommand (in a Match block, /etc/ssh/sshd_config.d/99-match.conf line 2) is not a keyword the pack knows to be safe");
    expect(text).toContain("AllowTcpForwarding 'yes' (in a Match block, /etc/ssh/sshd_config.d/99-match.conf line 3): must be one of 'local', 'no'");
    // Our drop-in sets X11Forwarding first; it does not set StrictModes, so the late file's value wins.
    expect(text).not.toContain("X11Forwarding");
    expect(text).toContain("StrictModes 'no' (from /etc/ssh/sshd_config.d/99-late.conf): must be 'yes'");
  });

  it("refuses a Match block that re-enables passwords", async () => {
    const userData = renderUserData(settings).replace("AllowUsers ops", "AllowUsers ops\n      Match Address 10.0.0.0/8\n        PasswordAuthentication yes");
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain("Match block sets PasswordAuthentication 'yes'");
  });
});
