import { defineRule, md } from "../src/engine/rule.js";
import type { Model } from "../src/model/build.js";
import {
  commandSpan,
  goCachePath,
  goCommands,
  goCommandsByStage,
  installsRemoteTools,
  isGoBuild,
  usesVendor,
  type GoCommand,
} from "../src/golang/build.js";
import { stageChain, stagesBuiltOn } from "../src/model/stages.js";
import { isWithin } from "../src/model/paths.js";
import { mountCovers } from "../src/model/run.js";

/** Every context COPY before the command brings named .go files: no go.mod, so no modules. */
function onlyGoFilesCopied(command: GoCommand): boolean {
  const at = command.info.run.instruction.index;
  const copies = stageChain(command.stage).flatMap((s) => s.copies.filter((c) => c.instruction.index < at || s !== command.stage));
  return (
    copies.length > 0 &&
    copies.every((c) => c.from === undefined && c.sources.every((src) => src.value !== undefined && /^[^*?[]*\.go$/.test(src.value)))
  );
}

/** A go build we can see runs after this download, in its stage or a stage built on it, before any opaque step. */
function buildFollows(download: GoCommand, model: Model): boolean {
  const byStage = goCommandsByStage(model);
  const at = download.info.run.instruction.index;
  const stages = stagesBuiltOn(download.stage, model);
  const opaque = stages.some((s) => s.runs.some((r) => r.instruction.index > at && r.opaque));
  const after = (c: GoCommand) =>
    c.info.run.instruction.index > at ||
    (c.info.run === download.info.run && c.info.run.commands.indexOf(c.info) > c.info.run.commands.indexOf(download.info));
  return !opaque && stages.some((s) => (byStage.get(s) ?? []).some((c) => isGoBuild(c) && after(c)));
}

export default defineRule({
  id: "GO007",
  name: "go-cache-mount-missing",
  severity: "info",
  summary: "`go build` / `go mod download` without a BuildKit cache mount on the module cache (and, for builds, the build cache)",
  rationale: md`
    Layer caching restarts from zero whenever go.mod or the source changes. A BuildKit cache mount keeps
    the module cache and the build cache across builds anyway, so a one-line change recompiles one
    package instead of the whole dependency tree. The mount has to sit where the go command looks:
    GOMODCACHE (by default $GOPATH/pkg/mod, /go/pkg/mod in the golang images) and GOCACHE (by default
    $HOME/.cache/go-build, /root/.cache/go-build for root).

    Cache mounts need BuildKit, so the rule judges files that already need it (a \`# syntax=\` line, RUN
    mounts, heredocs, COPY --link/--chmod, \`$BUILDPLATFORM\`): elsewhere the classic builder may run the
    file, and a mount would fail it. A mount on a parent directory (\`/go\`, \`/root/.cache\`) counts. Not reported: vendored builds
    (\`-mod=vendor\`, a \`vendor/\` directory copied) for the module cache; build-cache advice next to \`-a\`;
    \`go install tool@version\` layers, which have no file inputs; a \`go mod download\` that no visible build
    follows (an opaque \`make\` may not get the same mount); and programs built from a few .go files
    without go.mod.`,
  examples: {
    bad: md`
      # syntax=docker/dockerfile:1
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      RUN go build -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN --mount=type=cache,target=/go/pkg/mod go mod download
      COPY . .
      RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .`,
  },
  fix: "none",
  equivalents: [],
  tags: ["go", "cache"],
  precision: "high",
  check(model, ctx) {
    // Cache mounts need BuildKit: advise them only where the file already needs it, so the advice cannot
    // break a build the classic builder runs (skaffold's local builds, Windows).
    if (!model.usesBuildKit) return;
    for (const command of goCommands(model)) {
      const builds = isGoBuild(command);
      if (!builds && command.subcommand !== "mod download") continue;
      // `go install tool@v1.2.3` has no file inputs: the layer cache already keeps it.
      if (installsRemoteTools(command)) continue;
      // A program built from a few .go files and no go.mod has no modules to keep, and little to recompile.
      if (onlyGoFilesCopied(command)) continue;
      // A download-only mount helps only when the build step can mount the same cache; an opaque build (`make`) may not.
      if (!builds && !buildFollows(command, model)) continue;
      const wanted: [string, string | undefined][] = [];
      if (!usesVendor(command, model.context.hasVendor === true)) wanted.push(["module cache", goCachePath(command, "GOMODCACHE")]);
      // `-a` rebuilds everything anyway: GO008 says so, a build-cache mount would not help.
      if (builds && command.boolFlag("a") !== true) wanted.push(["build cache", goCachePath(command, "GOCACHE")]);
      // A path we cannot work out might be the one mounted: say nothing about it.
      // A cache mount inside the cache (`/go/pkg/mod/cache`) is the author's choice: a wider one could make a later step slower.
      const chosen = (path: string) =>
        command.info.run.mounts.some((m) => m.type === "cache" && m.target !== undefined && isWithin(m.target, path));
      const missing = wanted.filter(([, path]) => path !== undefined && !mountCovers(command.info.run, path, ["cache"]) && !chosen(path));
      if (missing.length === 0) continue;
      const mounts = missing.map(([, path]) => `--mount=type=cache,target=${path}`).join(" ");
      ctx.report({
        at: commandSpan(command),
        message:
          `\`go ${command.subcommand}\` has no cache mount on ` +
          `its ${missing.map(([what, path]) => `${what} (${path})`).join(" and ")}, so every change that invalidates this layer ` +
          `downloads or recompiles everything again. Add \`RUN ${mounts} …\`.`,
      });
    }
  },
});
