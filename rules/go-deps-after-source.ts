import { defineRule, md, type Fix } from "../src/engine/rule.js";
import { goCachePath, goCommandsByStage, installsRemoteTools, usesVendor, type GoCommand } from "../src/golang/build.js";
import { stageChain } from "../src/model/stages.js";
import { mountCovers } from "../src/model/run.js";
import type { Model } from "../src/model/build.js";
import { normalizePath } from "../src/model/paths.js";
import { indentAt, instructionHead } from "../src/model/spans.js";
import { compareGoVersions, type GoVersion } from "../src/images/knowledge.js";
import type { CopyInfo, Stage } from "../src/model/types.js";

export default defineRule({
  id: "GO005",
  name: "go-deps-after-source",
  severity: "warning",
  summary: "The whole source is copied before go.mod/go.sum are copied alone and `go mod download` runs",
  rationale: md`
    Docker reuses a layer only while everything before it is unchanged. When \`COPY . .\` comes before
    \`go mod download\`, any edit to any source file invalidates the module download, and every build
    fetches all dependencies again: minutes instead of seconds. Copy only go.mod and go.sum, download,
    then copy the rest: the dependency layer is rebuilt only when the dependencies change.

    Also reported: source files riding in the go.mod COPY before the download (\`COPY go.mod main.go ./\`),
    and \`go get\`/\`go run\` fetching after the whole source. Silent when the build vendors (\`-mod=vendor\`, a
    \`vendor/\` directory copied), when the module cache is a cache mount on the build step, when the
    builder is an image slimlint does not know (it may have downloaded the modules), and after a script or
    \`make\` that ran once go.mod was there.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN go mod download
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .`,
  },
  fix: {
    safety: "unsafe",
    description: md`
      Inserts \`COPY go.mod go.sum ./\` and \`RUN go mod download\` before the \`COPY . .\` (only when it
      copies into the working directory). Unsafe: a module in a subdirectory, a \`replace\` to a local
      path or a private module needing credentials can make the early download fail.`,
  },
  equivalents: [],
  tags: ["go", "cache"],
  precision: "high",
  check(model, ctx) {
    const byStage = goCommandsByStage(model);
    for (const stage of model.stages) {
      const stageCommands = byStage.get(stage) ?? [];
      // An image slimlint does not know may have downloaded the modules already (a custom builder).
      if (stage.base.family === "unknown" || gopathMode(stage)) continue;
      const fetching = stageCommands.filter((c) => /^(build|install|run|get|mod download)$/.test(c.subcommand) && !installsRemoteTools(c));
      // Vendored modules or a module-cache mount on the build: nothing is downloaded into the layer again.
      if (fetching.length === 0 || fetching.some((c) => usesVendor(c, model.context.hasVendor === true) || cachedModules(c))) continue;
      for (const copy of stage.copies) {
        const riders = sourceWithGoMod(copy);
        if (riders.length > 0 && downloadsNext(stageCommands, copy)) {
          ctx.report({
            at: instructionHead(model, copy.instruction),
            message:
              `\`${model.source.slice(instructionHead(model, copy.instruction))}\` copies ${riders.join(", ")} together with go.mod ` +
              `before the modules are downloaded: every change to ${riders.length === 1 ? "that file" : "those files"} re-downloads ` +
              `all modules. Copy the module files alone first (\`COPY go.mod go.sum ./\`, \`RUN go mod download\`), then the source.`,
          });
          break;
        }
        if (!copiesWholeContext(copy)) continue;
        const at = copy.instruction.index;
        if (!fetching.some((c) => c.info.run.instruction.index > at)) continue;
        if (downloadedBefore(byStage, stage, at)) continue;
        // A script or `make` after go.mod arrived may have downloaded the modules already.
        if (stage.opaqueBefore(copy.instruction) && copiesGoModBefore(stage, at)) continue;
        const head = model.source.slice(instructionHead(model, copy.instruction));
        const modulesCopied = moduleFilesCopiedTo(stage, copy);
        ctx.report({
          at: instructionHead(model, copy.instruction),
          message: modulesCopied
            ? `\`${head}\` brings in the whole source before \`go mod download\` runs, though go.mod is copied alone on ` +
              `line ${modulesCopied.instruction.line}: every source change re-downloads all modules. ` +
              `Run \`go mod download\` between the two COPYs.`
            : `\`${head}\` brings in the whole source before go.mod and go.sum are copied alone and \`go mod download\` runs: ` +
              `every source change re-downloads all modules. Copy the module files and download first: ` +
              `\`COPY ${moduleFiles(model)} ./\` then \`RUN go mod download\`, then copy the source.`,
          fix: depsFix(model, stage, copy, modulesCopied !== undefined),
        });
        break;
      }
    }
  },
});

function cachedModules(command: GoCommand): boolean {
  const cache = goCachePath(command, "GOMODCACHE");
  return cache !== undefined && mountCovers(command.info.run, cache, ["cache"]);
}

/** What to copy first: go.sum only where the context has one, or may (a module without requirements has none). */
function moduleFiles(model: Model): string {
  if (!model.context.known) return "go.mod go.sum";
  return model.context.hasGoSum === false ? "go.mod" : "go.mod go.sum";
}

const GO_1_13: GoVersion = { major: 1, minor: 13, patch: 0, text: "1.13" };

/**
 * The stage builds in GOPATH mode, where there are no modules to download: GO111MODULE=off, or a Go
 * before 1.13 building under $GOPATH/src (modules were opt-in there).
 */
function gopathMode(stage: Stage): boolean {
  const scope = stage.endScope;
  if (scope.get("GO111MODULE")?.value === "off") return true;
  const version = stage.base.goVersion;
  const gopath = scope.get("GOPATH")?.value ?? "/go";
  const workdir = stage.endWorkdir;
  return (
    version !== undefined &&
    compareGoVersions(version, GO_1_13) < 0 &&
    scope.get("GO111MODULE")?.value !== "on" &&
    workdir?.startsWith(`${gopath}/src/`) === true
  );
}

/** go.mod, go.sum, go.work and globs over them (`go.sum*`, `go.*`). */
const MODULE_FILE = /(^|\/)(go\.mod|go\.sum|go\.work|go\.work\.sum)$|(^|\/)go[.*?][\w.*?]*$/;

/** Sources other than module files in a context COPY that also brings go.mod. */
function sourceWithGoMod(copy: CopyInfo): string[] {
  if (copy.from !== undefined) return [];
  const values = copy.sources.map((s) => (s.kind === "path" ? s.value : undefined));
  if (!values.some((v) => v !== undefined && /(^|\/)go\.mod$/.test(normalizePath(v)))) return [];
  return values.filter(
    (v): v is string => v !== undefined && !MODULE_FILE.test(normalizePath(v)) && normalizePath(v) !== "." && !/(^|\/)vendor\/?$/.test(v),
  );
}

/** The next go command after this COPY fetches modules (`go mod download`, `go get`). */
function downloadsNext(stageCommands: readonly GoCommand[], copy: CopyInfo): boolean {
  const next = stageCommands.find((c) => c.info.run.instruction.index > copy.instruction.index);
  return next !== undefined && (next.subcommand === "mod download" || next.subcommand === "get");
}

function copiesGoModBefore(stage: Stage, index: number): boolean {
  return stageChain(stage).some((s) =>
    s.copies.some(
      (c) =>
        (s !== stage || c.instruction.index < index) &&
        c.sources.some((src) => src.value !== undefined && /(^|\/)go\.mod$/.test(src.value)),
    ),
  );
}

/** COPY from the build context of the context root (`.`, `./`). */
function copiesWholeContext(copy: CopyInfo): boolean {
  return copy.from === undefined && copy.sources.some((s) => s.kind === "path" && s.value !== undefined && normalizePath(s.value) === ".");
}

/** `go mod download` ran in a parent stage, or in this stage before instruction `index`. */
function downloadedBefore(byStage: ReadonlyMap<Stage, readonly GoCommand[]>, stage: Stage, index: number): boolean {
  return stageChain(stage).some((s) =>
    (byStage.get(s) ?? []).some((c) => c.subcommand === "mod download" && (s !== stage || c.info.run.instruction.index < index)),
  );
}

/** An earlier COPY of this stage that put go.mod where this one puts the source (the working directory). */
function moduleFilesCopiedTo(stage: Stage, copy: CopyInfo): CopyInfo | undefined {
  return stage.copies.find(
    (c) =>
      c.instruction.index < copy.instruction.index &&
      c.from === undefined &&
      c.destinationPath !== undefined &&
      c.destinationPath === copy.destinationPath &&
      c.sources.some((s) => s.value !== undefined && normalizePath(s.value) === "go.mod"),
  );
}

/** Inserts the missing steps before the whole-source COPY: the module files' COPY unless already there, and the download. */
function depsFix(model: Model, stage: Stage, copy: CopyInfo, modulesCopied: boolean): Fix | undefined {
  const workdir = stage.workdirAt(copy.instruction);
  if (workdir === undefined || copy.destinationPath !== workdir || copy.instruction.flags.length > 0) return undefined;
  const noSum = model.context.known && model.context.hasGoSum === false;
  const indent = indentAt(model, copy.instruction.keyword.span.start);
  const nl = model.source.lineBreak;
  const lower = copy.instruction.keyword.value === copy.instruction.keyword.value.toLowerCase();
  const [COPY, RUN] = lower ? ["copy", "run"] : ["COPY", "RUN"];
  const download = `${RUN} go mod download${nl}${indent}`;
  const text = modulesCopied ? download : `${COPY} ${noSum ? "go.mod" : "go.mod go.sum"} ./${nl}${indent}${download}`;
  const start = copy.instruction.keyword.span.start;
  const description = modulesCopied
    ? "Download modules before the source is copied"
    : "Copy go.mod/go.sum and download modules before the source";
  const edits = [{ span: { start, end: start }, text }];
  // A `RUN go mod download` of its own after the source moves up rather than running twice.
  const later = laterDownloadRun(model, stage, copy);
  if (later) edits.push({ span: later, text: "" });
  return { description, safety: "unsafe", edits };
}

/** The lines of the first go command after the COPY when it is a RUN holding only `go mod download`. */
function laterDownloadRun(model: Model, stage: Stage, copy: CopyInfo): { start: number; end: number } | undefined {
  const next = (goCommandsByStage(model).get(stage) ?? []).find((c) => c.info.run.instruction.index > copy.instruction.index);
  const run = next?.info.run;
  if (!next || !run || next.subcommand !== "mod download" || run.commands.length !== 1 || run.mounts.length > 0) return undefined;
  const source = model.source;
  const first = source.lineIndexAt(run.instruction.span.start);
  const last = source.lineIndexAt(run.instruction.span.end);
  return {
    start: source.lineStart(first),
    end: source.lineStart(last + 1) > source.lineStart(last) ? source.lineStart(last + 1) : source.text.length,
  };
}
