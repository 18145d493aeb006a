// slimlint's library API. Pure: it never prints, never exits, never touches the file system.
import { rules } from "../rules/index.js";
import { fixWith, type FixOptions, type FixResult } from "./engine/fix.js";
import { lintWith, type LintOptions, type LintResult } from "./engine/lint.js";

export { rules };
export { findRule, ruleLevels, UsageError, type Finding, type LintOptions, type LintResult } from "./engine/lint.js";
export type { Edit, Fix, FixSafety, Level, Rule, RuleMeta, Severity } from "./engine/rule.js";
export type { BuildContext } from "./model/types.js";
export type { FixOptions, FixResult };

/** Lints one Dockerfile's text with every rule (levels adjustable in options). */
export function lint(text: string, options: LintOptions = {}): LintResult {
  return lintWith(rules, text, options);
}

/** Applies fixes (safe ones; unsafe too with `unsafe: true`) in passes, and returns the fixed text and its findings. */
export function fix(text: string, options: FixOptions = {}): FixResult {
  return fixWith(rules, text, options);
}
