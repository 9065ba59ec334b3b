// sshd's configuration evaluated as sshd reads it: our drop-ins pass, and every way another file
// could win over them (sort order, the main file, Includes, Match blocks, spellings) is caught.
import { describe, expect, it } from "vitest";
import { effectiveSshd, sshdHardeningProblems, type SshdFile } from "../../../policies/lib/sshd";
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
