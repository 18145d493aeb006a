import type { MappedText } from "../text/mapped-text.js";
import type { Span } from "../text/source.js";

/** One piece of a word: literal text, a variable reference, or a command/arithmetic substitution. */
export type WordPart =
  | { readonly kind: "literal"; readonly text: string; readonly quoted: boolean }
  | {
      readonly kind: "variable";
      readonly name: string;
      /** `:-`, `-`, `:+`, `+`, `:=`, `=`, `:?`, `?`, or "" for a plain `$NAME` / `${NAME}`. */
      readonly operator: string;
      readonly operand: string;
      readonly text: string;
      readonly quoted: boolean;
    }
  | { readonly kind: "substitution"; readonly text: string; readonly quoted: boolean };

/** A shell word: its value with quotes removed and escapes applied (expansions kept as written), and where it was written. */
export interface ShellWord {
  readonly value: string;
  readonly span: Span;
  readonly parts: readonly WordPart[];
  /** Any part of the word was quoted. */
  readonly quoted: boolean;
  /** The word holds a variable reference or a substitution, so its runtime value may differ from `value`. */
  readonly hasExpansion: boolean;
}

/**
 * A word that is one literal run, as most words are (`go`, `build`, `/src`): its single part is made when
 * asked for instead of stored, which saves two objects per word in a file of hundreds of thousands.
 */
class LiteralWord implements ShellWord {
  // The span's two numbers, not a span object: words are the most numerous objects of a large file's model.
  private readonly start: number;
  private readonly end: number;

  constructor(
    readonly value: string,
    span: Span,
    readonly quoted: boolean,
  ) {
    this.start = span.start;
    this.end = span.end;
  }

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get hasExpansion(): boolean {
    return false;
  }

  get parts(): readonly WordPart[] {
    return [{ kind: "literal", text: this.value, quoted: this.quoted }];
  }
}

export type Token =
  | { readonly type: "word"; readonly word: ShellWord }
  | { readonly type: "operator"; readonly op: string; readonly span: Span };

export interface LexOptions {
  /** Stop at the first word that does not start with `--`: only an instruction's flags are wanted. */
  readonly flagsOnly?: boolean;
  /** The escape character: `\` for shell text; a Dockerfile's `# escape=` character for instruction arguments. */
  readonly escape?: string;
  /** Recognise shell operators (`&&`, `|`, `;`, redirections, newlines) and `#` comments. Off for Dockerfile arguments. */
  readonly operators?: boolean;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** A quote, `${`, `$(` or backtick was left open. */
  readonly unterminated: boolean;
}

const OPERATORS = [
  "&&",
  "||",
  ";;",
  "<<<",
  "<<-",
  "<<",
  ">>",
  "&>>",
  "&>",
  ">&",
  "<&",
  ">|",
  "<>",
  ";",
  "|",
  "&",
  "(",
  ")",
  "<",
  ">",
  "\n",
];
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = /[0-9@*#?$!-]/;

/**
 * Splits shell text into words and operators the way a POSIX shell tokenizes it: quotes, escapes,
 * `$VAR`/`${VAR…}`/`$(…)`/backtick expansions kept as parts of the word they belong to.
 * Heredoc bodies are not read here: a Dockerfile's heredocs are cut out by the Dockerfile parser.
 */
export function lexShell(input: MappedText, options: LexOptions = {}): LexResult {
  const escape = options.escape ?? "\\";
  const withOperators = options.operators ?? true;
  const text = input.text;
  const tokens: Token[] = [];
  let unterminated = false;
  let i = 0;

  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\r" || (!withOperators && ch === "\n")) {
      i++;
      continue;
    }
    if (withOperators) {
      if (ch === "#") {
        while (i < text.length && text[i] !== "\n") i++;
        continue;
      }
      if (ch === escape && text[i + 1] === "\n") {
        i += 2;
        continue;
      }
      const op = operatorAt(text, i);
      if (op) {
        tokens.push({ type: "operator", op, span: input.sourceSpan(i, i + op.length) });
        i += op.length;
        continue;
      }
    }
    const read = readWord(input, i, escape, withOperators);
    if (read.unterminated) unterminated = true;
    if (options.flagsOnly && !read.word.value.startsWith("--")) break;
    tokens.push({ type: "word", word: read.word });
    i = read.end;
  }
  return { tokens, unterminated };
}

const OPERATOR_START = new Set([";", "&", "|", "(", ")", "<", ">", "\n"]);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";

function operatorAt(text: string, i: number): string | undefined {
  // A file-descriptor number directly before a redirection belongs to it: `2>&1`.
  let digits = 0;
  while (isDigit(text[i + digits])) digits++;
  if (!OPERATOR_START.has(text[i + digits] as string)) return undefined;
  const at = i + digits;
  for (const op of OPERATORS) {
    if (!text.startsWith(op, at)) continue;
    if (digits > 0 && !/^[<>&]/.test(op)) return undefined;
    return text.slice(i, at + op.length);
  }
  return undefined;
}

function isWordEnd(ch: string | undefined, withOperators: boolean): boolean {
  if (ch === undefined) return true;
  if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") return true;
  return withOperators && ";&|()<>".includes(ch);
}

interface ReadWord {
  word: ShellWord;
  end: number;
  unterminated: boolean;
}

function readWord(input: MappedText, start: number, escape: string, withOperators: boolean): ReadWord {
  const text = input.text;
  const parts: WordPart[] = [];
  let literal = "";
  let literalQuoted = false;
  let quoted = false;
  let unterminated = false;
  let i = start;

  const flush = () => {
    if (literal !== "") parts.push({ kind: "literal", text: literal, quoted: literalQuoted });
    literal = "";
  };
  const addLiteral = (s: string, isQuoted: boolean) => {
    if (literal !== "" && literalQuoted !== isQuoted) flush();
    literalQuoted = isQuoted;
    literal += s;
  };
  const addExpansion = (at: number, isQuoted: boolean): number => {
    const expansion = readDollar(text, at, isQuoted);
    if (!expansion) {
      addLiteral("$", isQuoted);
      return at + 1;
    }
    if (expansion.unterminated) unterminated = true;
    flush();
    parts.push(expansion.part);
    return expansion.end;
  };

  const addBackticks = (at: number, isQuoted: boolean): number => {
    const close = closingBacktick(text, at);
    const end = close === -1 ? text.length : close + 1;
    if (close === -1) unterminated = true;
    flush();
    parts.push({ kind: "substitution", text: text.slice(at, end), quoted: isQuoted });
    return end;
  };

  while (i < text.length && !isWordEnd(text[i], withOperators)) {
    const ch = text[i] as string;
    if (ch === escape) {
      if (text[i + 1] === "\n") {
        i += 2; // line continuation
        continue;
      }
      if (i + 1 < text.length) addLiteral(text[i + 1] as string, true);
      quoted = true;
      i += 2;
      continue;
    }
    if (ch === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      if (close === -1) {
        unterminated = true;
        addLiteral(text.slice(i + 1), true);
        i = text.length;
        break;
      }
      addLiteral(text.slice(i + 1, close), true);
      // An empty '' still makes the word exist.
      if (close === i + 1 && literal === "") literalQuoted = true;
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i] as string;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === escape && i + 1 < text.length) {
          const next = text[i + 1] as string;
          if (next === "\n") {
            i += 2;
          } else if (escape !== "\\" || '$`"\\'.includes(next)) {
            addLiteral(next, true);
            i += 2;
          } else {
            addLiteral(c, true);
            i++;
          }
          continue;
        }
        if (c === "$") {
          i = addExpansion(i, true);
          continue;
        }
        if (c === "`" && withOperators) {
          i = addBackticks(i, true);
          continue;
        }
        // A run of plain characters is taken as one slice (char-by-char += would build a rope per word).
        let j = i + 1;
        while (j < text.length && text[j] !== '"' && text[j] !== escape && text[j] !== "$" && !(text[j] === "`" && withOperators)) j++;
        addLiteral(text.slice(i, j), true);
        i = j;
      }
      if (!closed) unterminated = true;
      continue;
    }
    if (ch === "$") {
      i = addExpansion(i, false);
      continue;
    }
    if (ch === "`" && withOperators) {
      i = addBackticks(i, false);
      continue;
    }
    let j = i + 1;
    while (j < text.length && !isWordEnd(text[j], withOperators) && !isSpecial(text[j] as string, escape, withOperators)) j++;
    addLiteral(text.slice(i, j), false);
    i = j;
  }
  flush();
  if (parts.length === 0 && quoted) parts.push({ kind: "literal", text: "", quoted: true });
  let value = "";
  let hasExpansion = false;
  for (const part of parts) {
    value += part.text;
    if (part.kind !== "literal") hasExpansion = true;
  }
  const span = input.sourceSpan(start, i);
  const only = parts.length === 1 ? parts[0] : undefined;
  // slice(): an array grown by push keeps spare capacity; a file has hundreds of thousands of words.
  const word =
    only?.kind === "literal" ? new LiteralWord(value, span, only.quoted) : { value, span, parts: parts.slice(), quoted, hasExpansion };
  return { word, end: i, unterminated };
}

/** Characters that end a plain run outside quotes. */
function isSpecial(ch: string, escape: string, withOperators: boolean): boolean {
  return ch === escape || ch === "'" || ch === '"' || ch === "$" || (ch === "`" && withOperators);
}

function closingBacktick(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "`") return i;
  }
  return -1;
}

interface Dollar {
  part: WordPart;
  end: number;
  unterminated: boolean;
}

function readDollar(text: string, at: number, quoted: boolean): Dollar | undefined {
  const next = text[at + 1];
  if (next === "{") {
    const close = matchingClose(text, at + 1, "{", "}");
    const end = close === -1 ? text.length : close + 1;
    const inner = text.slice(at + 2, close === -1 ? text.length : close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?:(:?[-+=?])([\s\S]*))?$/.exec(inner);
    const part: WordPart = m
      ? { kind: "variable", name: m[1] as string, operator: m[2] ?? "", operand: m[3] ?? "", text: text.slice(at, end), quoted }
      : // ${#VAR}, ${VAR%suffix} and friends: a variable whose value we do not compute.
        { kind: "substitution", text: text.slice(at, end), quoted };
    return { part, end, unterminated: close === -1 };
  }
  if (next === "(") {
    const close = matchingClose(text, at + 1, "(", ")");
    const end = close === -1 ? text.length : close + 1;
    return { part: { kind: "substitution", text: text.slice(at, end), quoted }, end, unterminated: close === -1 };
  }
  if (next !== undefined && NAME_START.test(next)) {
    let end = at + 2;
    while (end < text.length && NAME_CHAR.test(text[end] as string)) end++;
    const name = text.slice(at + 1, end);
    return { part: { kind: "variable", name, operator: "", operand: "", text: text.slice(at, end), quoted }, end, unterminated: false };
  }
  if (next !== undefined && SPECIAL_PARAM.test(next)) {
    return {
      part: { kind: "variable", name: next, operator: "", operand: "", text: text.slice(at, at + 2), quoted },
      end: at + 2,
      unterminated: false,
    };
  }
  return undefined;
}

/** Index of the bracket closing the one at `open`, skipping quoted text; -1 when unbalanced. */
function matchingClose(text: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
    } else if (c === "'" && openCh === "(") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === openCh) {
      depth++;
    } else if (c === closeCh) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits Dockerfile instruction arguments into words (quotes and the escape character honoured, no shell operators). */
export function splitWords(input: MappedText, escape: string, flagsOnly = false): ShellWord[] {
  const { tokens } = lexShell(input, { escape, operators: false, flagsOnly });
  const words: ShellWord[] = [];
  for (const token of tokens) if (token.type === "word") words.push(token.word);
  return words;
}
