import { describe, expect, it } from "vitest";
import { by, deployment, messages, remoteCommand, server, violationsOf } from "./harness";

const RULE = "host-access-files-untouched";
const write = (path: string, content: string) => () => {
  server();
  remoteCommand({ create: `sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF` });
};

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it.each([
    ["sudo for the service user", "/etc/sudoers.d/openclaw", "openclaw ALL=(ALL) NOPASSWD:ALL", "grants sudo"],
    ["ufw's default policy opened", "/etc/default/ufw", 'IPV6=yes\nDEFAULT_INPUT_POLICY="ACCEPT"', "default input policy to ACCEPT"],
    ["ufw's rule files", "/etc/ufw/user.rules", "-A ufw-user-input -j ACCEPT", "edits ufw's rule files"],
    ["/etc/shadow", "/etc/shadow", "root::19000:0:99999:7:::", "writes /etc/shadow directly"],
    ["PAM", "/etc/pam.d/sshd", "auth sufficient pam_permit.so", "changes PAM"],
    ["root's authorized_keys", "/root/.ssh/authorized_keys", "ssh-ed25519 AAAA x", "writes /root/.ssh/authorized_keys"],
  ])("refuses %s", async (_what, path, content, text) => {
    expect(messages(await violationsOf(write(path, content)), RULE)).toContain(text);
  });

  it("follows a relative write after a literal cd", async () => {
    const v = await violationsOf(() => {
      server();
      remoteCommand({ create: "cd /etc/sudoers.d && echo 'openclaw ALL=(ALL) NOPASSWD:ALL' | sudo tee agent" });
    });
    expect(messages(v, RULE)).toContain("grants sudo to the service user");
  });

  it("accepts ufw's default policy kept at DROP", async () => {
    expect(by(await violationsOf(write("/etc/default/ufw", 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"')), RULE)).toEqual([]);
  });
});
