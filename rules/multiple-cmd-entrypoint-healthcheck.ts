import { defineRule, md } from "../src/engine/rule.js";
import type { Instruction, InstructionKind } from "../src/parse/types.js";

const ONCE: readonly InstructionKind[] = ["CMD", "ENTRYPOINT", "HEALTHCHECK"];

export default defineRule({
  id: "DF005",
  name: "multiple-cmd-entrypoint-healthcheck",
  severity: "warning",
  summary: "A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; only the last one takes effect",
  rationale: md`
    Docker keeps only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage. An earlier one is dead code
    that reads as if the image ran it: a leftover \`CMD ["/app", "--debug"]\` above the real one, or two
    entrypoints after a merge. Keep one of each.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      ENTRYPOINT ["/app", "--debug"]
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: ["DL4003", "DL4004", "DL3012", "MultipleInstructionsDisallowed"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const kind of ONCE) {
        // A HEALTHCHECK Docker refuses (`HEALTHCHECK CONNECT …`, CMD without a command) fails the build: DF000's.
        const all = stage.instructionsOf(kind).filter((i) => kind !== "HEALTHCHECK" || i.healthcheck !== undefined);
        const last = all[all.length - 1] as Instruction | undefined;
        for (const earlier of all.slice(0, -1)) {
          ctx.report({
            at: earlier.keyword.span,
            message:
              `This ${kind} has no effect: the ${kind} on line ${last?.line} replaces it (Docker keeps only the last one in a ` +
              `stage). Remove this one.`,
          });
        }
      }
    }
  },
});
