import { defineRule, md } from "../src/engine/rule.js";
import { commandSpan, goCommands, goSetting, isGoBuild, type GoCommand } from "../src/golang/build.js";
import { normalizePath } from "../src/model/paths.js";

/** Where the go command keeps a cache, from the environment it sees; undefined when that cannot be known. */
function cachePath(command: GoCommand, variable: "GOMODCACHE" | "GOCACHE"): string | undefined {
  const env = (name: string) => goSetting(command, name);
  const explicit = env(variable);
  if (explicit) return explicit.value === undefined ? undefined : normalizePath(explicit.value);
  const home = env("HOME")?.value ?? (runsAsRoot(command) ? "/root" : undefined);
  if (variable === "GOMODCACHE") {
    const gopath = env("GOPATH");
    const first = gopath ? gopath.value?.split(":")[0] : home === undefined ? undefined : `${home}/go`;
    return first === undefined ? undefined : normalizePath(`${first}/pkg/mod`);
  }
  return home === undefined ? undefined : normalizePath(`${home}/.cache/go-build`);
}

function runsAsRoot(command: GoCommand): boolean {
  const users = command.stage.users.filter((u) => u.instruction.index < command.info.run.instruction.index);
  const last = users[users.length - 1];
  if (last) return last.user === "root" || last.user === "0";
  return command.stage.parent === undefined && command.stage.base.defaultUser === "root";
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
    $HOME/.cache/go-build, /root/.cache/go-build for root).`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN go mod download`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN --mount=type=cache,target=/go/pkg/mod go mod download`,
  },
  fix: "none",
  equivalents: [],
  tags: ["go", "cache"],
  precision: "high",
  check(model, ctx) {
    for (const command of goCommands(model)) {
      const builds = isGoBuild(command);
      if (!builds && command.subcommand !== "mod download") continue;
      const mounted = command.info.run.mounts
        .filter((m) => m.options.get("type") === "cache")
        .map((m) => m.options.get("target") ?? m.options.get("dst") ?? m.options.get("destination"))
        .filter((t): t is string => t !== undefined)
        .map((t) => normalizePath(t));
      const wanted = [["module cache", cachePath(command, "GOMODCACHE")], ...(builds ? [["build cache", cachePath(command, "GOCACHE")] as const] : [])] as const;
      // A path we cannot work out might be the one mounted: say nothing about it.
      const missing = wanted.filter(([, path]) => path !== undefined && !mounted.includes(path));
      if (missing.length === 0) continue;
      const mounts = missing.map(([, path]) => `--mount=type=cache,target=${path}`).join(" ");
      ctx.report({
        at: commandSpan(command),
        message: `\`go ${command.subcommand}\` has no cache mount on its ${missing.map(([what, path]) => `${what} (${path})`).join(" and ")}, so every change that invalidates this layer downloads or recompiles everything again. Add \`RUN ${mounts} …\`.`,
      });
    }
  },
});
