// Inline suppressions, handled once here for every rule:
//   # slimlint ignore=GO004,SE001        the next instruction
//   # slimlint global ignore=GO007       the whole file
//   # hadolint ignore=DL3006             hadolint's codes, for the rules that list them as equivalents
//   # check=skip=JSONArgsRecommended     BuildKit's check directive, likewise
//   # hadolint ignore=SC2086             one code of a rule that reports a family of codes (ShellCheck's)
// Unknown slimlint ids and slimlint suppressions that suppress nothing are reported, so stale comments
// get cleaned up. hadolint and BuildKit codes slimlint does not map are left alone: they serve those tools.
import type { Model } from "../model/build.js";
import type { Span } from "../parse/source.js";
import type { Instruction } from "../parse/types.js";
import { defineRule, isCode, md, type Rule } from "./rule.js";

/** The pseudo-rule under which suppression problems are reported. */
export const SUPPRESSION_RULE: Rule = defineRule({
  id: "suppression",
  name: "suppression-problems",
  severity: "info",
  summary: "A suppression comment names an unknown rule, or suppresses nothing",
  rationale: md`
    Suppression comments outlive the code they were written for. One that names no rule, or that no
    longer suppresses anything, only hides future findings by accident: remove it or correct it.`,
  examples: { bad: "FROM alpine:3.20\n# slimlint ignore=GO004\nUSER nobody\n", good: "FROM alpine:3.20\nUSER nobody\n" },
  fix: "none",
  equivalents: [],
  tags: ["hygiene"],
  precision: "very-high",
  check() {},
});

interface Code {
  readonly text: string;
  readonly span: Span;
  /** The rules this code names (a hadolint code may map to several, an unknown code to none). */
  readonly rules: readonly Rule[];
  /** One code of a code-family rule (SC2086), upper-case: it suppresses findings of that code only. */
  readonly sub?: string | undefined;
}

interface Suppression {
  readonly tool: "slimlint" | "hadolint" | "buildkit";
  /** undefined: the whole file. */
  readonly target: Span | undefined;
  readonly span: Span;
  readonly codes: readonly Code[];
}

export interface SuppressionProblem {
  readonly span: Span;
  readonly message: string;
}

const PRAGMA = /^\s*(slimlint|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/i;

/** Every suppression of the file: comments, and the BuildKit `check` directive. */
function readSuppressions(model: Model, rules: readonly Rule[]): Suppression[] {
  const out: Suppression[] = [];
  const instructions = model.parsed.instructions;
  let next = 0;
  for (const comment of model.parsed.comments) {
    const m = PRAGMA.exec(comment.text);
    if (!m) continue;
    const tool = (m[1] as string).toLowerCase() as "slimlint" | "hadolint";
    const contentAt = model.source.text.indexOf(comment.text, comment.span.start);
    const listAt = contentAt + m.index + m[0].length - (m[3] as string).length;
    const codes = splitCodes(m[3] as string, listAt).map((c): Code => {
      const family = rules.find((r) => isCode(r, c.text) && !r.equivalents.includes(c.text));
      return family ? { ...c, rules: [family], sub: c.text.toUpperCase() } : { ...c, rules: resolveCode(c.text, tool, rules) };
    });
    while (next < instructions.length && (instructions[next] as Instruction).span.start < comment.span.end) next++;
    const global = m[2] !== undefined;
    const target = global ? undefined : instructions[next]?.span;
    if (!global && !target) continue;
    out.push({ tool, target, span: comment.span, codes });
  }
  const check = model.parsed.directives.find((d) => d.name === "check");
  if (check) {
    const skip = /(?:^|;)\s*skip\s*=\s*([^;]*)/i.exec(check.value);
    if (skip) {
      const listAt = check.valueSpan.start + skip.index + skip[0].length - (skip[1] as string).length;
      const codes = splitCodes(skip[1] as string, listAt).map((c) => ({ ...c, rules: resolveCode(c.text, "buildkit", rules) }));
      out.push({ tool: "buildkit", target: undefined, span: check.span, codes });
    }
  }
  return out;
}

function splitCodes(list: string, offset: number): { text: string; span: Span }[] {
  const codes: { text: string; span: Span }[] = [];
  const re = /[A-Za-z0-9_-]+/g;
  for (let m = re.exec(list); m; m = re.exec(list)) codes.push({ text: m[0], span: { start: offset + m.index, end: offset + m.index + m[0].length } });
  return codes;
}

function resolveCode(code: string, tool: Suppression["tool"], rules: readonly Rule[]): Rule[] {
  if (tool === "slimlint") {
    const lower = code.toLowerCase();
    return rules.filter((r) => r.id.toLowerCase() === lower || r.name === lower);
  }
  if (tool === "buildkit" && code.toLowerCase() === "all") return rules.filter((r) => r.equivalents.some((e) => !/^DL\d+$/.test(e)));
  return rules.filter((r) => r.equivalents.includes(code));
}

/**
 * Drops suppressed findings and reports suppression problems. `enabled` are the rules that ran:
 * a suppression of a rule that did not run is not called unused.
 */
export function applySuppressions<F extends { readonly span: Span; readonly ruleId: string }>(
  model: Model,
  findings: readonly F[],
  rules: readonly Rule[],
  enabled: { has(id: string): boolean },
): { kept: F[]; problems: SuppressionProblem[] } {
  const suppressions = readSuppressions(model, rules);
  if (suppressions.length === 0) return { kept: [...findings], problems: [] };
  const index = indexSuppressions(suppressions);
  const used = new Set<Code>();
  const marked = new Set<readonly Code[]>();
  const use = (codes: readonly Code[] | undefined): boolean => {
    if (!codes) return false;
    if (!marked.has(codes)) {
      marked.add(codes);
      for (const code of codes) used.add(code);
    }
    return true;
  };
  const families = rules.filter((r) => r.codes);
  const kept = findings.filter((finding) => {
    const target = index.targetAt(finding.span.start);
    const byTarget = use(target?.get(finding.ruleId));
    const byFile = use(index.global.get(finding.ruleId));
    // A code's finding (SC2086) is suppressed by its family's id or name too (SC, shellcheck).
    const family = families.length > 0 ? families.find((r) => isCode(r, finding.ruleId)) : undefined;
    const byFamily = family !== undefined && (use(target?.get(family.id)) || use(index.global.get(family.id)));
    return !byTarget && !byFile && !byFamily;
  });
  const problems: SuppressionProblem[] = [];
  for (const s of suppressions) {
    if (s.tool !== "slimlint") continue;
    for (const code of s.codes) {
      // Which codes ShellCheck reports depends on its version and the level: an unused one is not a problem.
      if (code.sub !== undefined) continue;
      if (code.rules.length === 0) {
        problems.push({ span: code.span, message: `\`${code.text}\` in this suppression is not a slimlint rule, so it suppresses nothing. Use a rule id or name from \`slimlint rules\`, or remove it.` });
      } else if (!used.has(code) && code.rules.every((r) => enabled.has(r.id))) {
        const where = s.target ? "the next instruction" : "this file";
        problems.push({ span: code.span, message: `This suppression of ${code.rules[0]?.id} suppresses nothing: the rule reports no problem in ${where}. Remove \`${code.text}\` from the comment.` });
      }
    }
  }
  return { kept, problems };
}

/** Codes by the id of a rule they name, for the whole file and per target instruction (found by a binary search). */
interface SuppressionIndex {
  readonly global: ReadonlyMap<string, readonly Code[]>;
  /** The codes of the suppressions whose target instruction holds `offset`. */
  targetAt(offset: number): ReadonlyMap<string, readonly Code[]> | undefined;
}

function indexSuppressions(suppressions: readonly Suppression[]): SuppressionIndex {
  const global = new Map<string, Code[]>();
  // Targets are instructions, found in text order: equal or disjoint spans, sorted.
  const targets: { span: Span; codes: Map<string, Code[]> }[] = [];
  for (const s of suppressions) {
    let codes = global;
    if (s.target) {
      const last = targets[targets.length - 1];
      if (last?.span.start !== s.target.start) targets.push({ span: s.target, codes: new Map() });
      codes = (targets[targets.length - 1] as (typeof targets)[number]).codes;
    }
    for (const code of s.codes) {
      for (const key of code.sub !== undefined ? [code.sub] : code.rules.map((r) => r.id)) {
        const list = codes.get(key);
        if (list) list.push(code);
        else codes.set(key, [code]);
      }
    }
  }
  return {
    global,
    targetAt(offset) {
      let lo = 0;
      let hi = targets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((targets[mid] as (typeof targets)[number]).span.start <= offset) lo = mid;
        else hi = mid - 1;
      }
      const target = targets[lo];
      return target && target.span.start <= offset && offset < target.span.end ? target.codes : undefined;
    },
  };
}
