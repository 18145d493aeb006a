import { defineRule, md } from "../src/engine/rule.js";
import { goBuilds, isShipped } from "../src/golang/build.js";

export default defineRule({
  id: "IM004",
  name: "final-image-not-minimal",
  severity: "warning",
  summary: "The final image of a Go build is a full distribution (debian, ubuntu); alpine is reported as info",
  rationale: md`
    A static Go binary needs a kernel and, at most, CA certificates, time zones and a passwd entry.
    debian and ubuntu bases add 30–80 MB of shell, package manager and libraries, each a source of CVE
    reports to triage and of tools for an attacker. distroless/static (2 MB) or scratch carry what the
    binary needs; alpine (7 MB) is smaller but still ships a shell and apk, so it is only an info.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM debian:bookworm-slim
      COPY --from=build /out/app /app`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM gcr.io/distroless/static-debian12:nonroot
      COPY --from=build /out/app /app`,
  },
  fix: "none",
  equivalents: [],
  tags: ["size", "security"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    // A Go SDK final image is GO009's finding; a final image that gets no Go binary is not a Go image.
    if (!final || final.base.goToolchain || !goBuilds(model).some((build) => isShipped(build, model))) return;
    const at = final.imageWord?.span ?? final.from.keyword.span;
    if (final.base.size === "distro") {
      ctx.report({
        at,
        message: `The final image runs a Go binary on ${final.base.family}, a full distribution: tens of MB of shell, package manager and libraries the binary does not use, each a source of CVEs. Ship it on \`gcr.io/distroless/static-debian12:nonroot\` (or scratch with CA certificates).`,
      });
    } else if (final.base.family === "alpine") {
      ctx.report({
        at,
        severity: "info",
        message: "The final image runs a Go binary on alpine, which still ships a shell and apk. If nothing in the image needs them, `gcr.io/distroless/static-debian12:nonroot` is smaller and has nothing to exec into.",
      });
    }
  },
});
