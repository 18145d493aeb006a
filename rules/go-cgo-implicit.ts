import {
  commandSpan,
  goBuilds,
  installsRemoteTools,
  isShipped,
  libcMismatch,
  runsInBuildImage,
  targetLibcText,
} from "../src/golang/build.js";
import { defineRule, md } from "../src/engine/rule.js";
import { insertBefore } from "../src/engine/edits.js";

export default defineRule({
  id: "GO001",
  name: "go-cgo-implicit",
  severity: "warning",
  summary: "A shipped `go build` leaves CGO_ENABLED unset, so whether the binary is static depends on the builder",
  rationale: md`
    With CGO_ENABLED unset, the go command turns cgo on whenever it finds a C compiler. On the Debian
    \`golang\` images gcc is always there, so the binary is linked dynamically against glibc and will
    not start on scratch, distroless/static or alpine. On \`golang:*-alpine\` there is no compiler today,
    so the binary happens to be static, until someone adds \`build-base\` for an unrelated reason.
    \`CGO_ENABLED=0\` makes the static build explicit and keeps it static.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN go build -trimpath -ldflags="-s -w" -o /out/app .
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
    safety: "varies",
    description: md`
      Prefixes the command with \`CGO_ENABLED=0\`. Safe when the builder has no C compiler (cgo is already
      off; the fix only makes it explicit). Unsafe otherwise: a program that really uses cgo (sqlite3, a C
      library) fails to build or loses features without it.`,
  },
  equivalents: [],
  tags: ["go", "correctness", "reproducibility"],
  precision: "high",
  check(model, ctx) {
    // A runtime-hardening rule: dev containers, toolchain images and export stages are not services.
    if (model.purpose !== "runtime") return;
    for (const build of goBuilds(model)) {
      if (build.setting("CGO_ENABLED") !== undefined || !isShipped(build, model)) continue;
      // -race and C build modes need cgo; GOOS=windows/darwin turns it off; an unknown builder may set it.
      if (build.requiresCgo || build.targetsOtherOs || build.stage.base.family === "unknown") continue;
      // A pinned third-party tool is its vendor's binary; a binary run in the very image it was built in has its libc.
      if (installsRemoteTools(build) || runsInBuildImage(build, model)) continue;
      const command = `go ${build.subcommand}`;
      // The binary runs where the libc cgo would link is missing: say where.
      const mismatch = libcMismatch(build, model);
      const runsOn = mismatch
        ? `; it runs on ${mismatch.into.base.family}, which has ${targetLibcText(mismatch)}, where such a binary does not start`
        : "";
      const why =
        build.cgo === "on"
          ? `${build.cgoReason}, so cgo is on and the binary links libc dynamically if it uses a cgo package (net, ` +
            `os/user, C code)${runsOn}`
          : build.cgo === "off"
            ? `${build.cgoReason}, so the binary is static only by accident: installing gcc later silently makes it dynamic`
            : "whether cgo is then on depends on the Go version (before 1.20 it is on even without a C compiler), " +
              "the builder's C compiler and the target platform, so the binary may need libc at run time";
      // `CGO_ENABLED=0; go build`: a shell variable the go command never sees, since it is not exported.
      const unexported = build.info.vars.get("CGO_ENABLED");
      if (unexported?.kind === "shell" && unexported.at && !build.execForm) {
        ctx.report({
          at: commandSpan(build),
          message:
            `\`CGO_ENABLED=${unexported.value ?? "…"}\` sets a shell variable that \`${command}\` does not see (it is not exported), ` +
            `so it runs without it: ${why}. Write \`export CGO_ENABLED=${unexported.value ?? "0"}\`, ` +
            `or \`CGO_ENABLED=0 ${command} …\`.`,
          fix:
            unexported.value === "0"
              ? {
                  description: "Export CGO_ENABLED",
                  safety: build.cgo === "off" ? "safe" : "unsafe",
                  edits: [{ span: { start: unexported.at.start, end: unexported.at.start }, text: "export " }],
                }
              : undefined,
        });
        continue;
      }
      ctx.report({
        at: commandSpan(build),
        message: `\`${command}\` runs without CGO_ENABLED=0: ${why}. Write \`CGO_ENABLED=0 ${command} …\` to get a static binary.`,
        fix: build.execForm
          ? undefined
          : {
              description: "Set CGO_ENABLED=0 for this command",
              safety: build.cgo === "off" ? "safe" : "unsafe",
              edits: [insertBefore(build.goWord, "CGO_ENABLED=0 ")],
            },
      });
    }
  },
});
