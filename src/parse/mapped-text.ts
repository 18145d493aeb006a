import type { Span } from "./source.js";

/**
 * Text assembled from pieces of a source file (an instruction's arguments with line continuations and
 * embedded comment lines removed, or a heredoc body), with the source offset of every character, so
 * that anything found in it maps back to an exact source span.
 */
export class MappedText {
  readonly text: string;
  private readonly offsets: Int32Array;

  private constructor(text: string, offsets: Int32Array) {
    this.text = text;
    this.offsets = offsets;
  }

  /** A contiguous source range, unchanged. */
  static contiguous(source: string, span: Span): MappedText {
    const offsets = new Int32Array(span.end - span.start + 1);
    for (let i = 0; i < offsets.length; i++) offsets[i] = span.start + i;
    return new MappedText(source.slice(span.start, span.end), offsets);
  }

  /** Concatenates source ranges: the pieces of a continued instruction. */
  static fromPieces(source: string, pieces: readonly Span[]): MappedText {
    let length = 0;
    for (const piece of pieces) length += piece.end - piece.start;
    const offsets = new Int32Array(length + 1);
    let text = "";
    let at = 0;
    for (const piece of pieces) {
      text += source.slice(piece.start, piece.end);
      for (let o = piece.start; o < piece.end; o++) offsets[at++] = o;
    }
    const last = pieces[pieces.length - 1];
    offsets[length] = last ? last.end : 0;
    return new MappedText(text, offsets);
  }

  /** Source offset of a character of `text` (or of its end). */
  sourceOffset(index: number): number {
    return this.offsets[Math.max(0, Math.min(index, this.text.length))] ?? 0;
  }

  /** Source span of `text.slice(start, end)`; an empty range maps to an empty span. */
  sourceSpan(start: number, end: number): Span {
    const from = this.sourceOffset(start);
    if (end <= start) return { start: from, end: from };
    return { start: from, end: this.sourceOffset(end - 1) + 1 };
  }

  /** Index in `text` of the first character at or after a source offset. */
  indexOfSource(offset: number): number {
    let lo = 0;
    let hi = this.text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.offsets[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The part of this text from `start` to `end`, keeping the mapping. */
  slice(start: number, end = this.text.length): MappedText {
    return new MappedText(this.text.slice(start, end), this.offsets.slice(start, end + 1));
  }
}
