import { defineRule, md } from "../src/engine/rule.js";

const RESERVED = new Set(["scratch", "context"]);

export default defineRule({
  id: "DF010",
  name: "stage-name-problems",
  severity: "warning",
  summary: "A stage name is used twice, is reserved (`scratch`, `context`), or is not lower case",
  rationale: md`
    Stage names are how \`COPY --from\` and \`FROM <stage>\` find a stage. Two stages with one name make
    those references ambiguous: the classic builder rejects the file, and BuildKit warns and lets
    \`--from=<name>\` mean the last stage of that name wherever it is written; \`scratch\` and \`context\` already mean
    something; and names are matched case-insensitively, so \`AS Builder\` next to \`--from=builder\` reads
    like two different things.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS Build
      FROM golang:1.23-alpine AS build`,
    good: md`
      FROM golang:1.23-alpine AS build
      FROM golang:1.23-alpine AS test`,
  },
  problems: {
    duplicate: "a stage name used twice",
    reserved: "a reserved stage name (`scratch`, `context`)",
    casing: "a stage name not written in lower case",
  },
  fix: "none",
  equivalents: ["DL3024", "DL3063", "DuplicateStageName", "ReservedStageName", "StageNameCasing"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      const word = stage.nameWord;
      if (!word || !stage.name) continue;
      const first = seen.get(stage.name);
      if (first !== undefined) {
        // Not a certain failure: the classic builder refuses the file ("stage name already used"), BuildKit
        // only warns (DuplicateStageName) and resolves `--from=<name>` to the last stage of that name.
        ctx.report({
          problem: "duplicate",
          at: word.span,
          message:
            `Stage name \`${word.value}\` is already used by stage ${first}: the classic builder refuses the file ("stage name ` +
            `already used"), and BuildKit builds it but resolves every \`--from=${stage.name}\` to this later stage, ` +
            `even in stages above it. Give this stage its own name.`,
        });
      } else if (RESERVED.has(stage.name)) {
        ctx.report({
          problem: "reserved",
          at: word.span,
          message:
            `\`${word.value}\` is a reserved name (\`scratch\` is the empty image, \`context\` the build context), ` +
            `so references to it would not reach this stage. Rename the stage.`,
        });
      } else if (word.value !== stage.name) {
        ctx.report({
          problem: "casing",
          at: word.span,
          message:
            `Stage name \`${word.value}\` is not lower case; Docker matches stage names case-insensitively, ` +
            `so the mixed case only makes references harder to search for. Write \`AS ${stage.name}\`.`,
        });
      }
      if (first === undefined) seen.set(stage.name, stage.index);
    }
  },
});
