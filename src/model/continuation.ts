// What a RUN's continuation lines hold: an upper-case instruction keyword at the start of a line that the
// shell reads as a word of its own is, most likely, the next instruction folded in by a trailing `\`.
import { INSTRUCTIONS } from "../parse/buildkit.js";
import { parseInstructionText } from "../parse/dockerfile.js";
import type { Instruction } from "../parse/types.js";
import type { ShellWord } from "../shell/words.js";
import type { CommandInfo, RunInfo } from "./types.js";

const KEYWORDS = INSTRUCTIONS;

export interface LineKeyword {
  /** The unquoted upper-case keyword word that starts a continuation line. */
  readonly word: ShellWord;
  /** The shell command the word belongs to. */
  readonly command: CommandInfo;
  /** The word is the command's program (the shell runs it), not one of its arguments. */
  readonly program: boolean;
  /** The keyword's line, from the keyword on, read as a Dockerfile instruction on its own (spans are into that text). */
  readonly instruction: Instruction;
  /** Index in the RUN's `lines` of the line the keyword starts. */
  readonly line: number;
}

/** Continuation lines of a shell-form RUN that start with an upper-case instruction keyword the shell reads as a word. */
export function continuationKeywords(run: RunInfo): LineKeyword[] {
  const { instruction } = run;
  if (instruction.lines.length < 2 || run.script === undefined) return [];
  const args = instruction.args;
  const found: LineKeyword[] = [];
  const text = args.text;
  let words: Map<number, { command: CommandInfo; program: boolean; word: ShellWord }> | undefined;
  for (let l = 1; l < instruction.lines.length; l++) {
    const line = instruction.lines[l] as (typeof instruction.lines)[number];
    let at = args.indexOfSource(line.start);
    while (at < text.length && (text[at] === " " || text[at] === "\t")) at++;
    if (at >= text.length) continue;
    const start = args.sourceOffset(at);
    if (start >= line.end) continue;
    // Most lines start with something else: look at the words only when the line starts with a keyword.
    let end = at;
    while (end < text.length && text.charCodeAt(end) >= 65 && text.charCodeAt(end) <= 90) end++;
    if (!KEYWORDS.has(text.slice(at, end))) continue;
    words ??= wordStarts(run);
    const hit = words.get(start);
    if (!hit || hit.word.quoted || !KEYWORDS.has(hit.word.value)) continue;
    // The keyword's own line, read as an instruction: a RUN of many such lines stays linear.
    const parsed = parseInstructionText(text.slice(at, args.indexOfSource(line.end)));
    if (!parsed || parsed.kind !== hit.word.value) continue;
    found.push({ ...hit, instruction: parsed, line: l });
  }
  return found;
}

/** Every word of the RUN's commands by its start offset, with its command and whether it is the program. */
function wordStarts(run: RunInfo): Map<number, { command: CommandInfo; program: boolean; word: ShellWord }> {
  const starts = new Map<number, { command: CommandInfo; program: boolean; word: ShellWord }>();
  for (const command of run.commands) {
    const words = command.command.words;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as ShellWord;
      if (!starts.has(word.span.start))
        starts.set(word.span.start, { command, program: i === 0 && command.command.assignments.length === 0, word });
    }
  }
  return starts;
}
