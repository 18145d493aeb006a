import { commandSpan, goBuilds, libcMismatch, targetLibcText } from "../src/golang/build.js";
import { describeStage } from "../src/model/stages.js";
import { DISTROLESS_DEBIAN, DISTROLESS_GLIBC } from "../src/images/knowledge.js";
import { defineRule, md } from "../src/engine/rule.js";

const LIBC_NAME = { none: "no C library", glibc: "glibc", musl: "musl" } as const;

export default defineRule({
  id: "GO002",
  name: "go-dynamic-binary",
  severity: "error",
  summary: "A Go binary built with cgo on purpose runs in an image without the C library it links",
  rationale: md`
    With cgo on, \`go build\` produces a dynamically linked binary that asks the kernel for the libc
    loader it was linked against (\`/lib64/ld-linux-x86-64.so.2\` for glibc, \`/lib/ld-musl-*.so.1\` for
    musl). scratch, distroless/static and chainguard/static have no libc at all, and alpine has musl
    where a Debian builder linked glibc. The image builds fine and then the container dies at start
    with the misleading \`exec /app: no such file or directory\`.

    Where the binary runs decides: the copies are followed through intermediate stages (a scratch
    stage that only carries files is not where it runs) to the final image; a tool installed next to the
    product and never copied does not count.

    cgo being on does not make every binary dynamic: the Go linker only pulls in libc for a program
    that uses a cgo package (\`net\` and \`os/user\` have cgo variants; any \`import "C"\`). A program that
    imports neither is static even with cgo on (golang/go#57007). Which packages a program imports is
    not in the Dockerfile. So GO002 reports a build that chooses cgo (\`CGO_ENABLED=1\`) as a \`warning\`,
    and is an \`error\` only where dynamic linking is certain: \`-race\`, \`-msan\`, \`-asan\`, a C build
    mode or \`-linkmode external\` always link libc. A build that merely leaves cgo on (CGO_ENABLED unset)
    is GO001's finding, which names the image it runs on.

    The same failure happens between two glibc images of different ages: since glibc 2.34 (libpthread
    and libdl merged into libc) a dynamically linked program built against it needs symbols versioned
    \`GLIBC_2.34\`, and fails on an older glibc with "version \`GLIBC_2.34' not found". A cgo build on
    bookworm (2.36: \`golang:1.21\` and later, \`-bookworm\`, \`-trixie\`) shipped on bullseye (2.31),
    buster, Ubuntu 20.04 or \`distroless/base-debian11\` is reported, only when both releases are known
    from the tags (a floating \`debian:stable\` or an older \`golang:1.20\` default tag is not).`,
  examples: {
    bad: md`
      FROM golang:1.23 AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=1 go build -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23 AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: {
    safety: "unsafe",
    description: md`
      Sets \`CGO_ENABLED=0\` on the command. Unsafe: a program that needs cgo (sqlite3, a C library) no
      longer builds that way; for those, keep cgo and move to a base with the matching libc instead
      (gcr.io/distroless/base-debian13 for a glibc build).`,
  },
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "high",
  check(model, ctx) {
    for (const build of goBuilds(model)) {
      const mismatch = libcMismatch(build, model);
      // Where cgo is merely left on, whether libc is linked depends on the program's imports: GO001 says
      // so. GO002 speaks where cgo is chosen (CGO_ENABLED=1) or required by the flags.
      if (!mismatch || (build.setting("CGO_ENABLED") === undefined && !build.requiresCgo)) continue;
      const command = `go ${build.subcommand}`;
      const versions = mismatch.glibcVersions;
      const target =
        `${describeStage(mismatch.into, model)} (copied there on line ${mismatch.copy.instruction.line}), ` +
        `based on ${mismatch.into.base.family}, which has ${versions ? targetLibcText(mismatch) : LIBC_NAME[mismatch.targetLibc]}`;
      // Older glibc: ship on a base as new as the builder's Debian, or build on the runtime's release.
      const olderDebian = versions
        ? versions.target.max >= 31
          ? "bullseye"
          : versions.target.max >= 28
            ? "buster"
            : undefined
        : undefined;
      const keepCgo = versions
        ? `gcr.io/distroless/base-${DISTROLESS_DEBIAN}, which has glibc ${DISTROLESS_GLIBC}${
            olderDebian ? `, or build on ${olderDebian} (a golang \`-${olderDebian}\` image) to match the runtime` : ""
          }`
        : mismatch.builderLibc === "glibc"
          ? `gcr.io/distroless/base-${DISTROLESS_DEBIAN}, which has glibc`
          : "alpine, which has musl";
      const fails = versions ? `"version \`GLIBC_2.34' not found"` : `"no such file or directory"`;
      const inline = build.info.command.assignments.find((a) => a.name === "CGO_ENABLED");
      const certain = build.requiresCgo;
      ctx.report({
        at: commandSpan(build),
        // Dynamic linking is certain only when the build itself requires cgo; otherwise it depends on the imports.
        severity: certain ? undefined : "warning",
        message: certain
          ? `\`${command}\` links the binary dynamically against ${mismatch.builderLibc} (its flags require cgo, ` +
            `and ${build.cgoReason}), but it runs in ${target}: the container will fail to start with ${fails}. ` +
            `Keep cgo and ship on ${keepCgo}.`
          : `\`${command}\` builds with cgo on (${build.cgoReason}), so a program that uses C code, ` +
            `net or os/user is linked dynamically against ${mismatch.builderLibc}, but it runs in ${target}: ` +
            `such a binary fails to start with ${fails}. Build it static with \`CGO_ENABLED=0 ${command} …\` if it needs no C code, ` +
            `or keep cgo and ship on ${keepCgo}.`,
        // A build that requires cgo (-race, C build modes) breaks with CGO_ENABLED=0: no fix for it.
        fix:
          build.execForm || certain
            ? undefined
            : {
                description: "Build with CGO_ENABLED=0",
                safety: "unsafe",
                edits: [
                  inline
                    ? { span: inline.value.span, text: "0" }
                    : { span: { start: build.goWord.span.start, end: build.goWord.span.start }, text: "CGO_ENABLED=0 " },
                ],
              },
      });
    }
  },
});
