import { defineRule, md } from "../src/engine/rule.js";
import { goCommands, goSetting, usesVendor, type GoCommand } from "../src/golang/build.js";
import { splitQuotedFields } from "../src/golang/flags.js";
import { goCommandLine } from "../src/golang/packages.js";
import type { Span } from "../src/text/source.js";

/** go commands that download and verify modules (a vendored build downloads none). */
const FETCHING = new Set(["build", "install", "get", "run", "test", "list", "mod download", "mod tidy", "mod vendor"]);

/** Hosts whose bare name (or `host/*`) as a GOPRIVATE/GONOSUMDB pattern covers a whole public hosting site. */
const PUBLIC_HOSTS = new Set([
  "github.com",
  "gitlab.com",
  "bitbucket.org",
  "golang.org",
  "google.golang.org",
  "gopkg.in",
  "go.googlesource.com",
  "cloud.google.com",
  "k8s.io",
  "sigs.k8s.io",
  "go.uber.org",
  "go.opentelemetry.io",
  "gitee.com",
]);

const REMOVED_IN = "Go 1.17 removed it";

export default defineRule({
  id: "GO013",
  name: "go-module-verification-disabled",
  severity: "warning",
  summary: "A shipped stage downloads Go modules with checksum verification or secure transport turned off",
  rationale: md`
    The go command checks every module it downloads against go.sum and, for a module go.sum does not list
    yet (a new dependency, a tool installed with \`go install pkg@version\`), against the public checksum
    database sum.golang.org. That is what stops a compromised proxy, mirror or repository from handing this
    build different code than everyone else gets. These settings turn it off:

    - \`GOSUMDB=off\`: no checksum database at all;
    - \`GONOSUMDB\` or \`GOPRIVATE\` with a pattern that covers public modules (\`*\`, \`github.com\`,
      \`github.com/*\`): those modules skip the database. A pattern naming your own private modules
      (\`github.com/your-org/*\`) is the normal set-up for private code and is not reported;
    - \`GOINSECURE\`: matching modules may be fetched over plain HTTP or without certificate checks;
    - \`-insecure\` (\`go get -insecure\`, \`GOFLAGS=-insecure\` seen by \`go get\`): plain HTTP and no checksum
      database, on Go before 1.17 (${REMOVED_IN}; it is reported when the builder's Go version is older or
      unknown).

    Set in ENV, ARG, a RUN (inline, \`export\`) or with \`go env -w\`, and seen by a go command that downloads
    modules (\`build\`, \`install\`, \`get\`, \`run\`, \`test\`, \`list\`, \`go mod download/tidy/vendor\`) in a stage
    whose output ships. Vendored builds download nothing and are not judged. \`GONOSUMCHECK\`, which some
    guides copy next to GONOSUMDB, is not a Go setting and does nothing. \`GOPROXY=direct\` alone still
    verifies against the checksum database.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      ENV GOSUMDB=off
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      ENV GOPRIVATE=github.com/example-org/*
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN go mod download
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["go", "security"],
  precision: "high",
  check(model, ctx) {
    const seen = new Set<string>();
    const report = (key: string, at: Span, message: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report({ at, message });
    };
    for (const command of goCommands(model)) {
      if (!FETCHING.has(command.subcommand) || !model.shippedStages.has(command.stage)) continue;
      if (usesVendor(command, model.context.hasVendor === true)) continue;
      const what = `the \`go ${command.subcommand}\` on line ${command.info.run.instruction.line}`;
      const sumdb = goSetting(command, "GOSUMDB");
      if (sumdb?.at && sumdb.value === "off") {
        report(
          `GOSUMDB@${sumdb.at.start}`,
          sumdb.at,
          `\`GOSUMDB=off\` turns off Go's checksum database for ${what}: a module go.sum does not list (a new dependency, ` +
            `a tool installed by version) is accepted unchecked, so a tampered proxy or repository can change the code this image ` +
            `ships. Remove it; for private modules, list only them in \`GOPRIVATE\`.`,
        );
      }
      for (const name of ["GONOSUMDB", "GOPRIVATE"]) {
        const setting = goSetting(command, name);
        const wide = setting?.value === undefined ? undefined : publicPattern(setting.value);
        if (!setting?.at || wide === undefined) continue;
        report(
          `${name}@${setting.at.start}`,
          setting.at,
          `\`${name}\` pattern \`${wide}\` covers public modules, so ${what} skips Go's checksum database for every module it ` +
            `matches: a tampered proxy or repository can change the code this image ships unnoticed. List only your private modules ` +
            `(e.g. \`${wide.startsWith("*") ? "github.com" : (wide.split("/")[0] as string)}/your-org/*\`).`,
        );
      }
      const insecure = goSetting(command, "GOINSECURE");
      if (insecure?.at && insecure.value !== undefined && insecure.value.trim() !== "") {
        report(
          `GOINSECURE@${insecure.at.start}`,
          insecure.at,
          `\`GOINSECURE=${insecure.value}\` lets ${what} fetch matching modules over plain HTTP or without checking TLS ` +
            `certificates; where they also skip the checksum database (private modules), a network attacker can change the code this ` +
            `image ships. Serve those modules over HTTPS and remove it.`,
        );
      }
      // -insecure was a flag of `go get` only; GOFLAGS applies a flag only to the commands that know it.
      if (command.subcommand === "get" && insecureFlagApplies(command)) {
        const goflags = goSetting(command, "GOFLAGS");
        if (goflags?.at && goflags.value !== undefined && splitQuotedFields(goflags.value).some(isInsecureFlag)) {
          report(`GOFLAGS@${goflags.at.start}`, goflags.at, insecureMessage("`GOFLAGS=-insecure`", what));
        }
        const flag = goCommandLine(command).flags.find((f) => isInsecureFlag(`-${f.name}${f.value === undefined ? "" : `=${f.value}`}`));
        if (flag) report(`flag@${flag.word.span.start}`, flag.word.span, insecureMessage("`go get -insecure`", "this download"));
      }
    }
  },
});

/** The first pattern of a GOPRIVATE/GONOSUMDB list that matches a whole public host, or every module. */
function publicPattern(value: string): string | undefined {
  return value
    .split(",")
    .map((p) => p.trim())
    .find((pattern) => {
      const [host, next, ...rest] = pattern.split("/");
      if (host === undefined || host === "") return false;
      if (host === "*" || /^\*(\.\*)*$/.test(host)) return true;
      return PUBLIC_HOSTS.has(host.toLowerCase()) && (next === undefined || next === "" || (next === "*" && rest.length === 0));
    });
}

function isInsecureFlag(token: string): boolean {
  return /^--?insecure(=(true|1|t|T|TRUE|True))?$/.test(token);
}

/** `-insecure` did anything only before Go 1.17: report it when the builder's Go is older, or unknown. */
function insecureFlagApplies(command: GoCommand): boolean {
  const version = command.stage.base.goVersion;
  return version === undefined || (version.major === 1 && version.minor < 17);
}

function insecureMessage(what: string, where: string): string {
  return (
    `${what} lets ${where} fetch modules over plain HTTP and skips the checksum database (Go before 1.17), ` +
    `so a network attacker can change the code this image ships. Remove it; ${REMOVED_IN} in favour of \`GOINSECURE\` for the ` +
    `hosts that really need it.`
  );
}
