// Inline suppressions, handled once here for every rule:
//   # slimlint ignore=GO004,SE001        the next instruction
//   # slimlint global ignore=GO007       the whole file
//   # hadolint ignore=DL3006             hadolint's codes, for the rules that list them as equivalents
//   # check=skip=JSONArgsRecommended     BuildKit's check directive, likewise: at the top of the file for the
//                                        whole file; directly above an instruction for that instruction
//                                        (Dockerfile frontend 1.21+)
//   # hadolint ignore=SC2086             one code of a rule that reports a family of codes (ShellCheck's)
// Unknown slimlint ids and slimlint suppressions that suppress nothing are reported, so stale comments
// get cleaned up. hadolint and BuildKit codes slimlint does not map are left alone: they serve those tools.
import type { Model } from "../model/build.js";
import type { Span } from "../text/source.js";
import type { Comment, Instruction } from "../parse/types.js";
import { defineRule, isCode, md, splitProblem, type Rule } from "./rule.js";

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
  readonly tool: Suppression["tool"];
  readonly text: string;
  readonly span: Span;
  /** The rules this code names (a hadolint code may map to several, an unknown code to none). */
  readonly rules: readonly Rule[];
  /** One code of a code-family rule (SC2086), upper-case: it suppresses findings of that code only. */
  readonly sub?: string | undefined;
  /** One problem of a rule (`DF007/lists`, with the rule's id): it suppresses findings of that problem only. */
  readonly problem?: string | undefined;
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

const PRAGMA = /^\s*(slimlint|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_/-]+(?:\s*,\s*[A-Za-z0-9_/-]+)*)/i;

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
      if (family) return { ...c, tool, rules: [family], sub: c.text.toUpperCase() };
      // `DF007/lists`: one problem of a rule that reports several.
      const { id, problem } = splitProblem(c.text);
      if (problem === undefined || tool !== "slimlint") return { ...c, tool, rules: resolveCode(c.text, tool, rules) };
      const named = resolveCode(id, tool, rules).filter((r) => r.problems !== undefined && Object.hasOwn(r.problems, problem));
      return { ...c, tool, rules: named, problem: named[0] ? `${named[0].id}/${problem}` : undefined };
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
      const codes = splitCodes(skip[1] as string, listAt).map((c) => ({
        ...c,
        tool: "buildkit" as const,
        rules: resolveCode(c.text, "buildkit", rules),
      }));
      out.push({ tool: "buildkit", target: undefined, span: check.span, codes });
    }
  }
  out.push(...instructionChecks(model, rules));
  out.sort((a, b) => (a.target?.start ?? -1) - (b.target?.start ?? -1));
  return out;
}

// BuildKit's directive shape, matched against a comment's text after `#`: `check=skip=A,B`, `check = skip=all`.
const CHECK_COMMENT = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;

/**
 * BuildKit's per-instruction `# check=skip=…` (Dockerfile frontend 1.21+): the comment lines since the previous
 * instruction (an empty `#` line starts them afresh; blank lines do not) belong to the next instruction, and the
 * first of them that is a `check` directive applies to it alone. Its value ends at the first space (text after it,
 * such as `// why`, is a remark); options are `;`-separated `key=value` pairs, and one BuildKit does not know
 * makes it ignore the comment. Skip names are case-sensitive; `all` skips every check.
 */
function instructionChecks(model: Model, rules: readonly Rule[]): Suppression[] {
  const out: Suppression[] = [];
  const instructions = model.parsed.instructions;
  const text = model.source.text;
  let next = 0;
  let found: { comment: Comment; value: string; valueAt: number } | undefined;
  let decided = false;
  const flush = (target: Instruction | undefined) => {
    if (found && target) {
      const skip = checkSkipList(found.value);
      if (skip) {
        const listAt = found.valueAt + skip.at;
        const codes = splitBuildKitList(skip.list, listAt).map((c) => ({
          ...c,
          tool: "buildkit" as const,
          rules: resolveCode(c.text, "buildkit", rules),
        }));
        out.push({ tool: "buildkit", target: target.span, span: found.comment.span, codes });
      }
    }
    found = undefined;
    decided = false;
  };
  for (const comment of model.parsed.comments) {
    while (next < instructions.length && (instructions[next] as Instruction).span.end <= comment.span.start) flush(instructions[next++]);
    // A comment line inside a continued instruction belongs to no instruction's comments.
    if (next < instructions.length && (instructions[next] as Instruction).span.start < comment.span.start) continue;
    if (comment.text === "") {
      found = undefined;
      decided = false;
      continue;
    }
    if (decided) continue;
    const m = CHECK_COMMENT.exec(comment.text);
    if (!m || (m[1] as string).toLowerCase() !== "check") continue;
    // The first `check` comment decides, even when BuildKit cannot read it.
    decided = true;
    const value = (m[2] as string).split(" ")[0] as string;
    const contentAt = text.indexOf(comment.text, comment.span.start);
    found = { comment, value, valueAt: contentAt + m.index + m[0].indexOf(m[2] as string, (m[1] as string).length) };
  }
  while (next < instructions.length) flush(instructions[next++]);
  return out;
}

/** The `skip=` list of a check value and its offset in it; undefined when BuildKit would reject the value. */
function checkSkipList(value: string): { list: string; at: number } | undefined {
  let skip: { list: string; at: number } | undefined;
  let at = 0;
  // Go's strings.SplitN(value, ";", 3): the third part keeps any further `;`.
  const pieces = value.split(";");
  const parts = pieces.length > 3 ? [...pieces.slice(0, 2), pieces.slice(2).join(";")] : pieces;
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    if (key === "skip") skip = { list: part.slice(eq + 1), at: at + eq + 1 };
    else if (key === "error") {
      if (!/^\s*(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)\s*$/.test(part.slice(eq + 1))) return undefined;
    } else if (key !== "experimental") return undefined;
    at += part.length + 1;
  }
  return skip;
}

/** BuildKit's skip list: comma-separated, each name trimmed; `all` is every check. */
function splitBuildKitList(list: string, offset: number): { text: string; span: Span }[] {
  const codes: { text: string; span: Span }[] = [];
  let at = 0;
  for (const piece of list.split(",")) {
    const name = piece.trim();
    if (name !== "") {
      const start = offset + at + piece.indexOf(name);
      codes.push({ text: name, span: { start, end: start + name.length } });
    }
    at += piece.length + 1;
  }
  return codes;
}

function splitCodes(list: string, offset: number): { text: string; span: Span }[] {
  const codes: { text: string; span: Span }[] = [];
  const re = /[A-Za-z0-9_/-]+/g;
  for (let m = re.exec(list); m; m = re.exec(list))
    codes.push({ text: m[0], span: { start: offset + m.index, end: offset + m.index + m[0].length } });
  return codes;
}

function resolveCode(code: string, tool: Suppression["tool"], rules: readonly Rule[]): Rule[] {
  if (tool === "slimlint") {
    const lower = code.toLowerCase();
    return rules.filter((r) => r.id.toLowerCase() === lower || r.name === lower);
  }
  if (tool === "buildkit" && code.toLowerCase() === "all") return rules.filter((r) => r.equivalents.some(isBuildKitCheck));
  return rules.filter((r) => r.equivalents.includes(code));
}

const isBuildKitCheck = (id: string): boolean => !/^(DL|SC)\d+$/.test(id);

/** Whether a code applies to a finding that stands for only some of its rule's peer ids (`peers`). */
function appliesTo(code: Code, peers: readonly string[] | undefined): boolean {
  if (peers === undefined || code.tool === "slimlint") return true;
  if (code.tool === "buildkit" && code.text.toLowerCase() === "all") return peers.some(isBuildKitCheck);
  return peers.includes(code.text);
}

/**
 * Drops suppressed findings and reports suppression problems. `enabled` are the rules that ran:
 * a suppression of a rule that did not run is not called unused.
 */
export function applySuppressions<F extends { readonly span: Span; readonly ruleId: string; readonly problem?: string | undefined }>(
  model: Model,
  findings: readonly F[],
  rules: readonly Rule[],
  enabled: { has(id: string): boolean },
  peersOf: (finding: F) => readonly string[] | undefined = () => undefined,
): { kept: F[]; problems: SuppressionProblem[] } {
  const suppressions = readSuppressions(model, rules);
  if (suppressions.length === 0) return { kept: [...findings], problems: [] };
  const index = indexSuppressions(suppressions);
  const used = new Set<Code>();
  const marked = new Set<readonly Code[]>();
  const use = (codes: readonly Code[] | undefined, peers: readonly string[] | undefined): boolean => {
    if (!codes) return false;
    if (peers !== undefined) {
      const applicable = codes.filter((code) => appliesTo(code, peers));
      for (const code of applicable) used.add(code);
      return applicable.length > 0;
    }
    if (!marked.has(codes)) {
      marked.add(codes);
      for (const code of codes) used.add(code);
    }
    return true;
  };
  const families = rules.filter((r) => r.codes);
  const kept = findings.filter((finding) => {
    const target = index.targetAt(finding.span.start);
    const peers = peersOf(finding);
    const byTarget = use(target?.get(finding.ruleId), peers);
    const byFile = use(index.global.get(finding.ruleId), peers);
    const key = finding.problem === undefined ? undefined : `${finding.ruleId}/${finding.problem}`;
    const byProblem = key !== undefined && (use(target?.get(key), peers) || use(index.global.get(key), peers));
    // A code's finding (SC2086) is suppressed by its family's id or name too (SC, shellcheck).
    const family = families.length > 0 ? families.find((r) => isCode(r, finding.ruleId)) : undefined;
    const byFamily = family !== undefined && (use(target?.get(family.id), peers) || use(index.global.get(family.id), peers));
    return !byTarget && !byFile && !byFamily && !byProblem;
  });
  const problems: SuppressionProblem[] = [];
  for (const s of suppressions) {
    if (s.tool !== "slimlint") continue;
    for (const code of s.codes) {
      // Which codes ShellCheck reports depends on its version and the level: an unused one is not a problem.
      if (code.sub !== undefined) continue;
      if (code.rules.length === 0) {
        const { id, problem } = splitProblem(code.text);
        const rule = problem === undefined ? undefined : resolveCode(id, "slimlint", rules)[0];
        problems.push({
          span: code.span,
          message: rule
            ? `\`${code.text}\` in this suppression is not a problem of ${rule.id}, so it suppresses nothing. ${
                rule.problems
                  ? `Its problems are ${Object.keys(rule.problems)
                      .map((k) => `\`${rule.id}/${k}\``)
                      .join(", ")}`
                  : `${rule.id} reports one problem: write \`${rule.id}\``
              }, or remove it.`
            : `\`${code.text}\` in this suppression is not a slimlint rule, so it suppresses nothing. ` +
              `Use a rule id or name from \`slimlint rules\`, or remove it.`,
        });
      } else if (!used.has(code) && code.rules.every((r) => enabled.has(r.id))) {
        const where = s.target ? "the next instruction" : "this file";
        const what = code.problem ?? code.rules[0]?.id;
        problems.push({
          span: code.span,
          message:
            `This suppression of ${what} suppresses nothing: the rule reports no ${code.problem ? "such problem" : "problem"} ` +
            `in ${where}. Remove \`${code.text}\` from the comment.`,
        });
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
      for (const key of code.sub !== undefined ? [code.sub] : code.problem !== undefined ? [code.problem] : code.rules.map((r) => r.id)) {
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
