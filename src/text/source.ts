/** Half-open [start, end) offsets (UTF-16 code units) into SourceFile.text: the only coordinates rules handle. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column; columns count Unicode code points (SARIF columnKind "unicodeCodePoints"). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The text of one Dockerfile with a line index: converts offsets to line/column and back. */
export class SourceFile {
  readonly text: string;
  /** Offset where each line starts; a line ends before its "\n" (and a "\r" before it). */
  readonly lineStarts: readonly number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  private newline: string | undefined;

  /** The line break this file uses ("\r\n" when it has any, else "\n"), found once. */
  get lineBreak(): string {
    this.newline ??= this.text.includes("\r\n") ? "\r\n" : "\n";
    return this.newline;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line index of an offset. */
  lineIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset of the start of a 0-based line. */
  lineStart(lineIndex: number): number {
    return this.lineStarts[Math.max(0, Math.min(lineIndex, this.lineStarts.length - 1))] ?? 0;
  }

  /** Offset of the end of a 0-based line, excluding the line break. */
  lineEnd(lineIndex: number): number {
    const next = this.lineStarts[lineIndex + 1];
    if (next === undefined) return this.text.length;
    return this.text[next - 2] === "\r" ? next - 2 : next - 1;
  }

  /** The text of a 0-based line without its line break. */
  lineText(lineIndex: number): string {
    return this.text.slice(this.lineStart(lineIndex), this.lineEnd(lineIndex));
  }

  /** 1-based line and code-point column of an offset: O(log n), however many findings share a long line. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const lineIndex = this.lineIndexAt(clamped);
    // A byte-order mark is not a column: editors and Docker do not show it.
    const start = lineIndex === 0 && this.text.charCodeAt(0) === 0xfeff && clamped > 0 ? 1 : this.lineStart(lineIndex);
    // Every UTF-16 code unit is a code point, except the low half of a surrogate pair counted with its high half.
    const pairs = this.surrogatePairs();
    const pairsBefore = pairs.length === 0 ? 0 : lowerBound(pairs, clamped - 1) - lowerBound(pairs, start);
    return { line: lineIndex + 1, column: clamped - start - pairsBefore + 1 };
  }

  private pairStarts: number[] | undefined;

  /** Offsets of the high halves of the file's surrogate pairs, in order; found once. */
  private surrogatePairs(): readonly number[] {
    if (!this.pairStarts) {
      this.pairStarts = [];
      const pair = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
      for (let m = pair.exec(this.text); m; m = pair.exec(this.text)) this.pairStarts.push(m.index);
    }
    return this.pairStarts;
  }

  /** 0-based line and UTF-16 character, as the Language Server Protocol counts by default. */
  lspPosition(offset: number): { line: number; character: number } {
    const lineIndex = this.lineIndexAt(offset);
    return { line: lineIndex, character: offset - this.lineStart(lineIndex) };
  }

  /** Offset of a 0-based LSP position. */
  offsetOfLsp(line: number, character: number): number {
    if (line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStart(line) + character, this.lineEnd(line));
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

/** The number of values in a sorted array that are less than `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
