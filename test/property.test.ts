// Robustness: for arbitrary text and for randomly mutated fixtures, lint never throws, finishes within a
// time bound, and the JSON and SARIF it emits are valid; fixing never makes a file less parseable.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fix, lint, rules, ruleLevels } from "../src/index.js";
import { json } from "../src/report/json.js";
import { sarif } from "../src/report/sarif.js";
import type { ReportContext } from "../src/report/types.js";
import { FIXTURES } from "./fixtures.js";
import { sarifErrors } from "./sarif-schema.js";

const ctx: ReportContext = { rules: ruleLevels(rules), color: false, version: "0.1.0", root: "/repo", errors: [] };
const TIME_BOUND_MS = 2_000;

function fixtureTexts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtureTexts(path);
    return name.endsWith("Dockerfile") ? [readFileSync(path, "utf8")] : [];
  });
}
const fixtures = fixtureTexts(FIXTURES);

/** Lints, times, and checks both machine-readable reports. */
function check(text: string): void {
  const started = performance.now();
  const result = lint(text);
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  expect(result.ruleErrors).toEqual([]);
  const file = { path: "Dockerfile", absolutePath: "/repo/Dockerfile", text, findings: result.findings };
  expect(() => JSON.parse(json([file], ctx))).not.toThrow();
  expect(sarifErrors(JSON.parse(sarif([file], ctx)))).toEqual([]);
  for (const f of result.findings) {
    expect(f.span.start).toBeGreaterThanOrEqual(0);
    expect(f.span.end).toBeLessThanOrEqual(text.length);
    expect(f.span.start).toBeLessThanOrEqual(f.span.end);
  }
}

// Pieces that make mutations land on the interesting parts of the grammar.
const TOKENS = [
  "\\\n",
  "\n",
  "\r\n",
  "<<EOF",
  "EOF",
  "'",
  '"',
  "`",
  "$",
  "${",
  "}",
  "$(",
  ")",
  "&&",
  "|",
  ";",
  "#",
  "[",
  "]",
  ",",
  "=",
  "--mount=",
  "go build ",
  "-ldflags=",
  "FROM ",
  "RUN ",
  "COPY ",
  "AS ",
  " ",
  "\t",
  "\uFEFF",
  "é",
  "😀",
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
);

interface Mutation {
  readonly kind: "insert" | "delete" | "duplicate-line";
  readonly at: number;
  readonly text?: string;
  readonly length?: number;
}

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === "insert") out = out.slice(0, at) + (m.text ?? "") + out.slice(at);
    else if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + (m.length ?? 1));
    else {
      const lines = out.split("\n");
      const i = at % Math.max(lines.length, 1);
      lines.splice(i, 0, lines[i] ?? "");
      out = lines.join("\n");
    }
  }
  return out;
}

describe("robustness", () => {
  it("lint copes with arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), check), { numRuns: 300 });
  });

  it("lint copes with arbitrary text built from Dockerfile tokens", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...TOKENS, "golang:1.23", "scratch", "CGO_ENABLED=0", "USER app", "-o /out/app"), { maxLength: 60 })
          .map((parts) => parts.join("")),
        check,
      ),
      {
        numRuns: 300,
      },
    );
  });

  it("lint copes with mutated fixtures, and fixing them never adds syntax problems", () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), (text, mutations) => {
        const mutated = mutate(text, mutations);
        check(mutated);
        const syntaxBefore = lint(mutated).findings.filter((f) => f.ruleId === "DF000").length;
        const fixed = fix(mutated, { unsafe: true });
        expect(lint(fixed.text).findings.filter((f) => f.ruleId === "DF000").length).toBeLessThanOrEqual(syntaxBefore);
      }),
      { numRuns: 300 },
    );
  });
});
