import type { Span } from "../text/source.js";
import type { Instruction } from "../parse/types.js";
import type { DockerfileModel } from "./types.js";

/** An instruction's first line, from its keyword to the end of that line: where instruction-level findings point. */
export function instructionHead(model: DockerfileModel, instruction: Instruction): Span {
  const line = model.source.lineIndexAt(instruction.keyword.span.start);
  const text = model.source.text;
  let end = Math.min(model.source.lineEnd(line), instruction.span.end);
  const trimSpace = () => {
    while (end > instruction.keyword.span.end && /\s/.test(text[end - 1] ?? "")) end--;
  };
  trimSpace();
  if (text[end - 1] === model.parsed.escape) {
    end--;
    trimSpace();
  }
  return { start: instruction.keyword.span.start, end: Math.max(end, instruction.keyword.span.end) };
}

/** Leading white space of the line an offset is on. */
export function indentAt(model: DockerfileModel, offset: number): string {
  const line = model.source.lineText(model.source.lineIndexAt(offset));
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}
