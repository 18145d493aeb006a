import { defineRule, md } from "../src/engine/rule.js";
import { addWordAfter } from "../src/engine/edits.js";
import { commandSpan, goBuilds, installsRemoteTools, isShipped } from "../src/golang/build.js";

export default defineRule({
  id: "GO004",
  name: "go-trimpath-missing",
  severity: "warning",
  summary: "A shipped Go build lacks `-trimpath`, so builder paths end up in the binary",
  rationale: md`
    Without \`-trimpath\` the compiler records absolute file system paths of the builder (\`/src/…\`,
    \`/go/pkg/mod/…\`) in the binary. Two builds of the same commit in different directories then differ
    byte for byte, which defeats reproducible builds and provenance checks, and stack traces leak the
    build machine's layout. \`-trimpath\` (on the command line or in GOFLAGS) records module paths instead.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: {
    safety: "safe",
    description:
      "Inserts `-trimpath` right after `go build`. Safe: it changes only the file names recorded in the binary. " +
      "Not offered where `-trimpath=false` is written explicitly.",
  },
  equivalents: [],
  tags: ["go", "reproducibility", "security"],
  precision: "very-high",
  check(model, ctx) {
    if (model.purpose !== "runtime") return;
    for (const build of goBuilds(model)) {
      // A third-party tool installed at a pinned version is its vendor's binary, not the project's build.
      if (!isShipped(build, model) || installsRemoteTools(build)) continue;
      const goflags = build.setting("GOFLAGS");
      if (goflags && goflags.value === undefined) continue; // GOFLAGS unknown: it may hold -trimpath
      const trimpath = build.flag("trimpath");
      if (trimpath && (trimpath.unknown || build.boolFlag("trimpath") !== false)) continue;
      const command = `go ${build.subcommand}`;
      ctx.report({
        at: commandSpan(build),
        message:
          `\`${command}\` without -trimpath records the builder's absolute paths in the binary: they show in stack traces, and ` +
          `the same commit built in another directory gives another binary. Add it: \`${command} -trimpath …\` (or GOFLAGS=-trimpath).`,
        // An explicit -trimpath=false would override an inserted flag: that one is left to the user.
        fix: trimpath
          ? undefined
          : { description: "Add -trimpath", safety: "safe", edits: [addWordAfter(build.subcommandWord, "-trimpath", build.execForm)] },
      });
    }
  },
});
