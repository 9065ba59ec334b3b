import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderUserData } from "../../components/hetzner/user-data";
import { parseSettings } from "../../settings/load";
import { PROJECT } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";
import { by, deployment, messages, server, violationsOf } from "./harness";

const RULE = "user-data-cloud-config";
const ours = renderUserData(parseSettings(PROJECT, "dev", rawConfig(baseValues())));

describe(RULE, () => {
  it("passes the real deployment's user data", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
    expect(by(await violationsOf(() => server({ userData: ours })), RULE)).toEqual([]);
  });

  const forms: [string, string, string][] = [
    ["a shell script", "#!/bin/sh\necho 'PasswordAuthentication yes' > /etc/ssh/sshd_config.d/0.conf\n", "shell-script"],
    ["multipart MIME", 'Content-Type: multipart/mixed; boundary="b"\nMIME-Version: 1.0\n\n--b\nContent-Type: text/x-shellscript\n\n#!/bin/sh\ntrue\n--b--\n', "multipart"],
    ["a jinja template", "## template: jinja\n#cloud-config\nssh_pwauth: {{ v }}\n", "jinja"],
    ["an #include", "#include\nhttps://example.com/cloud-config.yaml\n", "include"],
    ["gzip of a shell script", gzipSync("#!/bin/sh\npasswd -d root\n").toString("latin1"), "shell-script (gzip)"],
    ["base64 of a shell script", Buffer.from("#!/bin/sh\npasswd -d root\n").toString("base64"), "shell-script (base64)"],
  ];

  it.each(forms)("refuses %s unless the pack config allows that form", async (_what, userData, form) => {
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain(`user data is a ${form}`);
  });

  it("accepts a form the pack config lists", async () => {
    const v = await violationsOf(() => server({ userData: "#!/bin/sh\ntrue\n" }), { config: { [RULE]: { allowedUserDataForms: ["shell-script"] } } });
    expect(by(v, RULE)).toEqual([]);
  });

  const keys: [string, string, string][] = [
    ["ssh_pwauth: true", "ssh_pwauth: true\n", "ssh_pwauth"],
    ["ssh_pwauth: yes", "ssh_pwauth: yes\n", "ssh_pwauth"],
    ["chpasswd", "chpasswd:\n  expire: false\n  users:\n    - {name: ops, password: hunter2, type: text}\n", "chpasswd"],
    ["disable_root: false", "disable_root: false\n", "disable_root"],
    ["a user with a password", "users:\n  - name: ops\n    plain_text_passwd: hunter2\n", "sets a password"],
    ["a user with lock_passwd false", "users:\n  - name: ops\n    lock_passwd: false\n", "lock_passwd"],
  ];

  it.each(keys)("refuses %s", async (_what, yaml, text) => {
    const v = await violationsOf(() => server({ userData: `#cloud-config\n${yaml}` }));
    expect(messages(v, RULE)).toContain(text);
    expect(messages(v, RULE)).not.toContain("hunter2");
  });

  const twists: [string, string, string][] = [
    ["the service user with sudo", ours.replace("  - name: openclaw\n", "  - name: openclaw\n    sudo: 'ALL=(ALL) NOPASSWD:ALL'\n"), "user data: users[1].sudo (openclaw): sudo rights only for the admin user, ops"],
    ["apt.conf turning upgrades off", ours.replace("users:\n", 'apt:\n  conf: |\n    APT::Periodic::Unattended-Upgrade "0";\nusers:\n'), "user data: cloud-config key 'apt' is refused"],
    ["an apt source with a keyserver key", ours.replace("users:\n", "apt:\n  sources:\n    x:\n      source: 'deb https://apt.example.net/debian stable main'\n      keyid: 8B48AD6246925553\n      keyserver: keyserver.ubuntu.com\nusers:\n"), "user data: cloud-config key 'apt' is refused"],
    ["ansible-pull", ours.replace("users:\n", "ansible:\n  pull:\n    url: https://example.org/baseline.git\n    playbook_name: site.yml\nusers:\n"), "user data: cloud-config key 'ansible' is refused"],
    ["a key the pack does not know", ours.replace("users:\n", "landscape:\n  client: {url: 'https://landscape.example'}\nusers:\n"), "user data: cloud-config key 'landscape' is not one the pack knows to be harmless"],
    ["a user field the pack does not know", ours.replace("  - name: openclaw\n", "  - name: openclaw\n    uid: 0\n"), "user data: users[1].uid (openclaw): not a user field the pack knows"],
  ];

  it.each(twists)("refuses our user data with %s, naming the key path", async (_what, userData, text) => {
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain(text);
  });

  it("reads runcmd as a step: refuses a loosening there", async () => {
    const v = await violationsOf(() => server({ userData: "#cloud-config\nruncmd:\n  - [sh, -c, 'ufw --force disable']\n  - sed -i s/no/yes/ /etc/ssh/sshd_config\n" }));
    expect(messages(v, RULE)).toMatch(/ufw[\s\S]*sed -i edits \/etc\/ssh\/sshd_config/);
  });
});
