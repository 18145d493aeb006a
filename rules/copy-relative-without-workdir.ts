import { defineRule, md } from "../src/engine/rule.js";
import { isCacheBuster } from "../src/model/cache-buster.js";
import { expandWord } from "../src/model/scope.js";
import { finalChain } from "../src/model/stages.js";
import type { DockerfileModel, Stage } from "../src/model/types.js";
import type { Instruction } from "../src/parse/types.js";

/** A WORKDIR instruction in this stage before `instruction`, or anywhere in a stage it is built on. */
function workdirWritten(model: DockerfileModel, stage: Stage, instruction: Instruction): boolean {
  const first = stage.instructionsOf("WORKDIR")[0];
  return (first !== undefined && first.index < instruction.index) || (stage.parent !== undefined && chainHasWorkdir(model, stage.parent));
}

/**
 * The stage or one it is built on has a WORKDIR instruction. Known answers are kept per stage, and a stage's
 * parents are walked without recursion only up to the first known one, so long FROM chains stay linear.
 */
function chainHasWorkdir(model: DockerfileModel, stage: Stage): boolean {
  const known = model.view("copy-relative-without-workdir/chain", () => new Map<Stage, boolean>());
  const pending: Stage[] = [];
  let s: Stage | undefined = stage;
  for (; s && !known.has(s); s = s.parent) pending.push(s);
  let inherited = s !== undefined && known.get(s) === true;
  for (const next of pending.reverse()) {
    inherited = inherited || next.instructionsOf("WORKDIR").length > 0;
    known.set(next, inherited);
  }
  return known.get(stage) === true;
}

export default defineRule({
  id: "DF020",
  name: "copy-relative-without-workdir",
  severity: "warning",
  summary: "COPY/ADD to a relative destination while no WORKDIR is set",
  rationale: md`
    A relative COPY destination is resolved against the WORKDIR. When neither this stage nor the stages
    it is built on set one, that is whatever the base image chose: \`/\` for alpine, debian, distroless
    and scratch, \`/go\` for golang. The files then land in the filesystem root next to /etc and /bin, and
    they move when the base image changes, breaking a later \`COPY --from\` or an ENTRYPOINT that names
    the path. Only bases known to leave the WORKDIR at \`/\` are judged: golang images set \`/go\`, and an
    image slimlint does not know may set its own. Only the final image, the stages it is built on and stages
    with their own ENTRYPOINT or CMD (images built with \`--target\`) are judged: another build stage's root is a \
staging area, which \`COPY --from=stage file\` reads by paths from the
    root, so a WORKDIR added there would move the files away from the COPY that reads them. A scratch stage without \
ENTRYPOINT or CMD only carries
    files (for \`--output\` or for other stages to copy), and its root is the place for them.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      COPY --from=golang:1.23-alpine /usr/local/go/bin/gofmt bin/`,
    good: md`
      FROM alpine:3.20
      COPY --from=golang:1.23-alpine /usr/local/go/bin/gofmt /usr/local/bin/`,
  },
  fix: "none",
  equivalents: ["DL3045"],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    const finalImage = finalChain(model);
    for (const stage of model.stages) {
      // A stage the final image is not built on, and that runs nothing (no ENTRYPOINT/CMD: not a `--target`
      // image), is a staging area: what reads it (COPY --from) names paths from its root, so its root is as
      // good a place as any, and a WORKDIR added there would move the files.
      if (!finalImage.has(stage) && !stage.entrypoint && !stage.cmd) continue;
      // A scratch stage that runs nothing only carries files (an export stage, or one others copy from): the root is where they belong.
      if (stage.base.family === "scratch" && !stage.entrypoint && !stage.cmd) continue;
      for (const copy of stage.copies) {
        const destination = copy.destination;
        if (!destination || copy.wordsSplitByBuildKit) continue;
        const written = expandWord(destination, stage.scopeAt(copy.instruction), "unknown");
        // The cache-buster idiom writes a junk file on purpose; where it lands does not matter.
        if (copy.sources.some((s) => isCacheBuster(s.value, copy.destinationPath))) continue;
        // Absolute, or a Windows path (C:\…).
        if (written === undefined || written.startsWith("/") || /^[A-Za-z]:[\\/]/.test(written) || written.startsWith("\\")) continue;
        // Only where the base image's WORKDIR is known to be `/` and no WORKDIR was written.
        if (stage.workdirAt(copy.instruction) !== "/" || workdirWritten(model, stage, copy.instruction)) continue;
        const absolute = copy.destinationPath ?? "/";
        // A relative ENTRYPOINT/CMD (`./app`) finds the file through the WORKDIR too: only a WORKDIR keeps both together.
        const program = (stage.entrypoint ?? stage.cmd)?.program;
        if (program !== undefined && !program.startsWith("/") && program.includes("/")) {
          ctx.report({
            at: destination.span,
            message:
              `The destination \`${written}\` is relative and no WORKDIR is set, so the files land in ${stage.base.family}'s default ` +
              `working directory, / itself, next to /etc and /bin, the directory \`${program}\` (the ` +
              `${stage.entrypoint ? "ENTRYPOINT" : "CMD"}) is looked up from too. Set \`WORKDIR /app\` (or another ` +
              `absolute directory) before the COPY: the files and \`${program}\` then both use it.`,
          });
          continue;
        }
        const instead =
          absolute === "/"
            ? "Name an absolute directory (files now land in / itself)"
            : `Write the absolute path \`${copy.destinationIsDir ? `${absolute}/` : absolute}\``;
        ctx.report({
          at: destination.span,
          message:
            `The destination \`${written}\` is relative and no WORKDIR is set, so it resolves against ${stage.base.family}'s default ` +
            `working directory, /, and moves if the base image changes. ${instead}, or set \`WORKDIR\` first.`,
        });
      }
    }
  },
});
