// slimlint's library API. Pure: it never prints, never exits, never touches the file system.
import { rules } from "../rules/index.js";
import { lintWith, type LintOptions, type LintResult } from "./engine/lint.js";

export { rules };
export { findRule, ruleLevels, UsageError, type Finding, type LintOptions, type LintResult } from "./engine/lint.js";
export type { Edit, Fix, FixSafety, Level, Rule, RuleMeta, Severity } from "./engine/rule.js";
export type { BuildContext } from "./model/types.js";

/** Lints one Dockerfile's text with every rule (levels adjustable in options). */
export function lint(text: string, options: LintOptions = {}): LintResult {
  return lintWith(rules, text, options);
}
