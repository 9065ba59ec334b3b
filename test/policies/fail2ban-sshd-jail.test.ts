import { describe, expect, it } from "vitest";
import { base64, by, deployment, handBuilt, messages, remoteCommand, server, violationsOf } from "./harness";

const RULE = "fail2ban-sshd-jail";
const withFile = (path: string, content: string) => () =>
  handBuilt({
    extra: (connection, after) => {
      const create = `echo ${base64(content)} | base64 -d | sudo tee ${path} >/dev/null`;
      return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "jail-step"), create }];
    },
  });

describe(RULE, () => {
  it("passes the real deployment's jail.local", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a server that gets no jail at all", async () => {
    expect(messages(await violationsOf(() => server()), RULE)).toContain("gets no fail2ban jail configuration");
  });

  it("refuses a later file that disables the sshd jail (jail.d/*.local is read after jail.local)", async () => {
    const v = await violationsOf(withFile("/etc/fail2ban/jail.d/zz-off.local", "[sshd]\nenabled = false\n"));
    expect(messages(v, RULE)).toContain("the sshd jail is not enabled (enabled = false)");
  });

  it("refuses a jail that allows 1000 failures or bans for a second", async () => {
    const v = await violationsOf(withFile("/etc/fail2ban/jail.d/loose.local", "[DEFAULT]\nbantime = 1\n[sshd]\nmaxretry = 1000\n"));
    expect(messages(v, RULE)).toMatch(/allows 1000 failures[\s\S]*bans for 1/);
  });

  it("refuses a replaced filter", async () => {
    const v = await violationsOf(withFile("/etc/fail2ban/filter.d/sshd.local", "[Definition]\nfailregex =\n"));
    expect(messages(v, RULE)).toContain("replaces a fail2ban filter or action");
  });
});
