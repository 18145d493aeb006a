import type { Model } from "../model/build.js";
import type { BuildContext, LabelType } from "../model/types.js";
import type { Span } from "../text/source.js";
import type { ShellCheckRunner } from "../shellcheck/runner.js";

export type Severity = "error" | "warning" | "info";
export type Level = Severity | "off";
export type FixSafety = "safe" | "unsafe";

/** Replace [span.start, span.end) with text. */
export interface Edit {
  readonly span: Span;
  readonly text: string;
}

/** A fix is data: edits plus how safe it is to apply without review. */
export interface Fix {
  readonly description: string;
  readonly safety: FixSafety;
  readonly edits: readonly Edit[];
}

export type RuleTag = "go" | "security" | "correctness" | "size" | "reproducibility" | "cache" | "hygiene" | "syntax";

export interface RuleMeta {
  /** Permanent id: used in suppressions, config, SARIF ruleId. */
  readonly id: string;
  /** kebab-case; equals the rule's file name. */
  readonly name: string;
  readonly severity: Severity;
  /** One line: docs index, SARIF shortDescription, `slimlint rules`. */
  readonly summary: string;
  /** Why it matters for a Go image (Markdown): docs page, SARIF fullDescription/help. */
  readonly rationale: string;
  /** `context`, `trustedRegistries`, `labelSchema`: what the examples assume (a build context, a configured policy). */
  readonly examples: {
    readonly bad: string;
    readonly good: string;
    readonly context?: BuildContext;
    readonly trustedRegistries?: readonly string[];
    readonly labelSchema?: Readonly<Record<string, LabelType>>;
    readonly strictLabels?: boolean;
  };
  /** The least safe fix the rule may offer, and when; "none" when it offers none. */
  readonly fix: "none" | { readonly safety: FixSafety | "varies"; readonly description: string };
  /**
   * Ships `off`: a check users routinely switch off in hadolint (catalogue v2, section B). Enabled with a
   * level (`--rule DF022=warning`, `rules: {DF022: warning}` in the config); `severity` is the level the
   * docs suggest.
   */
  readonly optIn?: boolean;
  /** Peer rules: hadolint DLxxxx or BuildKit check names. */
  readonly equivalents: readonly string[];
  /**
   * A rule that reports a family of codes (SC: ShellCheck's SC2086, …): findings carry the code as their
   * rule id, and options and suppression comments may name a code (`SC2086=off`, `ignore=SC2086`).
   */
  readonly codes?: { readonly pattern: RegExp; docsUrl(code: string): string } | undefined;
  /**
   * A rule that reports several distinct problems names each (`lists` of apt-get-hygiene): key → what it
   * is. Every finding then carries its key (`problem`), which JSON and SARIF output show, fixture markers
   * may name (`# expect: DF007/lists @1`) and a suppression comment may narrow to (`ignore=DF007/lists`).
   */
  readonly problems?: Readonly<Record<string, string>> | undefined;
  /** The rule runs only when the caller passes this service in the lint options (lint() stays pure). */
  readonly requires?: "shellcheck" | undefined;
  readonly tags: readonly RuleTag[];
  /** SARIF precision: how often a finding is a true problem. */
  readonly precision: "very-high" | "high" | "medium";
}

export interface Report<P extends string = never> {
  readonly at: Span;
  /** For a rule with `problems`: which one this is (required there, absent elsewhere). */
  readonly problem?: P | undefined;
  /** A severity for this finding other than the rule's default (IM004: alpine is info). A level the user sets wins. */
  readonly severity?: Severity | undefined;
  /** What is wrong, why it matters for this image, and what to write instead. */
  readonly message: string;
  readonly fix?: Fix | undefined;
  /**
   * The peer ids (of the rule's `equivalents`) this finding stands for, when it is only some of them: a
   * `# hadolint ignore=` or `# check=skip=` naming another of the rule's peer ids does not suppress it.
   * Undefined: every equivalent.
   */
  readonly peers?: readonly string[] | undefined;
  /** For a rule with `codes`: the code this finding carries (SC2086). */
  readonly code?: string | undefined;
}

export interface RuleContext<P extends string = never> {
  report(report: Report<P>): void;
  /** The level the rule runs at. */
  readonly level: Severity;
  /** For a rule with `codes`: the levels the options give to single codes (`SC2086: off`), by upper-case code. */
  readonly codeLevels: ReadonlyMap<string, Level>;
  /** The ShellCheck runner the caller passed, for a rule that `requires` it. */
  readonly shellcheck: ShellCheckRunner | undefined;
}

export interface Rule extends RuleMeta {
  readonly docsUrl: string;
  /** The level the rule has when no option names it: `off` for opt-in rules, else its severity. */
  readonly defaultLevel: Level;
  check(model: Model, ctx: RuleContext<string>): void;
}

const DOCS_BASE = "https://github.com/slimlint/slimlint/blob/main/docs/rules";

/**
 * The docs URL is derived from the name, never typed by hand. A rule's problem keys are checked by the
 * compiler: `ctx.report({ problem })` takes only the keys its `problems` declare.
 */
export function defineRule<const P extends string = never>(
  spec: Omit<RuleMeta, "problems"> & {
    readonly problems?: Readonly<Record<P, string>> | undefined;
    check(model: Model, ctx: RuleContext<P>): void;
  },
): Rule {
  return Object.freeze({ ...spec, docsUrl: `${DOCS_BASE}/${spec.name}.md`, defaultLevel: spec.optIn ? "off" : spec.severity }) as Rule;
}

/** `DF007/lists`: a rule id with one of its problem keys (suppressions, fixture markers). */
export function splitProblem(key: string): { readonly id: string; readonly problem: string | undefined } {
  const slash = key.indexOf("/");
  return slash === -1 ? { id: key, problem: undefined } : { id: key.slice(0, slash), problem: key.slice(slash + 1) };
}

/** `key` is one code of a rule that reports a family of codes (SC2086 of SC). */
export function isCode(rule: Rule, key: string): boolean {
  return rule.codes?.pattern.test(key.trim().toUpperCase()) === true;
}

/** Dedents a template literal and trims it: prose in rule files. */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), "");
  const lines = raw.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines
    .map((l) => l.slice(indent))
    .join("\n")
    .trim();
}

/** Ordinal string order (not locale-aware: `localeCompare` costs ~8 ms of ICU set-up on first use). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
