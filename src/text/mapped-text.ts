import type { Span } from "./source.js";

/**
 * Text assembled from pieces of a source file (an instruction's arguments with line continuations and
 * embedded comment lines removed, or a heredoc body), with where each piece came from, so that anything
 * found in it maps back to an exact source span. A single contiguous piece (the common case: a one-line
 * instruction) needs no table; a continued one keeps two numbers per piece, not one per character.
 */
export class MappedText {
  readonly text: string;
  /**
   * For text from several pieces: [textStart, sourceStart] of each piece, in order; undefined when the text
   * is contiguous from `base`.
   */
  private readonly pieces: Int32Array | undefined;
  /** Contiguous: the source offset of the first character. Pieces: the source offset of the end of the text. */
  private readonly base: number;

  private constructor(text: string, pieces: Int32Array | undefined, base: number) {
    this.text = text;
    this.pieces = pieces;
    this.base = base;
  }

  /** A contiguous source range, unchanged. */
  static contiguous(source: string, span: Span): MappedText {
    return new MappedText(source.slice(span.start, span.end), undefined, span.start);
  }

  /** Concatenates source ranges: the pieces of a continued instruction. */
  static fromPieces(source: string, pieces: readonly Span[]): MappedText {
    if (pieces.length === 1) return MappedText.contiguous(source, pieces[0] as Span);
    const table = new Int32Array(pieces.length * 2);
    let text = "";
    pieces.forEach((piece, i) => {
      table[2 * i] = text.length;
      table[2 * i + 1] = piece.start;
      text += source.slice(piece.start, piece.end);
    });
    const last = pieces[pieces.length - 1];
    return new MappedText(text, table, last ? last.end : 0);
  }

  /** Source offset of a character of `text` (or of its end). */
  sourceOffset(index: number): number {
    const i = Math.max(0, Math.min(index, this.text.length));
    const pieces = this.pieces;
    if (!pieces) return this.base + i;
    if (i === this.text.length) return this.base;
    const k = this.pieceAt(i);
    return (pieces[2 * k + 1] as number) + i - (pieces[2 * k] as number);
  }

  /** Source span of `text.slice(start, end)`; an empty range maps to an empty span. */
  sourceSpan(start: number, end: number): Span {
    const from = this.sourceOffset(start);
    if (end <= start) return { start: from, end: from };
    return { start: from, end: this.sourceOffset(end - 1) + 1 };
  }

  /** Index in `text` of the first character at or after a source offset. */
  indexOfSource(offset: number): number {
    const pieces = this.pieces;
    if (!pieces) return Math.max(0, Math.min(offset - this.base, this.text.length));
    // Pieces follow each other in the source: the first whose end reaches past the offset holds the answer.
    const count = pieces.length / 2;
    const end = (k: number) =>
      (pieces[2 * k + 1] as number) + (k + 1 < count ? (pieces[2 * k + 2] as number) : this.text.length) - (pieces[2 * k] as number);
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (end(mid) > offset) hi = mid;
      else lo = mid + 1;
    }
    if (lo === count) return this.text.length;
    return (pieces[2 * lo] as number) + Math.max(0, offset - (pieces[2 * lo + 1] as number));
  }

  /** The part of this text from `start` to `end`, keeping the mapping. */
  slice(start: number, end = this.text.length): MappedText {
    const pieces = this.pieces;
    if (!pieces) return new MappedText(this.text.slice(start, end), undefined, this.base + start);
    const from = Math.max(0, Math.min(start, this.text.length));
    const to = Math.max(from, Math.min(end, this.text.length));
    const first = from < this.text.length ? this.pieceAt(from) : pieces.length / 2 - 1;
    const last = to > from ? this.pieceAt(to - 1) : first;
    const table = new Int32Array((last - first + 1) * 2);
    for (let k = first; k <= last; k++) {
      const textStart = pieces[2 * k] as number;
      const clipped = Math.max(textStart, from);
      table[2 * (k - first)] = clipped - from;
      table[2 * (k - first) + 1] = (pieces[2 * k + 1] as number) + clipped - textStart;
    }
    // The end maps where `to` did in the whole text: the character after the slice, or the text's end.
    return new MappedText(this.text.slice(from, to), table, this.sourceOffset(to));
  }

  /** The piece holding character `i` (0 ≤ i < text.length): the last whose start is at or before it. */
  private pieceAt(i: number): number {
    const pieces = this.pieces as Int32Array;
    let lo = 0;
    let hi = pieces.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((pieces[2 * mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
