import { DISTROLESS_DEBIAN } from "../src/images/knowledge.js";
import { defineRule, md } from "../src/engine/rule.js";
import { goBuilds, isShipped } from "../src/golang/build.js";
import { stageChain } from "../src/model/stages.js";
import { runsScript } from "../src/model/purpose.js";
import { distrolessTagFor } from "../src/model/users.js";
import type { Stage } from "../src/model/types.js";

/** Packages any minimal base provides too: installing them does not tie the image to its distribution. */
const PLUMBING_PACKAGES = new Set(["ca-certificates", "tzdata"]);

/** `rm -rf /bin/* /usr/bin/*`: the image removes its own shell and tools. */
function deletesSystemTools(chain: readonly Stage[]): boolean {
  return chain.some((s) =>
    s.runs.some((r) => r.commands.some((c) => c.name === "rm" && c.args.some((w) => /^\/(usr\/)?s?bin(\/\*?)?$/.test(w.value)))),
  );
}

export default defineRule({
  id: "IM004",
  name: "final-image-not-minimal",
  severity: "warning",
  summary: "The final image of a Go build is a full distribution (debian, ubuntu); alpine is reported as info",
  rationale: md`
    A static Go binary needs a kernel and, at most, CA certificates, time zones and a passwd entry.
    debian and ubuntu bases add 30–80 MB of shell, package manager and libraries, each a source of CVE
    reports to triage and of tools for an attacker. distroless/static (2 MB) or scratch carry what the
    binary needs; alpine (7 MB) is smaller but still ships a shell and apk, so it is only an info.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM debian:bookworm-slim
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["size", "security"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    // A Go SDK final image is GO009's finding; a final image that gets no Go binary is not a Go image.
    if (!final || model.purpose !== "runtime" || final.base.goToolchain || !goBuilds(model).some((build) => isShipped(build, model)))
      return;
    // The image uses what the distribution provides: packages installed for run time, an entrypoint
    // script, or it deletes the shell and tools itself.
    const chain = stageChain(final);
    if (chain.some((s) => s.packages.some((p) => !PLUMBING_PACKAGES.has(p.name))) || runsScript(final) || deletesSystemTools(chain)) return;
    // A build whose cgo may be on (also when unknown, as before Go 1.20) may need its libc: advice must keep one.
    const cgo = goBuilds(model).find((b) => isShipped(b, model) && b.mayNeedLibc);
    // A cgo binary linked against musl needs musl: alpine is already the small choice.
    // A musl build needs musl, which alpine is the small choice for; an unknown builder's libc is unknown.
    if (cgo && cgo.stage.base.libc !== "glibc") return;
    const at = final.imageWord?.span ?? final.from.keyword.span;
    const tag = distrolessTagFor(final);
    if (final.base.size === "distro") {
      const instead = cgo
        ? `\`gcr.io/distroless/base-${DISTROLESS_DEBIAN}${tag}\`, which has the glibc its build links against when cgo is on`
        : `\`gcr.io/distroless/static-${DISTROLESS_DEBIAN}${tag}\` (or scratch with CA certificates)`;
      ctx.report({
        at,
        message:
          `The final image runs a Go binary on ${final.base.family}, a full distribution: tens of MB of shell, ` +
          `package manager and libraries the binary does not use, each a source of CVEs. Ship it on ${instead}.`,
      });
    } else if (final.base.family === "alpine") {
      ctx.report({
        at,
        severity: "info",
        // A glibc builder with cgo on or unknown: the binary runs on musl only if it is static, which
        // CGO_ENABLED=0 makes certain before the move to a base without any C library.
        message:
          `The final image runs a Go binary on alpine, which still ships a shell and apk. If nothing in the image needs them, ` +
          `\`gcr.io/distroless/static-${DISTROLESS_DEBIAN}${tag}\` is smaller and has nothing to exec ` +
          `into${cgo ? ` (build with \`CGO_ENABLED=0\` first, so the binary is static for certain)` : ""}.`,
      });
    }
  },
});
