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
  /** Findings left out by `-q` (warnings and info), counted so the summary can say so. */
  readonly hidden?: { readonly warning: number; readonly info: number } | undefined;
  /** How many fixes `--fix` applied to this file. */
  readonly fixed?: number | undefined;
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

/**
 * A format whose output can be written file by file as the run goes (text, compact, json): the CLI keeps
 * nothing of a file once its part is written, so memory stays flat over large directories. Files must
 * come in path order (`compareText`) for the output to equal the batch reporter's.
 */
export interface StreamingReporter {
  /** Writes the output for one linted file, in pieces (a file with 100k findings is not one string). */
  file(report: FileReport, write: (text: string) => void): void;
  /** Writes the output after the last file (a summary, a closing bracket); `errors` are the inputs that could not be linted. */
  end(errors: readonly InputError[], write: (text: string) => void): void;
}

export type StreamingReporterFactory = (ctx: Omit<ReportContext, "errors">) => StreamingReporter;
