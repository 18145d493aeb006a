import { defineRule, md, type Edit } from "../src/engine/rule.js";
import { removeWord } from "../src/engine/edits.js";
import { goBuilds, type GoFlag } from "../src/golang/build.js";
import type { Model } from "../src/model/build.js";

export default defineRule({
  id: "GO008",
  name: "go-force-rebuild-flags",
  severity: "info",
  summary: "`go build` uses `-a` or `-installsuffix`, which force rebuilds and do nothing useful with modules",
  rationale: md`
    \`-a\` rebuilds every package, the standard library included, on every build: it throws away the
    build cache and makes a BuildKit cache mount on it useless. \`-installsuffix cgo\` dates from GOPATH
    builds, when cgo and non-cgo archives shared a package directory; with modules and the build cache it
    has no effect. Both survive in copied Dockerfiles as "how to make a static binary", but
    \`CGO_ENABLED=0\` alone does that.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -a -installsuffix cgo -trimpath -ldflags="-s -w" -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .`,
  },
  fix: {
    safety: "safe",
    description: "Removes the flag (and the value of `-installsuffix`). Safe: the binary is the same; only the build cache is used again.",
  },
  equivalents: [],
  tags: ["go", "cache"],
  precision: "very-high",
  check(model, ctx) {
    for (const build of goBuilds(model)) {
      for (const flag of build.flags) {
        if (!flag.word || (flag.name !== "a" && flag.name !== "installsuffix")) continue;
        if (flag.name === "a" && build.boolFlag("a") !== true) continue;
        const what =
          flag.name === "a"
            ? "`-a` rebuilds every package, the standard library included, on every build: the build cache (and any cache " +
              "mount on it) is never used"
            : "`-installsuffix` only mattered for GOPATH package directories; with modules it changes nothing";
        ctx.report({
          at: { start: flag.word.span.start, end: (flag.valueWord ?? flag.word).span.end },
          message:
            `${what}. CGO_ENABLED=0 alone makes the binary static: ` +
            `remove \`${model.source.slice({ start: flag.word.span.start, end: (flag.valueWord ?? flag.word).span.end })}\`.`,
          fix: build.execForm ? undefined : { description: `Remove -${flag.name}`, safety: "safe", edits: [removal(model, flag)] },
        });
      }
    }
  },
});

/** Deletes the flag (with its value): its whole line when it stands alone on a continuation line, else with the space before it. */
function removal(model: Model, flag: GoFlag): Edit {
  const word = flag.word as NonNullable<GoFlag["word"]>;
  return removeWord(model.source, model.parsed.escape, { start: word.span.start, end: (flag.valueWord ?? word).span.end });
}
