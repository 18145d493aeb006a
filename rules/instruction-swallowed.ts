import { defineRule, md } from "../src/engine/rule.js";
import type { CommandInfo, RunInfo } from "../src/model/types.js";
import { continuationKeywords } from "../src/model/continuation.js";
import type { Span } from "../src/text/source.js";
import type { Instruction } from "../src/parse/types.js";
import type { ShellWord } from "../src/shell/words.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COPY_FLAGS = new Set(["from", "chown", "chmod", "link", "parents", "exclude", "checksum", "keep-git-dir"]);
const isVariable = (w: ShellWord) => w.value.startsWith("$");

/**
 * The arguments an instruction takes, so that an upper-case shell word followed by them reads as that
 * instruction and not as a word that happens to be spelt like one (`echo FROM`, a SQL `FROM t` is quoted).
 */
const LOOKS_LIKE: Record<string, (i: Instruction) => boolean> = {
  CMD: (i) => (i.json?.length ?? 0) > 0,
  ENTRYPOINT: (i) => (i.json?.length ?? 0) > 0,
  SHELL: (i) => (i.json?.length ?? 0) > 0,
  FROM: (i) =>
    i.flags.every((f) => f.name === "platform") &&
    (i.words.length === 1 || (i.words.length === 3 && i.words[1]?.value.toLowerCase() === "as")) &&
    /^[a-z0-9$][\w.\-/:@${}]*$/.test(i.words[0]?.value ?? ""),
  COPY: (i) => i.flags.every((f) => COPY_FLAGS.has(f.name)) && (i.json ? i.json.length : i.words.length) >= 2,
  ADD: (i) => i.flags.every((f) => COPY_FLAGS.has(f.name)) && (i.json ? i.json.length : i.words.length) >= 2,
  ENV: (i) => i.words.length > 0 && i.words.every((w) => NAME.test(w.value.split("=")[0] ?? "") && w.value.includes("=")),
  ARG: (i) => i.words.length > 0 && i.words.every((w) => NAME.test(w.value.split("=")[0] ?? "")),
  LABEL: (i) => i.words.length > 0 && i.words.every((w) => /^[^=\s]+=/.test(w.value)),
  WORKDIR: (i) => i.words.length === 1 && /^[/$]/.test(i.words[0]?.value ?? ""),
  USER: (i) => i.words.length === 1 && /^([a-z_$][\w$.{}-]*|\d+)(:([a-z_$][\w$.{}-]*|\d+))?$/.test(i.words[0]?.value ?? ""),
  EXPOSE: (i) => i.words.length > 0 && i.words.every((w) => isVariable(w) || /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(w.value)),
  VOLUME: (i) => (i.json?.length ?? 0) > 0 || (i.words.length > 0 && i.words.every((w) => /^[/$]/.test(w.value))),
  STOPSIGNAL: (i) => i.words.length === 1 && /^(SIG[A-Z0-9+-]+|\d+|\$\S+)$/.test(i.words[0]?.value ?? ""),
  HEALTHCHECK: (i) => i.healthcheck !== undefined,
  RUN: (i) => /\S/.test(i.args.text) || i.heredocs.length > 0,
};

/** The shell runs the swallowed keyword as the RUN's last command and nothing can mask its "not found": the RUN fails. */
function failsTheBuild(run: RunInfo, command: CommandInfo): boolean {
  const c = command.command;
  return (
    run.script !== undefined &&
    !run.script.incomplete &&
    run.heredocScripts.length === 0 &&
    run.script.commands[run.script.commands.length - 1] === c &&
    c.after !== "||" &&
    c.after !== "&" &&
    !c.condition &&
    c.subshell === 0
  );
}

export default defineRule({
  id: "RT008",
  name: "instruction-swallowed",
  severity: "error",
  summary: "A trailing `\\` folded the next instruction into a RUN",
  rationale: md`
    A RUN continues on the next line while a line ends in \`\\\`. When the last line of a RUN keeps its
    \`\\\`, the instruction under it (\`CMD ["/app"]\`, \`COPY --from=build /out/app /app\`) becomes
    more shell text of the RUN: Docker never sees it, so the image silently lacks that CMD, COPY or ENV.
    When the shell reaches the keyword as a command (after \`&&\` or \`;\`), it fails with
    \`CMD: not found\` and so does the build; when it lands among a command's arguments
    (\`rm -rf /tmp/x CMD ["/app"]\`), the build may even succeed.

    The rule reads each continuation line of a RUN: it fires when the line starts with an upper-case
    instruction keyword that the shell sees as a word of its own, followed by arguments of that
    instruction's shape (exec form for CMD and ENTRYPOINT, two paths for COPY, \`NAME=value\` for ENV…).
    Lower-case shell commands (\`env FOO=1 app\`) and quoted text (a SQL \`FROM\`) never fire. It is
    an error when the keyword is the last command the shell runs, reached for certain; otherwise a
    warning, since the build may succeed with the instruction lost.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      RUN go build -o /app . && \\
          rm -rf /root/.cache && \\
      CMD ["/app"]`,
    good: md`
      FROM golang:1.23-alpine
      RUN go build -o /app . && \\
          rm -rf /root/.cache
      CMD ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        const instruction = run.instruction;
        for (const found of continuationKeywords(run)) {
          if (!LOOKS_LIKE[found.instruction.kind]?.(found.instruction)) continue;
          const l = found.line;
          const start = found.word.span.start;
          const keyword = found.word.value;
          const lineNo = model.source.position(start).line;
          const previous = model.source.position((instruction.lines[l - 1] as Span).start).line;
          const escape = model.parsed.escape;
          const operator =
            found.program &&
            (found.command.command.after === "&&" || found.command.command.after === "||" || found.command.command.after === ";")
              ? found.command.command.after
              : undefined;
          const end = operator ? `\`${operator} ${escape}\`` : `\`${escape}\``;
          const certain = found.program && failsTheBuild(run, found.command);
          const fate = found.program
            ? certain
              ? `the shell runs \`${keyword}\` as a command, which no image has (\`${keyword}: not found\`), so the build fails`
              : `the shell runs \`${keyword}\` as a command, which no image has (\`${keyword}: not found\`), ` +
                `and this ${keyword} never takes effect`
            : `its words become arguments of \`${found.command.command.words[0]?.value ?? "the command"}\`, ` +
              `and this ${keyword} never takes effect`;
          ctx.report({
            at: found.word.span,
            severity: certain ? undefined : "warning",
            message:
              `This ${keyword} on line ${lineNo} is part of the RUN on line ${instruction.line}: ` +
              `line ${previous} ends in \`${escape}\`, so Docker never reads it as an instruction; ${fate}. ` +
              `End the RUN on line ${previous}: remove the trailing ${end} there.`,
          });
        }
      }
    }
  },
});
