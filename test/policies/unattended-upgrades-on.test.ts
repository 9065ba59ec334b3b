import { describe, expect, it } from "vitest";
import { base64, by, deployment, handBuilt, messages, remoteCommand, violationsOf } from "./harness";

const RULE = "unattended-upgrades-on";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses updates off unless unattended-upgrades-off is accepted", async () => {
    const accepted = await violationsOf(() => {
      handBuilt({ overrides: { unattendedUpgrades: false, acceptedRisks: [{ id: "unattended-upgrades-off", reason: "we rebuild the image weekly instead" }] } });
    });
    expect(by(accepted, RULE)).toEqual([]);
    const v = await violationsOf(() =>
      handBuilt({
        extra: (connection, after) => {
          const create = `echo ${base64('APT::Periodic::Unattended-Upgrade "0";\n')} | base64 -d | sudo tee /etc/apt/apt.conf.d/99-off >/dev/null`;
          return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "apt-off"), create }];
        },
      }),
    );
    expect(messages(v, RULE)).toContain("unattended security upgrades are off (Update-Package-Lists 1, Unattended-Upgrade 0)");
    expect(by(v, RULE)[0].urn).toContain("apt-off");
  });
});
