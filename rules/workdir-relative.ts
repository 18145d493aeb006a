import { defineRule, md } from "../src/engine/rule.js";
import { resolvePath } from "../src/model/paths.js";
import { expandWord } from "../src/model/scope.js";
import type { DockerfileModel, Stage } from "../src/model/types.js";
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
      // The WORKDIR before this one in the stage (an earlier relative one moves where this one lands).
      let earlier: Instruction | undefined;
      for (const instruction of stage.instructionsOf("WORKDIR")) {
        const previous = earlier;
        earlier = instruction;
        const word = instruction.words[0];
        if (!word) continue;
        const path = expandWord(word, stage.scopeAt(instruction), "unknown");
        // Windows paths (C:\…) are absolute too.
        if (path === undefined || path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) continue;
        // After an absolute WORKDIR of this file the path is well defined (BuildKit is silent too).
        if (workdirSetBefore(stage, instruction, model)) continue;
        const resolved = stage.workdirAt(instruction);
        // An earlier relative WORKDIR of this stage moved it off the base image's directory.
        const origin = previous ? `the base image's WORKDIR and the relative WORKDIR on line ${previous.line}` : "the base image's WORKDIR";
        const where = resolved === undefined ? origin : `${resolved} (${origin})`;
        const absolute = resolvePath(path, resolved ?? "/");
        const written = word.hasExpansion ? `\`WORKDIR ${word.value}\` (\`${path}\`)` : `\`WORKDIR ${path}\``;
        ctx.report({
          at: word.span,
          message:
            `${written} is relative, so it lands under ${where} and moves when the base image changes. Write the absolute path: ` +
            `\`WORKDIR ${absolute}\`.`,
        });
      }
    }
  },
});

/** An absolute WORKDIR was set earlier in this stage or a stage it is built on. */
function workdirSetBefore(stage: Stage, instruction: Instruction, model: DockerfileModel): boolean {
  return firstAbsoluteWorkdir(stage, model) < instruction.index;
}

/**
 * Where the first absolute WORKDIR of a stage is: its instruction index; -1 when a stage it is built on has
 * one; Infinity when there is none. Once per stage: a stage's parents are looked at only when not known yet.
 */
function firstAbsoluteWorkdir(stage: Stage, model: DockerfileModel): number {
  const known = model.view("first-absolute-workdir", () => new Map<Stage, number>());
  const pending: Stage[] = [];
  let s: Stage | undefined = stage;
  for (; s && !known.has(s); s = s.parent) pending.push(s);
  let inherited = s !== undefined && known.get(s) !== Infinity;
  for (const next of pending.reverse()) {
    const first = inherited ? -1 : ownFirstAbsoluteWorkdir(next);
    known.set(next, first);
    inherited = first !== Infinity;
  }
  return known.get(stage) as number;
}

function ownFirstAbsoluteWorkdir(stage: Stage): number {
  const absolute = stage.instructionsOf("WORKDIR").find((w) => {
    const word = w.words[0];
    return word !== undefined && expandWord(word, stage.scopeAt(w), "unknown")?.startsWith("/") === true;
  });
  return absolute ? absolute.index : Infinity;
}
