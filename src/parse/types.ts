import type { ShellWord } from "../shell/words.js";
import type { MappedText } from "../text/mapped-text.js";
import type { SourceFile, Span } from "../text/source.js";

/** A value and where it was written. */
export interface Word {
  readonly value: string;
  readonly span: Span;
}

/** `--mount=type=cache,target=/go/pkg/mod`: name "mount", value after `=`, options parsed from a key=value list. */
export interface Flag {
  readonly name: string;
  readonly value: string | undefined;
  readonly span: Span;
  /** `key=value` pairs of a comma-separated value (mount specs); a bare key maps to "". */
  readonly options: ReadonlyMap<string, string>;
  /** The flag as the Dockerfile word it was written as: its parts say which variables the value uses. */
  readonly word: ShellWord;
}

export interface Heredoc {
  /** The delimiter word, quotes removed. */
  readonly delimiter: string;
  /** `<<-`: leading tabs are stripped from body lines. */
  readonly stripTabs: boolean;
  /** The delimiter was quoted: no variable expansion in the body. */
  readonly quoted: boolean;
  /** The `<<EOF` operator and delimiter as written on the instruction line. */
  readonly opener: Span;
  /** The body lines, without the terminator line. */
  readonly body: MappedText;
  readonly terminated: boolean;
}

export interface Comment {
  readonly text: string;
  readonly span: Span;
  readonly line: number;
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly span: Span;
  readonly valueSpan: Span;
}

/**
 * What the parser (or the model, for `before-from`; DF000, for `no-from`) found wrong, as data: the code is
 * DF000's problem key, and DF000 writes the message (rules/dockerfile-syntax.ts).
 */
export type ParseProblemDetail =
  | { readonly code: "bad-escape"; readonly value: string }
  | { readonly code: "no-instructions" }
  | { readonly code: "cr-line-endings" }
  | { readonly code: "line-too-long"; readonly line: number; readonly maxBytes: number }
  | { readonly code: "unknown-instruction"; readonly keyword: string }
  | { readonly code: "flag-not-allowed"; readonly flag: string; readonly kind: InstructionKind }
  | { readonly code: "unknown-flag"; readonly flag: string; readonly kind: InstructionKind; readonly known: readonly string[] }
  | { readonly code: "json-not-strings"; readonly kind: InstructionKind }
  | { readonly code: "empty-command"; readonly keyword: string; readonly kind: InstructionKind }
  | { readonly code: "no-arguments"; readonly keyword: string; readonly kind: InstructionKind }
  | {
      readonly code: "healthcheck";
      readonly form: "none-with-arguments" | "unknown-type" | "cmd-without-command";
      readonly written: string;
    }
  | { readonly code: "empty-continuation-line" }
  | { readonly code: "unterminated-heredoc"; readonly name: string }
  | {
      readonly code: "blank-in-argument";
      readonly kind: InstructionKind;
      readonly written: string;
      /** A closed quote wraps the blank. */
      readonly quoted: boolean;
      /** A quote is never closed (`written` is the text up to the blank after it). */
      readonly unclosed: boolean;
    }
  | { readonly code: "before-from"; readonly keyword: string }
  | { readonly code: "no-from" };

export type ParseProblemCode = ParseProblemDetail["code"];

export type ParseProblem = ParseProblemDetail & {
  readonly span: Span;
  /** The problem does not stop the build today (Docker warns): reported as a warning, not an error. */
  readonly warnOnly?: boolean | undefined;
  /** The hadolint or BuildKit id of this problem, when a peer reports it (`NoEmptyContinuation`, `DL3061`). */
  readonly peer?: string | undefined;
};

/** The instructions BuildKit's Dockerfile frontend knows. */
export type InstructionKind =
  | "FROM"
  | "RUN"
  | "CMD"
  | "LABEL"
  | "MAINTAINER"
  | "EXPOSE"
  | "ENV"
  | "ADD"
  | "COPY"
  | "ENTRYPOINT"
  | "VOLUME"
  | "USER"
  | "WORKDIR"
  | "ARG"
  | "ONBUILD"
  | "STOPSIGNAL"
  | "HEALTHCHECK"
  | "SHELL";

/** One instruction as written: keyword, flags, arguments and heredocs, all with exact spans. */
export interface Instruction {
  readonly index: number;
  /** Upper-case keyword ("RUN"); "UNKNOWN" for a keyword BuildKit does not know (DF000 names it from `keyword`). */
  readonly kind: InstructionKind | "UNKNOWN";
  /** The keyword as written, e.g. "run". */
  readonly keyword: Word;
  /** The whole instruction, continuation lines and heredoc bodies included. */
  readonly span: Span;
  /** 1-based line of the keyword. */
  readonly line: number;
  /** Leading `--name=value` flags (FROM, RUN, COPY, ADD, HEALTHCHECK). */
  readonly flags: readonly Flag[];
  /** The arguments after the flags, line continuations and embedded comment lines removed. */
  readonly args: MappedText;
  /** The arguments split into words by Dockerfile rules (quotes and escape character; no expansion yet). */
  readonly words: readonly ShellWord[];
  /** Exec (JSON array) form values, when the arguments are a JSON array of strings. */
  readonly json: readonly Word[] | undefined;
  readonly heredocs: readonly Heredoc[];
  /** HEALTHCHECK only: `NONE`, or the command after `CMD` (its text, and its values when in exec form). */
  readonly healthcheck?: HealthcheckCommand | undefined;
  /**
   * The source range of each physical line the arguments were read from, in order: the keyword's line
   * first, then each continuation line (comment and empty lines inside the continuation are not read).
   * A range ends before the escape character that continues its line.
   */
  readonly lines: readonly Span[];
  /**
   * ONBUILD only: the trigger it wraps (`ONBUILD RUN go build` → a RUN), parsed as an instruction with its
   * own keyword, flags, arguments and exact spans. It runs in a child image's build, not in this file's.
   */
  readonly trigger?: Instruction | undefined;
}

export type HealthcheckCommand =
  | { readonly kind: "NONE" }
  | { readonly kind: "CMD"; readonly args: MappedText; readonly json: readonly Word[] | undefined };

export interface ParsedDockerfile {
  readonly source: SourceFile;
  /** The escape character (`\` unless `# escape=` says otherwise). */
  readonly escape: string;
  readonly directives: readonly Directive[];
  readonly instructions: readonly Instruction[];
  readonly comments: readonly Comment[];
  readonly problems: readonly ParseProblem[];
}
