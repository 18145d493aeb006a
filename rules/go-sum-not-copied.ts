import { defineRule, md } from "../src/engine/rule.js";
import { goCommandsByStage } from "../src/golang/build.js";
import { dirname, isGlob, normalizePath, pathCovers } from "../src/model/paths.js";
import type { Model } from "../src/model/build.js";
import type { CopyInfo, CopySource, Stage } from "../src/model/types.js";

export default defineRule({
  id: "GO006",
  name: "go-sum-not-copied",
  severity: "warning",
  summary: "`go.mod` is copied without `go.sum`",
  rationale: md`
    go.sum holds the expected checksums of every module. Copied without it, \`go mod download\` and
    \`go build\` cannot verify what they fetch against the sums you committed: they consult the checksum
    database again (or fail with \`missing go.sum entry\` under \`-mod=readonly\`), and the layer cache
    no longer notices when the sums change.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY go.mod ./
      RUN go mod download`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download`,
  },
  fix: {
    safety: "varies",
    description: md`
      Adds go.sum next to go.mod in the same COPY. Safe when the build context is known to hold go.sum;
      unsafe otherwise, because a module without dependencies has no go.sum and the COPY would then fail.
      No fix when the destination is a file name rather than a directory.`,
  },
  equivalents: [],
  tags: ["go", "reproducibility", "cache"],
  precision: "high",
  check(model, ctx) {
    if (model.context.known && model.context.hasGoSum === false) return;
    const byStage = goCommandsByStage(model);
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        if (copy.from !== undefined) continue;
        const goMod = copy.sources.find(
          (s) => s.kind === "path" && s.value !== undefined && !isGlob(s.value) && /(^|\/)go\.mod$/.test(normalizePath(s.value)),
        );
        if (!goMod?.value) continue;
        // Only a dependency layer needs go.sum: go.mod copied alone, then modules fetched before any source arrives.
        // A module without requirements has no go.sum; copying go.mod with the source says nothing either way.
        if (!copy.sources.every(isModuleFile) || !fetchesModulesNext(model, stage, copy)) continue;
        const goSum = siblingSum(goMod.value);
        // go.sum may come with a later COPY of the same stage, as long as it arrives before the next go command.
        const nextGo = (byStage.get(stage) ?? []).find((c) => c.info.run.instruction.index > copy.instruction.index);
        const limit = nextGo ? nextGo.info.run.instruction.index : Infinity;
        const copied = stage.copies.some(
          (other) => other.from === undefined && other.instruction.index <= limit && other.sources.some((s) => coversContextPath(s, goSum)),
        );
        if (copied) continue;
        ctx.report({
          at: goMod.word.span,
          message:
            `\`${goMod.value}\` is copied without go.sum: module downloads cannot be checked against your committed checksums and ` +
            `the dependency layer ignores changes to them. Copy both: ` +
            `\`COPY ${goMod.value} ${goSum} ${directoryDestination(copy)}\`.`,
          fix: addSumFix(copy, goMod, goSum, model.context.known && model.context.hasGoSum === true),
        });
      }
    }
  },
});

/** The COPY's destination written as a directory (two sources need one that ends in `/`). */
const directoryDestination = (copy: CopyInfo): string => {
  const written = copy.destination?.value ?? "./";
  return written.endsWith("/") ? written : `${written}/`;
};

const MODULE_FILE = /(^|\/)(go\.mod|go\.sum|go\.work|go\.work\.sum)$/;
const isModuleFile = (source: CopySource): boolean =>
  source.kind === "path" && source.value !== undefined && MODULE_FILE.test(normalizePath(source.value));

/** The next go command after this COPY downloads modules (`go mod download`/`tidy`, `go get`), with no other context COPY in between. */
function fetchesModulesNext(model: Model, stage: Stage, copy: CopyInfo): boolean {
  const at = copy.instruction.index;
  const next = (goCommandsByStage(model).get(stage) ?? []).find((c) => c.info.run.instruction.index > at);
  if (!next || !/^(mod download|mod tidy|get)$/.test(next.subcommand)) return false;
  const limit = next.info.run.instruction.index;
  return !stage.copies.some(
    (c) => c.instruction.index > at && c.instruction.index < limit && c.from === undefined && !c.sources.every(isModuleFile),
  );
}

function siblingSum(goMod: string): string {
  const path = normalizePath(goMod);
  return path === "go.mod" ? "go.sum" : `${dirname(path) === "/" ? "" : `${dirname(path)}/`}go.sum`;
}

function coversContextPath(source: CopySource, path: string): boolean {
  if (source.kind !== "path" || source.value === undefined) return false;
  return pathCovers(`/${normalizePath(source.value)}`, `/${path}`);
}

function addSumFix(copy: CopyInfo, goMod: CopySource, goSum: string, contextHasSum: boolean) {
  if (copy.instruction.json || !copy.destinationIsDir) return undefined;
  const at = goMod.word.span.end;
  const written = goMod.word.value.startsWith("./") ? `./${goSum}` : goSum;
  const edits = [{ span: { start: at, end: at }, text: ` ${written}` }];
  // Two sources need a destination that ends in `/`: the classic builder refuses `.` or `/src`.
  const destination = copy.destination;
  if (destination && !destination.value.endsWith("/"))
    edits.push({ span: { start: destination.span.end, end: destination.span.end }, text: "/" });
  return { description: "Copy go.sum with go.mod", safety: contextHasSum ? ("safe" as const) : ("unsafe" as const), edits };
}
