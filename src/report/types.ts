import type { Finding } from "../engine/lint.js";
import type { Rule, Severity } from "../engine/rule.js";

/** One linted file as reporters see it. */
export interface FileReport {
  /** Path as shown to the user: relative to the working directory, forward slashes. */
  readonly path: string;
  /** Absolute path on disk, when the input was a file. */
  readonly absolutePath: string | undefined;
  readonly text: string;
  readonly findings: readonly Finding[];
}

/** A file that could not be linted (missing, unreadable, not text). */
export interface InputError {
  readonly path: string;
  readonly message: string;
}

export interface ReportContext {
  /** Rules that ran, with the severity they ran at. */
  readonly rules: ReadonlyMap<Rule, Severity>;
  readonly color: boolean;
  readonly version: string;
  /** Directory SARIF paths are relative to (the repository root). */
  readonly root: string;
  readonly errors: readonly InputError[];
}

export type Reporter = (files: readonly FileReport[], ctx: ReportContext) => string;
