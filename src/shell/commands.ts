import type { MappedText } from "../text/mapped-text.js";
import type { Span } from "../text/source.js";
import { lexShell, type ShellWord, type Token } from "./words.js";

/** `NAME=value` written before a command (or alone, setting a shell variable). */

const NONE: readonly never[] = Object.freeze([]);
export interface Assignment {
  readonly name: string;
  readonly value: ShellWord;
  readonly word: ShellWord;
}

export interface Redirect {
  readonly op: string;
  readonly target: ShellWord | undefined;
}

/** One simple command: `A=1 go build -o x .` */
export interface SimpleCommand {
  readonly assignments: readonly Assignment[];
  /** The command name and its arguments, reserved words (`if`, `then`, `do`, `!`, `{`) already stripped. */
  readonly words: readonly ShellWord[];
  readonly redirects: readonly Redirect[];
  /** Index of the pipeline this command belongs to; commands joined by `|` share it. */
  readonly pipeline: number;
  /** Position inside its pipeline (0 = first). */
  readonly pipePosition: number;
  /** The operator that ended the previous command (`&&`, `||`, `;`, `|`, `&`, newline), or "" for the first. */
  readonly after: string;
  /** How many `( … )` subshells enclose the command: a `cd` or variable set inside one ends with it. */
  readonly subshell: number;
  /** The command is tested, not just run: after `if`, `elif`, `while`, `until` or `!` (also inside a `( … )` they open). */
  readonly condition: boolean;
  /**
   * The command runs only in some cases: in the body of an `if`/`elif`/`else`, of a loop, or after `||`. A
   * variable it sets, or a `cd` it makes, may or may not have happened afterwards.
   */
  readonly branched: boolean;
  readonly span: Span;
}

export interface ShellScript {
  readonly commands: readonly SimpleCommand[];
  /** Something was left open (quote, substitution) or a construct was skipped: facts from it are incomplete. */
  readonly incomplete: boolean;
}

const LEADING_RESERVED = new Set(["if", "then", "else", "elif", "while", "until", "do", "!", "{", "time"]);
const CLOSING_RESERVED = new Set(["fi", "done", "}", "esac"]);
/** Words that open a construct whose body runs only in some cases (or any number of times). */
const OPENING_CONSTRUCT = new Set(["if", "while", "until", "for"]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Parses shell text into its simple commands, in order, with the separators between them. */
export function parseShell(input: MappedText): ShellScript {
  const { tokens, unterminated } = lexShell(input);
  const commands: SimpleCommand[] = [];
  let incomplete = unterminated;
  let pipeline = 0;
  let pipePosition = 0;
  let after = "";
  let current: Token[] = [];
  let subshell = 0;
  // The subshell depth below which commands are tested by an `if !` that opened a `( … )`.
  let conditionDepth: number | undefined;
  let conditionPipeline = -1;
  // How many `if`/loop constructs are open.
  let branchDepth = 0;

  const finish = (op: string) => {
    const tested = startsCondition(current);
    if (tested) conditionPipeline = pipeline;
    const inCondition = tested || conditionPipeline === pipeline || (conditionDepth !== undefined && subshell > conditionDepth);
    let opens = false;
    for (const token of current) {
      if (token.type !== "word" || token.word.quoted) break;
      const word = token.word.value;
      if (OPENING_CONSTRUCT.has(word)) {
        branchDepth++;
        opens = true;
      } else if (word === "fi" || word === "done") branchDepth = Math.max(0, branchDepth - 1);
      else if (!LEADING_RESERVED.has(word)) break;
    }
    // The test that opens the outermost construct always runs; everything else inside one may not.
    const branched = (branchDepth > 0 && !(opens && branchDepth === 1)) || after === "||";
    const command = buildCommand(current, pipeline, pipePosition, after, subshell, inCondition, branched);
    current = [];
    if (command) commands.push(command);
    if (op === "|") {
      pipePosition++;
    } else {
      pipeline++;
      pipePosition = 0;
    }
    after = op;
  };

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    if (token.type === "word" && current.length === 0 && !token.word.quoted && token.word.value === "case") {
      // `case … esac` patterns use `)` in ways a simple tokenizer misreads: skip the construct.
      incomplete = true;
      while (t < tokens.length && !isWord(tokens[t], "esac")) t++;
      continue;
    }
    if (token.type === "operator" && isSeparator(token.op)) {
      finish(token.op);
      continue;
    }
    if (token.type === "operator" && (token.op === "(" || token.op === ")")) {
      // `if ! ( … )`: the subshell is what the if tests.
      if (token.op === "(" && startsCondition(current) && current.every((t) => t.type === "word" && LEADING_RESERVED.has(t.word.value)))
        conditionDepth = subshell;
      finish(token.op === "(" ? after : ";");
      subshell = Math.max(0, subshell + (token.op === "(" ? 1 : -1));
      if (conditionDepth !== undefined && subshell <= conditionDepth) conditionDepth = undefined;
      continue;
    }
    current.push(token);
  }
  finish("");
  return { commands: commands.slice(), incomplete };
}

function isWord(token: Token | undefined, value: string): boolean {
  return token?.type === "word" && !token.word.quoted && token.word.value === value;
}

function isSeparator(op: string): boolean {
  return op === "&&" || op === "||" || op === ";" || op === ";;" || op === "|" || op === "&" || op === "\n";
}

const CONDITION_WORDS = new Set(["if", "elif", "while", "until", "!"]);

/** The tokens start with a reserved word that tests what follows (`if`, `while`, `!`). */
function startsCondition(tokens: readonly Token[]): boolean {
  for (const token of tokens) {
    if (token.type !== "word" || token.word.quoted || !LEADING_RESERVED.has(token.word.value)) return false;
    if (CONDITION_WORDS.has(token.word.value)) return true;
  }
  return false;
}

function buildCommand(
  tokens: Token[],
  pipeline: number,
  pipePosition: number,
  after: string,
  subshell: number,
  condition: boolean,
  branched: boolean,
): SimpleCommand | undefined {
  const assignments: Assignment[] = [];
  const words: ShellWord[] = [];
  const redirects: Redirect[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === "operator") {
      const next = tokens[i + 1];
      const target = next?.type === "word" ? next.word : undefined;
      if (target) i++;
      redirects.push({ op: token.op, target });
      continue;
    }
    const word = token.word;
    if (words.length === 0) {
      if (!word.quoted && LEADING_RESERVED.has(word.value)) continue;
      const assignment = splitAssignment(word);
      if (assignment) {
        assignments.push(assignment);
        continue;
      }
    }
    words.push(word);
  }
  const first = words[0];
  // `for NAME in …` is a loop header, not a command; the commands in its body follow `do`.
  if (first && !first.quoted && first.value === "for") return undefined;
  if (first && !first.quoted && CLOSING_RESERVED.has(first.value) && words.length === 1) return undefined;
  if (words.length === 0 && assignments.length === 0) return undefined;
  const spans = tokens.map((t) => (t.type === "word" ? t.word.span : t.span));
  const span = { start: spans[0]?.start ?? 0, end: spans[spans.length - 1]?.end ?? 0 };
  // Most commands have no assignments or redirections: they share one empty list.
  // slice(): arrays grown by push keep spare capacity, and a large file holds hundreds of thousands.
  return {
    assignments: assignments.length === 0 ? NONE : assignments.slice(),
    words: words.slice(),
    redirects: redirects.length === 0 ? NONE : redirects.slice(),
    pipeline,
    pipePosition,
    after,
    subshell,
    condition,
    branched,
    span,
  };
}

/** `NAME=value` → its name and value (a word of its own, starting after the `=`); only an unquoted `NAME=` prefix counts. */
export function splitAssignment(word: ShellWord): Assignment | undefined {
  const m = ASSIGNMENT.exec(word.value);
  const firstPart = word.parts[0];
  if (!m || firstPart?.kind !== "literal" || firstPart.quoted || !firstPart.text.startsWith(m[0])) return undefined;
  return { name: m[1] as string, value: assignmentValue(word, m[0].length), word };
}

function assignmentValue(word: ShellWord, prefixLength: number): ShellWord {
  const [first, ...rest] = word.parts;
  const parts = first && first.kind === "literal" ? [{ ...first, text: first.text.slice(prefixLength) }, ...rest] : [...word.parts];
  const kept = parts.filter((p) => !(p.kind === "literal" && p.text === "" && !p.quoted));
  return {
    value: word.value.slice(prefixLength),
    span: { start: Math.min(word.span.start + prefixLength, word.span.end), end: word.span.end },
    parts: kept,
    quoted: word.quoted,
    hasExpansion: word.hasExpansion,
  };
}
