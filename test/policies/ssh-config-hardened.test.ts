import { describe, expect, it } from "vitest";
import { renderUserData } from "../../components/hetzner/user-data";
import { renderSshdHardened } from "../../components/host/sshd-config";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { by, remoteCommand, server, violationsOf } from "./harness";

const RULE = "ssh-config-hardened";
const settings = parseSettings(PROJECT, "dev", rawConfig(baseValues()));

describe(RULE, () => {
  it("passes the rendered user data and drop-in", async () => {
    const v = await violationsOf(() => {
      server({ userData: renderUserData(settings) });
      remoteCommand({ triggers: ["d", { sshdConfig: renderSshdHardened(settings) }] });
    });
    expect(by(v, RULE)).toEqual([]);
  });

  it("refuses a drop-in that allows root or passwords", async () => {
    const weak = renderSshdHardened(settings).replace("PermitRootLogin no", "PermitRootLogin prohibit-password").replace("PasswordAuthentication no", "PasswordAuthentication yes");
    const v = by(await violationsOf(() => remoteCommand({ triggers: ["d", { sshdConfig: weak }] })), RULE);
    expect(v.map((x) => x.message).join("\n")).toMatch(/permitrootlogin[\s\S]*passwordauthentication/);
  });

  it("refuses user data whose first-boot drop-in allows passwords", async () => {
    const userData = renderUserData(settings).replace("PasswordAuthentication no", "PasswordAuthentication yes");
    expect(by(await violationsOf(() => server({ userData })), RULE)).toHaveLength(1);
  });

  it("refuses user data without an sshd drop-in", async () => {
    expect(by(await violationsOf(() => server({ userData: "#cloud-config\nusers: []\n" })), RULE)).toHaveLength(1);
  });
});
