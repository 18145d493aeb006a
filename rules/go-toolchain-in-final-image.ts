import { defineRule, md } from "../src/engine/rule.js";
import { runtimeBaseFor } from "../src/golang/build.js";
import { runsScript } from "../src/model/purpose.js";

const GO_PACKAGE = /^(go|golang|golang-go|golang-\d[\w.-]*|go\d[\w.-]*)$/;

export default defineRule({
  id: "GO009",
  name: "go-toolchain-in-final-image",
  severity: "warning",
  summary: "The final image is based on a Go SDK image, or installs the Go toolchain",
  rationale: md`
    A compiled Go program needs no compiler at run time. Shipping the SDK adds hundreds of megabytes
    (the \`golang\` images are 250–850 MB against a few MB for distroless/static), slows every pull and
    cold start, and adds a compiler, a shell and a package manager for anyone who gets code execution in
    the container. Build in one stage, copy the binary into a minimal one.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /app .
      USER nobody
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /app .
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY --from=build /app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["go", "size", "security"],
  precision: "very-high",
  check(model, ctx) {
    const final = model.finalStage;
    if (!final || model.purpose !== "runtime") return;
    // An entrypoint script does more than start the binary (Hugo runs `go` for its modules): a deliberate SDK.
    if (runsScript(final)) return;
    const target = runtimeBaseFor(model);
    if (final.base.goToolchain === true) {
      ctx.report({
        at: final.imageWord?.span ?? final.from.keyword.span,
        message:
          `The final image is built on ${final.base.family}, a Go SDK image: the compiler ships with the binary, ` +
          `adding hundreds of MB and a toolchain for attackers. Build in a stage \`AS build\` and copy the binary into a minimal ` +
          `image: \`FROM ${target.image}\` + \`COPY --from=build …\`${target.why}.`,
      });
      return;
    }
    // Packages still installed at the end: one removed again (`apt-get purge golang`) does not ship.
    for (const p of final.packagesAtEnd) {
      if (!GO_PACKAGE.test(p.name)) continue;
      const word = p.command.args.find((w) => w.value === p.name);
      ctx.report({
        at: word?.span ?? p.command.command.span,
        message:
          `The final image installs the Go toolchain (\`${p.name}\`), which the compiled binary does not need at run time: ` +
          `it adds hundreds of MB and a compiler for attackers. Build in a separate stage and copy only the binary into this one.`,
      });
    }
  },
});
