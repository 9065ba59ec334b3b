// What a step really ships. A catalogue step (with a script the pack knows) is decoded through
// its declared inputs; anything else is read as shell: literal writes (heredocs, echo/printf,
// base64 -d, tee) become files to check, and what touches the hardening in a form the pack cannot
// read (a computed path, a download, sed -i on sshd_config, `ufw disable`, eval, `curl | sh`) is
// refused. A CopyToRemote ships its asset's bytes. The deploy gate then checks the host itself, so
// what hides from this reading still cannot pass `pulumi up`.
import { gunzipSync } from "node:zlib";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as nodePath from "node:path";
import { decodeBase64Text, decodeStepCommand, filePath, InputSpec, StepName, STEPS } from "./catalogue";
import { deferredCommands } from "./deferred";
import { raw, UNKNOWN } from "./props";
import { classifyPath, directoryMayHoldSensitive, isAboveSensitive, normalizePath, PROTECTIVE_SERVICES, SensitiveKind } from "./sensitive-paths";
import { parseShell, SimpleCommand, Word } from "./shell";

export interface ShippedFile {
  path: string;
  kind?: SensitiveKind;
  content: string;
  append: boolean;
  /** Where the bytes came from, for messages: "input OC_CONFIG_B64", "a heredoc", "its source asset". */
  via: string;
}

export interface StepReading {
  /** The catalogue step, when the command is one with a script the pack knows. */
  step?: StepName;
  inputs?: Record<string, string>;
  files: ShippedFile[];
  /** What touches the hardening in a form the pack cannot read, or loosens it outright. */
  refusals: string[];
  /** Texts a secret must not appear in, with where they come from (checksums left out). */
  texts: { where: string; text: string }[];
}

/** Text that names a part of the hardening: a reason to refuse what cannot be read around it. */
const SENSITIVE_MENTION =
  /sshd|\/etc\/ssh|openclaw\.json|\.openclaw|systemd\/system|fail2ban|\bufw\b|iptables|nftables|\bnft\b|sudoers|\/etc\/shadow|\/etc\/passwd|chpasswd|authorized_keys|apt\.conf|unattended|pam\.d|sysctl\.(d|conf)|\/proc\/sys|modprobe\.d|\/etc\/audit|auditctl|limits\.(d|conf)|coredump\.conf/;

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "busybox"]);
const WRAPPERS = new Set(["sudo", "doas", "env", "nohup", "timeout", "nice", "ionice", "stdbuf", "command", "exec", "time", "setsid", "chroot", "runuser", "setpriv", "unbuffer"]);
/** Options of wrappers that take a value. */
const WRAPPER_VALUE_OPTS: Record<string, string[]> = {
  sudo: ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"],
  doas: ["-u", "-C"],
  env: ["-u", "-C", "-S", "--unset", "--chdir"],
  nice: ["-n"],
  ionice: ["-c", "-n", "-p"],
  timeout: ["-s", "-k", "--signal", "--kill-after"],
  stdbuf: ["-i", "-o", "-e"],
  runuser: ["-u", "-g", "-G"],
  setpriv: [],
};

interface Context {
  where: string;
  depth: number;
  files: ShippedFile[];
  refusals: string[];
  /** Variables assigned a literal value earlier in the script (expanded where they are used). */
  vars: Map<string, string>;
  /** Paths written with content the pack cannot read (a download, a copy): running one is refused. */
  unread: Set<string>;
  /** Command lines with their literal variables expanded (what a secret scan must see too). */
  expanded: string[];
  /** The working directory after a literal `cd` (undefined: the login user's home; null: unknown). */
  cwd?: string | null;
}

/** Variables that make a shell or an interpreter load code from elsewhere. */
const HOOK_VARIABLES = /^(BASH_ENV|ENV|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|PROMPT_COMMAND|PERL5OPT|PERL5LIB|PYTHONSTARTUP|PYTHONPATH|NODE_OPTIONS|RUBYOPT|GIT_SSH_COMMAND|SHELLOPTS|BASHOPTS)=/;

/** Commands that change files or run commands in ways the pack does not model. */
const UNMODELLED: Record<string, (args: string[]) => boolean> = {
  xargs: () => true,
  find: (a) => a.some((x) => ["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprintf", "-fls"].includes(x)),
  ex: () => true,
  ed: () => true,
  vi: (a) => a.some((x) => /^-[cs]|^\+/.test(x)),
  vim: (a) => a.some((x) => /^-[cs]|^\+/.test(x)),
  sponge: () => true,
  sort: (a) => a.some((x) => x === "-o" || x.startsWith("--output")),
  patch: () => true,
  sudoedit: () => true,
  at: () => true,
  batch: () => true,
  nsenter: () => true,
  machinectl: () => true,
  "update-alternatives": (a) => a.some((x) => /^--(install|set|config)$/.test(x)),
  sysctl: (a) => a.some((x) => x.includes("=") || x === "-w" || x === "-p"),
  modprobe: (a) => !a.some((x) => ["-n", "--dry-run", "-c", "--showconfig"].includes(x)),
  // Audit rules changed at run time (-e 0, -D, -W…): only listing and status are read-only.
  auditctl: (a) => a.some((x, i) => x.startsWith("-") && !["-l", "-s", "-v", "-h", "--help", "-k"].includes(x) && a[i - 1] !== "-k"),
  insmod: () => true,
  rmmod: () => true,
  loginctl: (a) => a.includes("enable-linger"),
  "systemd-run": () => true,
};

/** A word with literal variables ($A, ${A}) expanded, when that makes it static. */
function expand(word: Word, vars: Map<string, string>): Word {
  if (!word.dynamic) return word;
  const only = /^(?:[^$`*?[~{]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})*$/;
  if (!only.test(word.text)) return word;
  let known = true;
  const text = word.text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, v: string) => {
    if (!vars.has(v)) known = false;
    return vars.get(v) ?? "";
  });
  return known ? { ...word, text, dynamic: false } : word;
}

const base = (w: Word | undefined) => (w ? nodePath.posix.basename(w.text) : "");

/** Drops wrappers (sudo, env, timeout…) and returns the words of the command they run. */
function unwrap(words: Word[]): Word[] {
  let rest = words;
  for (let guard = 0; guard < 10 && rest.length > 0; guard++) {
    const name = base(rest[0]);
    if (!WRAPPERS.has(name)) break;
    let i = 1;
    const valueOpts = WRAPPER_VALUE_OPTS[name] ?? [];
    while (i < rest.length) {
      const t = rest[i].text;
      if (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i++;
      else if (valueOpts.includes(t)) i += 2;
      else if (t.startsWith("-") && t !== "-") i++;
      else if (name === "timeout" && /^\d/.test(t)) i++;
      else if (name === "setpriv" && t.startsWith("--")) i++;
      else break;
    }
    if (name === "chroot" || name === "runuser") i++; // the new root / user
    // `sudo -s` / `sudo -i` with no command runs a root shell on stdin.
    if ((name === "sudo" || name === "doas") && i >= rest.length && rest.slice(1).some((w) => /^-[a-zA-Z]*[si]$|^--(shell|login)$/.test(w.text))) {
      return [{ text: "sh", raw: "sh", dynamic: false }];
    }
    rest = rest.slice(i);
  }
  return rest;
}

/** The literal text of words, or undefined when any is computed. */
function literal(words: Word[]): string[] | undefined {
  return words.some((w) => w.dynamic) ? undefined : words.map((w) => w.text);
}

function unescapeEcho(text: string): string | undefined {
  if (!text.includes("\\")) return text;
  return undefined;
}

/** printf with %s (and %%, \n, \t) only; anything else is not read. */
function printfOutput(args: string[]): string | undefined {
  const [format, ...values] = args;
  if (format === undefined) return undefined;
  let out = "";
  let v = 0;
  do {
    let ok = true;
    out += format.replace(/%%|%s|%[^s%]|\\n|\\t|\\\\/g, (m) => {
      if (m === "%%") return "%";
      if (m === "%s") return values[v++] ?? "";
      if (m === "\\n") return "\n";
      if (m === "\\t") return "\t";
      if (m === "\\\\") return "\\";
      ok = false;
      return "";
    });
    if (!ok) return undefined;
  } while (v < values.length && format.includes("%s"));
  return out;
}

/** Bytes the pack follows through a pipeline (a heredoc, echo, base64 -d, gunzip…). */
type Bytes = Buffer;

/** UTF-8 text of bytes, or undefined for binary content. */
function asText(bytes: Bytes | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? text : undefined;
}

/** What a command writes to stdout, when the pack can tell (cat/echo/printf/base64 -d/gunzip). */
function stdoutOf(words: string[], stdin: Bytes | undefined): Bytes | undefined {
  const [name, ...args] = words;
  const cmd = nodePath.posix.basename(name ?? "");
  if (cmd === "cat") return args.length === 0 || (args.length === 1 && args[0] === "-") ? stdin : undefined;
  if (cmd === "echo") {
    const noNewline = args[0] === "-n";
    const rest = noNewline ? args.slice(1) : args;
    if (rest[0] === "-e") return undefined;
    const text = unescapeEcho(rest.join(" "));
    return text === undefined ? undefined : Buffer.from(`${text}${noNewline ? "" : "\n"}`);
  }
  if (cmd === "printf") {
    const text = printfOutput(args);
    return text === undefined ? undefined : Buffer.from(text);
  }
  if (cmd === "base64" && (args.includes("-d") || args.includes("--decode")) && stdin !== undefined) {
    const cleaned = stdin.toString("latin1").replace(/\s+/g, "");
    return /^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) ? Buffer.from(cleaned, "base64") : undefined;
  }
  if ((cmd === "gunzip" || cmd === "zcat" || (cmd === "gzip" && args.includes("-d"))) && stdin !== undefined) {
    try {
      return gunzipSync(stdin);
    } catch {
      return undefined;
    }
  }
  if (cmd === "tee") return stdin;
  return undefined;
}

function heredocInput(cmd: SimpleCommand): Bytes | undefined | null {
  for (const r of cmd.redirections) {
    if (r.op === "<<" || r.op === "<<-") {
      if (r.heredoc === undefined) return undefined;
      return r.heredocQuoted || !/[$`\\]/.test(r.heredoc) ? Buffer.from(r.heredoc) : undefined;
    }
    if (r.op === "<<<") return r.target.dynamic ? undefined : Buffer.from(`${r.target.text}\n`);
    if (r.op === "<") return undefined;
  }
  return null; // no input redirection: stdin comes from the pipe
}

/** Programs that will run (bin dirs, boot hooks) must be shell the pack can read. */
function runsUnreadableProgram(kind: SensitiveKind | undefined, content: string): boolean {
  const shell = /^#!\s*\/(usr\/)?bin\/(env\s+)?(ba|da)?sh\b/.test(content);
  if (kind === "executable") return !shell;
  return kind === "scheduled" && content.startsWith("#!") && !shell;
}

/** An absolute path for a write target: relative ones against the working directory a literal `cd` set. */
function resolvePath(ctx: Context, text: string): string | undefined {
  if (text.startsWith("/")) return normalizePath(text);
  if (text.startsWith("~") || ctx.cwd === undefined) return undefined; // the login user's home: not the hardening
  if (ctx.cwd === null) return undefined;
  return normalizePath(`${ctx.cwd}/${text}`);
}

/** Records a write of `bytes` (undefined: unknown) to `target`; only hardening files are kept. */
function write(ctx: Context, target: Word, bytes: Bytes | undefined, append: boolean, how: string) {
  if (target.dynamic) {
    ctx.refusals.push(`${ctx.where}: ${how} to a path computed at run time (${target.raw.slice(0, 60)})`);
    return;
  }
  const path = resolvePath(ctx, target.text);
  if (path === undefined) {
    if (/^\/|\.\./.test(target.text) || ctx.cwd === null) ctx.refusals.push(`${ctx.where}: ${how} to a path the pack cannot resolve (${target.text.slice(0, 60)})`);
    return;
  }
  const kind = classifyPath(path);
  if (bytes === undefined) ctx.unread.add(path);
  else ctx.unread.delete(path);
  if (!kind) return;
  const content = asText(bytes);
  if (content === undefined) {
    ctx.refusals.push(`${ctx.where}: ${how} to ${path} (${kind}) with content the pack cannot read`);
    return;
  }
  if (runsUnreadableProgram(kind, content)) {
    ctx.refusals.push(`${ctx.where}: ${how} to ${path}, a program the pack cannot read (only shell scripts are read)`);
    return;
  }
  ctx.files.push({ path, kind, content, append, via: `${ctx.where} (${how})` });
}

function modify(ctx: Context, target: Word, how: string) {
  if (target.dynamic || (!target.text.startsWith("/") && ctx.cwd === null)) {
    ctx.refusals.push(`${ctx.where}: ${how} a path computed at run time (${target.raw.slice(0, 60)})`);
    return;
  }
  const path = resolvePath(ctx, target.text);
  const kind = path ? classifyPath(path) : undefined;
  if (kind) ctx.refusals.push(`${ctx.where}: ${how} ${path} (${kind}), in a form the pack cannot read`);
  else if (path && directoryMayHoldSensitive(path) && /^(removes|changes the owner of|changes the mode of)/.test(how) && path.split("/").length <= 3) {
    ctx.refusals.push(`${ctx.where}: ${how} ${path}, which holds hardening files`);
  }
}

/** Non-option arguments (a crude split: options start with '-'). */
function operands(words: Word[]): Word[] {
  const out: Word[] = [];
  let endOfOptions = false;
  for (const w of words) {
    if (!endOfOptions && w.text === "--") endOfOptions = true;
    else if (endOfOptions || !w.text.startsWith("-") || w.text === "-") out.push(w);
  }
  return out;
}

function optionValue(words: Word[], names: string[]): Word | undefined {
  for (let i = 0; i < words.length; i++) {
    const t = words[i].text;
    if (names.includes(t)) return words[i + 1];
    for (const n of names) if (n.startsWith("--") && t.startsWith(`${n}=`)) return { ...words[i], text: t.slice(n.length + 1) };
    const short = names.find((n) => /^-[A-Za-z]$/.test(n) && t.startsWith(n) && t.length > 2 && !t.startsWith("--"));
    if (short) return { ...words[i], text: t.slice(2) };
  }
  return undefined;
}

/** Reads one simple command (after its wrappers); `stdin` is what the pipe feeds it, if known. */
const INTERPRETERS = new Set(["python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "Rscript", "osascript", "deno", "bun"]);

function readCommand(ctx: Context, cmd: SimpleCommand, stdin: Bytes | undefined | null): Bytes | undefined {
  const assignments = cmd.assignments.map((a) => expand(a, ctx.vars));
  if (cmd.words.length === 0) {
    // NAME=value on its own sets a shell variable for the rest of the script.
    for (const a of assignments) {
      const m = a.text.match(/^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/);
      if (m && !a.dynamic) ctx.vars.set(m[1], m[2]);
      else if (m) ctx.vars.delete(m[1]);
    }
  }
  const expandedWords = cmd.words.map((w) => expand(w, ctx.vars));
  if (expandedWords.some((w, i) => w !== cmd.words[i])) ctx.expanded.push(expandedWords.map((w) => w.text).join(" "));
  if (base(expandedWords[0]) === "export") {
    for (const a of expandedWords.slice(1)) {
      const m = a.text.match(/^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/);
      if (m && !a.dynamic) ctx.vars.set(m[1], m[2]);
    }
  }
  cmd = { ...cmd, words: expandedWords, redirections: cmd.redirections.map((r) => ({ ...r, target: expand(r.target, ctx.vars) })) };
  const hook = [...assignments, ...expandedWords].find((a) => HOOK_VARIABLES.test(a.text));
  if (hook) ctx.refusals.push(`${ctx.where}: sets ${hook.text.split("=")[0]}, which makes a program load code the pack cannot read`);
  const words = unwrap(cmd.words);
  const name = base(words[0]);
  const args = words.slice(1);
  const input = heredocInput(cmd);
  const effectiveStdin = input === null ? (stdin ?? undefined) : input;
  const lit = literal(words);

  if (words.length > 0 && words[0].dynamic) {
    ctx.refusals.push(`${ctx.where}: runs a command whose name is computed at run time`);
  } else if (words.length > 0 && ctx.unread.has(normalizePath(words[0].text) ?? "")) {
    ctx.refusals.push(`${ctx.where}: runs ${words[0].text}, which it downloaded or copied with content the pack cannot read`);
  } else if (name === "cd" || name === "pushd") {
    const dir = words[1];
    ctx.cwd = !dir ? undefined : dir.dynamic ? null : dir.text.startsWith("/") ? normalizePath(dir.text) ?? null : ctx.cwd ? normalizePath(`${ctx.cwd}/${dir.text}`) ?? null : null;
  } else if (UNMODELLED[name]?.(args.map((a) => a.text))) {
    ctx.refusals.push(`${ctx.where}: runs '${name}', whose effects the pack does not read`);
  } else if (name === "eval" || name === "source" || name === ".") {
    ctx.refusals.push(`${ctx.where}: '${name}' runs code the pack cannot read`);
  } else if (SHELLS.has(name)) {
    const c = args.findIndex((a) => a.text === "-c" || /^-[a-z]*c$/.test(a.text));
    if (c >= 0) {
      const script = args[c + 1];
      if (!script || script.dynamic) ctx.refusals.push(`${ctx.where}: ${name} -c runs a script computed at run time`);
      else nested(ctx, script.text);
    } else if (operands(args).length > 0) {
      ctx.refusals.push(`${ctx.where}: ${name} runs a script file the pack cannot read (${operands(args)[0].text.slice(0, 60)})`);
    } else if (asText(effectiveStdin) !== undefined) nested(ctx, asText(effectiveStdin)!);
    else ctx.refusals.push(`${ctx.where}: pipes code the pack cannot read into ${name}`);
  } else if (INTERPRETERS.has(name.replace(/[0-9.]+$/, "") ) || INTERPRETERS.has(name)) {
    // Another language's program (inline, from a file or from stdin) is code the pack cannot read;
    // a version query or the like runs none.
    const runsCode = args.some((a) => /^-[a-zA-Z]*[ceErx]$|^--eval$/.test(a.text)) || operands(args).length > 0 || effectiveStdin !== undefined || (input === null && stdin === null && args.length === 0);
    if (runsCode) ctx.refusals.push(`${ctx.where}: runs a ${name} program the pack cannot read`);
  } else if (name === "awk" || name === "gawk" || name === "mawk") {
    const code = args.map((a) => a.text).join(" ");
    if (/system\s*\(|\|\s*"|print[^;]*>|getline|inplace|-i\b/.test(code)) ctx.refusals.push(`${ctx.where}: an ${name} program runs commands or writes files`);
  } else if (name === "ssh") {
    const remote = sshRemoteCommand(args);
    if (remote === null) ctx.refusals.push(`${ctx.where}: runs a remote command computed at run time over ssh`);
    else if (remote !== undefined) nested(ctx, remote);
  } else if (name === "su") {
    const c = optionValue(args, ["-c", "--command"]);
    if (c && !c.dynamic) nested(ctx, c.text);
    else if (c) ctx.refusals.push(`${ctx.where}: su -c runs a command computed at run time`);
  } else {
    toolEffects(ctx, name, args, effectiveStdin);
  }

  // Output redirections write what the command prints.
  const out = lit ? stdoutOf(lit, effectiveStdin) : undefined;
  for (const r of cmd.redirections) {
    if ([">", ">>", ">|", "&>", "&>>"].includes(r.op) && (r.fd === 1 || r.op.startsWith("&"))) {
      write(ctx, r.target, out, r.op.includes(">>"), `writes the output of ${name || "a command"}`);
    } else if ([">", ">>", ">|"].includes(r.op) && r.fd !== 1 && r.fd !== 2) {
      write(ctx, r.target, undefined, r.op === ">>", "writes");
    }
  }
  return out;
}

/** The command an ssh invocation runs remotely: undefined when none, null when computed. */
function sshRemoteCommand(args: Word[]): string | undefined | null {
  const valueOpts = new Set(["-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S", "-W", "-w", "-B"]);
  let i = 0;
  while (i < args.length && args[i].text.startsWith("-")) i += valueOpts.has(args[i].text) ? 2 : 1;
  const rest = args.slice(i + 1);
  if (rest.length === 0) return undefined;
  const lit = literal(rest);
  return lit ? lit.join(" ") : null;
}

/** Effects of tools on the hardening: writes, in-place edits, firewall and service changes. */
function toolEffects(ctx: Context, name: string, args: Word[], stdin: Bytes | undefined) {
  const ops = operands(args);
  const texts = args.map((a) => a.text);
  const refuse = (what: string) => ctx.refusals.push(`${ctx.where}: ${what}`);
  switch (name) {
    case "tee":
      for (const t of ops) write(ctx, t, stdin, texts.includes("-a") || texts.includes("--append"), "tee writes");
      return;
    case "cp":
    case "mv":
    case "install":
    case "ln":
    case "rsync":
    case "scp": {
      // A link to a hardening path makes later writes through the link land on it, unread.
      if (name === "ln" && ops.length >= 2) {
        const linkTarget = ops[0];
        const resolved = linkTarget.dynamic ? undefined : linkTarget.text.startsWith("/") ? normalizePath(linkTarget.text) : undefined;
        if (linkTarget.dynamic || (resolved && (classifyPath(resolved) || isAboveSensitive(resolved)))) {
          refuse(`ln links ${ops[ops.length - 1].text} to ${linkTarget.text.slice(0, 60)}, a hardening path (writes through the link are not read)`);
        }
      }
      if (name === "install" && (texts.includes("-d") || texts.includes("--directory"))) return;
      const intoDir = optionValue(args, ["-t", "--target-directory"]);
      const target = intoDir ?? ops[ops.length - 1];
      if (!target || ops.length < (intoDir ? 1 : 2)) return;
      // mv takes its sources away: moving a hardening file is removing it.
      if (name === "mv") for (const src of intoDir ? ops : ops.slice(0, -1)) modify(ctx, src, "removes (mv)");
      // Into a directory (-t, or a target that is one): the file lands under a name the pack does not see.
      const dir = !target.dynamic ? resolvePath(ctx, target.text) : undefined;
      if (dir !== undefined && !classifyPath(dir) && isAboveSensitive(dir) && (intoDir || target.text.endsWith("/") || ops.length > 2 || name !== "ln")) {
        refuse(`${name} copies into ${dir}, a directory that holds hardening files (what lands there is not read); write the full file path with its content`);
        return;
      }
      write(ctx, target, undefined, false, `${name} copies a file`);
      return;
    }
    case "dd": {
      const of = args.find((a) => a.text.startsWith("of="));
      if (of) write(ctx, { ...of, text: of.text.slice(3) }, undefined, false, "dd writes");
      return;
    }
    case "curl":
    case "wget": {
      const out = optionValue(args, name === "curl" ? ["-o", "--output"] : ["-O", "--output-document"]);
      if (out) write(ctx, out, undefined, false, `${name} downloads`);
      return;
    }
    case "tar":
    case "unzip": {
      const dir = optionValue(args, name === "tar" ? ["-C", "--directory"] : ["-d"]);
      if (dir && (dir.dynamic || directoryMayHoldSensitive(dir.text))) refuse(`${name} unpacks an archive the pack cannot read into ${dir.text.slice(0, 60)}`);
      else if (!dir && texts.some((t) => /^-?[a-z]*x/.test(t))) refuse(`${name} unpacks an archive the pack cannot read into the working directory`);
      return;
    }
    case "sed":
    case "perl":
      if (texts.some((t) => /^-[a-zA-Z]*i/.test(t) || t.startsWith("--in-place"))) for (const t of ops.slice(1)) modify(ctx, t, `${name} -i edits`);
      return;
    case "truncate":
    case "rm":
    case "unlink":
    case "shred":
      for (const t of ops) modify(ctx, t, "removes or truncates");
      return;
    case "chmod":
    case "chown":
    case "chgrp":
    case "chattr":
    case "setfacl":
      for (const t of ops.slice(1)) modify(ctx, t, name === "chmod" ? "changes the mode of" : "changes the owner of");
      return;
    case "ufw":
      if (ops.length > 0 && !["status", "show", "version", "app"].includes(ops[0].text)) refuse(`changes the host firewall ('ufw ${texts.join(" ").slice(0, 40)}') outside a step the pack knows`);
      return;
    case "iptables":
    case "ip6tables":
    case "iptables-restore":
    case "ip6tables-restore":
    case "iptables-legacy":
    case "iptables-nft":
    case "nft":
    case "firewall-cmd":
      if (!texts.some((t) => ["-L", "-S", "--list", "--list-rules", "list", "-n"].includes(t)) || name.endsWith("restore") || texts.includes("flush")) {
        refuse(`changes packet filtering with ${name}`);
      }
      return;
    case "systemctl":
    case "service": {
      const verb = name === "service" ? ops[1]?.text : ops[0]?.text;
      const units = name === "service" ? ops.slice(0, 1) : ops.slice(1);
      if (verb && /^(stop|disable|mask|kill|revert|reset-failed|edit|set-property)$/.test(verb)) {
        for (const u of units) if (u.dynamic || PROTECTIVE_SERVICES.test(u.text)) refuse(`${name} ${verb} ${u.text} turns a protection off`);
      }
      if (verb === "edit") refuse(`systemctl edit changes a unit in a form the pack cannot read`);
      return;
    }
    case "fail2ban-client":
      if (ops.length > 0 && !["status", "ping", "version", "get", "banned", "-t", "--test"].includes(ops[0].text) && !texts.includes("-t")) {
        refuse(`changes fail2ban at run time ('fail2ban-client ${ops[0].text}')`);
      }
      return;
    case "passwd":
    case "chpasswd":
    case "chage":
    case "visudo":
    case "vipw":
      refuse(`${name} changes accounts or sudo rights`);
      return;
    case "usermod":
    case "useradd":
    case "adduser":
    case "gpasswd":
      if (texts.some((t) => ["-p", "--password", "-G", "-aG", "-a", "--groups", "-o", "--non-unique", "-u"].includes(t)) || (name === "adduser" && ops.length >= 2) || (name === "gpasswd" && texts.includes("-a"))) {
        refuse(`${name} gives an account a password, extra groups or another uid`);
      }
      return;
    case "openclaw": {
      // Only commands that read or verify pass; anything else may change OpenClaw's configuration
      // or state (config set, mcp set, plugins install, onboard, update, doctor --fix…).
      const sub = ops.slice(0, 2).map((o) => o.text).join(" ");
      const readOnly = /^(--version|-V|--help|help|status|health|version|config (get|validate|schema|file)|security audit|secrets audit|exec-policy show|pairing (list|approve)|sandbox (list|explain)|backup (create|verify)|doctor|gateway (status|health)|models list|channels (list|status)|logs)\b/;
      if (ops.length === 0 ? texts.length > 0 && !texts.every((t) => ["--version", "-V", "--help"].includes(t)) : !readOnly.test(sub) || texts.includes("--fix") || texts.includes("--repair")) {
        refuse(`'openclaw ${sub || texts.join(" ").slice(0, 30)}' may change OpenClaw's configuration or state in a form the pack cannot read`);
      }
      return;
    }
    case "apt-get":
    case "apt":
    case "dpkg":
    case "aptitude":
      if (texts.some((t) => /^(remove|purge|autoremove|-r|-P|--remove|--purge)$/.test(t)) && ops.some((o) => /^(ufw|fail2ban|unattended-upgrades|openssh-server|apparmor|auditd)/.test(o.text))) {
        refuse(`${name} removes a package the hardening relies on`);
      }
      if (texts.some((t) => /allow-unauthenticated|AllowUnauthenticated|AllowInsecureRepositories|force-bad-verify|trusted=yes/i.test(t))) refuse(`${name} installs packages without verifying their signatures`);
      if (name === "dpkg" && texts.some((t) => t === "-i" || t === "--install")) {
        for (const o of ops) if (ctx.unread.has(normalizePath(o.text) ?? "")) refuse(`dpkg installs ${o.text}, a package downloaded with content the pack cannot verify`);
      }
      return;
    case "sshd":
      if (!texts.some((t) => ["-t", "-T", "-G"].includes(t))) refuse("starts an sshd of its own (another port or settings the pack cannot check)");
      return;
    case "dpkg-reconfigure":
      if (ops.some((o) => /unattended|openssh/.test(o.text))) refuse(`dpkg-reconfigure ${ops[0]?.text} changes a hardened package's settings`);
      return;
    case "crontab":
      refuse("installs a crontab (commands run later, outside the steps and the gate)");
      return;
    default:
      return;
  }
}

/** Reads a nested script (bash -c '…', ssh host '…', what is piped into a shell). */
function nested(ctx: Context, text: string) {
  if (ctx.depth >= 5) {
    ctx.refusals.push(`${ctx.where}: scripts nested too deeply to read`);
    return;
  }
  readShellInto({ ...ctx, depth: ctx.depth + 1 }, text);
}

function readShellInto(ctx: Context, text: string, stdin?: string) {
  const input = stdin === undefined ? undefined : Buffer.from(stdin);
  const parsed = parseShell(text);
  const sensitive = SENSITIVE_MENTION.test(text);
  for (const o of parsed.opaque) {
    if (/eval|source|substitution .*command name|command name/i.test(o) || sensitive) ctx.refusals.push(`${ctx.where}: ${o}`);
  }
  let first = true;
  for (const pipeline of parsed.pipelines) {
    let flowing: Bytes | undefined | null = first && input !== undefined ? input : null;
    first = false;
    for (const cmd of pipeline.commands) flowing = readCommand(ctx, cmd, flowing) ?? undefined;
  }
}

/** Reads shell text (a command line, a cloud-init runcmd entry) as the pack reads any command. */
export function readShell(text: string, where: string, stdin?: string): { files: ShippedFile[]; refusals: string[]; expanded: string[] } {
  const ctx: Context = { where, depth: 0, files: [], refusals: [], vars: new Map(), unread: new Set(), expanded: [] };
  readShellInto(ctx, text, stdin);
  return { files: ctx.files, refusals: [...new Set(ctx.refusals)], expanded: ctx.expanded };
}

/** A catalogue step with a known script: its files come from its declared file inputs. */
function readCatalogueStep(step: StepName, inputs: Record<string, string>): StepReading {
  const files: ShippedFile[] = [];
  const refusals: string[] = [];
  const texts: StepReading["texts"] = [];
  const spec = STEPS[step].inputs as Record<string, InputSpec>;
  for (const [key, value] of Object.entries(inputs)) {
    const s = spec[key];
    if (!s) {
      refusals.push(`input ${key} is not declared for step ${step}`);
      continue;
    }
    if (s.kind === "sha256") continue;
    if (s.kind !== "file") {
      texts.push({ where: `input ${key}`, text: value });
      continue;
    }
    const content = decodeBase64Text(value);
    const path = filePath(s.path, inputs);
    if (content === undefined || path === undefined || normalizePath(path) === undefined) {
      refusals.push(`input ${key} of step ${step} cannot be read (not base64 text, or its path is missing)`);
      continue;
    }
    const p = normalizePath(path)!;
    files.push({ path: p, kind: classifyPath(p), content, append: false, via: `step ${step}, input ${key}` });
    texts.push({ where: `input ${key}`, text: content });
  }
  return { step, inputs, files, refusals, texts };
}

/** Reads a command text: a catalogue step when it is one, else as shell. */
export function readCommandText(text: string, where: string, stdin?: string): StepReading {
  const decoded = decodeStepCommand(text);
  if (decoded) {
    if (!decoded.knownBody) {
      return {
        files: [],
        refusals: [
          `${where}: claims to be catalogue step '${decoded.step}' but runs a script the pack does not know (policies/lib/known-scripts.json holds the reviewed digests)`,
        ],
        texts: [{ where, text }],
      };
    }
    const reading = readCatalogueStep(decoded.step, decoded.inputs);
    return { ...reading, refusals: reading.refusals.map((r) => `${where}: ${r}`) };
  }
  const { files, refusals, expanded } = readShell(text, where, stdin);
  // Files written from stdin carry what the secret channel carries; only the command's own text
  // (with its literal variables expanded) is held to the no-secrets rule.
  const literalFiles = stdin === undefined ? files : readShell(text, where).files;
  return {
    files,
    refusals,
    texts: [{ where, text }, ...expanded.map((e) => ({ where, text: e })), ...literalFiles.map((f) => ({ where: `${where}: ${f.path}`, text: f.content }))],
  };
}

/** An asset's text, if the pack can read it (StringAsset text, a FileAsset on this machine). */
async function assetText(asset: any): Promise<string | undefined> {
  if (!asset || asset === UNKNOWN) return undefined;
  if (asset.text !== undefined) {
    const text = await Promise.resolve(asset.text);
    return typeof text === "string" ? text : undefined;
  }
  if (asset.path !== undefined) {
    const p = await Promise.resolve(asset.path);
    try {
      if (typeof p === "string" && statSync(p).isFile()) return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Files of an archive the pack can read (an AssetArchive of readable assets, a local directory). */
async function archiveFiles(archive: any): Promise<{ name: string; content: string }[] | undefined> {
  if (!archive || archive === UNKNOWN) return undefined;
  if (archive.assets !== undefined) {
    const assets = await Promise.resolve(archive.assets);
    const out: { name: string; content: string }[] = [];
    for (const [name, a] of Object.entries(assets ?? {})) {
      const text = await assetText(a);
      if (text === undefined) return undefined;
      out.push({ name, content: text });
    }
    return out;
  }
  if (archive.path !== undefined) {
    const root = await Promise.resolve(archive.path);
    if (typeof root !== "string") return undefined;
    const out: { name: string; content: string }[] = [];
    const walk = (dir: string): boolean => {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        return false;
      }
      for (const e of entries) {
        const full = nodePath.join(dir, e);
        if (statSync(full).isDirectory()) {
          if (!walk(full)) return false;
        } else out.push({ name: nodePath.relative(root, full), content: readFileSync(full, "utf8") });
      }
      return true;
    };
    try {
      return statSync(root).isDirectory() && walk(root) ? out : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reads a CopyToRemote: its source's bytes at its remotePath. */
async function readCopy(props: any, where: string): Promise<StepReading> {
  const source = props.source;
  const remote = props.remotePath;
  const reading: StepReading = { files: [], refusals: [], texts: [] };
  if (typeof remote !== "string") {
    reading.refusals.push(`${where}: copies to a destination unknown at preview`);
    return reading;
  }
  const dest = normalizePath(remote);
  if (dest === undefined) {
    reading.refusals.push(`${where}: copies to a path the pack cannot resolve (${remote.slice(0, 60)})`);
    return reading;
  }
  const isArchive = source && source !== UNKNOWN && (source.assets !== undefined || (source.path !== undefined && source.text === undefined && isDirectory(source.path)) || source.uri?.match?.(/\.(tar|tgz|zip)/));
  if (isArchive) {
    const files = await archiveFiles(source);
    if (!files) {
      if (directoryMayHoldSensitive(dest)) reading.refusals.push(`${where}: copies an archive the pack cannot read into ${dest}, which holds hardening files`);
      return reading;
    }
    for (const f of files) {
      const p = normalizePath(`${dest}/${f.name}`);
      if (!p) continue;
      reading.files.push({ path: p, kind: classifyPath(p), content: f.content, append: false, via: `${where} (archive entry ${f.name})` });
      reading.texts.push({ where: `${where}: ${p}`, text: f.content });
    }
    return reading;
  }
  const text = await assetText(source);
  const kind = classifyPath(dest);
  if (text === undefined) {
    if (kind || isAboveSensitive(dest)) reading.refusals.push(`${where}: copies content the pack cannot read to ${dest}${kind ? ` (${kind})` : ""}`);
    return reading;
  }
  if (runsUnreadableProgram(kind, text)) {
    reading.refusals.push(`${where}: copies a program the pack cannot read to ${dest} (only shell scripts are read)`);
    return reading;
  }
  // scp semantics: a copy to an existing directory lands inside it, under the source's name.
  if (!kind && isAboveSensitive(dest)) reading.refusals.push(`${where}: copies into ${dest}, a directory that holds hardening files; give the full file path`);
  reading.files.push({ path: dest, kind, content: text, append: false, via: `${where} (its source asset)` });
  reading.texts.push({ where: `${where}: ${dest}`, text });
  return reading;
}

function isDirectory(p: unknown): boolean {
  try {
    return typeof p === "string" && statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Refusals for what shipped files make the server run later (units, cron, rc.local): read as steps. */
export function deferredRefusals(files: ShippedFile[]): string[] {
  return files.flatMap((f) =>
    deferredCommands(f).flatMap((cmd) => {
      const later = readShell(cmd, `${f.path} (${f.via}) runs later`);
      // What runs later writes after the gate: any hardening file it writes is a change no one checks.
      return [...later.refusals, ...later.files.map((w) => `${f.path} (${f.via}) runs later and then writes ${w.path} (${w.kind}), after the gate`)];
    }),
  );
}

export const COMMAND_TYPES = {
  remote: "command:remote:Command",
  copy: "command:remote:CopyToRemote",
  local: "command:local:Command",
} as const;

/**
 * What a step resource (remote or local Command, CopyToRemote) ships, from its properties (plain
 * or @pulumi/policy's proxy). Create and update commands are read; a delete command is refused by
 * a rule of its own.
 */
export async function readStepResource(type: string, props: unknown, name: string): Promise<StepReading> {
  const p = raw(props);
  if (type === COMMAND_TYPES.copy) {
    const copy = await readCopy(p, `copy '${name}'`);
    return { ...copy, refusals: [...copy.refusals, ...deferredRefusals(copy.files)] };
  }
  const readings: StepReading[] = [];
  const stdin = typeof p.stdin === "string" ? p.stdin : undefined;
  // A local command's interpreter (default: /bin/sh -c): the pack reads shell only.
  const interpreter = Array.isArray(p.interpreter) ? p.interpreter : undefined;
  if (interpreter && !(typeof interpreter[0] === "string" && SHELLS.has(nodePath.posix.basename(interpreter[0])))) {
    readings.push({ files: [], refusals: [`step '${name}': runs its command through ${JSON.stringify(interpreter).slice(0, 60)}, which the pack cannot read`], texts: [] });
  }
  for (const field of ["create", "update"]) {
    const text = p[field];
    if (text === undefined || text === null || text === "") continue;
    if (text === UNKNOWN || typeof text !== "string") {
      readings.push({ files: [], refusals: [`step '${name}': its ${field} command is unknown at preview`], texts: [] });
      continue;
    }
    readings.push(readCommandText(text, `step '${name}' (${field})`, stdin));
  }
  const env = p.environment && typeof p.environment === "object" ? p.environment : {};
  const envTexts = Object.entries(env).map(([k, v]) => ({ where: `step '${name}' environment ${k}`, text: typeof v === "string" ? v : "" }));
  const catalogue = readings.find((r) => r.step);
  const files = readings.flatMap((r) => r.files);
  return {
    step: catalogue?.step,
    inputs: catalogue?.inputs,
    files,
    refusals: [...readings.flatMap((r) => r.refusals), ...deferredRefusals(files)],
    texts: [...readings.flatMap((r) => r.texts), ...envTexts],
  };
}
