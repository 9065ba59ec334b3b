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
    ["weak ciphers and key exchange", "Ciphers aes128-cbc,aes256-ctr\nKexAlgorithms diffie-hellman-group14-sha1\n", "Ciphers offers aes128-cbc"],
    ["keys fetched by a command", "AuthorizedKeysCommand /usr/bin/curl -s https://keys.example/%u\nAuthorizedKeysCommandUser nobody\n", "AuthorizedKeysCommand is set"],
    ["forwarding to any port", "PermitOpen any\n", "may reach any port"],
    ["gateway ports", "GatewayPorts yes\n", "GatewayPorts is 'yes'"],
    ["algorithms added to the defaults", "MACs +hmac-sha1\n", "adds to sshd's defaults"],
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
  });

  it("refuses a Match block that re-enables passwords", async () => {
    const userData = renderUserData(settings).replace("AllowUsers ops", "AllowUsers ops\n      Match Address 10.0.0.0/8\n        PasswordAuthentication yes");
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain("Match block sets PasswordAuthentication 'yes'");
  });
});
