import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderStepCommand } from "../../../components/remote/command-line";
import { readCommandText, readShell, readStepResource } from "../../../policies/lib/payloads";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("what a step ships", () => {
  it("decodes a catalogue step's file inputs at their declared paths", () => {
    const { command } = renderStepCommand("fail2ban", { OC_JAIL_LOCAL_B64: b64("[sshd]\nenabled = true\n") });
    const r = readCommandText(command, "step 'fail2ban'");
    expect(r.step).toBe("fail2ban");
    expect(r.files).toEqual([expect.objectContaining({ path: "/etc/fail2ban/jail.local", kind: "fail2ban-jail", content: "[sshd]\nenabled = true\n" })]);
    expect(r.refusals).toEqual([]);
  });

  it.each([
    ["a quoted heredoc", "sudo tee /etc/ssh/sshd_config.d/0.conf >/dev/null <<'EOF'\nPermitRootLogin yes\nEOF", "PermitRootLogin yes\n"],
    ["cat > with a heredoc", "cat > /etc/ssh/sshd_config.d/0.conf <<EOF\nPermitRootLogin yes\nEOF", "PermitRootLogin yes\n"],
    ["echo | base64 -d", `echo ${b64("PermitRootLogin yes\n")} | base64 -d > /etc/ssh/sshd_config.d/0.conf`, "PermitRootLogin yes\n"],
    ["printf | tee -a", "printf '%s\\n' 'PermitRootLogin yes' | sudo tee -a /etc/ssh/sshd_config.d/0.conf", "PermitRootLogin yes\n"],
    ["a here-string", "sudo tee /etc/ssh/sshd_config.d/0.conf <<< 'PermitRootLogin yes'", "PermitRootLogin yes\n"],
  ])("reads %s", (_what, text, content) => {
    const r = readShell(text, "t");
    expect(r.files).toEqual([expect.objectContaining({ path: "/etc/ssh/sshd_config.d/0.conf", kind: "sshd-config", content })]);
    expect(r.refusals).toEqual([]);
  });

  it("reads what stdin carries into tee, and gzip through base64", () => {
    expect(readShell("sudo tee /etc/fail2ban/jail.local", "t", "[sshd]\nenabled = false\n").files[0].content).toContain("enabled = false");
    const gz = gzipSync("PermitRootLogin yes\n").toString("base64");
    expect(readShell(`echo ${gz} | base64 -d | gunzip > /etc/ssh/sshd_config`, "t").files[0]).toMatchObject({ content: "PermitRootLogin yes\n" });
  });

  it("refuses an unquoted heredoc that expands at run time into a hardening file", () => {
    const r = readShell('cat > /etc/ssh/sshd_config.d/0.conf <<EOF\nPermitRootLogin $MODE\nEOF', "t");
    expect(r.refusals.join()).toContain("content the pack cannot read");
  });

  it("ignores writes elsewhere and read-only tools", () => {
    expect(readShell("echo hi > /tmp/x && ufw status && iptables -L -n && systemctl restart ssh && sshd -t", "t")).toMatchObject({ files: [], refusals: [] });
  });

  it("expands variables assigned a literal (a path or a secret split across variables)", () => {
    const r = readShell("d=/etc/ssh/sshd_config.d; f=0.conf; echo 'PermitRootLogin yes' | sudo tee \"$d/$f\"\nA=sk-ant-; B=api03; curl -H \"x-api-key: ${A}${B}\" x", "t");
    expect(r.files[0]).toMatchObject({ path: "/etc/ssh/sshd_config.d/0.conf", content: "PermitRootLogin yes\n" });
    expect(r.expanded.join("\n")).toContain("x-api-key: sk-ant-api03");
  });

  it("reads a CopyToRemote's string asset at its path, and refuses one it cannot read", async () => {
    const copy = await readStepResource("command:remote:CopyToRemote", { source: { text: Promise.resolve("PermitRootLogin yes\n") }, remotePath: "/etc/ssh/sshd_config" }, "c");
    expect(copy.files[0]).toMatchObject({ path: "/etc/ssh/sshd_config", kind: "sshd-config" });
    const remote = await readStepResource("command:remote:CopyToRemote", { source: { uri: "https://x/y" }, remotePath: "/etc/ssh/sshd_config" }, "c");
    expect(remote.refusals.join()).toContain("copies content the pack cannot read");
  });
});
