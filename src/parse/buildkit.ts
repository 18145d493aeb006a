// How BuildKit's Dockerfile parser (moby/buildkit frontend/dockerfile/parser) reads the text, where it
// differs from what a JavaScript default would do: Go's notion of white space, its line-length limit,
// and the shell lexing it uses to find heredoc openers.
import type { InstructionKind } from "./types.js";

/** Go's `unicode.IsSpace`, which BuildKit uses to trim lines and arguments (JavaScript's `\s` differs: no U+0085, has U+FEFF). */
export function isGoSpace(code: number): boolean {
  switch (code) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return code >= 0x2000 && code <= 0x200a;
  }
}

/** The instructions BuildKit's Dockerfile frontend knows (upper case), as a set of the written text. */
export const INSTRUCTIONS: ReadonlySet<string> = new Set<InstructionKind>([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

/** BuildKit's `[\t\v\f\r ]`: the characters that end an instruction keyword. */
export function endsKeyword(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/**
 * BuildKit reads lines with a `bufio.Scanner` of the default size: a line of more than 65535 bytes
 * (`bufio.MaxScanTokenSize - 1`, line break excluded) ends the scan with "dockerfile line greater
 * than max allowed size of 65535".
 */
export const MAX_LINE_BYTES = 65535;

/** UTF-8 length of `text.slice(start, end)`. */
export function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export interface HeredocOpener {
  /** The delimiter with quotes and escapes removed. */
  readonly name: string;
  /** `<<-`: leading tabs are stripped from body lines and the terminator. */
  readonly chomp: boolean;
  /** Part of the delimiter was quoted: the body is not expanded. */
  readonly quoted: boolean;
  /** Where the word holding the opener (`<<EOF`, `3<<-'EOF'`, `<< EOF`) is in the lexed text. */
  readonly start: number;
  readonly end: number;
}

// parser.go's reHeredoc, applied to each word; Go's `\s` is ASCII [\t\n\f\r ].
const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/**
 * The heredoc openers of an instruction line, found as BuildKit's `heredocsFromLine` finds them: the
 * line is split into words by its shell lexer (quotes and escapes kept, `<<` joined to the word after
 * it), and a word is an opener only if it is `[digits]<<[-]WORD` with WORD a single shell word. So
 * `let x=1<<2` and `cat<<EOF` hold none, and a line the lexer rejects (an unclosed quote) holds none.
 */
export function heredocOpeners(line: string): HeredocOpener[] {
  const words = lexWords(line);
  const openers: HeredocOpener[] = [];
  for (const word of words ?? []) {
    const m = HEREDOC_WORD.exec(line.slice(word.start, word.end));
    const rest = m?.[3];
    if (!m || !rest) continue;
    const delimiter = unquote(rest);
    if (!delimiter) continue;
    openers.push({ name: delimiter.value, chomp: m[2] === "-", quoted: delimiter.quoted, start: word.start, end: word.end });
  }
  return openers;
}

interface WordRange {
  readonly start: number;
  readonly end: number;
}

/**
 * BuildKit's `ProcessWords` with raw quotes and raw escapes, no variables set: word ranges, or undefined
 * when it fails (unclosed quote, bad `${…}`). The escape character is always `\` there.
 */
function lexWords(s: string): WordRange[] | undefined {
  const words: WordRange[] = [];
  let wordStart = -1;
  const take = (at: number) => {
    if (wordStart < 0) wordStart = at;
  };
  const split = (at: number) => {
    if (wordStart >= 0) words.push({ start: wordStart, end: at });
    wordStart = -1;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const next = c === "'" ? skipSingleQuoted(s, i) : skipDoubleQuoted(s, i);
      if (next < 0) return undefined;
      take(i);
      i = next;
    } else if (c === "$") {
      const next = skipDollar(s, i);
      if (next < 0) return undefined;
      // An expansion's value is split on white space like unquoted text; unset, it stays as written.
      for (let k = i; k < next; k++) {
        if (isGoSpace(s.charCodeAt(k))) split(k);
        else take(k);
      }
      i = next;
    } else if (c === "<" && s[i + 1] === "<") {
      take(i);
      i += 2;
      while (s[i] === " " || s[i] === "\t" || s[i] === "\r") i++;
    } else if (c === "\\") {
      take(i);
      i += 2;
    } else if (isGoSpace(s.charCodeAt(i))) {
      split(i);
      i++;
    } else {
      take(i);
      i++;
    }
  }
  split(Math.min(i, s.length));
  return words;
}

/** Index after the closing quote of the single-quoted string at `i`, or -1. */
function skipSingleQuoted(s: string, i: number): number {
  const close = s.indexOf("'", i + 1);
  return close < 0 ? -1 : close + 1;
}

/** Index after the closing quote of the double-quoted string at `i`, or -1. */
function skipDoubleQuoted(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '"') return j + 1;
    if (c === "$") {
      j = skipDollar(s, j);
      if (j < 0) return -1;
    } else if (c === "\\") {
      const next = s[j + 1];
      j += next === '"' || next === "$" || next === "\\" ? 2 : 1;
    } else j++;
  }
  return -1;
}

/** Index after the text up to and including `stop`, lexed as BuildKit's `processStopOn`, or -1. */
function skipUntil(s: string, i: number, stop: string): number {
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === stop) return j + 1;
    if (c === "$") j = skipDollar(s, j);
    else if (c === "'") j = skipSingleQuoted(s, j);
    else if (c === '"') j = skipDoubleQuoted(s, j);
    else j += c === "\\" ? 2 : 1;
    if (j < 0) return -1;
  }
  return -1;
}

const SPECIAL_PARAMETERS = "@*#?-$!0";

/** Index after the name BuildKit's `processName` reads at `j`. */
function skipName(s: string, j: number): number {
  if (/\d/.test(s[j] ?? "")) {
    while (/\d/.test(s[j] ?? "")) j++;
    return j;
  }
  if (j < s.length && SPECIAL_PARAMETERS.includes(s[j] as string)) return j + 1;
  while (j < s.length && /[\p{L}\p{Nd}_]/u.test(s[j] as string)) j++;
  return j;
}

/** Index after the `$NAME` or `${…}` expansion at `i` (BuildKit's `processDollar`), or -1 for a bad substitution. */
function skipDollar(s: string, i: number): number {
  if (s[i + 1] !== "{") return skipName(s, i + 1);
  let j = i + 2;
  if (j >= s.length || s[j] === "{" || s[j] === "}" || s[j] === ":") return -1;
  j = skipName(s, j);
  const modifier = s[j++];
  switch (modifier) {
    case "}":
      return j;
    case ":":
      return skipUntil(s, j + 1, "}");
    case "+":
    case "-":
    case "?":
    case "#":
    case "%":
      return skipUntil(s, j, "}");
    case "/": {
      const afterPattern = skipUntil(s, s[j] === "/" ? j + 1 : j, "/");
      return afterPattern < 0 ? -1 : skipUntil(s, afterPattern, "}");
    }
    default:
      return -1;
  }
}

/**
 * A heredoc delimiter word as BuildKit reads it (`ProcessWords` without raw quotes or escapes): its value
 * and whether quotes were removed; undefined unless it is exactly one word.
 */
function unquote(rest: string): { value: string; quoted: boolean } | undefined {
  const words = lexWords(rest);
  if (words?.length !== 1) return undefined;
  let value = "";
  let quoted = false;
  for (let i = 0; i < rest.length; ) {
    const c = rest[i] as string;
    if (c === "'") {
      const next = skipSingleQuoted(rest, i);
      value += rest.slice(i + 1, next - 1);
      quoted = true;
      i = next;
    } else if (c === '"') {
      const next = skipDoubleQuoted(rest, i);
      value += rest.slice(i + 1, next - 1).replace(/\\(["$\\])/g, "$1");
      quoted = true;
      i = next;
    } else if (c === "\\") {
      value += rest[i + 1] ?? "";
      i += 2;
    } else if (isGoSpace(c.charCodeAt(0))) {
      i++;
    } else {
      value += c;
      i++;
    }
  }
  return { value, quoted };
}
