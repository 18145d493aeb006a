import type { Span } from "./source.js";

/**
 * Text assembled from pieces of a source file (an instruction's arguments with line continuations and
 * embedded comment lines removed, or a heredoc body), with the source offset of every character, so
 * that anything found in it maps back to an exact source span. A single contiguous piece (the common
 * case: a one-line instruction) needs no offset table.
 */
export class MappedText {
  readonly text: string;
  /** Source offset of each character and of the end; undefined when contiguous from `base`. */
  private readonly offsets: Int32Array | undefined;
  private readonly base: number;

  private constructor(text: string, offsets: Int32Array | undefined, base: number) {
    this.text = text;
    this.offsets = offsets;
    this.base = base;
  }

  /** A contiguous source range, unchanged. */
  static contiguous(source: string, span: Span): MappedText {
    return new MappedText(source.slice(span.start, span.end), undefined, span.start);
  }

  /** Concatenates source ranges: the pieces of a continued instruction. */
  static fromPieces(source: string, pieces: readonly Span[]): MappedText {
    if (pieces.length === 1) return MappedText.contiguous(source, pieces[0] as Span);
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
    return new MappedText(text, offsets, 0);
  }

  /** Source offset of a character of `text` (or of its end). */
  sourceOffset(index: number): number {
    const i = Math.max(0, Math.min(index, this.text.length));
    return this.offsets ? (this.offsets[i] ?? 0) : this.base + i;
  }

  /** Source span of `text.slice(start, end)`; an empty range maps to an empty span. */
  sourceSpan(start: number, end: number): Span {
    const from = this.sourceOffset(start);
    if (end <= start) return { start: from, end: from };
    return { start: from, end: this.sourceOffset(end - 1) + 1 };
  }

  /** Index in `text` of the first character at or after a source offset. */
  indexOfSource(offset: number): number {
    if (!this.offsets) return Math.max(0, Math.min(offset - this.base, this.text.length));
    let lo = 0;
    let hi = this.text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.offsets[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The part of this text from `start` to `end`, keeping the mapping (a view: nothing is copied). */
  slice(start: number, end = this.text.length): MappedText {
    if (!this.offsets) return new MappedText(this.text.slice(start, end), undefined, this.base + start);
    return new MappedText(this.text.slice(start, end), this.offsets.subarray(start, end + 1), 0);
  }
}
