import { defineRule, md } from "../src/engine/rule.js";
import { execFormSuggestion, shellFormCommand, type ExecFormSuggestion } from "../src/model/exec-form.js";
import { isKnownTool } from "../src/model/opaque.js";
import type { Stage } from "../src/model/types.js";

/** Shells that exec a lone command themselves (busybox ash, bash): the program is PID 1 anyway. */
const execsLoneCommand = (stage: Stage) => stage.base.shellKind === "busybox";

/**
 * A command that needs the shell is worth rewriting only when the shell would keep PID 1 from the
 * program the image runs: several commands (or one under a shell that does not exec it), ending in a
 * program that is not a standard tool (`cmp … && cmp …` is a one-shot check, not a service).
 */
function pid1Matters(stage: Stage, suggestion: ExecFormSuggestion): boolean {
  if (suggestion.single && execsLoneCommand(stage)) return false;
  const program = suggestion.lastProgram;
  return program !== undefined && !isKnownTool(program.slice(program.lastIndexOf("/") + 1));
}

export default defineRule({
  id: "DF001",
  name: "json-args-recommended",
  severity: "warning",
  summary: "CMD, ENTRYPOINT or HEALTHCHECK in shell form",
  rationale: md`
    The shell form runs the command through \`/bin/sh -c\`. The Go binary then is not PID 1: signals
    such as SIGTERM go to the shell, which does not forward them, so \`docker stop\` waits its full
    timeout and kills the service without a graceful shutdown. On scratch and distroless there is no
    \`/bin/sh\` at all and the container does not start. The exec (JSON) form runs the binary directly.

    A command that needs the shell (\`&&\`, \`$VAR\`, redirections) is never split into exec words, which
    would pass \`&&\` to the program as an argument: the suggestion keeps the shell explicit and puts
    \`exec\` before the last command, \`["/bin/sh", "-c", "… exec app"]\`. busybox and bash exec a lone
    command themselves, so no PID 1 claim is made for one. Silent when a SHELL instruction chose the shell.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      COPY app /app
      CMD /app --port 8080`,
    good: md`
      FROM alpine:3.20
      COPY app /app
      CMD ["/app", "--port", "8080"]`,
  },
  fix: "none",
  equivalents: ["DL3025", "JSONArgsRecommended"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const instruction of [
        ...stage.instructionsOf("CMD"),
        ...stage.instructionsOf("ENTRYPOINT"),
        ...stage.instructionsOf("HEALTHCHECK"),
      ]) {
        const command = shellFormCommand(instruction);
        // With a SHELL of its own the author chose the shell form on purpose (BuildKit is silent too).
        if (!command || stage.shellAt(instruction).custom) continue;
        const suggestion = execFormSuggestion(command);
        if (suggestion.needsShell && !pid1Matters(stage, suggestion)) continue;
        const keyword = instruction.kind === "HEALTHCHECK" ? "HEALTHCHECK CMD" : instruction.kind;
        const write = `\`${keyword} ${suggestion.json}\``;
        let message: string;
        if (instruction.kind === "HEALTHCHECK") {
          message = suggestion.needsShell
            ? `\`HEALTHCHECK CMD\` in shell form needs /bin/sh for every check, and this command uses shell syntax. ` +
              `Make the shell explicit: ${write}, or point the check at a program that needs none.`
            : `\`HEALTHCHECK CMD\` in shell form starts /bin/sh for every check, and fails on an image without one. ` +
              `Use the exec form: ${write}.`;
        } else if (suggestion.needsShell) {
          message = `\`${instruction.kind}\` in shell form uses shell syntax, so it runs under /bin/sh -c${
            suggestion.single ? "" : ", which stays PID 1 and does not forward SIGTERM to the program"
          }. Keep the shell explicit and hand PID 1 to the program: ${write}.`;
        } else if (execsLoneCommand(stage)) {
          message =
            `\`${instruction.kind}\` in shell form starts /bin/sh -c first (this image's busybox shell then hands over to the ` +
            `program); the exec form runs the program directly and keeps working if the image loses its shell. ` +
            `Use the exec form: ${write}.`;
        } else {
          message =
            `\`${instruction.kind}\` in shell form runs through /bin/sh -c: whether the program becomes PID 1 and receives SIGTERM ` +
            `depends on the image's shell, and an image without /bin/sh cannot start it. Use the exec form: ${write}.`;
        }
        // A shell-form ENTRYPOINT ignores CMD; in exec form the CMD in effect becomes its arguments.
        const cmd = stage.cmd;
        if (instruction.kind === "ENTRYPOINT" && stage.entrypoint?.instruction === instruction && cmd) {
          message +=
            ` In exec form it also receives the CMD on line ${cmd.instruction.line} as arguments, which the shell form ignored: ` +
            `remove that CMD, or keep in it only the arguments the program should get.`;
        }
        ctx.report({ at: instruction.keyword.span, message });
      }
    }
  },
});
