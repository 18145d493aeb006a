import { defineRule, md } from "../src/engine/rule.js";
import { certainlyIgnored, parseDockerIgnore, type DockerIgnore, type IgnorePattern } from "../src/model/dockerignore.js";
import { basename, isGlob, normalizePath } from "../src/model/paths.js";
import type { CopySource } from "../src/model/types.js";

/** BuildKit's root check: `COPY .` is judged only when a plain pattern excludes every entry of the context root. */
const ROOT_PATTERNS = new Set(["*", "**", "**/*"]);

type Finding = { pattern: IgnorePattern; path: string; severity: "error" | "warning"; what: string };

/** What the source loses to the .dockerignore, if it certainly loses everything. */
function judge(ignore: DockerIgnore, source: CopySource, dockerfile: string): Finding | undefined {
  const value = source.value;
  if (source.kind !== "path" || source.word.hasExpansion || value === undefined || value.includes("\\")) return undefined;
  // Context paths are relative to its root, whatever the leading `/` or `./`.
  const path = normalizePath(value).replace(/^\/+/, "") || ".";
  if (path === ".." || path.startsWith("../")) return undefined;
  // The classic builder always sends the Dockerfile and .dockerignore, whatever the patterns say.
  const name = basename(path);
  if (name === ".dockerignore" || name === dockerfile) return undefined;
  if (path === ".") {
    if (ignore.exclusions || !ignore.patterns.some((p) => ROOT_PATTERNS.has(p.text))) return undefined;
    const pattern = certainlyIgnored(ignore, ".");
    return pattern && { pattern, path, severity: "warning", what: "every file of the build context is excluded, so this copies nothing" };
  }
  if (isGlob(path)) {
    // A glob copies nothing when the directory it lists is excluded; BuildKit accepts an empty match.
    const segments = path.split("/");
    const dir = segments.slice(0, segments.findIndex(isGlob)).join("/");
    const pattern = dir === "" ? undefined : certainlyIgnored(ignore, dir);
    return (
      pattern && {
        pattern,
        path: dir,
        severity: "warning",
        what:
          `the directory it lists, ${dir}, is excluded, so it matches nothing: BuildKit copies nothing and the classic builder fails ` +
          `("no source files were specified")`,
      }
    );
  }
  const pattern = certainlyIgnored(ignore, path);
  return pattern && { pattern, path, severity: "error", what: 'the builder never receives it and the build fails ("not found")' };
}

export default defineRule({
  id: "DF021",
  name: "copy-ignored-file",
  severity: "error",
  summary: "A COPY/ADD source is excluded by the build context's .dockerignore",
  rationale: md`
    Files the .dockerignore excludes are never sent to the builder, so a COPY or ADD that names one fails
    with "not found" (or, for a glob or \`.\`, copies nothing). Patterns are matched as BuildKit matches them
    (moby/patternmatcher): Go \`filepath.Match\` syntax plus \`**\`, a leading \`/\` or \`./\` ignored, a
    pattern matching a parent directory excluding everything below it, the last matching pattern winning,
    and \`!\` re-including. A directory excluded while a \`!\` pattern may re-include something below it is
    still sent with those files, so it is not reported. A Dockerfile-specific ignore file
    (\`app.Dockerfile.dockerignore\`) replaces the context's, as in BuildKit. Judged only when the build
    context is known and for sources without variables, and not for a Dockerfile named for goreleaser,
    which builds it in a context of its own.`,
  examples: {
    bad: md`
      # .dockerignore: bin
      FROM alpine:3.20
      COPY bin/app /usr/local/bin/app`,
    good: md`
      # .dockerignore: bin
      FROM golang:1.23-alpine AS builder
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .

      FROM alpine:3.20
      COPY --from=builder /out/app /usr/local/bin/app`,
    context: { known: true, goMod: "module example.com/app\n\ngo 1.23\n", hasGoSum: true, dockerignore: "bin\n" },
  },
  fix: "none",
  equivalents: ["CopyIgnoredFile"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    const text = model.context.dockerignore;
    if (!model.context.known || text === undefined) return;
    const ignore = parseDockerIgnore(text);
    if (!ignore) return;
    const dockerfile = basename(model.path ?? "Dockerfile");
    // goreleaser builds its Dockerfiles in a context of its own (the built binaries and extra_files), not the repository's.
    if (/goreleaser/i.test(model.path ?? "")) return;
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        // Other stages, images and named contexts are not filtered by the .dockerignore; --parents rewrites sources.
        if (copy.from !== undefined || copy.instruction.flags.some((f) => f.name === "parents")) continue;
        for (const source of copy.sources) {
          const found = judge(ignore, source, dockerfile);
          if (!found) continue;
          const instead =
            found.path === "."
              ? `Remove the \`${found.pattern.text}\` line, or re-include what the build needs with \`!\` patterns after it`
              : `Add \`!${found.path}\` after that line or remove the line (or drop the source, if another stage builds it)`;
          ctx.report({
            at: source.word.span,
            severity: found.severity,
            message:
              `\`${source.word.value}\` is excluded from the build context by .dockerignore line ${found.pattern.line} ` +
              `(\`${found.pattern.text}\`): ${found.what}. ${instead}.`,
          });
        }
      }
    }
  },
});
