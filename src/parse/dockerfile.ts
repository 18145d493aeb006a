// The only module that imports dockerfile-ast. It takes instruction boundaries, keywords, comments and
// parser directives from it, and builds everything else itself so that its known quirks never reach a
// rule: getArguments() ignores quotes (`-ldflags="-s -w"` splits), JSON-form values lose inner spaces,
// heredoc body lines come back as arguments, and `<< 'EOF'` (with a space) is not seen as a heredoc.
import { DockerfileParser } from "dockerfile-ast";
import { lexShell, splitWords, type ShellWord } from "../shell/words.js";
import { editDistance } from "../text/distance.js";
import { MappedText } from "./mapped-text.js";
import { SourceFile, type Span } from "./source.js";
import type { Comment, Directive, Flag, HealthcheckCommand, Heredoc, Instruction, ParsedDockerfile, ParseProblem, Word } from "./types.js";

const KNOWN_INSTRUCTIONS = new Set([
  "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
  "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
]);
const ARGUMENT_EXAMPLES: Record<string, string> = {
  FROM: "FROM golang:1.23-alpine AS build",
  RUN: "RUN go build -o /out/app .",
  COPY: "COPY go.mod go.sum ./",
  ADD: "ADD --checksum=sha256:… https://example.com/x.tgz /opt/",
  WORKDIR: "WORKDIR /src",
  USER: "USER 65532:65532",
  ENV: "ENV CGO_ENABLED=0",
  ARG: "ARG GO_VERSION=1.23",
  ENTRYPOINT: 'ENTRYPOINT ["/app"]',
  CMD: 'CMD ["/app"]',
  EXPOSE: "EXPOSE 8080",
  HEALTHCHECK: 'HEALTHCHECK CMD ["/app", "health"]',
  LABEL: 'LABEL org.opencontainers.image.source="https://example.com/repo"',
  SHELL: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  VOLUME: "VOLUME /data",
  STOPSIGNAL: "STOPSIGNAL SIGTERM",
  ONBUILD: "ONBUILD RUN go build ./...",
};

/** The known instruction within two edits of a misspelt keyword. */
function closestInstruction(keyword: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN_INSTRUCTIONS) {
    const d = editDistance(keyword, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

const FLAGGED_INSTRUCTIONS = new Set(["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]);
const HEREDOC_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);

// Two costs of dockerfile-ast's parse() that slimlint does not need, removed once at load:
// 1. It ends by handing every comment to the build stage containing it: a comments × stages loop,
//    quadratic on large files. slimlint reads only the file-level comment list, filled before that step.
(Object.getPrototypeOf(DockerfileParser.parse("")) as { organizeComments: () => void }).organizeComments = () => {};
// 2. Instruction constructors call getRawArguments() several times, and each call rescans the
//    instruction. Its inputs (document, range, escape character) are set in the base constructor and
//    never change, so the result is kept per instruction (callers get a copy of the list).
{
  type WithArguments = { getRawArguments(this: object): unknown[] };
  let proto: object | null = DockerfileParser.parse("FROM a").getInstructions()[0] ?? null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, "getRawArguments")) proto = Object.getPrototypeOf(proto) as object | null;
  if (proto) {
    const target = proto as WithArguments;
    const scan = target.getRawArguments;
    const kept = Symbol("slimlint.rawArguments");
    target.getRawArguments = function (this: { [kept]?: unknown[] }) {
      const args = (this[kept] ??= scan.call(this));
      return args.slice();
    };
  }
}

interface Position0 {
  line: number;
  character: number;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const source = new SourceFile(text);
  // A UTF-8 byte-order mark is not part of the first keyword; same length keeps offsets valid.
  const parserText = text.startsWith("\uFEFF") ? ` ${text.slice(1)}` : text;
  const ast = DockerfileParser.parse(parserText);
  const offsetOf = (p: Position0) => source.offsetOfLsp(p.line, p.character);
  const problems: ParseProblem[] = [];

  const directives = readDirectives(source);
  const escapeDirective = directives.find((d) => d.name === "escape");
  let escape = "\\";
  if (escapeDirective) {
    if (escapeDirective.value === "`" || escapeDirective.value === "\\") escape = escapeDirective.value;
    else
      problems.push({
        message: `Invalid escape directive \`${escapeDirective.value}\`: Docker accepts only a backslash or a backtick and refuses the file. Write \`# escape=\\\` or \`# escape=\`\`.`,
        span: escapeDirective.valueSpan,
      });
  }

  const comments: Comment[] = ast.getComments().map((c) => {
    const span = { start: offsetOf(c.getRange().start), end: offsetOf(c.getRange().end) };
    return { text: c.getContent(), span, line: source.lineIndexAt(span.start) + 1 };
  });
  // dockerfile-ast reads any leading `# word…=value` as a directive (`# hadolint ignore=DL3006` becomes
  // directive "hadolint"); for BuildKit those lines are comments. Give them back as comments.
  for (const d of ast.getDirectives()) {
    const start = offsetOf(d.getRange().start);
    const line = source.lineIndexAt(start);
    if (directives.some((own) => source.lineIndexAt(own.span.start) === line)) continue;
    const raw = source.lineText(line).replace(/\r$/, "");
    const hash = raw.indexOf("#");
    if (hash === -1) continue;
    const lineStart = source.lineStart(line);
    comments.push({ text: raw.slice(hash + 1).trim(), span: { start: lineStart + hash, end: lineStart + raw.length }, line: line + 1 });
  }
  comments.sort((a, b) => a.span.start - b.span.start);

  const instructions: Instruction[] = [];
  let consumedUntil = 0;
  for (const node of ast.getInstructions()) {
    const keywordRange = node.getInstructionRange();
    const keywordSpan = { start: offsetOf(keywordRange.start), end: offsetOf(keywordRange.end) };
    // Lines that Docker reads as a heredoc body or a continuation are not instructions of their own.
    if (keywordSpan.start < consumedUntil) continue;
    const instruction = buildInstruction(source, escape, instructions.length, node.getKeyword(), keywordSpan, problems);
    instructions.push(instruction);
    consumedUntil = instruction.span.end;
  }

  return { source, escape, directives, instructions, comments: outsideHeredocs(comments, instructions), problems };
}

const DIRECTIVE_NAMES = new Set(["syntax", "escape", "check"]);
const DIRECTIVE = /^(\s*#\s*)([a-zA-Z][a-zA-Z0-9]*)(\s*=\s*)(.*?)\s*$/;

/**
 * Parser directives as BuildKit reads them: `# name=value` lines of a known name at the very top;
 * the first line of any other kind (a comment, an empty line, an instruction) ends them.
 */
function readDirectives(source: SourceFile): Directive[] {
  const directives: Directive[] = [];
  for (let line = 0; line < source.lineCount; line++) {
    const raw = source.lineText(line).replace(/\r$/, "");
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

/** Comments that are not lines of a heredoc body (both lists are in source order). */
function outsideHeredocs(comments: readonly Comment[], instructions: readonly Instruction[]): Comment[] {
  const bodies = instructions.filter((i) => i.heredocs.length > 0);
  const kept: Comment[] = [];
  let b = 0;
  for (const comment of comments) {
    while (b < bodies.length && (bodies[b] as Instruction).span.end <= comment.span.start) b++;
    const body = bodies[b];
    if (!body || comment.span.start <= body.span.start) kept.push(comment);
  }
  return kept;
}

function buildInstruction(source: SourceFile, escape: string, index: number, kind: string, keywordSpan: Span, problems: ParseProblem[]): Instruction {
  const text = source.text;
  const { pieces, lastLine } = continuationPieces(source, escape, keywordSpan.end, problems);
  const args = trimStart(MappedText.fromPieces(text, pieces));
  const argsEnd = pieces.length > 0 ? (pieces[pieces.length - 1] as Span).end : keywordSpan.end;
  const read = HEREDOC_INSTRUCTIONS.has(kind) ? readHeredocs(source, args, lastLine, problems) : undefined;
  const heredocs = read?.heredocs ?? [];
  const end = read && heredocs.length > 0 ? read.end : Math.max(argsEnd, keywordSpan.end);

  // RUN reads its arguments as shell, so only its leading flags are split into Dockerfile words.
  const shellArguments = kind === "RUN";
  const allWords = FLAGGED_INSTRUCTIONS.has(kind) || !shellArguments ? splitWords(args, escape, shellArguments) : [];
  const flags: Flag[] = [];
  let restStart = 0;
  if (FLAGGED_INSTRUCTIONS.has(kind)) {
    for (const word of allWords) {
      if (!word.value.startsWith("--")) break;
      flags.push(parseFlag(word.value, word.span));
      restStart = args.indexOfSource(word.span.end);
    }
  }
  const rest = trimStart(args.slice(restStart));
  let words: ShellWord[] | undefined = shellArguments ? undefined : allWords.slice(flags.length);
  const instruction: Instruction = {
    index,
    kind,
    keyword: { value: text.slice(keywordSpan.start, keywordSpan.end), span: keywordSpan },
    span: { start: keywordSpan.start, end },
    line: source.lineIndexAt(keywordSpan.start) + 1,
    flags,
    args: rest,
    get words() {
      words ??= splitWords(rest, escape);
      return words;
    },
    json: parseJsonArray(rest),
    heredocs,
    ...(kind === "HEALTHCHECK" && words ? { healthcheck: healthcheckCommand(rest, words) } : {}),
  };
  if (!KNOWN_INSTRUCTIONS.has(kind)) {
    const guess = closestInstruction(kind);
    problems.push({
      message: `\`${instruction.keyword.value}\` is not a Dockerfile instruction, so Docker refuses to build the file. ${guess ? `Did you mean \`${guess}\`?` : "Use one of FROM, RUN, COPY, ARG, ENV, WORKDIR, USER, ENTRYPOINT, CMD."}`,
      span: keywordSpan,
    });
  } else if (!FLAGGED_INSTRUCTIONS.has(kind) && kind !== "ONBUILD" && /^--[A-Za-z]/.test(allWords[0]?.value ?? "")) {
    // BuildKit reads leading `--flags` on every instruction and refuses the ones an instruction does not take.
    const flag = allWords[0] as ShellWord;
    problems.push({
      message: `\`${flag.value}\` is not an option of ${kind}, which takes none, so Docker refuses the file. Remove it${kind === "CMD" || kind === "ENTRYPOINT" ? ", or write the arguments in exec form: \`" + kind + ' ["program", "--flag"]`' : ""}.`,
      span: flag.span,
    });
  } else if (!/\S/.test(rest.text) && heredocs.length === 0) {
    problems.push({
      message: `\`${instruction.keyword.value}\` has no arguments, so Docker refuses to build the file. Give it its value${ARGUMENT_EXAMPLES[kind] ? `, e.g. \`${ARGUMENT_EXAMPLES[kind]}\`` : ""}.`,
      span: keywordSpan,
    });
  }
  return instruction;
}

/**
 * The source ranges that make up an instruction's arguments: a line ending in the escape character
 * continues on the next line; comment lines and empty lines inside a continuation are dropped, as Docker does.
 */
function continuationPieces(source: SourceFile, escape: string, from: number, problems: ParseProblem[]): { pieces: Span[]; lastLine: number } {
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
      const content = text.slice(start, lineEnd).trim();
      if (content === "" || content.startsWith("#")) {
        if (content === "") (emptyLines ??= []).push({ start, end: lineEnd });
        if (line + 1 >= source.lineCount) break;
        line++;
        start = source.lineStart(line);
        continue;
      }
    }
    if (emptyLines) {
      for (const span of emptyLines) {
        problems.push({
          message: "Empty line inside a continued instruction: Docker skips it with a warning today and may reject it in a future release. Remove the blank line, or end the instruction before it.",
          span,
          warnOnly: true,
        });
      }
      emptyLines = undefined;
    }
    let end = lineEnd;
    while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
    if (end > start && text[end - 1] === escape) {
      pieces.push({ start, end: end - 1 });
      if (line + 1 >= source.lineCount) break; // a lone escape character at the end of the file
      line++;
      start = source.lineStart(line);
      continued = true;
      continue;
    }
    pieces.push({ start, end: lineEnd });
    break;
  }
  return { pieces, lastLine: line };
}

function trimStart(text: MappedText): MappedText {
  let skip = 0;
  const t = text.text;
  while (skip < t.length && (t[skip] === " " || t[skip] === "\t" || t[skip] === "\r" || t[skip] === "\n")) skip++;
  return skip > 0 ? text.slice(skip) : text;
}

/** Heredoc openers (`<<EOF`, `<<-EOF`, `<<"EOF"`, `<< 'EOF'`) on the instruction line, with their bodies read from the lines after it. */
function readHeredocs(source: SourceFile, args: MappedText, lastLine: number, problems: ParseProblem[]): { heredocs: Heredoc[]; end: number } {
  const heredocs: Heredoc[] = [];
  let end = source.text.length;
  if (!args.text.includes("<<")) return { heredocs, end };
  const { tokens } = lexShell(args);
  let line = lastLine + 1;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    const next = tokens[t + 1];
    if (token?.type !== "operator" || (token.op !== "<<" && token.op !== "<<-") || next?.type !== "word") continue;
    const delimiter = next.word.value;
    const stripTabs = token.op === "<<-";
    const bodyStart = source.lineStart(line);
    let terminated = false;
    let bodyEnd = source.text.length;
    for (; line < source.lineCount; line++) {
      let content = source.lineText(line);
      if (content.endsWith("\r")) content = content.slice(0, -1);
      if (stripTabs) content = content.replace(/^\t+/, "");
      if (content === delimiter) {
        terminated = true;
        bodyEnd = source.lineStart(line);
        end = source.lineEnd(line);
        line++;
        break;
      }
    }
    if (!terminated) end = source.text.length;
    const opener = { start: token.span.start, end: next.word.span.end };
    if (!terminated) {
      problems.push({
        message: `Heredoc \`${delimiter}\` is never closed, so the rest of the file becomes its body. Add a line holding only \`${delimiter}\` where it should end.`,
        span: opener,
      });
    }
    heredocs.push({
      delimiter,
      stripTabs,
      quoted: next.word.quoted,
      opener,
      body: MappedText.contiguous(source.text, { start: Math.min(bodyStart, source.text.length), end: bodyEnd }),
      terminated,
    });
    t++;
  }
  return { heredocs, end };
}

function parseFlag(text: string, span: Span): Flag {
  const eq = text.indexOf("=");
  const name = (eq === -1 ? text.slice(2) : text.slice(2, eq)).toLowerCase();
  const value = eq === -1 ? undefined : text.slice(eq + 1);
  const options = new Map<string, string>();
  if (value !== undefined && value.includes("=")) {
    for (const item of value.split(",")) {
      const at = item.indexOf("=");
      if (at === -1) options.set(item.trim().toLowerCase(), "");
      else options.set(item.slice(0, at).trim().toLowerCase(), item.slice(at + 1).trim().replace(/^"(.*)"$/, "$1"));
    }
  }
  return { name, value, span, options };
}

/** Values of an exec-form argument list (`["a", "b c"]`) with the span of each string, or undefined if not one. */
/** `HEALTHCHECK NONE`, or `HEALTHCHECK [flags] CMD …` with the command's own text and exec-form values. */
function healthcheckCommand(rest: MappedText, words: readonly ShellWord[]): HealthcheckCommand | undefined {
  const first = words[0];
  const keyword = first?.value.toUpperCase();
  if (!first || (keyword !== "NONE" && keyword !== "CMD")) return undefined;
  if (keyword === "NONE") return { kind: "NONE" };
  const args = trimStart(rest.slice(rest.indexOfSource(first.span.end)));
  return { kind: "CMD", args, json: parseJsonArray(args) };
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
