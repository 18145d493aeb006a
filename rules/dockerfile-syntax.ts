import { defineRule, md } from "../src/engine/rule.js";
import type { ParseProblemCode } from "../src/parse/types.js";

export default defineRule({
  id: "DF000",
  name: "dockerfile-syntax",
  severity: "error",
  summary: "The Dockerfile cannot be parsed as Docker would: unknown instruction, missing arguments, unclosed heredoc, bad directive, no instructions",
  rationale: md`
    Docker stops the build at the first line it cannot read, and every other check depends on reading the
    file the way Docker does. slimlint reads it as BuildKit's parser does and reports each such problem at
    its exact position, then keeps checking the rest of the file. A file with no instructions is refused
    ("file with no instructions"). Docker splits lines at LF only, so a file with classic Mac OS (lone CR)
    line endings is one long line to it: that is reported once, and nothing else. A line longer than
    65535 bytes stops Docker's reader: it is reported, and the lines from there on are not checked. An
    empty line inside a continued instruction, which BuildKit still accepts with a warning, is reported as
    a warning.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      RUNN go build -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine
      RUN go build -o /out/app .`,
  },
  problems: {
    "bad-escape": "an `# escape=` directive with another character than `\\` or a backtick",
    "no-instructions": "a file with no instructions",
    "cr-line-endings": "a file whose line breaks are lone CRs (one line to Docker)",
    "line-too-long": "a line longer than 65535 bytes, where Docker stops reading",
    "unknown-instruction": "a keyword that is no Dockerfile instruction",
    "flag-not-allowed": "a `--flag` on an instruction that takes none",
    "empty-command": "RUN, CMD or ENTRYPOINT without arguments (BuildKit runs an empty command): a warning",
    "no-arguments": "another instruction without arguments",
    healthcheck: "a HEALTHCHECK Docker refuses (another type than CMD/NONE, NONE with arguments, CMD without a command)",
    "empty-continuation-line": "an empty line inside a continued instruction (BuildKit's NoEmptyContinuation): a warning",
    "unterminated-heredoc": "a heredoc that is never closed",
    "before-from": "an instruction other than ARG before the first FROM",
    "no-from": "a file without FROM",
  } satisfies Record<ParseProblemCode, string>,
  fix: "none",
  // Only the problems these peers report: `# check=skip=NoEmptyContinuation` never hides a build failure.
  equivalents: ["DL3061", "NoEmptyContinuation"],
  tags: ["syntax", "correctness"],
  precision: "very-high",
  check(model, ctx) {
    // Without any FROM, "before the first FROM" would repeat for every line: one finding says it all.
    const problems = model.stages.length === 0 ? [...model.parsed.problems] : [...model.parsed.problems, ...model.problems];
    if (model.stages.length === 0 && model.parsed.instructions.length > 0) {
      const first = model.parsed.instructions[0];
      if (first) {
        problems.push({
          code: "no-from",
          message: "This Dockerfile has no FROM instruction, so Docker refuses to build it. Start a stage with FROM, e.g. `FROM golang:1.23-alpine AS build`.",
          span: first.keyword.span,
          peer: "DL3061",
        });
      }
    }
    // `error` means the build fails; what Docker only warns about is a warning.
    for (const problem of problems) ctx.report({ problem: problem.code, at: problem.span, message: problem.message, severity: problem.warnOnly ? "warning" : undefined, peers: problem.peer === undefined ? [] : [problem.peer] });
  },
});
