// sshd's configuration evaluated as sshd reads it: our drop-ins pass, and every way another file
// could win over them (sort order, the main file, Includes, Match blocks, spellings) is caught.
import { describe, expect, it } from "vitest";
import { effectiveSshd, sshdHardeningProblems, type SshdFile } from "../../../policies/lib/sshd";
import { sshdBaselineProblems } from "../../../policies/lib/sshd-baseline";
import { renderSshdFirstBoot, renderSshdHardened } from "../../../components/host/sshd-config";

const settings = { adminUser: "ops", sshPort: 22, gatewayPort: 18789, image: "debian-13" } as const;
const OURS = "/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf";
const ours = (): SshdFile => ({ path: OURS, content: renderSshdFirstBoot(settings) });
const dropIn = (name: string, ...lines: string[]): SshdFile => ({ path: `/etc/ssh/sshd_config.d/${name}`, content: `${lines.join("\n")}\n` });

function check(...files: SshdFile[]) {
  const effective = effectiveSshd(files);
  return { effective, problems: effective.problems, hardening: sshdHardeningProblems(effective) };
}

describe("our drop-ins", () => {
  for (const image of ["debian-13", "debian-12", "ubuntu-24.04"] as const) {
    for (const [stage, render] of [
      ["first boot", renderSshdFirstBoot],
      ["hardened", renderSshdHardened],
    ] as const) {
      it(`pass (${stage}, ${image})`, () => {
        const { effective, problems, hardening } = check({ path: OURS, content: render({ ...settings, image }) });
        expect(problems).toEqual([]);
        expect(hardening).toEqual([]);
        expect(effective.settings.get("passwordauthentication")).toBe("no");
        expect(effective.sources.get("passwordauthentication")).toBe(OURS);
        expect(effective.settings.get("allowusers")).toBe("ops");
        // The image's main file still supplies what we do not set.
        expect(effective.sources.get("usepam")).toBe("/etc/ssh/sshd_config");
      });
    }
  }

  it("beat cloud-init's 50-cloud-init.conf", () => {
    const { effective, hardening } = check(ours(), dropIn("50-cloud-init.conf", "PasswordAuthentication yes"));
    expect(hardening).toEqual([]);
    expect(effective.sources.get("passwordauthentication")).toBe(OURS);
  });
});

describe("the image defaults", () => {
  it("refuse sshd's compiled defaults when nothing is set", () => {
    const { effective, problems, hardening } = check();
    expect(problems).toEqual([]);
    expect(effective.settings.get("kbdinteractiveauthentication")).toBe("no");
    expect(hardening).toEqual([
      "PermitRootLogin is 'prohibit-password' (unset: sshd's default); must be 'no'",
      "PasswordAuthentication is 'yes' (unset: sshd's default); must be 'no'",
      "AllowUsers is unset, and so is AllowGroups: every account with a key may log in; must name the admin user",
    ]);
  });

  it("are replaced by a main sshd_config the caller passes", () => {
    const main = { path: "/etc/ssh/sshd_config", content: "PasswordAuthentication yes\nInclude /etc/ssh/sshd_config.d/*.conf\n" };
    expect(check(ours(), main).hardening).toEqual(["PasswordAuthentication is 'yes' (from /etc/ssh/sshd_config); must be 'no'"]);
    // A main file without the Include never reads our drop-in.
    const noInclude = { path: "/etc/ssh/sshd_config", content: "UsePAM yes\n" };
    expect(check(ours(), noInclude).hardening).toHaveLength(4);
    // Without its Debian line, KbdInteractiveAuthentication falls back to sshd's default unless we set it.
    expect(check(noInclude).hardening).toContain("KbdInteractiveAuthentication is 'yes' (unset: sshd's default); must be 'no'");
  });

  it("take a relative Include as sshd does (relative to /etc/ssh)", () => {
    const main = { path: "/etc/ssh/sshd_config", content: "Include sshd_config.d/*.conf\n" };
    expect(check(ours(), main)).toMatchObject({ problems: [], hardening: [] });
  });
});

describe("first value wins", () => {
  it("lets a drop-in sorting before ours win", () => {
    const { hardening } = check(ours(), dropIn("0-evil.conf", "PasswordAuthentication yes", "PermitRootLogin yes"));
    expect(hardening).toEqual([
      "PermitRootLogin is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'",
      "PasswordAuthentication is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'",
    ]);
  });

  it("sorts bytewise, as glob(3) does in sshd's C locale", () => {
    // "-" (0x2d) sorts before "0" (0x30): 000-evil.conf comes after 00-openclaw-hetzner.conf.
    expect(check(ours(), dropIn("000-evil.conf", "PermitRootLogin yes")).hardening).toEqual([]);
    expect(check(ours(), dropIn("00-0evil.conf", "PermitRootLogin yes")).hardening).toEqual(["PermitRootLogin is 'yes' (from /etc/ssh/sshd_config.d/00-0evil.conf); must be 'no'"]);
    expect(check(ours(), dropIn("00-Evil.conf", "PermitRootLogin yes")).hardening).toEqual(["PermitRootLogin is 'yes' (from /etc/ssh/sshd_config.d/00-Evil.conf); must be 'no'"]);
    expect(check(ours(), dropIn("00-openclaw-hetzner.conf.d.conf", "PermitRootLogin yes")).hardening).toEqual([]);
  });

  it("ignores drop-ins the Debian glob does not match", () => {
    expect(check(ours(), dropIn("0-evil", "PermitRootLogin yes"), dropIn(".0-evil.conf", "PermitRootLogin yes"), { path: "/etc/ssh/0-evil.conf", content: "PermitRootLogin yes\n" }).hardening).toEqual([]);
  });

  it("keeps the last version of a file passed twice", () => {
    const weak = dropIn("00-openclaw-hetzner.conf", "PasswordAuthentication yes", "PermitRootLogin no", "KbdInteractiveAuthentication no", "AllowUsers ops");
    expect(check(ours(), weak).hardening).toEqual([`PasswordAuthentication is 'yes' (from ${OURS}); must be 'no'`]);
    expect(check(weak, ours()).hardening).toEqual([]);
  });

  it("normalises paths", () => {
    expect(check(ours(), { path: "/etc/ssh//sshd_config.d/./0-evil.conf", content: "PermitRootLogin yes\n" }).hardening).toEqual(["PermitRootLogin is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'"]);
  });
});

describe("spellings", () => {
  const evil = (line: string) => check(ours(), dropIn("0-evil.conf", line));
  const spelled: [string, string][] = [
    ["Key=value", "PasswordAuthentication=yes"],
    ["Key = value", "PasswordAuthentication = yes"],
    ["Key =value", "PasswordAuthentication =yes"],
    ["lower case", "passwordauthentication yes"],
    ["upper case value", "PasswordAuthentication YES"],
    ["a quoted value", 'PasswordAuthentication "yes"'],
    ["a quoted keyword", '"PasswordAuthentication" yes'],
    ["a leading =", "=PasswordAuthentication yes"],
    ["indentation and a tab", "  \tPasswordAuthentication\tyes"],
    ["CRLF", "PasswordAuthentication yes\r"],
    ["a trailing comment", "PasswordAuthentication yes # no"],
  ];
  for (const [name, line] of spelled) {
    it(`reads ${name}`, () => {
      const { problems, hardening } = evil(line);
      expect(problems).toEqual([]);
      expect(hardening).toEqual([`PasswordAuthentication is '${line.includes("YES") ? "YES" : "yes"}' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'`]);
    });
  }

  it("skips comments", () => {
    expect(evil("#PasswordAuthentication yes").hardening).toEqual([]);
    expect(evil("   # PasswordAuthentication yes").hardening).toEqual([]);
  });

  it("treats ChallengeResponseAuthentication as KbdInteractiveAuthentication", () => {
    expect(evil("ChallengeResponseAuthentication yes").hardening).toEqual(["KbdInteractiveAuthentication is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'"]);
    expect(check(ours(), dropIn("99-late.conf", "ChallengeResponseAuthentication yes")).hardening).toEqual([]);
    // SKeyAuthentication is another alias (servconf.c), in Match blocks too.
    expect(evil("SKeyAuthentication yes").hardening).toEqual(["KbdInteractiveAuthentication is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'"]);
    expect(check(ours(), dropIn("99-m.conf", "Match User ops", "SKeyAuthentication yes")).problems).toHaveLength(1);
    const ourChallenge = dropIn("00-openclaw-hetzner.conf", "PermitRootLogin no", "PasswordAuthentication no", "ChallengeResponseAuthentication no", "AllowUsers ops");
    const { effective, hardening } = check(ourChallenge, dropIn("50-x.conf", "KbdInteractiveAuthentication yes"));
    expect(hardening).toEqual([]);
    expect(effective.settings.has("challengeresponseauthentication")).toBe(false);
  });

  it("reports lines sshd refuses", () => {
    const { problems } = check(ours(), dropIn("10-bad.conf", "PasswordAuthentication", 'Banner "/etc/issue', "PermitRootLogin maybe", "PasswordAuthentication no yes", "PasswordAuthentication # nothing"));
    expect(problems).toEqual([
      "/etc/ssh/sshd_config.d/10-bad.conf line 1: PasswordAuthentication has no value (sshd refuses the configuration)",
      "/etc/ssh/sshd_config.d/10-bad.conf line 2: Banner has unbalanced quotes (sshd refuses the configuration)",
      "/etc/ssh/sshd_config.d/10-bad.conf line 3: PermitRootLogin 'maybe' is not a value sshd accepts (sshd refuses the configuration)",
      "/etc/ssh/sshd_config.d/10-bad.conf line 4: PasswordAuthentication has extra arguments (sshd refuses the configuration)",
      "/etc/ssh/sshd_config.d/10-bad.conf line 5: PasswordAuthentication has no value (sshd refuses the configuration)",
    ]);
  });

  it("reads PermitEmptyPasswords", () => {
    expect(evil("PermitEmptyPasswords yes").hardening).toEqual(["PermitEmptyPasswords is 'yes' (from /etc/ssh/sshd_config.d/0-evil.conf); must be 'no'"]);
    expect(check(ours(), dropIn("99-late.conf", "PermitEmptyPasswords yes")).hardening).toEqual([]);
  });
});

describe("Include", () => {
  it("reports an Include the pack cannot see, naming the file", () => {
    const { problems } = check(ours(), dropIn("10-x.conf", "Include /etc/ssh/extra/*.conf"));
    expect(problems).toEqual(["/etc/ssh/sshd_config.d/10-x.conf line 1: Include of '/etc/ssh/extra/*.conf' (the pack cannot see it; only /etc/ssh/sshd_config.d/*.conf is read)"]);
  });

  it("reports other globs and home-relative paths in the main file", () => {
    const main = { path: "/etc/ssh/sshd_config", content: "Include /etc/ssh/sshd_config.d/*.conf ~/x.conf /etc/ssh/sshd_config.d/*\n" };
    expect(check(ours(), main).problems).toEqual([
      "/etc/ssh/sshd_config line 1: Include of '~/x.conf' (the pack cannot see it; only /etc/ssh/sshd_config.d/*.conf is read)",
      "/etc/ssh/sshd_config line 1: Include of '/etc/ssh/sshd_config.d/*' (the pack cannot see it; only /etc/ssh/sshd_config.d/*.conf is read)",
    ]);
  });

  it("reports a drop-in including the drop-ins (sshd recurses until it refuses)", () => {
    expect(check(ours(), dropIn("10-x.conf", "Include /etc/ssh/sshd_config.d/*.conf")).problems).toEqual([
      "/etc/ssh/sshd_config.d/10-x.conf line 1: Include of /etc/ssh/sshd_config.d/*.conf from a drop-in recurses (sshd refuses the configuration)",
    ]);
  });

  it("reads drop-ins as conditional when the main file includes them inside a Match block", () => {
    const main = { path: "/etc/ssh/sshd_config", content: "Match User nobody\nInclude /etc/ssh/sshd_config.d/*.conf\n" };
    const { effective, hardening } = check(ours(), main);
    expect(effective.settings.has("passwordauthentication")).toBe(false);
    expect(hardening).toContain("PasswordAuthentication is 'yes' (unset: sshd's default); must be 'no'");
  });
});

describe("Match blocks", () => {
  it("keep their settings out of the effective ones and report weakening values, naming file and keyword", () => {
    const late = dropIn("99-match.conf", "Match User ops", "PasswordAuthentication yes", "PermitRootLogin prohibit-password", "AllowTcpForwarding yes");
    const { effective, problems, hardening } = check(ours(), late);
    expect(hardening).toEqual([]);
    expect(effective.settings.has("allowtcpforwarding")).toBe(false);
    expect(problems).toEqual([
      "/etc/ssh/sshd_config.d/99-match.conf line 2: a Match block sets PasswordAuthentication 'yes' (weaker than the hardened baseline for the connections it matches)",
      "/etc/ssh/sshd_config.d/99-match.conf line 3: a Match block sets PermitRootLogin 'prohibit-password' (weaker than the hardened baseline for the connections it matches)",
    ]);
  });

  it("report every weakening keyword, the alias and conditional user lists", () => {
    const lines = [
      "Match Address 10.0.0.0/8",
      "KbdInteractiveAuthentication yes",
      "ChallengeResponseAuthentication yes",
      "PermitEmptyPasswords yes",
      "AuthenticationMethods any",
      "AuthenticationMethods password",
      "AuthenticationMethods publickey password",
      "AllowUsers root",
      "AllowGroups wheel",
    ];
    const { problems } = check(ours(), dropIn("99-match.conf", ...lines));
    expect(problems.map((p) => p.replace(/^\S+ line (\d+): a Match block sets (\S+) .*$/, "$1 $2"))).toEqual([
      "2 KbdInteractiveAuthentication",
      "3 ChallengeResponseAuthentication",
      "4 PermitEmptyPasswords",
      "5 AuthenticationMethods",
      "6 AuthenticationMethods",
      "7 AuthenticationMethods",
      "8 AllowUsers",
      "9 AllowGroups",
    ]);
  });

  it("accept values that are no weaker", () => {
    const lines = ["Match User ops", "PasswordAuthentication no", "PermitRootLogin NO", "AuthenticationMethods publickey,password", "AuthenticationMethods publickey"];
    expect(check(ours(), dropIn("99-match.conf", ...lines)).problems).toEqual([]);
  });

  it("end at the end of their file", () => {
    const { effective, hardening } = check(dropIn("0-a.conf", "Match User nobody", "X11Forwarding no"), dropIn("0-b.conf", "PasswordAuthentication yes"), ours());
    expect(effective.settings.has("x11forwarding")).toBe(true); // from the image's main file
    expect(effective.sources.get("x11forwarding")).toBe("/etc/ssh/sshd_config");
    expect(hardening).toEqual(["PasswordAuthentication is 'yes' (from /etc/ssh/sshd_config.d/0-b.conf); must be 'no'"]);
  });

  it("treat Match all as applying to everyone, over the global lines, wherever it sorts", () => {
    const { effective, hardening } = check(ours(), dropIn("99-late.conf", "Match User nobody", "PasswordAuthentication no", "Match all", "PasswordAuthentication yes", "AllowUsers root"));
    expect(effective.settings.get("passwordauthentication")).toBe("yes");
    expect(hardening).toEqual([
      "PasswordAuthentication is 'yes' (from /etc/ssh/sshd_config.d/99-late.conf); must be 'no'",
      "AllowUsers is 'root' (from /etc/ssh/sshd_config.d/99-late.conf): lets root in",
    ]);
  });

  it("report a Match without criteria", () => {
    expect(check(ours(), dropIn("99-x.conf", "Match")).problems).toEqual(["/etc/ssh/sshd_config.d/99-x.conf line 1: Match has no value (sshd refuses the configuration)"]);
  });
});

describe("AllowUsers and AllowGroups", () => {
  const withAllow = (...lines: string[]) => check(dropIn("00-openclaw-hetzner.conf", "PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", ...lines)).hardening;

  it("must be set", () => {
    expect(withAllow()).toEqual(["AllowUsers is unset, and so is AllowGroups: every account with a key may log in; must name the admin user"]);
    expect(withAllow("AllowGroups ssh-users")).toEqual([]);
  });

  it("must not let everyone or root in", () => {
    expect(withAllow("AllowUsers *")).toEqual([`AllowUsers is '*' (from ${OURS}): '*' lets everyone in`]);
    expect(withAllow("AllowUsers ops *@10.0.0.1")).toEqual([`AllowUsers is 'ops *@10.0.0.1' (from ${OURS}): '*' lets everyone in`]);
    expect(withAllow("AllowUsers ops root")).toEqual([`AllowUsers is 'ops root' (from ${OURS}): lets root in`]);
    expect(withAllow("AllowUsers r?o*@192.0.2.1")).toEqual([`AllowUsers is 'r?o*@192.0.2.1' (from ${OURS}): lets root in`]);
    expect(withAllow("AllowGroups root")).toEqual([`AllowGroups is 'root' (from ${OURS}): lets root in`]);
    expect(withAllow("AllowUsers ops ROOT rooter")).toEqual([]);
  });

  it("add up across files, naming each", () => {
    const { effective, hardening } = check(ours(), dropIn("99-late.conf", "AllowUsers root"));
    expect(effective.settings.get("allowusers")).toBe("ops root");
    expect(hardening).toEqual([`AllowUsers is 'ops root' (from ${OURS}, /etc/ssh/sshd_config.d/99-late.conf): lets root in`]);
  });
});

describe("the baseline allowlist (after the steps)", () => {
  const OURS_HARDENED = (image: "debian-13" | "debian-12" | "ubuntu-24.04" = "debian-13"): SshdFile => ({ path: OURS, content: renderSshdHardened({ ...settings, image }) });
  const cloudInit = dropIn("50-cloud-init.conf", "PasswordAuthentication no");
  const baseline = (...files: SshdFile[]) => sshdBaselineProblems(effectiveSshd(files));
  const withOurs = (...lines: string[]) => baseline(OURS_HARDENED(), cloudInit, dropIn("0-extra.conf", ...lines));

  for (const image of ["debian-13", "debian-12", "ubuntu-24.04"] as const) {
    it(`passes our hardened drop-in over the image's main file (${image})`, () => {
      expect(baseline(OURS_HARDENED(image), cloudInit)).toEqual([]);
    });
  }

  it("passes the image's main file spelled out, and Ubuntu's AcceptEnv", () => {
    const main = {
      path: "/etc/ssh/sshd_config",
      content: "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_* COLORTERM NO_COLOR\nSubsystem sftp /usr/lib/openssh/sftp-server\n",
    };
    expect(baseline(main, OURS_HARDENED(), cloudInit)).toEqual([]);
  });

  it("refuses sshd's weak compiled defaults when nothing sets them", () => {
    const problems = baseline(ours());
    expect(problems).toContain("KexAlgorithms is unset (sshd's defaults include algorithms ssh-audit flags): must list only " + ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512"].join(", "));
    expect(problems.map((p) => p.split(" ")[0])).toEqual(["X11Forwarding", "AllowTcpForwarding", "PermitOpen", "AllowAgentForwarding", "AllowStreamLocalForwarding", "KexAlgorithms", "Ciphers", "MACs", "HostKeyAlgorithms"]);
    // DisableForwarding yes makes every forwarding keyword inert.
    expect(baseline(ours(), dropIn("0-x.conf", "DisableForwarding yes", "X11Forwarding yes")).map((p) => p.split(" ")[0])).toEqual(["KexAlgorithms", "Ciphers", "MACs", "HostKeyAlgorithms"]);
  });

  it("refuses a keyword it does not know, naming keyword and file, not the value", () => {
    const problems = withOurs("SetEnv LD_PRELOAD=/tmp/LEAKCHECK.so", "pidfile /tmp/sshd.pid", "UseLogin yes", "ThisIsNoKeyword x");
    expect(problems).toEqual([
      "SetEnv (from /etc/ssh/sshd_config.d/0-extra.conf) is not a keyword the pack knows to be safe: sshd settings are allowed by name, and this one is not on the list",
      "pidfile (from /etc/ssh/sshd_config.d/0-extra.conf) is not a keyword the pack knows to be safe: sshd settings are allowed by name, and this one is not on the list",
      "UseLogin (from /etc/ssh/sshd_config.d/0-extra.conf) is not a keyword the pack knows to be safe: sshd settings are allowed by name, and this one is not on the list",
      "ThisIsNoKeyword (from /etc/ssh/sshd_config.d/0-extra.conf) is not a keyword the pack knows to be safe: sshd settings are allowed by name, and this one is not on the list",
    ]);
    expect(problems.join("\n")).not.toContain("LEAKCHECK");
  });

  const refused: [string, string[], string][] = [
    ["a user CA", ["TrustedUserCAKeys /etc/ssh/ops_user_ca.pub"], "TrustedUserCAKeys '/etc/ssh/ops_user_ca.pub' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none'"],
    ["a principals file", ["AuthorizedPrincipalsFile /etc/ssh/principals/%u"], "AuthorizedPrincipalsFile '/etc/ssh/principals/%u' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none'"],
    ["a principals command", ["AuthorizedPrincipalsCommand /bin/echo ops"], "AuthorizedPrincipalsCommand '/bin/echo ops' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none'"],
    ["a keys file in /tmp", ["AuthorizedKeysFile .ssh/authorized_keys /tmp/%u.keys"], "AuthorizedKeysFile '.ssh/authorized_keys /tmp/%u.keys' (from /etc/ssh/sshd_config.d/0-extra.conf): only the user's own"],
    ["StrictModes no", ["StrictModes no"], "StrictModes 'no' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'yes'"],
    ["host-based logins", ["HostbasedAuthentication yes"], "HostbasedAuthentication 'yes' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["rhosts", ["IgnoreRhosts no"], "IgnoreRhosts 'no' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'yes'"],
    ["revoked keys in /tmp", ["RevokedKeys /tmp/krl"], "RevokedKeys '/tmp/krl' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'none' or a file directly in /etc/ssh"],
    ["SHA-1 host keys", ["HostKeyAlgorithms ssh-ed25519,ssh-rsa"], "HostKeyAlgorithms 'ssh-ed25519,ssh-rsa' (from /etc/ssh/sshd_config.d/0-extra.conf): offers ssh-rsa"],
    ["NIST host keys", ["HostKeyAlgorithms ecdsa-sha2-nistp256"], "HostKeyAlgorithms 'ecdsa-sha2-nistp256' (from /etc/ssh/sshd_config.d/0-extra.conf): offers ecdsa-sha2-nistp256"],
    ["DSA user keys", ["PubkeyAcceptedKeyTypes ssh-ed25519,ssh-dss"], "PubkeyAcceptedAlgorithms 'ssh-ed25519,ssh-dss' (from /etc/ssh/sshd_config.d/0-extra.conf): offers ssh-dss"],
    ["SHA-1 host-based keys", ["HostbasedAcceptedAlgorithms ssh-rsa"], "HostbasedAcceptedAlgorithms 'ssh-rsa' (from /etc/ssh/sshd_config.d/0-extra.conf): offers ssh-rsa"],
    ["SHA-1 CA signatures", ["CASignatureAlgorithms ssh-rsa"], "CASignatureAlgorithms 'ssh-rsa' (from /etc/ssh/sshd_config.d/0-extra.conf): offers ssh-rsa"],
    ["short RSA keys", ["RequiredRSASize 2048"], "RequiredRSASize '2048' (from /etc/ssh/sshd_config.d/0-extra.conf): must be a whole number from 3072 to 16384"],
    ["a list removing from the defaults", ["MACs -hmac-sha1"], "MACs '-hmac-sha1' (from /etc/ssh/sshd_config.d/0-extra.conf): edits sshd's default list"],
    ["a wildcard in a list", ["Ciphers aes*"], "Ciphers 'aes*' (from /etc/ssh/sshd_config.d/0-extra.conf): offers aes*"],
    ["forwarding anywhere on a wildcard", ["PermitOpen *:*"], "PermitOpen '*:*' (from /etc/ssh/sshd_config.d/0-extra.conf): *:*: only 'none' or loopback"],
    ["forwarding to another host", ["PermitOpen 10.0.0.5:5432"], "PermitOpen '10.0.0.5:5432' (from /etc/ssh/sshd_config.d/0-extra.conf): 10.0.0.5:5432: only 'none' or loopback"],
    ["remote forwards on any port", ["PermitListen any"], "PermitListen 'any' (from /etc/ssh/sshd_config.d/0-extra.conf): lets remote forwards listen on any port"],
    ["remote forwarding", ["AllowTcpForwarding remote"], "AllowTcpForwarding 'remote' (from /etc/ssh/sshd_config.d/0-extra.conf): must be one of 'local', 'no'"],
    ["agent forwarding", ["AllowAgentForwarding yes"], "AllowAgentForwarding 'yes' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["a tunnel device", ["PermitTunnel point-to-point"], "PermitTunnel 'point-to-point' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["a user environment", ["PermitUserEnvironment LD_PRELOAD"], "PermitUserEnvironment 'LD_PRELOAD' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["authentication without keys", ["AuthenticationMethods any"], "AuthenticationMethods 'any' (from /etc/ssh/sshd_config.d/0-extra.conf): every list may name only 'publickey'"],
    ["a banner sshd reads as root", ["Banner /etc/shadow"], "Banner '/etc/shadow' (from /etc/ssh/sshd_config.d/0-extra.conf): must be one of 'none', '/etc/issue.net', '/etc/issue'"],
    ["quiet logs fail2ban cannot read", ["LogLevel QUIET"], "LogLevel 'QUIET' (from /etc/ssh/sshd_config.d/0-extra.conf): must be one of 'info', 'verbose'"],
    ["reverse DNS", ["UseDNS yes"], "UseDNS 'yes' (from /etc/ssh/sshd_config.d/0-extra.conf): must be 'no'"],
    ["more tries than sshd's default", ["MaxAuthTries 100"], "MaxAuthTries '100' (from /etc/ssh/sshd_config.d/0-extra.conf): must be a whole number from 1 to 6"],
    ["no login grace limit", ["LoginGraceTime 0"], "LoginGraceTime '0' (from /etc/ssh/sshd_config.d/0-extra.conf): must be a time from 1s to 120s"],
    ["a host key another user may know", ["HostKey /tmp/key"], "HostKey '/tmp/key' (from /etc/ssh/sshd_config.d/0-extra.conf): only the image's"],
    ["a second sftp server", ["Subsystem backup /tmp/agent"], "Subsystem 'backup /tmp/agent' (from /etc/ssh/sshd_config.d/0-extra.conf): only 'sftp /usr/lib/openssh/sftp-server'"],
    ["an environment variable that runs code", ["AcceptEnv LANG LD_PRELOAD"], "AcceptEnv 'LANG LD_PRELOAD' (from /etc/ssh/sshd_config.d/0-extra.conf): accepts LD_PRELOAD"],
  ];
  it.each(refused)("refuses %s", (_what, lines, text) => {
    expect(withOurs(...lines).join("\n")).toContain(text);
  });

  it("allows what cannot weaken, in any case sshd accepts", () => {
    const lines = [
      "StrictModes YES",
      "IgnoreRhosts yes",
      "HostbasedAuthentication no",
      "TrustedUserCAKeys none",
      "AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2",
      "RequiredRSASize 4096",
      "PubkeyAuthOptions touch-required verify-required",
      "RevokedKeys /etc/ssh/revoked_keys",
      "DenyUsers openclaw",
      "Banner /etc/issue.net",
      "Compression no",
      "MaxSessions 2",
      "LoginGraceTime 1m",
      "PermitListen none",
      "Port 2222",
      "HostKey /etc/ssh/ssh_host_rsa_key",
    ];
    expect(withOurs(...lines)).toEqual([]);
  });

  it("lets PermitOpen any pass only while TCP forwarding is off, never in a Match block", () => {
    const main = { path: "/etc/ssh/sshd_config", content: "Include /etc/ssh/sshd_config.d/*.conf\n" };
    const noForwarding = renderSshdHardened(settings).replace("AllowTcpForwarding local", "AllowTcpForwarding no").replace(/PermitOpen .*/, "PermitOpen any");
    expect(baseline(main, { path: OURS, content: noForwarding })).toEqual([]);
    expect(baseline(main, { path: OURS, content: noForwarding }, dropIn("99-m.conf", "Match Address 10.0.0.0/8", "PermitOpen any"))).toEqual([
      "PermitOpen 'any' (in a Match block, /etc/ssh/sshd_config.d/99-m.conf line 2): lets the tunnel reach any host and port: the tunnel must reach the gateway only",
    ]);
  });

  it("judges every line of a Match block, and each line of keywords that add up", () => {
    const problems = baseline(OURS_HARDENED(), dropIn("99-m.conf", "Match User ops", "AllowAgentForwarding yes", "X11Forwarding no", "Match all", "AcceptEnv BASH_ENV"));
    expect(problems).toEqual([
      "AcceptEnv 'BASH_ENV' (from /etc/ssh/sshd_config.d/99-m.conf): accepts BASH_ENV: only LANG, LANGUAGE, LC_*, COLORTERM and NO_COLOR",
      "AllowAgentForwarding 'yes' (in a Match block, /etc/ssh/sshd_config.d/99-m.conf line 2): must be 'no'",
    ]);
  });
});
