import { commandSpan, describeStage, goBuilds, libcMismatch } from "../src/golang/build.js";
import { defineRule, md } from "../src/engine/rule.js";

const LIBC_NAME = { none: "no C library", glibc: "glibc", musl: "musl" } as const;

export default defineRule({
  id: "GO002",
  name: "go-dynamic-binary",
  severity: "error",
  summary: "A cgo-linked Go binary is copied into an image without the C library it needs",
  rationale: md`
    With cgo on, \`go build\` produces a dynamically linked binary that asks the kernel for the libc
    loader it was linked against (\`/lib64/ld-linux-x86-64.so.2\` for glibc, \`/lib/ld-musl-*.so.1\` for
    musl). scratch, distroless/static and chainguard/static have no libc at all, and alpine has musl
    where a Debian builder linked glibc. The image builds fine and then the container dies at start
    with the misleading \`exec /app: no such file or directory\`.`,
  examples: {
    bad: md`
      FROM golang:1.23 AS build
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .
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
      (gcr.io/distroless/base-debian12 for a glibc build).`,
  },
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "high",
  check(model, ctx) {
    for (const build of goBuilds(model)) {
      const mismatch = libcMismatch(build, model);
      if (!mismatch) continue;
      const command = `go ${build.subcommand}`;
      const target = `${describeStage(mismatch.into, model)} (line ${mismatch.copy.instruction.line}), based on ${mismatch.into.base.family}, which has ${LIBC_NAME[mismatch.targetLibc]}`;
      const instead =
        mismatch.builderLibc === "glibc" ? "or keep cgo and ship on gcr.io/distroless/base-debian12, which has glibc" : "or keep cgo and ship on alpine, which has musl";
      const inline = build.info.command.assignments.find((a) => a.name === "CGO_ENABLED");
      ctx.report({
        at: commandSpan(build),
        message: `\`${command}\` links the binary dynamically against ${mismatch.builderLibc} (cgo is on: ${build.cgoReason}), but it is copied into ${target}: the container will fail to start with "no such file or directory". Build it static with \`CGO_ENABLED=0 ${command} …\`, ${instead}.`,
        fix: build.execForm
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
