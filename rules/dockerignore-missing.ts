import { defineRule, md } from "../src/engine/rule.js";
import { parseDockerIgnore } from "../src/model/dockerignore.js";
import { normalizePath } from "../src/model/paths.js";
import { instructionHead } from "../src/model/spans.js";

// The .dockerignore keeps the repository history out, as BuildKit matches it (`.git`, `.git/*`, `**/.git`, `*`
// and `.*` all do); a file BuildKit would refuse counts as keeping it out, so nothing is claimed.
function excludesGit(dockerignore: string): boolean {
  const ignore = parseDockerIgnore(dockerignore);
  return ignore === undefined || (ignore.excludes(".git/HEAD") && ignore.excludes(".git/objects/pack/history.pack"));
}

export default defineRule({
  id: "DF012",
  name: "dockerignore-missing",
  severity: "warning",
  summary: "The whole build context is copied and its .dockerignore is missing or lets .git in",
  rationale: md`
    \`COPY . .\` sends and copies everything in the build context. Without a .dockerignore that excludes
    at least .git, the repository's history (and any local secrets, binaries and editor files) goes into
    the builder, every commit invalidates the layer cache even when no source changed, and the context
    upload grows with the repository.`,
  examples: {
    bad: md`
      # the build context has no .dockerignore
      FROM golang:1.23-alpine
      WORKDIR /src
      COPY . .`,
    good: md`
      # .dockerignore in the build context lists .git
      FROM golang:1.23-alpine
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY cmd ./cmd`,
    context: { known: true, goMod: "module example.com/app\n\ngo 1.23\n", hasGoSum: true, dockerignore: undefined },
  },
  fix: "none",
  equivalents: [],
  tags: ["cache", "security"],
  precision: "high",
  check(model, ctx) {
    if (!model.context.known) return;
    const ignore = model.context.dockerignore;
    if (ignore !== undefined && excludesGit(ignore)) return;
    const whole = model.stages
      .flatMap((s) => s.copies)
      .find(
        (c) => c.from === undefined && c.sources.some((x) => x.kind === "path" && x.value !== undefined && normalizePath(x.value) === "."),
      );
    if (!whole) return;
    const what =
      ignore === undefined ? "the build context has no .dockerignore" : "the build context's .dockerignore does not exclude .git";
    ctx.report({
      at: instructionHead(model, whole.instruction),
      message:
        `This copies the whole build context and ${what}: the repository history goes into the image's build, ` +
        `and every commit invalidates the layer cache. ${
          ignore === undefined ? "Add a .dockerignore that lists at least `.git`" : "Add `.git` to the .dockerignore"
        }.`,
    });
  },
});
