// The shell parser the pack reads command steps with: words, redirections and heredocs come out
// exactly; compound commands and substitutions are flattened so no command hides; what it cannot
// read is reported in `opaque`.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseShell, shellQuote, simpleCommands, type ParsedShell, type SimpleCommand } from "../../../policies/lib/shell";

const SCRIPTS = path.join(__dirname, "..", "..", "..", "scripts", "remote");

/** Each simple command as its word texts. */
function texts(parsed: ParsedShell): string[][] {
  return simpleCommands(parsed).map((c) => c.words.map((w) => w.text));
}

/** Each pipeline as "a b | c d". */
function lines(parsed: ParsedShell): string[] {
  return parsed.pipelines.map((p) => p.commands.map((c) => c.words.map((w) => w.text).join(" ")).join(" | "));
}

function only(parsed: ParsedShell): SimpleCommand {
  const all = simpleCommands(parsed);
  expect(all).toHaveLength(1);
  return all[0];
}

function redirs(cmd: SimpleCommand): string[] {
  return cmd.redirections.map((r) => `${r.fd}${r.op}${r.target.text}`);
}

describe("parseShell: the step command line", () => {
  const script = readFileSync(path.join(SCRIPTS, "lib.sh"), "utf8") + "\n# ---- ufw.sh ----\n" + readFileSync(path.join(SCRIPTS, "ufw.sh"), "utf8");
  const line = `sudo /usr/bin/env OC_STEP=ufw OC_SSH_PORT=${shellQuote("22")} /bin/bash -c ${shellQuote(script)} openclaw-hetzner-ufw`;

  it("gives the words exactly, the script word equal to the original text", () => {
    expect(line).toContain(`'\\''`); // lib.sh has single quotes: the escape is exercised
    const parsed = parseShell(line);
    expect(parsed.opaque).toEqual([]);
    const cmd = only(parsed);
    expect(cmd.assignments).toEqual([]);
    expect(cmd.words.map((w) => w.text)).toEqual(["sudo", "/usr/bin/env", "OC_STEP=ufw", "OC_SSH_PORT=22", "/bin/bash", "-c", script, "openclaw-hetzner-ufw"]);
    expect(cmd.words.every((w) => !w.dynamic)).toBe(true);
    expect(cmd.words[3].raw).toBe("OC_SSH_PORT='22'");
    expect(cmd.redirections).toEqual([]);
  });

  it("reads the script inside when the pack re-parses it", () => {
    const body = only(parseShell(line)).words[6].text;
    const inner = parseShell(body);
    expect(inner.opaque.every((o) => o.startsWith("function definition"))).toBe(true);
    expect(texts(inner)).toContainEqual(["ufw", "allow", "$port/tcp"]);
    expect(texts(inner)).toContainEqual(["ufw", "--force", "enable"]);
  });

  it("keeps the '\\'' escape and $ literal in a hand-written body", () => {
    const cmd = only(parseShell(`sudo /bin/bash -c 'echo '\\''it is'\\'' "$HOME"' name`));
    expect(cmd.words.map((w) => w.text)).toEqual(["sudo", "/bin/bash", "-c", `echo 'it is' "$HOME"`, "name"]);
    expect(cmd.words[3].dynamic).toBe(false);
  });

  it("reads a bundle held in a quoted heredoc inside \"$(cat <<'END' ...)\"", () => {
    const text = "line with $dollar `tick` and ( paren\n";
    const parsed = parseShell(`OC_BUNDLE_X="$(cat <<'OC_BUNDLE_END'\n${text}OC_BUNDLE_END\n)"\nnode -e 'x'`);
    expect(parsed.opaque).toEqual([]);
    expect(lines(parsed)).toEqual(["", "cat", "node -e x"]);
    const cat = simpleCommands(parsed)[1];
    expect(cat.redirections[0]).toMatchObject({ op: "<<", heredoc: text, heredocQuoted: true });
    expect(simpleCommands(parsed)[0].assignments[0].dynamic).toBe(true);
  });
});

describe("parseShell: hostile and careless command lines", () => {
  it("echo ... | sudo tee FILE", () => {
    const p = parseShell("echo 'PasswordAuthentication yes' | sudo tee /etc/ssh/sshd_config.d/00-x.conf");
    expect(p.pipelines).toHaveLength(1);
    expect(p.pipelines[0].commands.map((c) => c.words.map((w) => w.text))).toEqual([
      ["echo", "PasswordAuthentication yes"],
      ["sudo", "tee", "/etc/ssh/sshd_config.d/00-x.conf"],
    ]);
    expect(p.opaque).toEqual([]);
  });

  it("sudo sed -i", () => {
    expect(texts(parseShell("sudo sed -i 's/no/yes/' /etc/ssh/sshd_config"))).toEqual([["sudo", "sed", "-i", "s/no/yes/", "/etc/ssh/sshd_config"]]);
  });

  it("cat > FILE <<'EOF' with a literal body", () => {
    const cmd = only(parseShell(`cat > /var/lib/openclaw/.openclaw/openclaw.json <<'EOF'\n{"gateway": {"bind": "lan"}}\nEOF`));
    expect(cmd.words.map((w) => w.text)).toEqual(["cat"]);
    expect(redirs(cmd)).toEqual(["1>/var/lib/openclaw/.openclaw/openclaw.json", "0<<EOF"]);
    expect(cmd.redirections[1].heredoc).toBe(`{"gateway": {"bind": "lan"}}\n`);
    expect(cmd.redirections[1].heredocQuoted).toBe(true);
  });

  it("echo BASE64 | base64 -d > FILE", () => {
    const p = parseShell("echo SGVsbG8= | base64 -d > /etc/x");
    expect(lines(p)).toEqual(["echo SGVsbG8= | base64 -d"]);
    expect(redirs(p.pipelines[0].commands[1])).toEqual(["1>/etc/x"]);
  });

  it("if true; then ufw disable; fi", () => {
    expect(lines(parseShell("if true; then ufw disable; fi"))).toEqual(["true", "ufw disable"]);
  });

  it('sudo bash -c "..." keeps the script as one word (the pack decides to re-parse)', () => {
    const cmd = only(parseShell(`sudo bash -c "ufw disable && systemctl stop fail2ban"`));
    expect(cmd.words.map((w) => w.text)).toEqual(["sudo", "bash", "-c", "ufw disable && systemctl stop fail2ban"]);
    expect(cmd.words[3].dynamic).toBe(false);
  });

  it("ssh HOST 'command'", () => {
    expect(texts(parseShell("ssh ops@1.2.3.4 'sudo ufw disable'"))).toEqual([["ssh", "ops@1.2.3.4", "sudo ufw disable"]]);
  });

  it('eval "$(... | base64 -d)" is opaque, and the substitution is still read', () => {
    const p = parseShell(`eval "$(echo dWZ3IGRpc2FibGU= | base64 -d)"`);
    expect(p.opaque).toContain("eval");
    expect(lines(p)).toEqual(["eval $(echo dWZ3IGRpc2FibGU= | base64 -d)", "echo dWZ3IGRpc2FibGU= | base64 -d"]);
    expect(p.pipelines[0].commands[0].words[1].dynamic).toBe(true);
  });

  it("curl URL | sh", () => {
    expect(lines(parseShell("curl https://x | sh"))).toEqual(["curl https://x | sh"]);
  });

  it("X=$(cat f); echo \"$X\" > FILE", () => {
    const p = parseShell(`X=$(cat f); echo "$X" > /etc/y`);
    const [assign, cat, echo] = simpleCommands(p);
    expect(assign.words).toEqual([]);
    expect(assign.assignments).toEqual([{ text: "X=$(cat f)", raw: "X=$(cat f)", dynamic: true }]);
    expect(cat.words.map((w) => w.text)).toEqual(["cat", "f"]);
    expect(echo.words[1]).toEqual({ text: "$X", raw: `"$X"`, dynamic: true });
    expect(redirs(echo)).toEqual(["1>/etc/y"]);
    expect(p.opaque).toEqual([]);
  });
});

describe("parseShell: words", () => {
  it("resolves quotes, backslashes, ANSI-C strings and line continuations", () => {
    const cmd = only(parseShell(`echo 'a b' "c \\"d\\" \\$e \\x" f\\ g $'h\\ni\\t\\x41\\'' u''fw jo\\\nin`));
    expect(cmd.words.map((w) => w.text)).toEqual(["echo", "a b", `c "d" $e \\x`, "f g", "h\ni\tA'", "ufw", "join"]);
    expect(cmd.words.some((w) => w.dynamic)).toBe(false);
  });

  it("marks expansions, substitutions, arithmetic, globs, tildes and braces dynamic; quoted ones not", () => {
    const words = simpleCommands(parseShell(`x $a "\${b}" $(c) \`d\` $((1+2)) *.txt f? [ab] ~/x {a,b} '$a' "*" \\* plain [ ]]`))[0].words;
    expect(words.map((w) => w.dynamic)).toEqual([false, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(words[2].text).toBe("${b}");
  });

  it("ends a word at an adjacent operator and keeps # inside a word", () => {
    const cmd = only(parseShell("echo a#b x>/etc/f"));
    expect(cmd.words.map((w) => w.text)).toEqual(["echo", "a#b", "x"]);
    expect(redirs(cmd)).toEqual(["1>/etc/f"]);
  });
});

describe("parseShell: redirections", () => {
  it("reads fds and every operator", () => {
    const cmd = only(parseShell(`cmd 2>>/var/log/x 1>&2 &>/tmp/o &>>/tmp/a >|/tmp/c <in 3<>rw <&0 3>&- <<<"here $x"`));
    expect(redirs(cmd)).toEqual(["2>>/var/log/x", "1>&2", "1&>/tmp/o", "1&>>/tmp/a", "1>|/tmp/c", "0<in", "3<>rw", "0<&0", "3>&-", "0<<<here $x"]);
    expect(cmd.redirections[9].target.dynamic).toBe(true);
  });

  it("turns >&FILE (not an fd number) into the file write it is", () => {
    expect(redirs(only(parseShell("echo x >&/etc/f")))).toEqual(["1&>/etc/f"]);
    expect(redirs(only(parseShell("echo x 2>&/etc/f")))).toEqual(["2>/etc/f"]);
  });

  it("puts redirections before the command name on the command", () => {
    const cmd = only(parseShell(">/etc/f 2>&1 echo x"));
    expect(cmd.words.map((w) => w.text)).toEqual(["echo", "x"]);
    expect(redirs(cmd)).toEqual(["1>/etc/f", "2>&1"]);
  });
});

describe("parseShell: heredocs", () => {
  it("keeps an unquoted body raw and reads the substitutions in it", () => {
    const p = parseShell(`cat >/etc/f <<EOF\nhome is $HOME\nnow $(date)\nEOF\necho next`);
    const cat = simpleCommands(p)[0];
    expect(cat.redirections[1]).toMatchObject({ op: "<<", heredoc: "home is $HOME\nnow $(date)\n", heredocQuoted: false });
    expect(lines(p)).toEqual(["cat", "date", "echo next"]);
  });

  it('treats "EOF" and E\\OF delimiters as quoted', () => {
    expect(only(parseShell(`cat <<"EOF"\n$(x)\nEOF`)).redirections[0]).toMatchObject({ heredoc: "$(x)\n", heredocQuoted: true });
    expect(only(parseShell(`cat <<E\\OF\n$(x)\nEOF`)).redirections[0]).toMatchObject({ heredoc: "$(x)\n", heredocQuoted: true });
  });

  it("strips leading tabs for <<-", () => {
    const cmd = only(parseShell(`cat <<-EOF\n\t\tindented\n\tEOF\n`));
    expect(cmd.redirections[0]).toMatchObject({ op: "<<-", heredoc: "indented\n" });
  });

  it("reads two heredocs of one line in order, and the commands after them", () => {
    const p = parseShell(`cat <<A <<-'B' | grep x; echo same-line\nfirst\nA\n\tsecond\n\tB\necho after`);
    const cat = p.pipelines[0].commands[0];
    expect(cat.redirections.map((r) => [r.target.text, r.heredoc])).toEqual([["A", "first\n"], ["B", "second\n"]]);
    expect(lines(p)).toEqual(["cat | grep x", "echo same-line", "echo after"]);
  });

  it("never parses a body as commands", () => {
    expect(lines(parseShell(`cat <<'EOF' >/dev/null\nufw disable\nEOF`))).toEqual(["cat"]);
  });

  it("joins an unquoted body line ending in \\ with the next, as bash does", () => {
    const p = parseShell(`cat >f <<EOF\nPort 22 \\\nEOF\nPasswordAuthentication yes\nEOF\necho after`);
    expect(simpleCommands(p)[0].redirections[1].heredoc).toBe("Port 22 \\\nEOF\nPasswordAuthentication yes\n");
    expect(lines(p)).toEqual(["cat", "echo after"]);
  });

  it("reports a delimiter that never appears", () => {
    const p = parseShell(`cat <<EOF\nno end`);
    expect(p.opaque).toEqual(["unterminated here-document (no EOF line)"]);
    expect(parseShell("cat <<EOF").opaque).toEqual(["unterminated here-document (no EOF line)"]);
  });

  it("reads a heredoc named on a line that a substitution spans after that line", () => {
    const p = parseShell(`cat <<EOF $(\necho X\n)\nbody\nEOF\necho after`);
    expect(simpleCommands(p)[0].redirections[0].heredoc).toBe("body\n");
    expect(lines(p)).toEqual(["cat $(\necho X\n)", "echo X", "echo after"]);
    expect(p.opaque).toEqual([]);
  });
});

describe("parseShell: lists and pipelines", () => {
  it("splits on ; & && || newlines and keeps pipes together", () => {
    const p = parseShell("a && b || c | d |& e; f & g\nh");
    expect(lines(p)).toEqual(["a", "b", "c | d | e", "f", "g", "h"]);
    expect(redirs(p.pipelines[2].commands[1])).toEqual(["2>&1"]);
  });

  it("continues after && | || at the end of a line", () => {
    expect(lines(parseShell("a &&\n  b |\n  c ||\n  d"))).toEqual(["a", "b | c", "d"]);
  });

  it("skips comments, but not # inside words or quotes", () => {
    expect(lines(parseShell("#!/bin/bash\n# ufw disable\necho '#' a # rm -rf /\necho x#y"))).toEqual(["echo # a", "echo x#y"]);
  });

  it("reads leading assignments apart from the words", () => {
    const cmd = only(parseShell("A=1 B='x y' cmd C=2"));
    expect(cmd.assignments.map((w) => w.text)).toEqual(["A=1", "B=x y"]);
    expect(cmd.words.map((w) => w.text)).toEqual(["cmd", "C=2"]);
  });
});

describe("parseShell: compound commands are flattened", () => {
  it("if / elif / else", () => {
    expect(lines(parseShell("if a; then b; elif c; then d; else e; fi"))).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("for drops its header but reads substitutions in it", () => {
    expect(lines(parseShell("for x in a $(ls /etc) b; do echo $x; done"))).toEqual(["ls /etc", "echo $x"]);
    expect(lines(parseShell("for ((i=0; i<3; i++)); do echo; done"))).toEqual(["echo"]);
  });

  it("while / until, with a redirection applied to the inner commands", () => {
    const p = parseShell("while read -r l; do echo $l; done < /etc/passwd; until false; do break; done");
    expect(lines(p)).toEqual(["read -r l", "echo $l", "false", "break"]);
    expect(redirs(simpleCommands(p)[1])).toEqual(["0</etc/passwd"]);
  });

  it("case drops the patterns and keeps the commands", () => {
    const p = parseShell(`case "$(uname -m)" in\n  x86_64|amd64) arch=x64 ;;\n  (aarch64) ufw disable ;&\n  *) exit 1 ;;\nesac`);
    expect(lines(p)).toEqual(["uname -m", "", "ufw disable", "exit 1"]);
    expect(p.opaque).toEqual([]);
  });

  it("braces, subshells, ! and time", () => {
    expect(lines(parseShell("{ a; b; }; ( c; d ) 2>/dev/null; ! e; time -p f"))).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("nests", () => {
    expect(lines(parseShell("if x; then for i in 1; do { (ufw disable); }; done; fi"))).toEqual(["x", "ufw disable"]);
  });

  it("merges a compound pipe member into its pipeline", () => {
    expect(lines(parseShell("curl https://x | { sh; } ; { echo a; echo b; } | tee f"))).toEqual(["curl https://x | sh", "echo a | echo b | tee f"]);
  });

  it("marks one file written by several commands of a compound opaque", () => {
    const p = parseShell("{ printf 'PasswordAuth'; printf 'entication yes'; } > /etc/ssh/sshd_config");
    expect(simpleCommands(p).map(redirs)).toEqual([["1>/etc/ssh/sshd_config"], ["1>/etc/ssh/sshd_config"]]);
    expect(p.opaque).toEqual(["output redirection of a compound command with several commands"]);
    expect(parseShell("{ a; b; } >/dev/null 2>&1").opaque).toEqual([]);
  });

  it("reads function bodies and notes the definitions", () => {
    const p = parseShell("f() { ufw disable; }\nfunction g { echo; }\nfunction h() ( id )\nf");
    expect(lines(p)).toEqual(["ufw disable", "echo", "id", "f"]);
    expect(p.opaque).toEqual(["function definition (f)", "function definition (g)", "function definition (h)"]);
  });

  it("keeps [[ ]] operands as words and (( )) as one command", () => {
    const p = parseShell(`[[ $x == a && -f "$(cat y)" ]] && echo ok; (( i++ ))`);
    expect(lines(p)).toEqual(["[[ $x == a && -f $(cat y) ]]", "cat y", "echo ok", "((  i++  ))"]);
  });
});

describe("parseShell: substitutions", () => {
  it("surfaces the commands inside $( ) and backquotes, after their pipeline", () => {
    const p = parseShell("echo \"$(ufw disable; id)\" `systemctl stop fail2ban` | cat; next");
    expect(lines(p)).toEqual(["echo $(ufw disable; id) `systemctl stop fail2ban` | cat", "ufw disable", "id", "systemctl stop fail2ban", "next"]);
    expect(p.opaque).toEqual([]);
  });

  it("reads nested ones, and ones inside ${...}", () => {
    expect(lines(parseShell("echo $(a $(b `c`)) ${x:-$(d)} \"${y:-`e`}\""))).toEqual(["echo $(a $(b `c`)) ${x:-$(d)} ${y:-`e`}", "a $(b `c`)", "b `c`", "c", "d", "e"]);
  });

  it("marks a substitution as command name opaque", () => {
    const p = parseShell("$(echo ufw) disable; `echo ufw` disable; $cmd x");
    expect(p.opaque).toEqual(["command substitution as command name", "command substitution as command name"]);
    expect(simpleCommands(p)[0].words[0].dynamic).toBe(true);
  });

  it("reads process substitutions and marks them opaque", () => {
    const p = parseShell("diff <(cat /etc/a) >(tee /etc/b)");
    expect(lines(p)).toEqual(["diff <(cat /etc/a) >(tee /etc/b)", "cat /etc/a", "tee /etc/b"]);
    expect(p.opaque).toEqual(["process substitution", "process substitution"]);
  });

  it("parses a literal trap action and refuses a dynamic one", () => {
    expect(lines(parseShell(`trap 'rm -rf "$work"' EXIT`))).toEqual(["trap rm -rf \"$work\" EXIT", "rm -rf $work"]);
    expect(parseShell(`trap "$x" EXIT`).opaque).toEqual(["trap with a non-literal action"]);
  });

  it("tells $(( )) arithmetic from a subshell in $( ) and flags substitutions in arithmetic", () => {
    expect(lines(parseShell("echo $((1+2)) $((echo a); echo b)"))).toEqual(["echo $((1+2)) $((echo a); echo b)", "echo a", "echo b"]);
    expect(parseShell("echo $((1+$(id -u)))").opaque).toEqual(["command substitution inside arithmetic"]);
  });
});

describe("parseShell: what it cannot read", () => {
  it.each([
    ["eval ls", "eval"],
    ["command eval ls", "eval"],
    ["source /tmp/x", "source of a file"],
    ['. "$f"', "source of a non-literal path"],
    ["alias ls=rm", "alias definition"],
    ["mapfile -C 'ufw disable' -c 1 arr < f", "mapfile callback"],
    ["hash -p /bin/sh ls", "hash -p"],
    ["coproc cat", "coproc"],
    ["echo 'unterminated", "unterminated single quote"],
    ['echo "unterminated', "unterminated double quote"],
    ["echo `unterminated", "unterminated backquote"],
    ["echo $(unterminated", "unterminated command substitution"],
    ["echo ${unterminated", "unterminated parameter expansion"],
    ["echo $(cat <<EOF)\nbody\nEOF", "here-document not finished inside its command substitution"],
    ["if true; then ufw disable", "syntax error: if without fi"],
    ["echo ) ufw disable", 'syntax error: unexpected ")"'],
  ])("%j", (text, reason) => {
    expect(parseShell(text).opaque).toContain(reason);
  });

  it("still reads the commands it can around a syntax error", () => {
    expect(texts(parseShell("if true; then ufw disable"))).toContainEqual(["ufw", "disable"]);
    expect(texts(parseShell("echo ) ufw disable"))).toContainEqual(["ufw", "disable"]);
  });

  it("never throws, on junk or on deep nesting", () => {
    let seed = 7;
    const alphabet = "ab $(){}[]'\"`\\|&;<>\n#*?=-~0!";
    for (let n = 0; n < 300; n++) {
      let s = "";
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet[seed % alphabet.length];
      }
      expect(() => parseShell(s)).not.toThrow();
    }
    expect(parseShell("$(".repeat(10_000)).opaque).toEqual(["nesting too deep"]);
    expect(parseShell("{ ".repeat(10_000)).opaque).toEqual(["nesting too deep"]);
  });

  // The pack reads whatever a program ships: a big or hostile script must not stall it. What is
  // asserted is the growth: sixteen times the text may take at most 100 times as long (linear is
  // 16, up to about 50 with the garbage collector's share; quadratic would be 256), each timed as the
  // fastest of three runs so a loaded machine does not decide it; and a generous bound on 320 KB.
  it("parses in time linear in the text: 320 KB of real scripts, and degenerate shapes", () => {
    const scripts = readdirSync(SCRIPTS)
      .map((f) => readFileSync(path.join(SCRIPTS, f), "utf8"))
      .join("\n");
    const sized = (n: number) => scripts.repeat(Math.ceil(n / scripts.length));
    const time = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        parseShell(text);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const grows = (make: (n: number) => string, what: string) => {
      const small = time(make(20_000));
      const big = time(make(320_000));
      expect(make(320_000).length, what).toBeGreaterThanOrEqual(320_000);
      expect(big, `${what}: 20 KB in ${small.toFixed(0)} ms, 320 KB in ${big.toFixed(0)} ms`).toBeLessThan(100 * small + 200);
      expect(big, what).toBeLessThan(10_000);
    };
    grows(sized, "the step scripts");
    grows((n) => `bash -c ${shellQuote(sized(n))}`, "the step scripts, quoted into bash -c");
    // Degenerate shapes: many tiny commands, unclosed brackets, one huge brace word.
    grows((n) => "a;".repeat(n / 2), "a;a;…");
    grows((n) => "a|".repeat(n / 2), "a|a|…");
    grows((n) => "[".repeat(n), "[[[…");
    grows((n) => "{" + ",".repeat(n), "{,,,…");
    grows((n) => "$((".repeat(Math.ceil(n / 3)), "$(($((…");
  });
});

describe("shellQuote", () => {
  it.each(["", "plain", "it's", "'", "''", "a\nb\n", "$HOME $(id) `id`", "back\\slash\\", "\"double\"", "tab\there", "*?[x]", "~", "#not a comment", "ünïcode ✓"])(
    "round-trips %j through parseShell",
    (value) => {
      const cmd = only(parseShell(`printf %s ${shellQuote(value)} ${shellQuote(value)}x`));
      expect(cmd.words[2].text).toBe(value);
      expect(cmd.words[2].dynamic).toBe(false);
      expect(cmd.words[3].text).toBe(`${value}x`);
    },
  );
});

describe("the real remote scripts", () => {
  const files = readdirSync(SCRIPTS).filter((f) => f.endsWith(".sh"));

  it.each(files)("%s parses with nothing opaque but its function definitions", (file) => {
    const parsed = parseShell(readFileSync(path.join(SCRIPTS, file), "utf8"));
    // lib.sh and audit-gateway.sh define helpers: the pack sees their bodies, not their calls.
    const unexpected = parsed.opaque.filter((o) => !o.startsWith("function definition ("));
    expect(unexpected).toEqual([]);
    // `set -eu` and at least one command of its own.
    expect(simpleCommands(parsed).length).toBeGreaterThan(1);
  });

  it("finds known commands", () => {
    const read = (f: string) => texts(parseShell(readFileSync(path.join(SCRIPTS, f), "utf8")));
    expect(read("ufw.sh").some((w) => w[0] === "ufw" && w[1] === "allow")).toBe(true);
    expect(read("ufw.sh")).toContainEqual(["sed", "-i", "s/^IPV6=.*/IPV6=yes/", "/etc/default/ufw"]);
    expect(read("harden-ssh.sh")).toContainEqual(["systemctl", "reload", "ssh"]);
    expect(read("lib.sh")).toContainEqual(["printf", "%s", "$1"]);
    expect(read("lib.sh")).toContainEqual(["base64", "-d"]);
    expect(read("install-node.sh")).toContainEqual(["uname", "-m"]);
    expect(read("wait-for-boot.sh")).toContainEqual(["timeout", "300", "systemctl", "is-system-running", "--wait"]);
  });

  it("reads audit-gateway.sh's quoted heredoc inside $( ) and the commands after it", () => {
    const parsed = parseShell(readFileSync(path.join(SCRIPTS, "audit-gateway.sh"), "utf8"));
    const node = simpleCommands(parsed).find((c) => c.words[0]?.text === "$node_bin/node" && c.redirections.some((r) => r.op === "<<"));
    const heredoc = node?.redirections.find((r) => r.op === "<<");
    expect(heredoc).toMatchObject({ op: "<<", heredocQuoted: true });
    expect(heredoc?.heredoc).toContain("process.stdout.write(JSON.stringify(summary)");
    expect(texts(parsed)).toContainEqual(["install", "-d", "-m", "700", "$cache"]);
  });

  it("reads lib.sh's function lines as commands", () => {
    const parsed = parseShell(readFileSync(path.join(SCRIPTS, "lib.sh"), "utf8"));
    expect(parsed.opaque).toEqual(["log", "apt_get", "apt_update", "missing_packages", "ensure_packages", "install_file", "apt_sources_carry", "gateway_name", "openclaw_as_service", "b64", "podman_user_config"].map((f) => `function definition (${f})`));
    expect(texts(parsed)).toContainEqual(["mv", "-f", "$tmp", "$path"]);
    expect(texts(parsed)).toContainEqual(["flock", "-w", "900", "9"]);
  });
});
