import { defineRule, md } from "../src/engine/rule.js";
import { execFormSuggestion, shellFormCommand } from "../src/model/exec-form.js";
import { stageChain } from "../src/model/stages.js";
import { isWithin } from "../src/model/paths.js";
import type { Stage } from "../src/model/types.js";
import type { InstructionKind } from "../src/parse/types.js";

const SHELL_PATHS = ["/bin/sh", "/bin/busybox", "/busybox", "/bin/bash", "/bin/ash", "/bin/dash", "/usr/bin/sh"];

/** The stage certainly has no /bin/sh: its base has none, no SHELL changes the shell, nothing may have copied one in. */
function shellless(stage: Stage): boolean {
  if (stage.base.shell !== false) return false;
  return !stageChain(stage).some(
    (s) =>
      s.instructionsOf("SHELL").length > 0 ||
      s.copies.some((c) => c.destinationPath === undefined || SHELL_PATHS.some((p) => isWithin(p, c.destinationPath as string))),
  );
}

const SHELL_FORM_KINDS: readonly InstructionKind[] = ["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"];

const NO_SHELL = '`exec: "/bin/sh": stat /bin/sh: no such file or directory`';
const CONSEQUENCE: Record<string, string> = {
  RUN: "the build fails",
  CMD: `the container fails to start with ${NO_SHELL}`,
  ENTRYPOINT: `the container fails to start with ${NO_SHELL}`,
  HEALTHCHECK: `every health check fails with ${NO_SHELL} and the container is marked unhealthy`,
};

export default defineRule({
  id: "RT002",
  name: "shell-form-without-shell",
  severity: "error",
  summary: "A shell-form CMD/ENTRYPOINT/HEALTHCHECK, or a RUN, in a stage whose image has no /bin/sh",
  rationale: md`
    Shell form means \`/bin/sh -c "…"\`. scratch, distroless (except its \`:debug\` tags) and
    chainguard/static have no \`/bin/sh\`: a RUN there fails the build, and a shell-form CMD, ENTRYPOINT
    or HEALTHCHECK builds fine and then fails at run time with \`exec: "/bin/sh": stat /bin/sh: no such
    file or directory\` (a failing health check marks a healthy service unhealthy). The exec form runs
    the binary directly.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      CMD /app --port 8080`,
    good: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      CMD ["/app", "--port", "8080"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      if (!shellless(stage)) continue;
      for (const instruction of SHELL_FORM_KINDS.flatMap((kind) => stage.instructionsOf(kind))) {
        const command = shellFormCommand(instruction);
        if (command === undefined) continue;
        const suggestion = execFormSuggestion(command);
        const instead =
          instruction.kind === "RUN"
            ? "Run it in a builder stage and COPY the result in, or use a base with a shell (a `:debug` distroless tag)."
            : suggestion.words
              ? `Use the exec form: \`${instruction.kind}${instruction.kind === "HEALTHCHECK" ? " CMD" : ""} ${suggestion.json}\`.`
              : "The command uses shell syntax, which no exec form can express here: give the program its arguments literally in " +
                "exec form, or use a base with a shell (a `:debug` distroless tag).";
        const when = CONSEQUENCE[instruction.kind];
        ctx.report({
          at: instruction.keyword.span,
          message: `This ${instruction.kind} is run by /bin/sh, but ${stage.base.family} has no shell, so ${when}. ${instead}`,
        });
      }
    }
  },
});
