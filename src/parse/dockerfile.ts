// Reads a Dockerfile line by line the way BuildKit's parser does (moby/buildkit
// frontend/dockerfile/parser): lines end at "\n" only; leading white space is Go's; a line ending in the
// escape character continues; comment and empty lines inside a continuation are dropped; heredoc openers
// are found as BuildKit finds them and their bodies are read from the lines after the instruction.
// Everything keeps exact source spans (MappedText maps joined arguments back to the source).
import { splitWords, type ShellWord } from "../shell/words.js";
import { endsKeyword, heredocOpeners, INSTRUCTIONS, isGoSpace, MAX_LINE_BYTES, utf8Length } from "./buildkit.js";
import { MappedText } from "../text/mapped-text.js";
import { SourceFile, type Span } from "../text/source.js";
import type {
  Comment,
  Directive,
  Flag,
  HealthcheckCommand,
  Heredoc,
  Instruction,
  InstructionKind,
  ParsedDockerfile,
  ParseProblem,
  Word,
} from "./types.js";

const KNOWN_INSTRUCTIONS = INSTRUCTIONS;

/** The empty list every instruction without flags or heredocs shares (most of them). */
const NONE: readonly never[] = Object.freeze([]);

/** Instructions whose arguments BuildKit splits at blanks before it reads quotes or escapes (not in JSON form). */
const BLANK_SPLIT = new Set(["ADD", "COPY", "VOLUME", "EXPOSE"]);
/** Instructions BuildKit's parser takes without arguments (parseShellDependentCommand checks no count). */
const EMPTY_ALLOWED = new Set(["RUN", "CMD", "ENTRYPOINT"]);
const FLAGGED_INSTRUCTIONS = new Set(["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]);
const HEREDOC_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);
/** Instructions whose arguments BuildKit reads as JSON when they are a JSON array (parseMaybeJSON, …ToList). */
const MAYBE_JSON_INSTRUCTIONS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "ADD", "COPY", "VOLUME"]);
/**
 * The flags each flagged instruction takes, in BuildKit's dockerfile frontend (instructions/parse.go and
 * the RUN flag files): every flag of every release, labs included, so a flag is unknown to all of them.
 */
const KNOWN_FLAGS: Readonly<Record<string, ReadonlySet<string>>> = {
  FROM: new Set(["platform"]),
  RUN: new Set(["mount", "network", "security", "device"]),
  COPY: new Set(["chown", "chmod", "from", "link", "parents", "exclude"]),
  ADD: new Set(["chown", "chmod", "link", "keep-git-dir", "checksum", "unpack", "exclude"]),
  HEALTHCHECK: new Set(["interval", "timeout", "start-period", "start-interval", "retries"]),
};

/** The first leading flag the instruction does not take (BuildKit stops at it: "unknown flag"). */
function unknownFlag(kind: string, flags: readonly Flag[]): Flag | undefined {
  const known = KNOWN_FLAGS[kind];
  if (!known) return undefined;
  for (const flag of flags) {
    if (flag.word.value === "--") return undefined; // the end of the flags
    // A name from a variable is not expanded by BuildKit, but its value here is unknown: left alone.
    if (flag.name.includes("$")) continue;
    if (!known.has(flag.name)) return flag;
  }
  return undefined;
}

/** A JSON array (as Go's encoding/json reads it) with an element that is not a string. */
function isJsonArrayOfNonStrings(text: string): boolean {
  if (!text.trimStart().startsWith("[")) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  // Go fails to read a number beyond float64 (JSON.parse makes it Infinity): BuildKit then takes shell form.
  const fitsGo = (v: unknown): boolean =>
    typeof v === "number"
      ? Number.isFinite(v)
      : Array.isArray(v)
        ? v.every(fitsGo)
        : v === null || typeof v !== "object" || Object.values(v).every(fitsGo);
  return Array.isArray(value) && value.some((v) => typeof v !== "string") && fitsGo(value);
}

/** What one parse reads: the source, the escape character, and how many lines Docker reads of it. */
interface Reader {
  readonly source: SourceFile;
  readonly escape: string;
  /** Lines Docker reads: all of them, unless a line is too long or the file uses lone CRs. */
  readonly lineCount: number;
  readonly problems: ParseProblem[];
  readonly comments: Comment[];
  /** Flags are checked against Docker's frontend (no `# syntax=` naming another). */
  readonly checkFlags: boolean;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const source = new SourceFile(text);
  const problems: ParseProblem[] = [];
  const lineCount = readableLines(source, problems);

  const directives = readDirectives(source, lineCount);
  const escapeDirective = directives.find((d) => d.name === "escape");
  let escape = "\\";
  if (escapeDirective) {
    if (escapeDirective.value === "`" || escapeDirective.value === "\\") escape = escapeDirective.value;
    else
      problems.push({
        code: "bad-escape",
        value: escapeDirective.value,
        span: escapeDirective.valueSpan,
      });
  }

  // A frontend other than Docker's (`# syntax=` naming another image) may take other flags.
  const syntax = directives.find((d) => d.name === "syntax")?.value;
  const checkFlags = syntax === undefined || /^(?:[\w.-]+(?::\d+)?\/)?docker\/dockerfile(?:-upstream)?(?:[:@]|$)/.test(syntax);
  const reader: Reader = { source, escape, lineCount, problems, comments: [], checkFlags };
  const instructions: Instruction[] = [];
  for (let line = directives.length; line < lineCount; ) {
    const lineEnd = source.lineEnd(line);
    // BuildKit drops a byte-order mark from the first line, then leading white space from every line.
    const at = skipGoSpace(text, line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : source.lineStart(line), lineEnd);
    if (at === lineEnd || isLoneEscape(text, at, lineEnd, escape)) {
      line++;
      continue;
    }
    if (text[at] === "#") {
      reader.comments.push(commentAt(source, line, at));
      line++;
      continue;
    }
    let keywordEnd = at;
    while (keywordEnd < lineEnd && !endsKeyword(text.charCodeAt(keywordEnd))) keywordEnd++;
    // `RUN\` at the end of a line: the escape continues the line, it is not part of the keyword.
    if (keywordEnd > at + 1 && text[keywordEnd - 1] === escape && isLoneEscape(text, keywordEnd - 1, lineEnd, escape)) keywordEnd--;
    const keywordSpan = { start: at, end: keywordEnd };
    const { instruction, lastLine } = buildInstruction(reader, instructions.length, text.slice(at, keywordEnd).toUpperCase(), keywordSpan);
    instructions.push(instruction);
    line = lastLine + 1;
  }
  if (instructions.length === 0 && lineCount === source.lineCount) {
    problems.push({
      code: "no-instructions",
      span: { start: 0, end: 0 },
    });
  }
  return { source, escape, directives, instructions, comments: reader.comments, problems };
}

/**
 * How many lines Docker reads. A file whose line breaks are lone CRs (classic Mac OS) is one long line
 * to Docker, and a line over 64 KiB stops its reader: both are reported, and nothing from there on is read.
 */
function readableLines(source: SourceFile, problems: ParseProblem[]): number {
  const text = source.text;
  if (usesCrLineBreaks(text, source.lineCount - 1)) {
    problems.push({
      code: "cr-line-endings",
      span: { start: 0, end: 0 },
    });
    return 0;
  }
  for (let line = 0; line < source.lineCount; line++) {
    const start = source.lineStart(line);
    const end = line + 1 < source.lineCount ? source.lineStart(line + 1) - 1 : text.length;
    // A UTF-16 code unit is at most 3 UTF-8 bytes: only long lines need counting.
    if ((end - start) * 3 <= MAX_LINE_BYTES || utf8Length(text, start, end) <= MAX_LINE_BYTES) continue;
    problems.push({
      code: "line-too-long",
      line: line + 1,
      maxBytes: MAX_LINE_BYTES,
      span: { start, end: start },
    });
    return line;
  }
  return source.lineCount;
}

/** More lone CRs with text after them than LFs: the CRs are the file's line breaks (a stray CR inside a line is not). */
function usesCrLineBreaks(text: string, lineFeeds: number): boolean {
  let loneCrs = 0;
  for (let cr = text.indexOf("\r"); cr !== -1; cr = text.indexOf("\r", cr + 1)) {
    const next = text[cr + 1];
    if (next !== undefined && next !== "\n" && next !== "\r" && ++loneCrs > lineFeeds) return true;
  }
  return false;
}

function skipGoSpace(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isGoSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Only the escape character (and blanks) from `at` to the end of the line: a line continuation. */
function isLoneEscape(text: string, at: number, lineEnd: number, escape: string): boolean {
  if (text[at] !== escape) return false;
  for (let i = at + 1; i < lineEnd; i++) if (text[i] !== " " && text[i] !== "\t") return false;
  return true;
}

/** The comment line starting with `#` at `hash`. */
function commentAt(source: SourceFile, line: number, hash: number): Comment {
  const end = source.lineEnd(line);
  return { text: source.text.slice(hash + 1, end).trim(), span: { start: hash, end }, line: line + 1 };
}

const DIRECTIVE_NAMES = new Set(["syntax", "escape", "check"]);
// BuildKit's directive regexp after `#`: a value of at least one character (`# escape=` is a comment).
// Go's `\s` is ASCII [\t\n\f\r ]; the text before and after `#` is trimmed of Go's white space.
const GO_SPACE_CLASS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const DIRECTIVE = new RegExp(
  `^(${GO_SPACE_CLASS}*#${GO_SPACE_CLASS}*)([a-zA-Z][a-zA-Z0-9]*)([\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*)(.+?)[\\t\\n\\f\\r ]*$`,
);

/**
 * Parser directives as BuildKit reads them: `# name=value` lines of a known name at the very top;
 * the first line of any other kind (a comment, an empty line, an instruction) ends them.
 */
function readDirectives(source: SourceFile, lineCount: number): Directive[] {
  const directives: Directive[] = [];
  for (let line = 0; line < lineCount; line++) {
    // BuildKit trims the line break (every trailing CR and LF) before matching.
    const raw = source.lineText(line).replace(/\r+$/, "");
    const text = line === 0 ? raw.replace(/^\uFEFF/, " ") : raw;
    const m = DIRECTIVE.exec(text);
    const name = m?.[2]?.toLowerCase();
    if (!m || name === undefined || !DIRECTIVE_NAMES.has(name) || directives.some((d) => d.name === name)) break;
    const lineStart = source.lineStart(line);
    const valueStart = lineStart + (m[1] as string).length + (m[2] as string).length + (m[3] as string).length;
    directives.push({
      name,
      value: m[4] as string,
      span: { start: lineStart + (m[1] as string).indexOf("#"), end: lineStart + text.length },
      valueSpan: { start: valueStart, end: valueStart + (m[4] as string).length },
    });
  }
  return directives;
}

/**
 * An instruction as parsed. A class rather than an object literal: every instance shares one shape, so a
 * file of 300k instructions does not hold 300k dictionary-mode objects; RUN's words are split on demand.
 */
class ParsedInstruction implements Instruction {
  // Spans as numbers, the objects made when asked: a large file's spans are its most numerous objects, and
  // most are never asked for.
  private readonly end: number;

  constructor(
    index: number,
    kind: InstructionKind | "UNKNOWN",
    keyword: Word,
    end: number,
    line: number,
    readonly flags: readonly Flag[],
    readonly args: MappedText,
    private splitWordsOf: readonly ShellWord[] | undefined,
    private readonly escape: string,
    readonly json: readonly Word[] | undefined,
    readonly heredocs: readonly Heredoc[],
    readonly healthcheck: HealthcheckCommand | undefined,
    lines: readonly Span[],
    readonly trigger: Instruction | undefined,
  ) {
    this.index = index;
    this.kind = kind;
    this.end = end;
    this.line = line;
    this.start = keyword.span.start;
    this.keywordEnd = keyword.span.end;
    // Written as its kind (the usual upper case), the keyword shares the kind's string.
    this.keywordText = keyword.value === kind ? kind : keyword.value;
    // Most instructions are one line: its span as two numbers, not a list holding a span object.
    const only = lines.length === 1 ? (lines[0] as Span) : undefined;
    this.firstLine = only ? only.start : -1;
    this.firstLineEnd = only ? only.end : -1;
    this.severalLines = only ? undefined : lines;
  }

  private readonly start: number;
  private readonly keywordEnd: number;
  private readonly keywordText: string;
  private readonly firstLine: number;
  private readonly firstLineEnd: number;
  private readonly severalLines: readonly Span[] | undefined;

  get lines(): readonly Span[] {
    return this.severalLines ?? [{ start: this.firstLine, end: this.firstLineEnd }];
  }

  readonly index: number;
  readonly kind: InstructionKind | "UNKNOWN";
  readonly line: number;

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get keyword(): Word {
    return { value: this.keywordText, span: { start: this.start, end: this.keywordEnd } };
  }

  get words(): readonly ShellWord[] {
    this.splitWordsOf ??= splitWords(this.args, this.escape);
    return this.splitWordsOf;
  }
}

function buildInstruction(reader: Reader, index: number, kind: string, keywordSpan: Span): { instruction: Instruction; lastLine: number } {
  const { source, problems } = reader;
  const text = source.text;
  const continued = continuationPieces(reader, keywordSpan.end);
  const pieces = continued.pieces;
  const args = trimStart(MappedText.fromPieces(text, pieces));
  const argsEnd = pieces.length > 0 ? (pieces[pieces.length - 1] as Span).end : keywordSpan.end;
  const parts = argumentParts(reader.escape, kind, args);
  const { rest, json } = parts;
  const read = mayHaveHeredocs(kind, rest, json) ? readHeredocs(reader, args, continued.lastLine) : undefined;
  const heredocs = read && read.heredocs.length > 0 ? read.heredocs : NONE;
  const end = read && heredocs.length > 0 ? read.end : Math.max(argsEnd, keywordSpan.end);
  const lastLine = read && heredocs.length > 0 ? read.lastLine : continued.lastLine;
  const lines = pieces.length > 0 ? pieces : [{ start: keywordSpan.end, end: keywordSpan.end }];
  const instruction = makeInstruction(reader, index, kind, keywordSpan, end, lines, parts, heredocs);
  const { allWords } = parts;
  if (!KNOWN_INSTRUCTIONS.has(kind)) {
    problems.push({
      code: "unknown-instruction",
      keyword: instruction.keyword.value,
      span: keywordSpan,
    });
  } else if (!FLAGGED_INSTRUCTIONS.has(kind) && kind !== "ONBUILD" && /^--[A-Za-z]/.test(allWords[0]?.value ?? "")) {
    // BuildKit reads leading `--flags` on every instruction and refuses the ones an instruction does not take.
    const flag = allWords[0] as ShellWord;
    problems.push({
      code: "flag-not-allowed",
      flag: flag.value,
      kind: kind as InstructionKind,
      span: flag.span,
    });
  } else if (!/\S/.test(rest.text) && heredocs.length === 0 && EMPTY_ALLOWED.has(kind)) {
    problems.push({
      code: "empty-command",
      keyword: instruction.keyword.value,
      kind: kind as InstructionKind,
      span: keywordSpan,
      warnOnly: true,
    });
  } else if (!/\S/.test(rest.text) && heredocs.length === 0) {
    problems.push({
      code: "no-arguments",
      keyword: instruction.keyword.value,
      kind: kind as InstructionKind,
      span: keywordSpan,
    });
  } else if (MAYBE_JSON_INSTRUCTIONS.has(kind) && parts.json === undefined && isJsonArrayOfNonStrings(rest.text)) {
    // parseMaybeJSON and parseMaybeJSONToList refuse a JSON array with anything but strings (errDockerfileNotStringArray).
    problems.push({ code: "json-not-strings", kind: kind as InstructionKind, span: rest.sourceSpan(0, rest.text.length) });
  } else if (reader.checkFlags && unknownFlag(kind, parts.flags)) {
    const flag = unknownFlag(kind, parts.flags) as Flag;
    problems.push({
      code: "unknown-flag",
      flag: flag.word.value.split("=")[0] as string,
      kind: kind as InstructionKind,
      known: [...(KNOWN_FLAGS[kind] ?? [])],
      span: flag.span,
    });
  } else if (kind === "HEALTHCHECK") {
    const problem = healthcheckProblem(parts.words ?? []);
    if (problem) problems.push(problem);
  } else if (BLANK_SPLIT.has(kind) && parts.json === undefined) {
    // BuildKit splits these arguments at every blank before it reads quotes and escapes (parseMaybeJSONToList).
    const joined = (parts.words ?? []).find((w) => /[ \t]/.test(reader.source.text.slice(w.span.start, w.span.end)));
    if (joined) {
      const written = reader.source.text.slice(joined.span.start, joined.span.end);
      const open = unclosedQuote(written, reader.escape);
      problems.push({
        code: "blank-in-argument",
        kind: kind as InstructionKind,
        written: open ?? written,
        quoted: open === undefined && /["']/.test(written),
        unclosed: open !== undefined,
        span: joined.span,
        warnOnly: !/["']/.test(written),
      });
    }
  }
  return { instruction, lastLine };
}

/**
 * The text up to the blank after a quote that is never closed (`\conf\\"` of `\conf\\" /.znc`), when the
 * word holds one: BuildKit's expansion of that word fails by itself, blank or not.
 */
function unclosedQuote(written: string, escape: string): string | undefined {
  let quote: string | undefined;
  let opened = 0;
  for (let i = 0; i < written.length; i++) {
    const c = written[i] as string;
    if (c === escape && quote !== "'") i++;
    else if (quote === undefined && (c === '"' || c === "'")) {
      quote = c;
      opened = i;
    } else if (c === quote) quote = undefined;
  }
  if (quote === undefined) return undefined;
  const blank = written.slice(opened).search(/[ \t]/);
  return blank === -1 ? written : written.slice(0, opened + blank);
}

/** What BuildKit's parseHealthcheck refuses: a type other than CMD or NONE, NONE with arguments, CMD without a command. */
function healthcheckProblem(words: readonly ShellWord[]): ParseProblem | undefined {
  const [first, second] = words;
  if (!first) return undefined;
  const type = first.value.toUpperCase();
  if (type === "NONE") {
    return second ? { code: "healthcheck", form: "none-with-arguments", written: first.value, span: second.span } : undefined;
  }
  if (type !== "CMD") {
    return { code: "healthcheck", form: "unknown-type", written: first.value, span: first.span };
  }
  return second ? undefined : { code: "healthcheck", form: "cmd-without-command", written: first.value, span: first.span };
}

/** An instruction's arguments read by its kind: leading flags, the rest, its Dockerfile words, its exec form. */
interface ArgumentParts {
  readonly allWords: readonly ShellWord[];
  readonly flags: readonly Flag[];
  readonly rest: MappedText;
  readonly words: ShellWord[] | undefined;
  readonly json: Word[] | undefined;
}

function argumentParts(escape: string, kind: string, args: MappedText): ArgumentParts {
  // RUN reads its arguments as shell, so only its leading flags are split into Dockerfile words.
  const shellArguments = kind === "RUN";
  const allWords = FLAGGED_INSTRUCTIONS.has(kind) || !shellArguments ? splitWords(args, escape, shellArguments) : [];
  const flags: Flag[] = [];
  let restStart = 0;
  if (FLAGGED_INSTRUCTIONS.has(kind)) {
    for (const word of allWords) {
      if (!word.value.startsWith("--")) break;
      flags.push(parseFlag(word));
      restStart = args.indexOfSource(word.span.end);
    }
  }
  const rest = trimStart(args.slice(restStart));
  const words: ShellWord[] | undefined = shellArguments ? undefined : allWords.slice(flags.length);
  return { allWords, flags, rest, words, json: parseJsonArray(rest) };
}

function makeInstruction(
  reader: Reader,
  index: number,
  kind: string,
  keywordSpan: Span,
  end: number,
  lines: readonly Span[],
  parts: ArgumentParts,
  heredocs: readonly Heredoc[],
): Instruction {
  const { source, escape } = reader;
  const { flags, rest, words, json } = parts;
  return new ParsedInstruction(
    index,
    KNOWN_INSTRUCTIONS.has(kind) ? (kind as InstructionKind) : "UNKNOWN",
    { value: source.text.slice(keywordSpan.start, keywordSpan.end), span: keywordSpan },
    end,
    source.lineIndexAt(keywordSpan.start) + 1,
    flags.length === 0 ? NONE : flags,
    rest,
    words,
    escape,
    json,
    heredocs,
    kind === "HEALTHCHECK" && words ? healthcheckCommand(rest, words) : undefined,
    lines,
    kind === "ONBUILD" ? onbuildTrigger(reader, index, rest, end, lines, heredocs) : undefined,
  );
}

/**
 * The instruction an ONBUILD wraps, read from its arguments as BuildKit's parseSubCommand reads them: the
 * keyword up to the first blank, then the trigger's own flags and arguments (and the heredocs ONBUILD read).
 */
function onbuildTrigger(
  reader: Reader,
  index: number,
  rest: MappedText,
  end: number,
  lines: readonly Span[],
  heredocs: readonly Heredoc[],
): Instruction | undefined {
  const t = rest.text;
  let keywordEnd = 0;
  while (keywordEnd < t.length && !endsKeyword(t.charCodeAt(keywordEnd))) keywordEnd++;
  if (keywordEnd === 0) return undefined;
  const kind = t.slice(0, keywordEnd).toUpperCase();
  const keywordSpan = rest.sourceSpan(0, keywordEnd);
  const parts = argumentParts(reader.escape, kind, trimStart(rest.slice(keywordEnd)));
  const ownLines = lines
    .filter((l) => l.end > keywordSpan.start)
    .map((l) => (l.start < keywordSpan.start ? { start: keywordSpan.start, end: l.end } : l));
  const ownHeredocs = HEREDOC_INSTRUCTIONS.has(kind) && parts.json === undefined ? heredocs : NONE;
  return makeInstruction(reader, index, kind, keywordSpan, end, ownLines, parts, ownHeredocs);
}

/** BuildKit looks for heredocs in shell-form RUN, COPY and ADD, also under ONBUILD. */
function mayHaveHeredocs(kind: string, rest: MappedText, json: readonly Word[] | undefined): boolean {
  if (HEREDOC_INSTRUCTIONS.has(kind)) return json === undefined;
  if (kind !== "ONBUILD") return false;
  const subKeyword = /^\S+/.exec(rest.text)?.[0] ?? "";
  return HEREDOC_INSTRUCTIONS.has(subKeyword.toUpperCase()) && parseJsonArray(trimStart(rest.slice(subKeyword.length))) === undefined;
}

/**
 * The source ranges that make up an instruction's arguments: a line ending in the escape character
 * continues on the next line; comment lines and empty lines inside a continuation are dropped, as Docker does.
 */
function continuationPieces(reader: Reader, from: number): { pieces: Span[]; lastLine: number } {
  const { source, escape, problems } = reader;
  const text = source.text;
  const pieces: Span[] = [];
  let line = source.lineIndexAt(from);
  let start = from;
  let continued = false;
  // Empty lines are a problem only when the instruction goes on after them, not at the end of the file.
  let emptyLines: Span[] | undefined;
  for (;;) {
    const lineEnd = source.lineEnd(line);
    if (continued) {
      const content = skipGoSpace(text, start, lineEnd);
      if (content === lineEnd || text[content] === "#") {
        if (content === lineEnd) (emptyLines ??= []).push({ start, end: lineEnd });
        else reader.comments.push(commentAt(source, line, content));
        if (line + 1 >= reader.lineCount) break;
        line++;
        start = source.lineStart(line);
        continue;
      }
    }
    if (emptyLines) {
      for (const span of emptyLines) {
        problems.push({
          code: "empty-continuation-line",
          span,
          warnOnly: true,
          peer: "NoEmptyContinuation",
        });
      }
      emptyLines = undefined;
    }
    let end = lineEnd;
    while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
    // BuildKit's continuation pattern, `([^E])E[ \t]*$|^E[ \t]*$`: an escape the line ends with continues
    // it unless another escape stands before it (`trailing\\` is an escaped backslash, and the line ends).
    if (end > start && text[end - 1] === escape && (end - 1 === source.lineStart(line) || text[end - 2] !== escape)) {
      pieces.push({ start, end: end - 1 });
      if (line + 1 >= reader.lineCount) break; // a lone escape character at the end of the file
      line++;
      start = source.lineStart(line);
      continued = true;
      continue;
    }
    pieces.push({ start, end: lineEnd });
    break;
  }
  // A copy of exact length: an array grown by push keeps room for 17 elements, and every instruction keeps its pieces.
  return { pieces: pieces.slice(), lastLine: line };
}

function trimStart(text: MappedText): MappedText {
  let skip = 0;
  const t = text.text;
  while (skip < t.length && isGoSpace(t.charCodeAt(skip))) skip++;
  return skip > 0 ? text.slice(skip) : text;
}

/** Heredoc openers on the instruction line (found as BuildKit finds them), with their bodies read from the lines after it. */
function readHeredocs(reader: Reader, args: MappedText, lastLine: number): { heredocs: Heredoc[]; end: number; lastLine: number } {
  const { source, problems } = reader;
  const heredocs: Heredoc[] = [];
  const readEnd = reader.lineCount > 0 ? source.lineEnd(reader.lineCount - 1) : 0;
  let end = readEnd;
  if (!args.text.includes("<<")) return { heredocs, end, lastLine };
  let line = lastLine + 1;
  for (const opener of heredocOpeners(args.text)) {
    const bodyStart = line < reader.lineCount ? source.lineStart(line) : readEnd;
    let terminated = false;
    let bodyEnd = readEnd;
    for (; line < reader.lineCount; line++) {
      // BuildKit compares the line without its line break (every trailing CR and LF) to the delimiter.
      let content = source.lineText(line).replace(/\r+$/, "");
      if (opener.chomp) content = content.replace(/^\t+/, "");
      if (content === opener.name) {
        terminated = true;
        bodyEnd = source.lineStart(line);
        end = source.lineEnd(line);
        line++;
        break;
      }
    }
    if (!terminated) end = readEnd;
    const openerSpan = args.sourceSpan(opener.start, opener.end);
    if (!terminated) {
      problems.push({
        code: "unterminated-heredoc",
        name: opener.name,
        span: openerSpan,
      });
    }
    heredocs.push({
      delimiter: opener.name,
      stripTabs: opener.chomp,
      quoted: opener.quoted,
      opener: openerSpan,
      body: MappedText.contiguous(source.text, { start: bodyStart, end: Math.max(bodyStart, bodyEnd) }),
      terminated,
    });
  }
  return { heredocs, end, lastLine: Math.min(line, reader.lineCount) - 1 };
}

function parseFlag(word: ShellWord): Flag {
  const { value: text, span } = word;
  const eq = text.indexOf("=");
  const name = (eq === -1 ? text.slice(2) : text.slice(2, eq)).toLowerCase();
  const value = eq === -1 ? undefined : text.slice(eq + 1);
  const options = new Map<string, string>();
  if (value?.includes("=")) {
    for (const item of value.split(",")) {
      const at = item.indexOf("=");
      if (at === -1) options.set(item.trim().toLowerCase(), "");
      else
        options.set(
          item.slice(0, at).trim().toLowerCase(),
          item
            .slice(at + 1)
            .trim()
            .replace(/^"(.*)"$/, "$1"),
        );
    }
  }
  return { name, value, span, options, word };
}

/** Values of an exec-form argument list (`["a", "b c"]`) with the span of each string, or undefined if not one. */
/** `HEALTHCHECK NONE`, or `HEALTHCHECK [flags] CMD …` with the command's own text and exec-form values. */
function healthcheckCommand(rest: MappedText, words: readonly ShellWord[]): HealthcheckCommand | undefined {
  const first = words[0];
  const keyword = first?.value.toUpperCase();
  // What Docker refuses (another type, NONE with arguments, CMD without a command) is no health check: DF000 reports it.
  if (!first || (keyword !== "NONE" && keyword !== "CMD")) return undefined;
  if (keyword === "NONE") return words.length === 1 ? { kind: "NONE" } : undefined;
  const args = trimStart(rest.slice(rest.indexOfSource(first.span.end)));
  return /\S/.test(args.text) ? { kind: "CMD", args, json: parseJsonArray(args) } : undefined;
}

function parseJsonArray(args: MappedText): Word[] | undefined {
  const text = args.text;
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\r" || text[i] === "\n")) i++;
  };
  skipSpace();
  if (text[i] !== "[") return undefined;
  i++;
  const values: Word[] = [];
  skipSpace();
  if (text[i] === "]") {
    i++;
    skipSpace();
    return i === text.length ? values : undefined;
  }
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return undefined;
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    if (i >= text.length) return undefined;
    i++;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, i));
    } catch {
      return undefined;
    }
    if (typeof value !== "string") return undefined;
    values.push({ value, span: args.sourceSpan(start, i) });
    skipSpace();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] !== "]") return undefined;
    i++;
    skipSpace();
    return i === text.length ? values : undefined;
  }
}

/** Text read as one instruction on its own, as Docker would read it as a line of a Dockerfile (its spans are into `text`). */
export function parseInstructionText(text: string): Instruction | undefined {
  return parseDockerfile(text).instructions[0];
}
