import { defineRule, md } from "../src/engine/rule.js";
import { insertAfter } from "../src/engine/edits.js";
import { isGlob, normalizePath } from "../src/model/paths.js";
import { createdDirectories } from "../src/model/run.js";
import { expandWord } from "../src/model/scope.js";
import type { CopyInfo, DockerfileModel, Stage } from "../src/model/types.js";

/** A destination that names a directory already: `.`, `..`, `dir/.` (BuildKit copies into it). */
const DOT_DIRECTORY = /(^|\/)\.\.?$/;

/**
 * The destination is a directory the stage certainly has when the COPY runs: `.`-like, the WORKDIR, or made by `mkdir`
 * in an earlier RUN.
 */
function knownDirectory(model: DockerfileModel, stage: Stage, copy: CopyInfo, written: string): boolean {
  if (DOT_DIRECTORY.test(written)) return true;
  const target = copy.destinationPath;
  if (target === undefined) return false;
  const workdir = stage.workdirAt(copy.instruction);
  if (workdir !== undefined && normalizePath(target) === normalizePath(workdir)) return true;
  return (createdBy(model, stage).get(target) ?? Infinity) < copy.instruction.index;
}

/** The directories a stage's RUNs make (`mkdir`, `git clone`), each with the first RUN's index: once per stage. */
function createdBy(model: DockerfileModel, stage: Stage): ReadonlyMap<string, number> {
  return model.viewOf("copy-multiple-sources-dir/created", stage, (s) => {
    const made = new Map<string, number>();
    for (const run of s.runs)
      for (const c of run.commands) for (const dir of createdDirectories(c)) if (!made.has(dir)) made.set(dir, run.instruction.index);
    return made;
  });
}

export default defineRule({
  id: "DF017",
  name: "copy-multiple-sources-dir",
  severity: "warning",
  summary: "COPY/ADD with several sources and a destination without a trailing `/`",
  rationale: md`
    With more than one source, the destination must be a directory, written with a trailing \`/\`. The
    classic builder (still used for Windows images and by some CI tools) refuses anything else: "When
    using COPY with more than one source file, the destination must be a directory and end with a /".
    BuildKit accepts it, but copies into the path as a directory only when it already is one: otherwise
    each source is written to the same file and only the last remains (moby/buildkit#1853). Writing
    \`/app/\` makes both builders copy every source into the directory. A single glob source (\`COPY go.*
    .\`) is not reported, since how many files it matches is not known here; nor is \`.\` or the current
    WORKDIR in a file only BuildKit can build, where the copy does what it says.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      COPY go.mod go.sum /src
      WORKDIR /src
      RUN go mod download`,
    good: md`
      FROM golang:1.23-alpine
      COPY go.mod go.sum /src/
      WORKDIR /src
      RUN go mod download`,
  },
  fix: { safety: "safe", description: "Appends `/` to the destination, which every builder reads as the directory the sources go into." },
  equivalents: ["DL3021"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        const destination = copy.destination;
        if (!destination || copy.wordsSplitByBuildKit || copy.sources.length < 2) continue;
        const written = expandWord(destination, stage.scopeAt(copy.instruction), "unknown");
        if (written === undefined || written.endsWith("/") || written.endsWith("\\")) continue;
        const directory = knownDirectory(model, stage, copy, written);
        // Only the classic builder refuses a directory that exists; a file it cannot build has nothing to fear.
        if (directory && model.usesBuildKit) continue;
        const sources = copy.sources.map((s) => s.word.value).join(" ");
        const consequence = directory
          ? `the classic builder refuses it ("the destination must be a directory and end with a /")`
          : `the classic builder refuses it, and BuildKit, unless ${written} already is a directory, writes every source to the same ` +
            `file and keeps only the last`;
        const globs = copy.sources.some((s) => isGlob(s.word.value)) ? " (a glob among them)" : "";
        ctx.report({
          at: destination.span,
          message:
            `\`${copy.kind} ${sources} ${written}\` has ${copy.sources.length} sources${globs} and a destination without a trailing ` +
            `\`/\`: ${consequence}. Write \`${written}/\`.`,
          fix:
            copy.instruction.json || destination.quoted
              ? undefined
              : { description: `Append / to ${written}`, safety: "safe", edits: [insertAfter(destination, "/")] },
        });
      }
    }
  },
});
