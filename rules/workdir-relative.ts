import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/golang/build.js";
import { resolvePath } from "../src/model/paths.js";
import { expandWord } from "../src/model/scope.js";
import type { Stage } from "../src/model/types.js";
import type { Instruction } from "../src/parse/types.js";

export default defineRule({
  id: "DF002",
  name: "workdir-relative",
  severity: "warning",
  summary: "WORKDIR is a relative path",
  rationale: md`
    A relative WORKDIR is resolved against whatever WORKDIR the base image set: \`/go\` in the golang
    images, \`/\` elsewhere. Changing the base image then silently moves where the source is copied and
    where \`go build -o\` writes, and a later \`COPY --from\` of an absolute path no longer finds the
    binary. An absolute path says where things are.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      WORKDIR src/app`,
    good: md`
      FROM golang:1.23-alpine
      WORKDIR /src/app`,
  },
  fix: "none",
  equivalents: ["DL3000", "WorkdirRelativePath"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructionsOf("WORKDIR")) {
        const word = instruction.words[0];
        if (!word) continue;
        const path = expandWord(word, stage.scopeAt(instruction), "unknown");
        // Windows paths (C:\…) are absolute too.
        if (path === undefined || path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) continue;
        // After an absolute WORKDIR of this file the path is well defined (BuildKit is silent too).
        if (workdirSetBefore(stage, instruction)) continue;
        const resolved = stage.workdirAt(instruction);
        const where = resolved === undefined ? "the base image's WORKDIR" : `${resolved} (the base image's WORKDIR)`;
        const absolute = resolvePath(path, resolved ?? "/");
        ctx.report({
          at: word.span,
          message: `\`WORKDIR ${path}\` is relative, so it lands under ${where} and moves when the base image changes. Write the absolute path: \`WORKDIR ${absolute}\`.`,
        });
      }
    }
  },
});

/** An absolute WORKDIR was set earlier in this stage or a stage it is built on. */
function workdirSetBefore(stage: Stage, instruction: Instruction): boolean {
  return stageChain(stage).some((s) =>
    s.instructionsOf("WORKDIR").some((w) => {
      if (s === stage && w.index >= instruction.index) return false;
      const word = w.words[0];
      return word !== undefined && expandWord(word, s.scopeAt(w), "unknown")?.startsWith("/") === true;
    }),
  );
}
