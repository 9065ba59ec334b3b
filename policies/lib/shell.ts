// A pragmatic POSIX sh / bash parser. The pack judges remote and local command steps by what they
// really run, so it needs the simple commands (words and redirections) inside a command line, also
// those hidden in compound commands and command substitutions. It never executes or expands
// anything: expansions stay in the text and mark the word dynamic. What it cannot read faithfully
// goes to `opaque`, and the pack refuses that, so every doubtful construct is reported there.
// Hand-written recursive descent, linear in the input: no backtracking regular expressions.

export interface Word {
  /** The word after quote removal (backslash escapes resolved, quotes dropped). Expansions are kept literally, e.g. "$HOME/x". */
  text: string;
  /** The word as written in the source. */
  raw: string;
  /** True when the word's value is not known statically: it holds an unquoted or double-quoted parameter expansion ($x, ${x}), a command substitution ($(..) or `..`), arithmetic $((..)), or an unquoted glob (* ? [) — single-quoted text is never dynamic. */
  dynamic: boolean;
}

export interface Redirection {
  /** File descriptor redirected (default 1 for output ops, 0 for input ops). */
  fd: number;
  op: ">" | ">>" | ">|" | "<" | "<>" | "&>" | "&>>" | ">&" | "<&" | "<<" | "<<-" | "<<<";
  /** The target word (file name, fd number for >&/<&, here-string word for <<<, the delimiter for heredocs). */
  target: Word;
  /** For << and <<- : the heredoc body (leading tabs stripped for <<-), without the delimiter line. */
  heredoc?: string;
  /** For heredocs: whether the delimiter was quoted (then the body is literal; else it may hold expansions). */
  heredocQuoted?: boolean;
}

export interface SimpleCommand {
  /** Leading NAME=value assignments. */
  assignments: Word[];
  /** Command name and arguments (reserved words such as if/then/do/done/{/}/!/( stripped). */
  words: Word[];
  redirections: Redirection[];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export interface ParsedShell {
  /** Every pipeline in source order (separated by ; & && || or newlines). */
  pipelines: Pipeline[];
  /** Constructs the parser could not read faithfully, each as a short description (never the full text). */
  opaque: string[];
}

/**
 * Splits shell text into pipelines of simple commands. Compound commands are flattened into the
 * simple commands they contain; command and process substitutions are parsed too and their
 * pipelines follow the pipeline that holds them. Never throws: bad input yields `opaque` entries.
 */
export function parseShell(text: string): ParsedShell {
  const opaque: string[] = [];
  try {
    const source = typeof text === "string" ? text : String(text);
    const seq = new Parser(source, opaque, 0).parseTop();
    const pipelines: Pipeline[] = [];
    for (const t of flattenSeq(seq, opaque)) pipelines.push(t.pipeline);
    return { pipelines, opaque };
  } catch (e) {
    // Nesting deeper than any real script (or a bug): refuse rather than guess.
    opaque.push(e instanceof ParseAbort ? "nesting too deep" : "parser failure");
    return { pipelines: [], opaque };
  }
}

/** Convenience: every simple command of every pipeline, flattened, in order. */
export function simpleCommands(parsed: ParsedShell): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const p of parsed.pipelines) for (const c of p.commands) out.push(c);
  return out;
}

/** Single-quotes a string for POSIX sh (the inverse direction; used to build command lines). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// ---- syntax tree (internal; flattened before it leaves the module) ----

/** An and-or list's pipelines, in order. */
type Seq = Pipe[];

interface Pipe {
  elems: Node[];
}

interface SimpleNode {
  kind: "simple";
  cmd: SimpleCommand;
  /** What substitutions in the words, redirections and heredoc bodies run. */
  subs: Seq[];
}

interface CompoundNode {
  kind: "compound";
  /** Substitutions in headers (for ... in WORDS, case WORD, case patterns): they run first. */
  pre: Seq[];
  body: Seq;
  /** Redirections after the closing word (`done <file`, `} >out`): they apply to every inner command. */
  redirs: Redirection[];
  subs: Seq[];
}

type Node = SimpleNode | CompoundNode;

interface WordToken {
  word: Word;
  subs: Seq[];
  /** Holds a command, backquote or process substitution. */
  hasSub: boolean;
  /** Holds a quote or backslash (matters for heredoc delimiters). */
  quoted: boolean;
}

type Token =
  | { type: "word"; word: WordToken }
  | { type: "op"; op: string }
  | { type: "redir"; op: Redirection["op"]; fd?: number }
  | { type: "nl" }
  | { type: "eof" };

interface PendingHeredoc {
  redir: Redirection;
  strip: boolean;
  delimiter: string;
  sink: Seq[];
}

/** Accumulates a word while it is scanned. */
interface Builder {
  text: string;
  /** The unquoted literal characters, quoted parts and expansions replaced by NUL: for glob checks. */
  unq: string;
  dynamic: boolean;
  hasSub: boolean;
  quoted: boolean;
  subs: Seq[];
}

class ParseAbort extends Error {}

const MAX_DEPTH = 150;
const META = new Set([" ", "\t", "\n", "|", "&", ";", "<", ">", "(", ")"]);
// Longest first where one operator is a prefix of another.
const OPERATORS = ["&>>", "&>", "&&", "&", "||", "|&", "|", ";;&", ";;", ";&", ";", "((", "(", ")", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">"];
const OPERATOR_START = new Set(["&", "|", ";", "(", ")", "<", ">"]);
const REDIRECTIONS = new Set(["&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">"]);
/** Reserved words that end a list when they stand where a command would start. */
const CLOSERS = new Set(["then", "elif", "else", "fi", "do", "done", "esac", "}"]);
const CASE_ENDS = new Set([";;", ";&", ";;&"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const ARRAY_START = /^[A-Za-z_][A-Za-z0-9_]*\+?=$/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = /[0-9@*#?\-$!]/;
/** Writes through these are harmless, so they never make a compound's output redirection doubtful. */
const HARMLESS_TARGETS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr"]);
const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);

function newBuilder(subs: Seq[] = []): Builder {
  return { text: "", unq: "", dynamic: false, hasSub: false, quoted: false, subs };
}

function emptyCompound(): CompoundNode {
  return { kind: "compound", pre: [], body: [], redirs: [], subs: [] };
}

function literal(text: string, dynamic = false): Word {
  return { text, raw: text, dynamic };
}

/** Pushes one by one: spreading a 100 000-element array into push() overflows the stack. */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

function isWord(t: Token, raw: string): boolean {
  return t.type === "word" && t.word.word.raw === raw;
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function describe(t: Token): string {
  if (t.type === "word") return `"${short(t.word.word.raw)}"`;
  if (t.type === "op" || t.type === "redir") return `"${t.op}"`;
  return t.type === "nl" ? "newline" : "end of input";
}

/** Unquoted * or ?, or a [ with a ] after it: pathname expansion may change the word. */
function hasGlob(unq: string): boolean {
  if (unq.includes("*") || unq.includes("?")) return true;
  const open = unq.indexOf("[");
  return open >= 0 && unq.indexOf("]", open + 1) > open;
}

/** {a,b} or {1..3} outside quotes: brace expansion turns one word into several. */
function hasBraceExpansion(unq: string): boolean {
  let open = false;
  let sep = false;
  for (let i = 0; i < unq.length; i++) {
    const c = unq[i];
    if (c === "{") {
      open = true;
      sep = false;
    } else if (open && (c === "," || (c === "." && unq[i + 1] === "."))) {
      sep = true;
    } else if (c === "}") {
      if (open && sep) return true;
      open = false;
    }
  }
  return false;
}

function endsWithOddBackslashes(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

const ANSI_ESCAPES: Record<string, string> = {
  n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v",
  "\\": "\\", "'": "'", '"': '"', "?": "?",
};

class Parser {
  private pos = 0;
  private peeked: Token | undefined;
  private pending: PendingHeredoc[] = [];
  /** Inside [[ ]]: < > ( ) | & are ordinary word characters there. */
  private condMode = false;

  constructor(
    private readonly src: string,
    private readonly opaque: string[],
    private depth: number,
  ) {}

  // ---- grammar ----

  parseTop(): Seq {
    const seq: Seq = [];
    for (;;) {
      append(seq, this.parseList());
      const t = this.peek();
      if (t.type === "eof") break;
      this.syntax(t);
      this.next();
    }
    this.abandonHeredocs();
    return seq;
  }

  /** Text that is no command (an unquoted heredoc body): only the substitutions in it run. */
  scanExpansions(): Seq[] {
    const b = newBuilder();
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === "\\") this.pos += 2;
      else if (c === "$") this.readDollar(b, "heredoc");
      else if (c === "`") this.readBacktick(b, false);
      else this.pos++;
    }
    return b.subs;
  }

  /** Commands up to a closing reserved word, `)`, `;;`, or the end. */
  private parseList(): Seq {
    this.enter();
    const seq: Seq = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (this.endsList(t)) break;
      const pipes = this.parseAndOr();
      if (!pipes) {
        this.syntax(t);
        this.next();
        continue;
      }
      append(seq, pipes);
      const sep = this.peek();
      if (sep.type === "op" && (sep.op === ";" || sep.op === "&")) this.next();
      else if (sep.type !== "nl" && !this.endsList(sep)) this.syntax(sep);
    }
    this.leave();
    return seq;
  }

  private endsList(t: Token): boolean {
    if (t.type === "eof") return true;
    if (t.type === "op") return t.op === ")" || CASE_ENDS.has(t.op);
    return t.type === "word" && CLOSERS.has(t.word.word.raw);
  }

  private parseAndOr(): Pipe[] | null {
    const first = this.parsePipeline();
    if (!first) return null;
    const out = [first];
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" || (t.op !== "&&" && t.op !== "||")) break;
      this.next();
      this.skipNewlines();
      const p = this.parsePipeline();
      if (!p) {
        this.note(`syntax error: ${t.op} without a command`);
        break;
      }
      out.push(p);
    }
    return out;
  }

  private parsePipeline(): Pipe | null {
    let prefixed = false;
    for (;;) {
      const t = this.peek();
      if (!isWord(t, "!") && !isWord(t, "time")) break;
      this.next();
      prefixed = true;
      if (t.type === "word" && t.word.word.raw === "time" && isWord(this.peek(), "-p")) this.next();
    }
    const first = this.parseCommand();
    if (!first) return prefixed ? { elems: [] } : null;
    const elems: Node[] = [first];
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" || (t.op !== "|" && t.op !== "|&")) break;
      this.next();
      if (t.op === "|&") {
        // |& is 2>&1 | : stderr goes down the pipe too.
        const dup: Redirection = { fd: 2, op: ">&", target: literal("1") };
        const last = elems[elems.length - 1];
        if (last.kind === "simple") last.cmd.redirections.push(dup);
        else last.redirs.push(dup);
      }
      this.skipNewlines();
      const next = this.parseCommand();
      if (!next) {
        this.note("syntax error: pipe without a command");
        break;
      }
      elems.push(next);
    }
    return { elems };
  }

  private parseCommand(): Node | null {
    const t = this.peek();
    if (t.type === "op") {
      if (t.op === "(") {
        this.next();
        return this.subshell();
      }
      if (t.op === "((") {
        this.next();
        return this.arithmeticCommand();
      }
      return null;
    }
    if (t.type === "word") {
      switch (t.word.word.raw) {
        case "if":
          return this.parseIf();
        case "while":
        case "until":
          return this.parseWhile();
        case "for":
        case "select":
          return this.parseFor();
        case "case":
          return this.parseCase();
        case "{":
          return this.parseBrace();
        case "function":
          return this.parseFunctionKeyword();
        case "[[":
          return this.parseConditional();
        case "coproc":
          this.next();
          this.note("coproc");
          return this.parseCommand() ?? emptyCompound();
      }
      if (CLOSERS.has(t.word.word.raw)) return null;
    }
    return this.parseSimple();
  }

  private parseSimple(): Node | null {
    const cmd: SimpleCommand = { assignments: [], words: [], redirections: [] };
    const node: SimpleNode = { kind: "simple", cmd, subs: [] };
    let nameHasSub = false;
    for (;;) {
      const t = this.peek();
      if (t.type === "word") {
        this.next();
        append(node.subs, t.word.subs);
        if (cmd.words.length === 0 && ASSIGNMENT.test(t.word.word.raw)) {
          cmd.assignments.push(t.word.word);
          continue;
        }
        cmd.words.push(t.word.word);
        if (cmd.words.length === 1) {
          nameHasSub = t.word.hasSub;
          const p = this.peek();
          if (p.type === "op" && p.op === "(" && cmd.assignments.length === 0 && cmd.redirections.length === 0) {
            this.next();
            this.expectOp(")", "function name without ()");
            return this.functionBody(t.word.word.text);
          }
        }
      } else if (t.type === "redir") {
        this.next();
        const r = this.parseRedirection(t, node.subs);
        if (r) cmd.redirections.push(r);
      } else {
        break;
      }
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirections.length === 0) return null;
    this.checkSimple(node, nameHasSub);
    return node;
  }

  /** Builtins that run text or change parsing: the pack cannot see what they do. */
  private checkSimple(node: SimpleNode, nameHasSub: boolean): void {
    const words = node.cmd.words;
    if (nameHasSub) this.note("command substitution as command name");
    let i = 0;
    while (i < words.length && !words[i].dynamic && (words[i].text === "command" || words[i].text === "builtin")) i++;
    const name = words[i] && !words[i].dynamic ? words[i].text : undefined;
    if (name === "eval") this.note("eval");
    if (name === "source" || name === ".") {
      const path = words[i + 1];
      // Even a literal path hides its commands: the file's content is not in the command line.
      this.note(!path || path.dynamic ? "source of a non-literal path" : "source of a file");
    }
    if (name === "alias" && words.length > i + 1) this.note("alias definition");
    const args = words.slice(i + 1).map((w) => (w.dynamic ? "" : w.text));
    // Other builtins that run text or rebind names: mapfile's callback, fc's history replay,
    // enable's loadable builtins, hash -p's name-to-path override.
    if ((name === "mapfile" || name === "readarray") && args.some((a) => /^-[A-Za-z]*C/.test(a))) this.note("mapfile callback");
    if (name === "fc") this.note("fc");
    if (name === "enable" && args.length) this.note("enable (loadable builtins)");
    if (name === "hash" && args.some((a) => /^-[A-Za-z]*p/.test(a))) this.note("hash -p");
    if (name === "trap") this.trapAction(words.slice(i + 1), node);
  }

  /** A trap's action is shell text run later: a literal one is parsed like a substitution. */
  private trapAction(args: Word[], node: SimpleNode): void {
    let i = 0;
    if (args[i] && args[i].text === "--") i++;
    const action = args[i];
    if (!action || args.length - i < 2) return;
    if (!action.dynamic && action.text.startsWith("-")) return;
    if (action.dynamic) {
      this.note("trap with a non-literal action");
      return;
    }
    node.subs.push(new Parser(action.text, this.opaque, this.depth + 1).parseTop());
  }

  private parseRedirection(t: { op: Redirection["op"]; fd?: number }, sink: Seq[]): Redirection | null {
    const target = this.peek();
    if (target.type !== "word") {
      this.note(`syntax error: ${t.op} without a target`);
      return null;
    }
    this.next();
    append(sink, target.word.subs);
    const w = target.word.word;
    let op = t.op;
    const fd = t.fd ?? (op.startsWith("<") ? 0 : 1);
    // >&word with a word that is no fd number writes to a file (bash: like &>word): say so.
    if ((op === ">&" || op === "<&") && (w.dynamic || !/^(\d+-?|-)$/.test(w.text))) {
      op = op === "<&" ? "<" : t.fd === undefined ? "&>" : ">";
    }
    const r: Redirection = { fd, op, target: w };
    if (op === "<<" || op === "<<-") {
      r.heredoc = "";
      r.heredocQuoted = target.word.quoted;
      this.pending.push({ redir: r, strip: op === "<<-", delimiter: w.text, sink });
    }
    return r;
  }

  private trailingRedirections(redirs: Redirection[], sink: Seq[]): void {
    for (;;) {
      const t = this.peek();
      if (t.type !== "redir") return;
      this.next();
      const r = this.parseRedirection(t, sink);
      if (r) redirs.push(r);
    }
  }

  private finish(node: CompoundNode): CompoundNode {
    this.trailingRedirections(node.redirs, node.subs);
    return node;
  }

  private parseIf(): Node {
    this.next();
    const node = emptyCompound();
    append(node.body, this.parseList());
    if (!this.expectWord("then", "if without then")) return this.finish(node);
    append(node.body, this.parseList());
    for (;;) {
      const t = this.peek();
      if (isWord(t, "elif")) {
        this.next();
        append(node.body, this.parseList());
        if (!this.expectWord("then", "elif without then")) return this.finish(node);
        append(node.body, this.parseList());
        continue;
      }
      if (isWord(t, "else")) {
        this.next();
        append(node.body, this.parseList());
      }
      break;
    }
    this.expectWord("fi", "if without fi");
    return this.finish(node);
  }

  private parseWhile(): Node {
    this.next();
    const node = emptyCompound();
    append(node.body, this.parseList());
    if (this.expectWord("do", "while without do")) {
      append(node.body, this.parseList());
      this.expectWord("done", "while without done");
    }
    return this.finish(node);
  }

  /** The `for NAME in WORDS` header is no command: only substitutions in it are kept. */
  private parseFor(): Node {
    this.next();
    const node = emptyCompound();
    const t = this.peek();
    if (t.type === "op" && t.op === "((") {
      this.next();
      if (this.arithmeticText() === null) this.note("syntax error: bad for (( )) header");
    } else if (t.type === "word") {
      this.next();
      this.skipNewlines();
      if (isWord(this.peek(), "in")) {
        this.next();
        for (;;) {
          const w = this.peek();
          if (w.type !== "word") break;
          this.next();
          append(node.pre, w.word.subs);
        }
      }
    } else {
      this.note("syntax error: for without a name");
    }
    const sep = this.peek();
    if (sep.type === "op" && sep.op === ";") this.next();
    this.skipNewlines();
    if (this.expectWord("do", "for without do")) {
      append(node.body, this.parseList());
      this.expectWord("done", "for without done");
    }
    return this.finish(node);
  }

  /** Patterns are dropped (their substitutions kept); each item's commands are kept. */
  private parseCase(): Node {
    this.next();
    const node = emptyCompound();
    const w = this.peek();
    if (w.type !== "word") {
      this.note("syntax error: case without a word");
      return this.finish(node);
    }
    this.next();
    append(node.pre, w.word.subs);
    this.skipNewlines();
    if (!this.expectWord("in", "case without in")) return this.finish(node);
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (isWord(t, "esac")) {
        this.next();
        break;
      }
      if (t.type === "eof") {
        this.note("syntax error: case without esac");
        break;
      }
      if (t.type === "op" && t.op === "(") this.next();
      let patternsClosed = false;
      for (;;) {
        const p = this.peek();
        if (p.type !== "word") break;
        this.next();
        append(node.pre, p.word.subs);
        const sep = this.peek();
        if (sep.type === "op" && sep.op === "|") {
          this.next();
          continue;
        }
        if (sep.type === "op" && sep.op === ")") {
          this.next();
          patternsClosed = true;
        }
        break;
      }
      if (!patternsClosed) {
        this.note("syntax error: bad case pattern");
        break;
      }
      append(node.body, this.parseList());
      const e = this.peek();
      if (e.type === "op" && CASE_ENDS.has(e.op)) this.next();
      else if (!isWord(e, "esac")) {
        this.note("syntax error: case without esac");
        break;
      }
    }
    return this.finish(node);
  }

  private parseBrace(): Node {
    this.next();
    const node = emptyCompound();
    append(node.body, this.parseList());
    this.expectWord("}", "{ without }");
    return this.finish(node);
  }

  private subshell(): Node {
    const node = emptyCompound();
    node.body = this.parseUntilParen("subshell", false);
    return this.finish(node);
  }

  private parseFunctionKeyword(): Node {
    this.next();
    const name = this.peek();
    if (name.type !== "word") {
      this.note("syntax error: function without a name");
      return emptyCompound();
    }
    this.next();
    const p = this.peek();
    if (p.type === "op" && p.op === "(") {
      this.next();
      this.expectOp(")", "function name without ()");
    }
    return this.functionBody(name.word.word.text);
  }

  /** The body is parsed (its commands count), but calls to the function are not linked to it. */
  private functionBody(name: string): Node {
    this.note(`function definition (${short(name)})`);
    this.skipNewlines();
    const node = emptyCompound();
    const body = this.parseCommand();
    if (!body) this.note("syntax error: function without a body");
    else node.body.push({ elems: [body] });
    return node;
  }

  /** [[ ... ]]: one command whose words run to ]]; && < > ( ) inside are operands, not syntax. */
  private parseConditional(): Node {
    const open = this.next();
    const cmd: SimpleCommand = { assignments: [], words: [], redirections: [] };
    const node: SimpleNode = { kind: "simple", cmd, subs: [] };
    if (open.type === "word") cmd.words.push(open.word.word);
    this.condMode = true;
    for (;;) {
      const t = this.next();
      if (t.type === "nl") continue;
      if (t.type === "word") {
        append(node.subs, t.word.subs);
        cmd.words.push(t.word.word);
        if (t.word.word.raw === "]]") break;
        continue;
      }
      this.note("syntax error: unterminated [[");
      break;
    }
    this.condMode = false;
    this.trailingRedirections(cmd.redirections, node.subs);
    return node;
  }

  /** (( expr )) after its `((` token; falls back to two nested subshells like bash does. */
  private arithmeticCommand(): Node {
    const start = this.pos - 2;
    const expr = this.arithmeticText();
    if (expr === null) {
      this.pos = start + 1;
      this.peeked = undefined;
      return this.subshell();
    }
    const cmd: SimpleCommand = { assignments: [], words: [literal("(("), literal(expr, true), literal("))")], redirections: [] };
    const node: SimpleNode = { kind: "simple", cmd, subs: [] };
    this.trailingRedirections(cmd.redirections, node.subs);
    return node;
  }

  /** Reads an arithmetic body after `((` up to `))`; null when it is not one. */
  private arithmeticText(): string | null {
    const end = this.scanArithmetic(this.pos);
    if (end === null) return null;
    const expr = this.src.slice(this.pos, end);
    this.pos = end + 2;
    if (/\$\((?!\()|`/.test(expr)) this.note("command substitution inside arithmetic");
    return expr;
  }

  /** Index of the first `)` of the closing `))`, or null (unbalanced: then it was no arithmetic). */
  private scanArithmetic(from: number): number | null {
    const src = this.src;
    let depth = 0;
    for (let i = from; i < src.length; i++) {
      const c = src[i];
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth > 0) depth--;
        else return src[i + 1] === ")" ? i : null;
      } else if (c === "'" || c === '"') {
        const close = src.indexOf(c, i + 1);
        if (close === -1) return null;
        i = close;
      } else if (c === "\\") i++;
    }
    return null;
  }

  /**
   * A list up to its `)`: subshells, command and process substitutions. A substitution has its own
   * heredocs: a newline inside it does not start the bodies of heredocs named before it (bash reads
   * those after the line the substitution ends on), and its unfinished ones carry over to that line.
   */
  private parseUntilParen(what: string, ownHeredocs = true): Seq {
    const seq: Seq = [];
    const savedCond = this.condMode;
    const outer = this.pending;
    if (ownHeredocs) this.pending = [];
    this.condMode = false;
    for (;;) {
      append(seq, this.parseList());
      const t = this.peek();
      if (t.type === "op" && t.op === ")") {
        this.next();
        break;
      }
      if (t.type === "eof") {
        this.note(`unterminated ${what}`);
        break;
      }
      this.syntax(t);
      this.next();
    }
    // Called while a word is being scanned: nothing may stay looked-ahead.
    this.peeked = undefined;
    this.condMode = savedCond;
    if (ownHeredocs) {
      // bash 5.2 reads such a body after the outer line (with a warning); other versions differ.
      if (this.pending.length) this.note(`here-document not finished inside its ${what}`);
      this.pending = [...outer, ...this.pending];
    }
    return seq;
  }

  private expectWord(word: string, what: string): boolean {
    if (isWord(this.peek(), word)) {
      this.next();
      return true;
    }
    this.note(`syntax error: ${what}`);
    return false;
  }

  private expectOp(op: string, what: string): void {
    const t = this.peek();
    if (t.type === "op" && t.op === op) this.next();
    else this.note(`syntax error: ${what}`);
  }

  private skipNewlines(): void {
    while (this.peek().type === "nl") this.next();
  }

  // ---- tokens ----

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private lex(): Token {
    const src = this.src;
    for (;;) {
      while (this.pos < src.length) {
        const c = src[this.pos];
        if (c === " " || c === "\t") this.pos++;
        else if (c === "\\" && src[this.pos + 1] === "\n") this.pos += 2;
        else break;
      }
      if (this.pos >= src.length) return { type: "eof" };
      if (src[this.pos] !== "#") break;
      const nl = src.indexOf("\n", this.pos);
      this.pos = nl === -1 ? src.length : nl;
    }
    const c = src[this.pos];
    if (c === "\n") {
      this.pos++;
      this.readHeredocs();
      return { type: "nl" };
    }
    if (this.condMode) return c === ";" ? this.lexOperator()! : { type: "word", word: this.readWord(true) };
    if ((c === "<" || c === ">") && src[this.pos + 1] === "(") return { type: "word", word: this.readProcessSubstitution() };
    const op = this.lexOperator();
    if (op) return op;
    const word = this.readWord(false);
    const after = src[this.pos];
    if ((after === "<" || after === ">") && src[this.pos + 1] !== "(") {
      if (/^\d+$/.test(word.word.raw)) {
        const redir = this.lexOperator();
        if (redir && redir.type === "redir") return { ...redir, fd: Number(word.word.raw) };
      }
      if (/^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(word.word.raw)) {
        this.note("named file descriptor redirection");
        const redir = this.lexOperator();
        if (redir) return redir;
      }
    }
    return { type: "word", word };
  }

  private lexOperator(): Token | null {
    if (!OPERATOR_START.has(this.src[this.pos])) return null;
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return REDIRECTIONS.has(op) ? { type: "redir", op: op as Redirection["op"] } : { type: "op", op };
      }
    }
    return null;
  }

  /** Heredoc bodies start on the line after the one that named them, in order. */
  private readHeredocs(): void {
    const src = this.src;
    for (const h of this.pending) {
      let body = "";
      let found = false;
      let continued = false;
      while (this.pos < src.length) {
        const nl = src.indexOf("\n", this.pos);
        const end = nl === -1 ? src.length : nl;
        let line = src.slice(this.pos, end);
        if (h.strip) line = line.replace(/^\t+/, "");
        this.pos = nl === -1 ? src.length : nl + 1;
        // Unquoted bodies join a line ending in \ with the next, which is then never the delimiter.
        if (line === h.delimiter && !continued) {
          found = true;
          break;
        }
        continued = !h.redir.heredocQuoted && endsWithOddBackslashes(line);
        body += nl === -1 ? line : `${line}\n`;
      }
      if (!found) this.note(`unterminated here-document (no ${short(h.delimiter)} line)`);
      h.redir.heredoc = body;
      if (!h.redir.heredocQuoted) append(h.sink, new Parser(body, this.opaque, this.depth + 1).scanExpansions());
    }
    this.pending = [];
  }

  private abandonHeredocs(): void {
    for (const h of this.pending) this.note(`unterminated here-document (no ${short(h.delimiter)} line)`);
    this.pending = [];
  }

  // ---- words ----

  private readWord(metaAsWord: boolean): WordToken {
    const src = this.src;
    const start = this.pos;
    const b = newBuilder();
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === " " || c === "\t" || c === "\n") break;
      if (metaAsWord ? c === ";" : META.has(c)) {
        if (c === "(" && !metaAsWord && ARRAY_START.test(src.slice(start, this.pos))) {
          this.readArray(b);
          continue;
        }
        break;
      }
      if (c === "\\") {
        const n = src[this.pos + 1];
        if (n === "\n") {
          this.pos += 2;
        } else if (n === undefined) {
          b.text += "\\";
          b.unq += "\0";
          this.pos++;
        } else {
          b.text += n;
          b.unq += "\0";
          b.quoted = true;
          this.pos += 2;
        }
      } else if (c === "'") this.readSingle(b);
      else if (c === '"') this.readDouble(b);
      else if (c === "$") this.readDollar(b, "unquoted");
      else if (c === "`") this.readBacktick(b, false);
      else {
        b.text += c;
        b.unq += c;
        this.pos++;
      }
    }
    const raw = src.slice(start, this.pos);
    const tilde = b.unq.startsWith("~") || /^[A-Za-z_][A-Za-z0-9_]*\+?=~/.test(b.unq);
    const dynamic = b.dynamic || tilde || hasGlob(b.unq) || hasBraceExpansion(b.unq);
    return { word: { text: b.text, raw, dynamic }, subs: b.subs, hasSub: b.hasSub, quoted: b.quoted };
  }

  private readSingle(b: Builder): void {
    const close = this.src.indexOf("'", this.pos + 1);
    b.quoted = true;
    b.unq += "\0";
    if (close === -1) {
      this.note("unterminated single quote");
      b.text += this.src.slice(this.pos + 1);
      this.pos = this.src.length;
      return;
    }
    b.text += this.src.slice(this.pos + 1, close);
    this.pos = close + 1;
  }

  private readDouble(b: Builder): void {
    const src = this.src;
    const special = /["\\$`]/g;
    this.pos++;
    b.quoted = true;
    b.unq += "\0";
    while (this.pos < src.length) {
      special.lastIndex = this.pos;
      const m = special.exec(src);
      if (!m) break;
      b.text += src.slice(this.pos, m.index);
      this.pos = m.index;
      const c = m[0];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === "\\") {
        const n = src[this.pos + 1];
        if (n === "\n") this.pos += 2;
        else if (n === "$" || n === "`" || n === '"' || n === "\\") {
          b.text += n;
          this.pos += 2;
        } else {
          b.text += "\\";
          this.pos++;
        }
      } else if (c === "$") this.readDollar(b, "double");
      else this.readBacktick(b, true);
    }
    b.text += src.slice(this.pos);
    this.pos = src.length;
    this.note("unterminated double quote");
  }

  /** $'...': static text with C escapes resolved. */
  private readAnsiC(b: Builder): void {
    const src = this.src;
    let i = this.pos + 2;
    b.quoted = true;
    b.unq += "\0";
    while (i < src.length) {
      const c = src[i];
      if (c === "'") {
        this.pos = i + 1;
        return;
      }
      if (c !== "\\" || i + 1 >= src.length) {
        b.text += c;
        i++;
        continue;
      }
      const e = src[i + 1];
      i += 2;
      if (e in ANSI_ESCAPES) b.text += ANSI_ESCAPES[e];
      else if (e === "x" || e === "u" || e === "U") {
        const max = e === "x" ? 2 : e === "u" ? 4 : 8;
        let hex = "";
        while (hex.length < max && i < src.length && /[0-9a-fA-F]/.test(src[i])) hex += src[i++];
        const code = hex ? parseInt(hex, 16) : NaN;
        b.text += hex && code <= 0x10ffff ? String.fromCodePoint(code) : `\\${e}${hex}`;
      } else if (/[0-7]/.test(e)) {
        let oct = e;
        while (oct.length < 3 && i < src.length && /[0-7]/.test(src[i])) oct += src[i++];
        b.text += String.fromCharCode(parseInt(oct, 8) & 0xff);
      } else if (e === "c" && i < src.length) {
        b.text += String.fromCharCode(src.charCodeAt(i++) & 0x1f);
      } else b.text += `\\${e}`;
    }
    this.pos = src.length;
    this.note("unterminated $'...' string");
  }

  /** `$` in a word: an expansion (dynamic, kept literally in the text) or a literal dollar. */
  private readDollar(b: Builder, mode: "unquoted" | "double" | "heredoc"): void {
    const src = this.src;
    const start = this.pos;
    const n = src[start + 1];
    if (n === "'" && mode === "unquoted") return this.readAnsiC(b);
    if (n === '"' && mode === "unquoted") {
      this.pos++;
      return this.readDouble(b);
    }
    if (n === "(") {
      if (src[start + 2] === "(") {
        const end = this.scanArithmetic(start + 3);
        if (end !== null) {
          if (/\$\((?!\()|`/.test(src.slice(start + 3, end))) this.note("command substitution inside arithmetic");
          this.pos = end + 2;
          return this.expansion(b, start);
        }
      }
      this.pos = start + 2;
      b.subs.push(this.parseUntilParen("command substitution"));
      b.hasSub = true;
      return this.expansion(b, start);
    }
    if (n === "[") {
      this.pos = this.matching("[", "]", start + 2, "arithmetic expansion");
      return this.expansion(b, start);
    }
    if (n === "{") {
      this.readBraced(b, mode);
      return this.expansion(b, start);
    }
    if (n !== undefined && NAME_START.test(n)) {
      let i = start + 2;
      while (i < src.length && NAME_CHAR.test(src[i])) i++;
      this.pos = i;
      return this.expansion(b, start);
    }
    if (n !== undefined && SPECIAL_PARAM.test(n)) {
      this.pos = start + 2;
      return this.expansion(b, start);
    }
    b.text += "$";
    b.unq += "$";
    this.pos++;
  }

  private expansion(b: Builder, start: number): void {
    b.text += this.src.slice(start, this.pos);
    b.unq += "\0";
    b.dynamic = true;
  }

  /** Position after the bracket closing the one before `from` (counting nesting), or the end. */
  private matching(open: string, close: string, from: number, what: string): number {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === open) depth++;
      else if (c === close) {
        if (depth === 0) return i + 1;
        depth--;
      }
    }
    this.note(`unterminated ${what}`);
    return this.src.length;
  }

  /** ${...}: up to the matching }, with quotes and nested expansions inside it. */
  private readBraced(b: Builder, mode: "unquoted" | "double" | "heredoc"): void {
    const src = this.src;
    const inner = newBuilder(b.subs);
    const innerMode = mode === "unquoted" ? "unquoted" : "double";
    this.enter();
    this.pos += 2;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === "}") {
        this.pos++;
        if (inner.hasSub) b.hasSub = true;
        this.leave();
        return;
      }
      if (c === "\\") this.pos += 2;
      else if (c === "'" && mode === "unquoted") this.readSingle(inner);
      else if (c === '"') this.readDouble(inner);
      else if (c === "$") this.readDollar(inner, innerMode);
      else if (c === "`") this.readBacktick(inner, mode !== "unquoted");
      else this.pos++;
    }
    this.pos = Math.min(this.pos, src.length);
    if (inner.hasSub) b.hasSub = true;
    this.leave();
    this.note("unterminated parameter expansion");
  }

  /** `...`: the inner text (its \` \$ \\ escapes resolved) is parsed as a script of its own. */
  private readBacktick(b: Builder, inDouble: boolean): void {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    let inner = "";
    let closed = false;
    while (i < src.length) {
      const c = src[i];
      if (c === "`") {
        closed = true;
        i++;
        break;
      }
      if (c === "\\" && i + 1 < src.length) {
        const n = src[i + 1];
        if (n === "`" || n === "$" || n === "\\" || (inDouble && n === '"')) {
          inner += n;
          i += 2;
          continue;
        }
      }
      inner += c;
      i++;
    }
    if (!closed) this.note("unterminated backquote");
    this.pos = i;
    b.subs.push(new Parser(inner, this.opaque, this.depth + 1).parseTop());
    b.hasSub = true;
    this.expansion(b, start);
  }

  private readProcessSubstitution(): WordToken {
    const start = this.pos;
    this.note("process substitution");
    this.pos += 2;
    const seq = this.parseUntilParen("process substitution");
    const raw = this.src.slice(start, this.pos);
    return { word: { text: raw, raw, dynamic: true }, subs: [seq], hasSub: true, quoted: false };
  }

  /** NAME=(a b c): the elements are words; the value is dynamic (the pack reads scalars only). */
  private readArray(b: Builder): void {
    const src = this.src;
    this.enter();
    b.text += "(";
    b.dynamic = true;
    this.pos++;
    let first = true;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === " " || c === "\t" || c === "\n") {
        this.pos++;
      } else if (c === ")") {
        b.text += ")";
        this.pos++;
        this.leave();
        return;
      } else if (META.has(c)) {
        b.text += c;
        this.pos++;
      } else {
        const w = this.readWord(false);
        b.text += (first ? "" : " ") + w.word.text;
        append(b.subs, w.subs);
        if (w.hasSub) b.hasSub = true;
        first = false;
      }
    }
    this.leave();
    this.note("unterminated array assignment");
  }

  // ---- bookkeeping ----

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseAbort();
  }

  private leave(): void {
    this.depth--;
  }

  private note(what: string): void {
    this.opaque.push(what);
  }

  private syntax(t: Token): void {
    this.note(`syntax error: unexpected ${describe(t)}`);
  }
}

// ---- flattening ----

/** A pipeline, and whether it came from a substitution inside the node (not its own stream). */
interface Tagged {
  pipeline: Pipeline;
  aside: boolean;
}

function flattenSeq(seq: Seq, opaque: string[]): Tagged[] {
  const out: Tagged[] = [];
  for (const pipe of seq) append(out, flattenPipe(pipe, opaque));
  return out;
}

/**
 * A pipe of simple commands stays one pipeline. A compound member (`{ a; b; } | c`) contributes
 * all its own commands to the one pipeline, in order, so `curl | { sh; }` still reads as a pipe
 * into sh; substitutions follow the pipeline.
 */
function flattenPipe(pipe: Pipe, opaque: string[]): Tagged[] {
  if (pipe.elems.length === 1) return flattenNode(pipe.elems[0], opaque);
  const commands: SimpleCommand[] = [];
  const aside: Tagged[] = [];
  for (const elem of pipe.elems) {
    for (const t of flattenNode(elem, opaque)) {
      if (t.aside) aside.push(t);
      else append(commands, t.pipeline.commands);
    }
  }
  const out: Tagged[] = commands.length ? [{ pipeline: { commands }, aside: false }] : [];
  append(out, aside);
  return out;
}

function flattenNode(node: Node, opaque: string[]): Tagged[] {
  const out: Tagged[] = [];
  if (node.kind === "simple") {
    out.push({ pipeline: { commands: [node.cmd] }, aside: false });
    asides(node.subs, out, opaque);
    return out;
  }
  asides(node.pre, out, opaque);
  const body = flattenSeq(node.body, opaque);
  if (node.redirs.length) applyRedirections(node.redirs, body, opaque);
  for (const t of body) if (t.aside || t.pipeline.commands.length) out.push(t);
  asides(node.subs, out, opaque);
  return out;
}

function asides(seqs: Seq[], out: Tagged[], opaque: string[]): void {
  for (const seq of seqs) for (const t of flattenSeq(seq, opaque)) out.push({ pipeline: t.pipeline, aside: true });
}

/**
 * `{ a; b; } >file` redirects every inner command; each gets the redirections (outer first). One
 * file written by several commands has a content no single command shows, so that is opaque.
 */
function applyRedirections(redirs: Redirection[], body: Tagged[], opaque: string[]): void {
  let count = 0;
  for (const t of body) {
    if (t.aside) continue;
    for (const cmd of t.pipeline.commands) {
      cmd.redirections = [...redirs, ...cmd.redirections];
      count++;
    }
  }
  const writes = redirs.some((r) => WRITE_OPS.has(r.op) && (r.target.dynamic || !HARMLESS_TARGETS.has(r.target.text)));
  if (writes && count > 1) opaque.push("output redirection of a compound command with several commands");
}
