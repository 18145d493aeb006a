// The edits fixes are made of, shared so that every rule inserts, renames and removes words the same way
// (the fix snapshots under fixtures/ pin what they write).
import type { SourceFile, Span } from "../text/source.js";
import type { Edit } from "./rule.js";

/** `text` inserted right before a word (`CGO_ENABLED=0 ` before `go`). */
export function insertBefore(word: { readonly span: Span }, text: string): Edit {
  return { span: { start: word.span.start, end: word.span.start }, text };
}

/** `text` inserted right after a word (` --no-cache` after `add`, `/` after a destination). */
export function insertAfter(word: { readonly span: Span }, text: string): Edit {
  return { span: { start: word.span.end, end: word.span.end }, text };
}

/** A word added after another in a command: ` -trimpath` in shell form, `, "-trimpath"` in an exec-form array. */
export function addWordAfter(word: { readonly span: Span }, value: string, execForm: boolean): Edit {
  return insertAfter(word, execForm ? `, ${JSON.stringify(value)}` : ` ${value}`);
}

/** A keyword in the case of the one it replaces: `copy` for `add`, `COPY` for `ADD` or `Add`. */
export function keywordInCaseOf(written: string, keyword: string): string {
  return written === written.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

/**
 * Deletes [span.start, span.end) with the blanks before it; when that text stands alone on a continuation
 * line (nothing before it, only the escape character after it), the whole line goes.
 */
export function removeWord(source: SourceFile, escape: string, span: Span): Edit {
  const text = source.text;
  const line = source.lineIndexAt(span.start);
  const lineStart = source.lineStart(line);
  const lineEnd = source.lineEnd(line);
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd);
  if (before.trim() === "" && after.trim() === escape && line + 1 < source.lineCount) {
    return { span: { start: lineStart, end: source.lineStart(line + 1) }, text: "" };
  }
  let from = span.start;
  while (from > lineStart && (text[from - 1] === " " || text[from - 1] === "\t")) from--;
  return { span: { start: from, end: span.end }, text: "" };
}
