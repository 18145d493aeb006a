import { defineRule, md } from "../src/engine/rule.js";
import { knownBuildDirectories } from "../src/golang/build-directories.js";
import { isPlainPath, topDirectory } from "../src/model/filesystem.js";

/** The files a directory holds, for a message: a few, and how many more (a message per COPY must not list thousands). */
function someFiles(files: readonly string[]): string {
  const shown = 3;
  return files.length <= shown ? files.join(", ") : `${files.slice(0, shown).join(", ")} and ${files.length - shown} more`;
}

export default defineRule({
  id: "RT006",
  name: "copy-from-missing-path",
  severity: "error",
  summary: "`COPY --from=<stage>` names a path that stage's build output does not contain",
  rationale: md`
    When a builder writes its binary with \`go build -o /out/app\` into a directory nothing else touches,
    the contents of /out are known: just /out/app. \`COPY --from=build /out/server /server\` then fails the
    build with "not found", usually after a rename of the binary on one side only.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
      FROM scratch
      COPY --from=build /out/server /server`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
      FROM scratch
      COPY --from=build /out/app /server`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        if (!copy.fromStage) continue;
        const known = knownBuildDirectories(copy.fromStage, model);
        if (known.size === 0) continue;
        for (const source of copy.sources) {
          if (!isPlainPath(source.path)) continue;
          const path = source.path;
          const top = topDirectory(path);
          const dir = top === undefined ? undefined : known.get(top);
          if (!dir || dir.writesWithin(path)) continue;
          ctx.report({
            at: source.word.span,
            message:
              `\`${path}\` does not exist in stage \`${copy.from}\`: nothing but \`go build\` writes to ${dir.dir} there, ` +
              `and it writes only ${someFiles(dir.files)}, so the build fails with "not found". ` +
              `Copy \`${dir.files[0]}\` instead, or build to ${path}.`,
          });
        }
      }
    }
  },
});
