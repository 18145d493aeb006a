import { defineRule, md } from "../src/engine/rule.js";
import { goCommands, goSetting, type GoCommand } from "../src/golang/build.js";
import { goCommandLine, isRemotePackage, versionQuery } from "../src/golang/packages.js";
import { isWithin } from "../src/model/paths.js";
import type { DockerfileModel } from "../src/model/types.js";

export default defineRule({
  id: "GO012",
  name: "go-install-unpinned",
  severity: "warning",
  summary:
    "`go get` of a remote package without `@version`, or a floating `@latest`/branch query, fetches whatever is newest at build time",
  rationale: md`
    \`go get github.com/x/tool\` names no version: it fetches the newest release (in module mode, where it
    also rewrites go.mod) or the head of the default branch (GOPATH mode) at the moment the image is built.
    Two builds of the same Dockerfile can then ship different code, and a broken or compromised release
    reaches the image unreviewed. Pin it: \`go install github.com/x/tool@v1.2.3\` for a tool, or a version in
    go.mod for a dependency. That is a \`warning\`.

    An explicit floating query (\`@latest\`, \`@upgrade\`, \`@patch\`, a version prefix like \`@v1\`, a
    conventional branch name like \`@master\` or \`@main\`) on \`go install\`, \`go get\` or \`go run\` floats the same way but is a visible
    choice: \`info\`, and not reported in development images (\`.devcontainer/\`, \`Dockerfile.dev\`), which
    install the newest tools on purpose. A full version (\`@v1.2.3\`, a pseudo-version) or a commit hash is pinned; \
another name (\`@2024.1.1\`)
    may be a tag, which is meant to stay put, and is not judged.

    Not reported, unlike hadolint's DL3062:
    - \`go install pkg\` and \`go run pkg\` without a version: in module mode they build the version the
      current module's go.mod requires (pinned by go.mod and go.sum), and outside a module they fail
      ("version is required when current directory is not in a module"); neither floats;
    - local packages and patterns (\`.\`, \`./...\`, \`./cmd/app\`, \`all\`), paths without a host
      (\`cmd/...\`, the main module's own \`myapp/cmd\`), \`go get\` with no package (it resolves only what
      go.mod is missing), and \`go tool\`;
    - \`go get\` of the module being built (the build context's go.mod names it, or the WORKDIR is its
      directory under \`$GOPATH/src\`);
    - a version that depends on an unknown value (\`@\${VERSION}\` of an ARG without default).`,
  examples: {
    bad: md`
      FROM golang:1.15-alpine AS build
      RUN go get github.com/golang/mock/mockgen
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN go install go.uber.org/mock/mockgen@v0.5.0
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .`,
  },
  problems: {
    "no-version": "`go get` of a remote package without `@version`",
    floating: "a floating query (`@latest`, `@master`, `@v1`) on `go install`, `go get` or `go run`",
  },
  fix: "none",
  equivalents: ["DL3062"],
  tags: ["go", "reproducibility", "security"],
  precision: "high",
  check(model, ctx) {
    for (const command of goCommands(model)) {
      if (command.subcommand !== "get" && command.subcommand !== "install" && command.subcommand !== "run") continue;
      for (const arg of goCommandLine(command).packages) {
        const value = arg.value;
        if (value === undefined || !isRemotePackage(value)) continue;
        const query = versionQuery(value);
        const path = value.split("@")[0] as string;
        // As written, with the value an ARG default gives it.
        const written = arg.word.hasExpansion
          ? `\`go ${command.subcommand} ${arg.word.value}\` (\`${value}\` with the defaults)`
          : `\`go ${command.subcommand} ${value}\``;
        if (query.kind === "floating") {
          // A development image (devcontainer, Dockerfile.dev) installs the newest tools on purpose.
          if (model.purpose === "dev") continue;
          ctx.report({
            problem: "floating",
            at: arg.word.span,
            severity: "info",
            message:
              `${written} does not pin a version: ${query.why}, so a rebuild can ship different code than the cached layer. ` +
              `Pin the release you tested: \`${path}@vX.Y.Z\`.`,
          });
          continue;
        }
        if (query.kind !== "none" || command.subcommand !== "get" || isCurrentModule(path, command, model)) continue;
        ctx.report({
          problem: "no-version",
          at: arg.word.span,
          message:
            `${written} names no version: it fetches the newest release (module mode) or the default branch's head (GOPATH mode) ` +
            `when the image is built, so two builds of this Dockerfile can ship different code. ${pinAdvice(path, command)}`,
        });
      }
    }
  },
});

/**
 * `go install pkg@version` exists since Go 1.16; before, module mode must be asked for to take a version
 * (outside a module since Go 1.12); older Go has no way to name a version.
 */
function pinAdvice(path: string, command: GoCommand): string {
  if (goSetting(command, "GO111MODULE")?.value === "off") {
    return (
      `GO111MODULE=off is GOPATH mode, which takes no version: check out the tested tag into $GOPATH/src ` +
      `(\`git clone --branch vX.Y.Z …\`), or build in module mode and \`go install ${path}@vX.Y.Z\` (Go 1.16 or later).`
    );
  }
  const version = command.stage.base.goVersion;
  // Go from a distribution package or a tarball: its version, and so the syntax it takes, is not known.
  if (version === undefined) {
    return (
      `Pin the release you tested: with Go 1.16 or later, \`go install ${path}@vX.Y.Z\` for a tool or \`go get ${path}@vX.Y.Z\` for ` +
      `a dependency; an older Go in GOPATH mode takes no version, so check out the tested tag into $GOPATH/src instead.`
    );
  }
  if (version !== undefined && version.major === 1 && version.minor < 12) {
    return (
      `Go ${version.text} cannot pin it with \`go get\` (module-aware \`go get\` outside a module needs Go 1.12): ` +
      `check out the tested tag into $GOPATH/src (\`git clone --branch vX.Y.Z …\`), or build on Go 1.16 or later and ` +
      `\`go install ${path}@vX.Y.Z\`.`
    );
  }
  if (version !== undefined && version.major === 1 && version.minor < 16) {
    return (
      `Pin the release you tested: \`GO111MODULE=on go get ${path}@vX.Y.Z\` (Go ${version.text} has no \`go install pkg@version\`, ` +
      `and GOPATH mode takes no version).`
    );
  }
  return (
    `Pin the release you tested: \`go get ${path}@vX.Y.Z\`; for a tool, \`go install ${path}@vX.Y.Z\` installs it ` +
    `without touching go.mod.`
  );
}

/**
 * The package is part of the module being built: under the module path of the build context's go.mod, or
 * (GOPATH mode) under the import path of the WORKDIR inside `$GOPATH/src`.
 */
function isCurrentModule(path: string, command: GoCommand, model: DockerfileModel): boolean {
  const module = /^module\s+"?([^\s"]+)"?\s*$/m.exec(model.context.goMod ?? "")?.[1];
  if (module !== undefined && (path === module || path.startsWith(`${module}/`))) return true;
  const gopath = goSetting(command, "GOPATH")?.value?.split(":")[0];
  const cwd = command.info.cwd;
  if (gopath === undefined || cwd === undefined) return false;
  const src = `${gopath.replace(/\/$/, "")}/src`;
  if (!isWithin(cwd, src) || cwd === src) return false;
  const importPath = cwd.slice(src.length + 1);
  const bare = path.replace(/\/\.\.\.$/, "");
  return bare === importPath || bare.startsWith(`${importPath}/`) || importPath.startsWith(`${bare}/`);
}
