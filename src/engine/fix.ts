// Applies fixes in passes: each pass lints, takes the non-overlapping fixes allowed at the requested
// safety, applies them, and the next pass lints the result again. A pass that would make the file
// unparseable (new DF000 problems) is undone and fixing stops. Edits are minimal, so CRLF line endings,
// a BOM, indentation and continuation style stay as they were.
import type { Edit, Fix, Rule } from "./rule.js";
import { lintWith, type Finding, type LintOptions, type LintResult } from "./lint.js";

export interface FixOptions extends LintOptions {
  /** Also apply unsafe fixes (`--unsafe-fixes`). */
  readonly unsafe?: boolean | undefined;
}

export interface FixResult {
  readonly text: string;
  /** How many fixes were applied, over all passes. */
  readonly applied: number;
  readonly passes: number;
  /** Findings of the fixed text. */
  readonly findings: readonly Finding[];
  /** Rules that failed with an exception in any pass (their findings and fixes are missing). */
  readonly ruleErrors: LintResult["ruleErrors"];
}

const MAX_PASSES = 10;

export function fixWith(rules: readonly Rule[], text: string, options: FixOptions = {}): FixResult {
  let current = text;
  let applied = 0;
  let passes = 0;
  let result = lintWith(rules, current, options);
  const ruleErrors = new Map(result.ruleErrors.map((e) => [e.ruleId, e]));
  while (passes < MAX_PASSES) {
    const chosen = chooseFixes(result.findings, options.unsafe === true);
    if (chosen.length === 0) break;
    const next = applyEdits(
      current,
      chosen.flatMap((f) => f.edits),
    );
    const nextResult = lintWith(rules, next, options);
    for (const error of nextResult.ruleErrors) if (!ruleErrors.has(error.ruleId)) ruleErrors.set(error.ruleId, error);
    const syntaxBefore = result.findings.filter((f) => f.ruleId === "DF000").length;
    if (nextResult.findings.filter((f) => f.ruleId === "DF000").length > syntaxBefore) break;
    passes++;
    applied += chosen.length;
    current = next;
    result = nextResult;
  }
  return { text: current, applied, passes, findings: result.findings, ruleErrors: [...ruleErrors.values()] };
}

/** Fixes allowed at this safety whose edits overlap no fix chosen before them (the rest wait for the next pass). */
function chooseFixes(findings: readonly Finding[], unsafe: boolean): Fix[] {
  const chosen: Fix[] = [];
  const taken: Edit[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || (fix.safety === "unsafe" && !unsafe)) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

/** Two edits conflict when their ranges overlap, or both insert at the same point (order would be a guess). */
function overlaps(a: Edit, b: Edit): boolean {
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.span.start) + edit.text + out.slice(edit.span.end);
  return out;
}
