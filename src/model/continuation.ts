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
  /** The RUN's text from the keyword to its end, read as a Dockerfile instruction on its own (spans are into that text). */
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
  for (let l = 1; l < instruction.lines.length; l++) {
    const line = instruction.lines[l] as (typeof instruction.lines)[number];
    let at = args.indexOfSource(line.start);
    while (at < args.text.length && (args.text[at] === " " || args.text[at] === "\t")) at++;
    if (at >= args.text.length) continue;
    const start = args.sourceOffset(at);
    if (start >= line.end) continue;
    const hit = wordAt(run, start);
    if (!hit || hit.word.quoted || !KEYWORDS.has(hit.word.value)) continue;
    const parsed = parseInstructionText(args.text.slice(at));
    if (!parsed || parsed.kind !== hit.word.value) continue;
    found.push({ ...hit, instruction: parsed, line: l });
  }
  return found;
}

/** The command of the RUN with a word starting at `start`: as its program or among its arguments. */
function wordAt(run: RunInfo, start: number): { command: CommandInfo; program: boolean; word: ShellWord } | undefined {
  for (const command of run.commands) {
    const words = command.command.words;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as ShellWord;
      if (word.span.start === start) return { command, program: i === 0 && command.command.assignments.length === 0, word };
    }
  }
  return undefined;
}
