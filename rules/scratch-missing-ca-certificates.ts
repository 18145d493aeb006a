import { DISTROLESS_DEBIAN } from "../src/images/knowledge.js";
import { defineRule, md } from "../src/engine/rule.js";
import { stageChain, stageLabel } from "../src/model/stages.js";
import { stageFiles } from "../src/model/filesystem.js";
import { basename, isWithin } from "../src/model/paths.js";
import type { CopyInfo, Stage } from "../src/model/types.js";

const CA_DIRS = ["/etc/ssl", "/etc/pki", "/etc/ca-certificates"];
const CA_FILES = new Set(["ca-certificates.crt", "ca-bundle.crt", "cert.pem", "tls-ca-bundle.pem", "ca-bundle.trust.crt"]);

/** The copy may bring a CA bundle: into a CA directory, a bundle file by name, or somewhere we cannot resolve. */
function mayCopyCaBundle(copy: CopyInfo): boolean {
  const dest = copy.destinationPath;
  if (dest === undefined) return true;
  if (CA_DIRS.some((dir) => isWithin(dest, dir) || isWithin(dir, dest))) return true;
  return copy.sources.some(
    (s) => s.value === undefined || CA_FILES.has(basename(s.value)) || CA_DIRS.some((dir) => s.path !== undefined && isWithin(s.path, dir)),
  );
}

export default defineRule({
  id: "RT001",
  name: "scratch-missing-ca-certificates",
  severity: "info",
  summary: "The final stage is FROM scratch and no CA certificate bundle is copied in",
  rationale: md`
    scratch is empty: it has no /etc/ssl/certs. Go's crypto/x509 looks for the system's CA bundle there, so
    without it every outgoing HTTPS request, OAuth token check or TLS database connection fails with
    \`x509: certificate signed by unknown authority\`, at run time and only on the code paths that call out.
    Copy the bundle from the builder (alpine and Debian builders have it), or use distroless/static, which
    ships one.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    if (final?.base.family !== "scratch" || model.purpose !== "runtime") return;
    const chain = stageChain(final);
    if (chain.some((stage) => stage.copies.some(mayCopyCaBundle))) return;
    // An image that holds no program (a compose file, data) makes no HTTPS calls; one whose program is
    // missing cannot start at all (RT003 says so).
    if (!chain.some((s) => s.copies.some((c) => c.from !== undefined || c.sources.some((src) => src.kind === "path")))) return;
    const program = (final.entrypoint ?? final.cmd)?.json?.[0]?.value;
    const programPath = program?.startsWith("/") ? program : undefined;
    if (programPath !== undefined && !stageFiles(final).mayExist(programPath)) return;
    const scratchFrom = chain[chain.length - 1] as Stage;
    // Suggest copying from a stage that has the bundle, preferring one the final image already copies from.
    const copiedFrom = chain.flatMap((s) => s.copies.map((c) => c.fromStage)).filter((s): s is Stage => s !== undefined);
    const source = [...copiedFrom, ...model.stages].find((s) => s !== final && s.base.caBundle === true);
    const copy = source
      ? `Copy the bundle: \`COPY --from=${stageLabel(source)} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\``
      : "Copy the bundle from a stage based on golang or alpine, which ship it " +
        "(`COPY --from=<that stage> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`)";
    ctx.report({
      at: scratchFrom.imageWord?.span ?? scratchFrom.from.keyword.span,
      message:
        `The final image is built on scratch and no CA certificates are copied in: any HTTPS call from the binary fails with "x509: ` +
        `certificate signed by unknown authority". ${copy}, or ship on gcr.io/distroless/static-${DISTROLESS_DEBIAN}.`,
    });
  },
});
