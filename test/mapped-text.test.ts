// MappedText: text assembled from source pieces maps every character back to its source offset.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MappedText } from "../src/text/mapped-text.js";

const SOURCE = "RUN a \\\n  b c \\\n\\\n  d\n";
// The pieces of the continued RUN's arguments: "a ", "  b c ", "" (a line holding only the escape), "  d".
const PIECES = [
  { start: 4, end: 6 },
  { start: 8, end: 14 },
  { start: 16, end: 16 },
  { start: 18, end: 21 },
];

/** The reference: one source offset per character, as a plain array. */
function offsetsOf(pieces: readonly { start: number; end: number }[]): number[] {
  const out: number[] = [];
  for (const p of pieces) for (let o = p.start; o < p.end; o++) out.push(o);
  return out;
}

describe("MappedText", () => {
  it("maps each character, the end, and source offsets back, across pieces and an empty one", () => {
    const mapped = MappedText.fromPieces(SOURCE, PIECES);
    expect(mapped.text).toBe("a   b c   d");
    const offsets = offsetsOf(PIECES);
    expect([...mapped.text].map((_, i) => mapped.sourceOffset(i))).toEqual(offsets);
    expect(mapped.sourceOffset(mapped.text.length)).toBe(21);
    // A source offset in the gap between pieces (the escape and line break) maps to the next character.
    expect(mapped.indexOfSource(7)).toBe(2);
    expect(mapped.indexOfSource(15)).toBe(8);
    expect(mapped.indexOfSource(0)).toBe(0);
    expect(mapped.indexOfSource(99)).toBe(mapped.text.length);
    expect(mapped.sourceSpan(4, 7)).toEqual({ start: 10, end: 13 });
  });

  it("keeps the mapping in slices, whose end maps to the character after them", () => {
    const mapped = MappedText.fromPieces(SOURCE, PIECES);
    const slice = mapped.slice(1, 9);
    expect(slice.text).toBe(mapped.text.slice(1, 9));
    expect([...slice.text].map((_, i) => slice.sourceOffset(i))).toEqual(offsetsOf(PIECES).slice(1, 9));
    expect(slice.sourceOffset(slice.text.length)).toBe(mapped.sourceOffset(9));
    expect(slice.indexOfSource(10)).toBe(mapped.indexOfSource(10) - 1);
    expect(mapped.slice(mapped.text.length).sourceOffset(0)).toBe(21);
  });

  it("agrees with a per-character table for any pieces and slices", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(6)), { minLength: 1, maxLength: 8 }), fc.nat(40), fc.nat(40), (spec, a, b) => {
        // Increasing, non-overlapping pieces of a 200-character source, some of them empty.
        const source = "x".repeat(200);
        let at = 0;
        const pieces = spec.map(([gap, length]) => {
          const start = at + gap;
          at = start + length;
          return { start, end: start + length };
        });
        const mapped = MappedText.fromPieces(source, pieces);
        const reference = [...offsetsOf(pieces), (pieces[pieces.length - 1] as { end: number }).end];
        for (let i = 0; i <= mapped.text.length; i++) expect(mapped.sourceOffset(i)).toBe(reference[i]);
        for (let o = 0; o < at + 2; o++) {
          const first = reference.findIndex((r, i) => i < mapped.text.length && r >= o);
          expect(mapped.indexOfSource(o)).toBe(first === -1 ? mapped.text.length : first);
        }
        const from = Math.min(a, mapped.text.length);
        const to = Math.min(Math.max(from, b), mapped.text.length);
        const slice = mapped.slice(from, to);
        for (let i = 0; i <= slice.text.length; i++) expect(slice.sourceOffset(i)).toBe(reference[from + i]);
      }),
    );
  });
});
