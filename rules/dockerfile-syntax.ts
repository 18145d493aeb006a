import { defineRule, md } from "../src/engine/rule.js";
import { INSTRUCTIONS } from "../src/parse/buildkit.js";
import type { InstructionKind, ParseProblem, ParseProblemCode } from "../src/parse/types.js";
import { editDistance } from "../src/text/distance.js";

export default defineRule({
  id: "DF000",
  name: "dockerfile-syntax",
  severity: "error",
  summary:
    "The Dockerfile cannot be parsed as Docker would: unknown instruction, missing arguments, unclosed heredoc, " +
    "bad directive, no instructions",
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
    "unknown-flag": "a `--flag` the instruction does not take (`COPY --user`): Docker stops at it",
    "json-not-strings": "an exec form (JSON array) with a number, `true`, `null`, an object or an array in it",
    "empty-command": "RUN, CMD or ENTRYPOINT without arguments (BuildKit runs an empty command): a warning",
    "no-arguments": "another instruction without arguments",
    healthcheck: "a HEALTHCHECK Docker refuses (another type than CMD/NONE, NONE with arguments, CMD without a command)",
    "empty-continuation-line": "an empty line inside a continued instruction (BuildKit's NoEmptyContinuation): a warning",
    "unterminated-heredoc": "a heredoc that is never closed",
    "blank-in-argument": "a quoted or escaped blank in a COPY/ADD/VOLUME/EXPOSE argument, where BuildKit splits the word",
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
        problems.push({ code: "no-from", span: first.keyword.span, peer: "DL3061" });
      }
    }
    // `error` means the build fails; what Docker only warns about is a warning.
    for (const problem of problems)
      ctx.report({
        problem: problem.code,
        at: problem.span,
        message: message(problem),
        severity: problem.warnOnly ? "warning" : undefined,
        peers: problem.peer === undefined ? [] : [problem.peer],
      });
  },
});

/** What to write when an instruction lacks its arguments. */
const ARGUMENT_EXAMPLES: Partial<Record<InstructionKind, string>> = {
  FROM: "FROM golang:1.23-alpine AS build",
  RUN: "RUN go build -o /out/app .",
  COPY: "COPY go.mod go.sum ./",
  ADD: "ADD --checksum=sha256:… https://example.com/x.tgz /opt/",
  WORKDIR: "WORKDIR /src",
  USER: "USER 65532:65532",
  ENV: "ENV CGO_ENABLED=0",
  ARG: "ARG GO_VERSION=1.23",
  ENTRYPOINT: 'ENTRYPOINT ["/app"]',
  CMD: 'CMD ["/app"]',
  EXPOSE: "EXPOSE 8080",
  HEALTHCHECK: 'HEALTHCHECK CMD ["/app", "health"]',
  LABEL: 'LABEL org.opencontainers.image.source="https://example.com/repo"',
  SHELL: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  VOLUME: "VOLUME /data",
  STOPSIGNAL: "STOPSIGNAL SIGTERM",
  ONBUILD: "ONBUILD RUN go build ./...",
};

/** The known instruction within two edits of a misspelt keyword. */
function closestInstruction(keyword: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of INSTRUCTIONS) {
    const d = editDistance(keyword.toUpperCase(), known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/** The message of each problem the parser and the model report as data. */
function message(problem: ParseProblem): string {
  const example = (kind: InstructionKind) => (ARGUMENT_EXAMPLES[kind] ? `, e.g. \`${ARGUMENT_EXAMPLES[kind]}\`` : "");
  switch (problem.code) {
    case "bad-escape":
      return (
        `Invalid escape directive \`${problem.value}\`: Docker accepts only a backslash or a backtick and refuses the file. ` +
        `Write \`# escape=\\\` or \`# escape=\`\`.`
      );
    case "no-instructions":
      return (
        'This file has no instructions, so Docker refuses to build it ("file with no instructions"). Start it with a stage, e.g. ' +
        "`FROM golang:1.23-alpine AS build`."
      );
    case "cr-line-endings":
      return (
        "This file uses CR line endings (classic Mac OS): Docker splits lines at LF only, so it reads the file as one long line and " +
        "cannot build it. Save it with LF (or CRLF) line endings."
      );
    case "line-too-long":
      return (
        `Line ${problem.line} is longer than ${problem.maxBytes} bytes, the most Docker reads in one line: ` +
        `it stops reading the file here and refuses to build it. Split the line with line continuations, ` +
        `or move its data into a file the build copies.`
      );
    case "unknown-instruction": {
      const guess = closestInstruction(problem.keyword);
      return (
        `\`${problem.keyword}\` is not a Dockerfile instruction, so Docker refuses to build the file. ` +
        `${guess ? `Did you mean \`${guess}\`?` : "Use one of FROM, RUN, COPY, ARG, ENV, WORKDIR, USER, ENTRYPOINT, CMD."}`
      );
    }
    case "flag-not-allowed": {
      const exec =
        problem.kind === "CMD" || problem.kind === "ENTRYPOINT"
          ? `, or write the arguments in exec form: \`${problem.kind} ["program", "--flag"]\``
          : "";
      return `\`${problem.flag}\` is not an option of ${problem.kind}, which takes none, so Docker refuses the file. Remove it${exec}.`;
    }
    case "unknown-flag":
      return (
        `\`${problem.flag}\` is not an option of ${problem.kind}, so Docker refuses the file ("unknown flag"). ` +
        `${problem.kind} takes ${problem.known.map((f) => `\`--${f}\``).join(", ")}.`
      );
    case "json-not-strings":
      return (
        `This exec form has an element that is not a string, so Docker refuses the file ("when using JSON array syntax, arrays ` +
        `must be comprised of strings only"). Write every element as a quoted string: \`"8080"\`, not \`8080\`.`
      );
    case "empty-command":
      return (
        `\`${problem.keyword}\` has no arguments: ` +
        `BuildKit ${problem.kind === "RUN" ? "runs an empty shell command, which does nothing" : `sets an empty ${problem.kind}`}. ` +
        `Give it its command${example(problem.kind)}, or remove it.`
      );
    case "no-arguments":
      return `\`${problem.keyword}\` has no arguments, so Docker refuses to build the file. Give it its value${example(problem.kind)}.`;
    case "healthcheck":
      if (problem.form === "none-with-arguments")
        return (
          '`HEALTHCHECK NONE` takes no arguments, so Docker refuses the file ("HEALTHCHECK NONE takes no arguments"). ' +
          "Remove what follows NONE."
        );
      if (problem.form === "unknown-type") {
        return (
          `\`HEALTHCHECK ${problem.written}\`: Docker knows only CMD and NONE here ("Unknown type "${problem.written.toUpperCase()}" ` +
          `in HEALTHCHECK (try CMD)"), so it refuses the file. Write \`HEALTHCHECK CMD <command>\`.`
        );
      }
      return (
        '`HEALTHCHECK CMD` has no command, so Docker refuses the file ("Missing command after HEALTHCHECK CMD"). ' +
        'Give it the check to run, e.g. `HEALTHCHECK CMD ["/app", "-healthcheck"]`.'
      );
    case "empty-continuation-line":
      return (
        "Empty line inside a continued instruction: Docker skips it with a warning today and may reject it in a future release. " +
        "Remove the blank line, or end the instruction before it."
      );
    case "unterminated-heredoc":
      return (
        `Heredoc \`${problem.name}\` is never closed, so Docker refuses the file ("unterminated heredoc"). ` +
        `Add a line holding only \`${problem.name}\` where it should end.`
      );
    case "blank-in-argument":
      if (problem.unclosed) {
        const quote = problem.written.lastIndexOf('"') > problem.written.lastIndexOf("'") ? "double" : "single";
        return (
          `\`${problem.written}\` opens a quote it never closes, so BuildKit fails to expand it ("unexpected end of statement while ` +
          `looking for matching ${quote}-quote"). Close the quote, or escape it with the escape character if it belongs to the path.`
        );
      }
      return problem.quoted
        ? `BuildKit splits ${problem.kind} arguments at every blank before it reads quotes, so \`${problem.written}\` becomes ` +
            `several words with an unclosed quote, and the build fails. Use the JSON form for paths with blanks: ` +
            `\`${problem.kind} ["…", "…"]\`.`
        : `BuildKit splits ${problem.kind} arguments at every blank before it reads escapes, so \`${problem.written}\` is several ` +
            `words, not one path with a blank. Use the JSON form for paths with blanks: \`${problem.kind} ["…", "…"]\`.`;
    case "before-from":
      return (
        `\`${problem.keyword}\` comes before the first FROM, where only ARG is allowed, so Docker refuses the file. ` +
        `Move it into a stage, after its FROM.`
      );
    case "no-from":
      return (
        "This Dockerfile has no FROM instruction, so Docker refuses to build it. Start a stage with FROM, e.g. " +
        "`FROM golang:1.23-alpine AS build`."
      );
  }
}
