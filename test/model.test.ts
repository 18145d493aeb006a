// The semantic model: stages, variables in scope, the shipped set, the Go build view, base-image knowledge.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContext } from "../src/options/context.js";
import { goBuilds, goCommands, isShipped } from "../src/golang/build.js";
import { imageFacts, parseGoVersion } from "../src/images/knowledge.js";
import { parseImageRef } from "../src/images/ref.js";
import { buildModel } from "../src/model/build.js";
import { UNKNOWN_CONTEXT } from "../src/model/types.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";
import { tempDir } from "./cli-helpers.js";

const model = (text: string) => buildModel(parseDockerfile(text), UNKNOWN_CONTEXT);
const builds = (text: string) => goBuilds(model(text));

describe("stages", () => {
  it("resolves base images through global ARGs, ${VAR:-default}, --platform and parent stages", () => {
    const m = model(
      [
        "ARG GO_VERSION=1.23",
        "ARG DISTRO",
        "FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-${DISTRO:-alpine} AS Build",
        "FROM build AS test",
        "FROM gcr.io/distroless/static-debian12:nonroot",
      ].join("\n"),
    );
    expect(m.stages.map((s) => [s.index, s.name, s.imageText])).toEqual([
      [0, "build", "golang:1.23-alpine"],
      [1, "test", "build"],
      [2, undefined, "gcr.io/distroless/static-debian12:nonroot"],
    ]);
    expect(m.stages[0]!.platform?.value).toBe("$BUILDPLATFORM");
    expect(m.stages[1]!.parent).toBe(m.stages[0]);
    expect(m.stages[1]!.base.family).toBe("golang (alpine)");
    expect(m.finalStage).toBe(m.stages[2]);
  });

  // BuildKit: a stage built on another inherits the ARGs it declared (moby/buildkit#5381 documents it), not the global ones.
  it("keeps global ARGs out of stages unless re-declared, inherits ENV and declared ARGs from a parent stage", () => {
    const m = model(["ARG V=1", "FROM alpine:3.20 AS a", "ARG V", "ARG LOCAL=x", "ENV E=$V-$LOCAL", "FROM a AS b", "RUN true"].join("\n"));
    const [a, b] = m.stages;
    const run = b!.instructions[0]!;
    expect(a!.endEnv.get("E")?.value).toBe("1-x");
    expect(b!.scopeAt(run).get("E")?.value).toBe("1-x");
    expect(b!.scopeAt(run).get("LOCAL")?.value).toBe("x");
    expect(b!.scopeAt(run).get("V")?.value).toBe("1");
    // Only ENV reaches the image configuration.
    expect(b!.endEnv.get("LOCAL")).toBeUndefined();
    const c = model(["ARG V=1", "FROM alpine:3.20 AS a", "FROM a AS b", "RUN true"].join("\n")).stages[1]!;
    expect(c.scopeAt(c.instructions[0]!).get("V")).toBeUndefined();
  });

  it("resolves WORKDIR (relative to the previous one, with variables) and COPY destinations", () => {
    const m = model(["FROM golang:1.23", "ENV APP=/srv", "WORKDIR $APP", "WORKDIR app", "COPY a.txt b/", "COPY c ."].join("\n"));
    const stage = m.stages[0]!;
    expect(stage.endWorkdir).toBe("/srv/app");
    expect(stage.copies.map((c) => [c.destinationPath, c.destinationIsDir])).toEqual([
      ["/srv/app/b", true],
      ["/srv/app", true],
    ]);
  });

  it("ships the final stage and what it builds on or copies from, transitively; a RUN --mount=from ships nothing", () => {
    const m = model(
      [
        "FROM golang:1.23 AS deps",
        "FROM deps AS build",
        "FROM alpine:3.20 AS certs",
        "FROM golang:1.23 AS tools",
        "FROM scratch AS runtime",
        "COPY --from=build /out/app /app",
        "RUN --mount=from=certs,source=/etc/ssl,target=/x true",
        "FROM runtime",
      ].join("\n"),
    );
    expect([...m.shippedStages].map((s) => s.name ?? "final").sort()).toEqual(["build", "deps", "final", "runtime"]);
  });
});

describe("the Go build view", () => {
  it("reads -ldflags in every quoting style", () => {
    const text = [
      "FROM golang:1.23",
      `RUN go build -ldflags="-s -w -X 'main.v=1 2'" . && go build -ldflags '-w' . && go build -ldflags "-X a=b" . ` +
        `&& go build "-ldflags=-s" . && go build --ldflags=-w .`,
    ].join("\n");
    expect(builds(text).map((b) => b.ldflags?.flag.value)).toEqual(["-s -w -X 'main.v=1 2'", "-w", "-X a=b", "-s", "-w"]);
    expect(builds(text)[0]!.ldflags?.linker?.flags.map((f) => [f.name, f.value])).toEqual([
      ["s", undefined],
      ["w", undefined],
      ["X", "main.v=1 2"],
    ]);
  });

  it("reads -o (against WORKDIR and cd), -trimpath, -mod, -a, -installsuffix and -tags", () => {
    const [b] = builds(
      "FROM golang:1.23\nWORKDIR /src\nRUN cd cmd && go build -a -installsuffix cgo -trimpath -mod=vendor -tags " +
        "netgo,osusergo -o ../bin/app ./server",
    );
    expect(b!.output).toEqual({ path: "/src/bin/app", isDir: false, file: "/src/bin/app" });
    expect([
      b!.boolFlag("trimpath"),
      b!.boolFlag("a"),
      b!.flag("mod")?.value,
      b!.flag("installsuffix")?.value,
      b!.flag("tags")?.value,
    ]).toEqual([true, true, "vendor", "cgo", "netgo,osusergo"]);
  });

  it("finds CGO_ENABLED from ENV, ARG, inline, export and an earlier go env -w, and GOFLAGS", () => {
    const settings = (text: string) =>
      builds(`FROM golang:1.23\n${text}`).map((b) => [b.setting("CGO_ENABLED")?.value, b.setting("CGO_ENABLED")?.kind]);
    expect(settings("ENV CGO_ENABLED=0\nRUN go build .")).toEqual([["0", "env"]]);
    expect(settings("ARG CGO_ENABLED=0\nRUN go build .")).toEqual([["0", "arg"]]);
    expect(settings("RUN CGO_ENABLED=0 go build .")).toEqual([["0", "inline"]]);
    expect(settings("RUN export CGO_ENABLED=0; go build .")).toEqual([["0", "export"]]);
    expect(settings("RUN go env -w CGO_ENABLED=0\nRUN go build .")).toEqual([["0", "go-env"]]);
    expect(settings("RUN CGO_ENABLED=0; go build .")).toEqual([[undefined, undefined]]);
    const [b] = builds('FROM golang:1.23\nENV GOFLAGS="-trimpath -mod=mod"\nRUN go build .');
    expect([b!.boolFlag("trimpath"), b!.flag("mod")?.value, b!.flag("mod")?.origin]).toEqual([true, "mod", "GOFLAGS"]);
  });

  it("decides cgo from the builder's C compiler and packages installed before the build", () => {
    const cgo = (text: string) => builds(text).map((b) => b.cgo);
    expect(cgo("FROM golang:1.23\nRUN go build .")).toEqual(["on"]);
    expect(cgo("FROM golang:1.23-alpine\nRUN go build .")).toEqual(["off"]);
    expect(cgo("FROM golang:1.23-alpine\nRUN go build . && apk add gcc\nRUN apk add --no-cache build-base\nRUN go build .")).toEqual([
      "off",
      "on",
    ]);
    expect(cgo("FROM golang:1.23\nRUN GOARCH=arm64 go build .")).toEqual(["unknown"]);
    expect(cgo("FROM example.com/go:1\nRUN go build .")).toEqual(["unknown"]);
  });

  it("finds go commands in heredoc scripts, after env(1), and names the subcommand", () => {
    const m = model(
      "FROM golang:1.23\nRUN <<EOF\nset -e\ngo mod download\nenv CGO_ENABLED=0 go install ./cmd/x\nEOF\nRUN python3 <<EOF\ngo build\nEOF",
    );
    expect(goCommands(m).map((c) => c.subcommand)).toEqual(["mod download", "install"]);
  });

  it("judges a build shipped only when its output reaches the final image", () => {
    const m = model(
      [
        "FROM golang:1.23 AS build",
        "RUN go build -o /out/app ./cmd/app && go build -o /out/tool ./cmd/tool",
        "FROM golang:1.23 AS tools",
        "RUN go install example.com/x@latest",
        "FROM scratch",
        "COPY --from=build /out/app /app",
      ].join("\n"),
    );
    expect(goBuilds(m).map((b) => [b.output?.path, isShipped(b, m)])).toEqual([
      ["/out/app", true],
      ["/out/tool", false],
      ["/go/bin", false],
    ]);
  });
});

describe("base-image knowledge", () => {
  it("parses references: registries with ports, Docker Hub names, digests", () => {
    expect(parseImageRef("host:5000/team/app")).toMatchObject({ registry: "host:5000", repository: "team/app", tag: undefined });
    expect(parseImageRef("docker.io/library/golang:1.23")).toMatchObject({ registry: undefined, repository: "golang", tag: "1.23" });
    expect(parseImageRef("alpine@sha256:abc")).toMatchObject({ repository: "alpine", digest: "sha256:abc" });
    const id = `sha256:${"ab".repeat(32)}`;
    expect(parseImageRef(id)).toMatchObject({ tag: undefined, digest: id });
  });

  it("knows shells, libc, users and Go versions of the images it covers, and nothing of others", () => {
    const facts = (ref: string) => imageFacts(parseImageRef(ref)!);
    expect(facts("scratch")).toMatchObject({ shell: false, libc: "none", users: [], caBundle: false });
    expect(facts("gcr.io/distroless/static-debian12:nonroot")).toMatchObject({ shell: false, libc: "none", defaultUser: "nonroot" });
    expect(facts("gcr.io/distroless/static-debian12:debug")).toMatchObject({ shell: true, defaultUser: "root" });
    expect(facts("gcr.io/distroless/base-debian12")).toMatchObject({ libc: "glibc" });
    expect(facts("cgr.dev/chainguard/static:latest")).toMatchObject({ defaultUser: "nonroot", libc: "none" });
    expect(facts("golang:1.21.5-bookworm")).toMatchObject({ libc: "glibc", cCompiler: true, goVersion: { major: 1, minor: 21, patch: 5 } });
    expect(facts("golang:1.23-alpine3.20")).toMatchObject({ libc: "musl", cCompiler: false, goVersion: { minor: 23 } });
    expect(facts("golang:alpine").goVersion).toBeUndefined();
    expect(facts("example.com/anything:1").family).toBe("unknown");
    expect(parseGoVersion("1")).toBeUndefined();
  });
});

describe("glibc releases of base images", () => {
  const glibc = (ref: string) => imageFacts(parseImageRef(ref)!).glibc;
  it("knows each Debian and Ubuntu release by codename or number, with -slim and dated tags", () => {
    expect(glibc("debian:bookworm-slim")).toEqual({ min: 36, max: 36 });
    expect(glibc("debian:12.5-slim")).toEqual({ min: 36, max: 36 });
    expect(glibc("debian:bullseye-20240110")).toEqual({ min: 31, max: 31 });
    expect(glibc("debian:10")).toEqual({ min: 28, max: 28 });
    expect(glibc("debian:trixie")).toEqual({ min: 41, max: 41 });
    expect(glibc("ubuntu:20.04")).toEqual({ min: 31, max: 31 });
    expect(glibc("ubuntu:jammy")).toEqual({ min: 35, max: 35 });
    expect(glibc("ubuntu:24.04")).toEqual({ min: 39, max: 39 });
  });
  it("reads distroless names and golang variants; a default golang tag of Go 1.21+ is bookworm or trixie", () => {
    expect(glibc("gcr.io/distroless/base-debian11:nonroot")).toEqual({ min: 31, max: 31 });
    expect(glibc("gcr.io/distroless/cc-debian12")).toEqual({ min: 36, max: 36 });
    expect(glibc("golang:1.22-bullseye")).toEqual({ min: 31, max: 31 });
    expect(glibc("golang:1.23")).toEqual({ min: 36, max: 41 });
    expect(glibc("golang:1.21.0")).toEqual({ min: 36, max: 41 });
  });
  it("is unknown for floating releases, older golang defaults, musl and static images", () => {
    for (const ref of [
      "debian:stable-slim",
      "debian:latest",
      "ubuntu:latest",
      "golang:1.20",
      "golang:latest",
      "golang:1.23-alpine",
      "gcr.io/distroless/base",
      "gcr.io/distroless/static-debian11",
      "alpine:3.20",
    ]) {
      expect(glibc(ref), ref).toBeUndefined();
    }
  });
});

describe("build context", () => {
  it("is known with --context or when the Dockerfile's directory holds go.mod", () => {
    const dir = tempDir("slimlint-ctx-");
    writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
    expect(readContext(join(dir, "Dockerfile"), undefined)).toMatchObject({ known: false, hasGoSum: false });
    writeFileSync(join(dir, "go.mod"), "module x\n\ngo 1.23\n");
    writeFileSync(join(dir, ".dockerignore"), ".git\n");
    expect(readContext(join(dir, "Dockerfile"), undefined)).toMatchObject({
      known: true,
      goMod: "module x\n\ngo 1.23\n",
      dockerignore: ".git\n",
    });
    expect(readContext(undefined, dir).known).toBe(true);
  });
});

describe("ONBUILD triggers", () => {
  it("lists the instructions ONBUILD wraps, in order, apart from the stage's own instructions", () => {
    const m = model("FROM golang:1.23\nONBUILD COPY . /src\nRUN true\nONBUILD RUN go build ./...\n");
    expect(m.triggers.map((t) => [t.kind, t.line])).toEqual([
      ["COPY", 2],
      ["RUN", 4],
    ]);
    expect(m.instructionsOf("COPY")).toEqual([]);
    expect(m.stages[0]!.runs.map((r) => r.instruction.args.text)).toEqual(["true"]);
  });
});

describe("keywords starting a RUN's continuation lines", () => {
  it("finds upper-case keywords the shell reads as a word, as program or argument, with the rest read as an instruction", async () => {
    const { continuationKeywords } = await import("../src/model/continuation.js");
    const m = model('FROM alpine:3.20\nRUN a && \\\n  COPY x y && \\\n  echo "\\\nCMD" \\\n  CMD ["/app"]\nRUN b \\\n  copy x y\n');
    const [first, second] = m.stages[0]!.runs;
    const found = continuationKeywords(first!);
    expect(found.map((k) => [k.word.value, k.program, k.line, k.instruction.kind])).toEqual([
      ["COPY", true, 1, "COPY"],
      ["CMD", false, 4, "CMD"],
    ]);
    expect(found[1]!.instruction.json?.map((w) => w.value)).toEqual(["/app"]);
    expect(continuationKeywords(second!)).toEqual([]);
  });
});

describe("labels", () => {
  it("reads LABEL pairs: quoted keys, several pairs, the legacy form, variables unknown", async () => {
    const { labelPairs } = await import("../src/model/labels.js");
    const m = model(
      'FROM alpine:3.20\nLABEL "com.example.vendor"="ACME Inc" a.b=1 c=$X\nLABEL ${K}=v\nLABEL description the whole value\n',
    );
    const pairs = m.instructionsOf("LABEL").flatMap(labelPairs);
    expect(pairs.map((p) => [p.key, p.value])).toEqual([
      ["com.example.vendor", "ACME Inc"],
      ["a.b", "1"],
      ["c", undefined],
      [undefined, "v"],
      ["description", "the whole value"],
    ]);
  });

  it("checks keys by Docker's guidelines and values by schema type", async () => {
    const { hasLabelType, labelKeyProblem } = await import("../src/model/labels.js");
    expect(["org.opencontainers.image.source", "maintainer", "a1.b-c"].map(labelKeyProblem)).toEqual([undefined, undefined, undefined]);
    expect(
      ["Maintainer", "com.docker.x", "io.docker.x", "build_date", "1abc", "abc.", "a..b", "a--b"].every(
        (k) => labelKeyProblem(k) !== undefined,
      ),
    ).toBe(true);
    const valid: [string, Parameters<typeof hasLabelType>[1]][] = [
      ["https://github.com/acme/app", "url"],
      ["git+ssh://git@example.com/x.git", "url"],
      ["2024-02-29T23:59:60Z", "rfc3339"],
      ["2024-05-01t12:00:00.123-07:30", "rfc3339"],
      ["MIT", "spdx"],
      ["GPL-2.0+ WITH Classpath-exception-2.0", "spdx"],
      ["(MIT OR Apache-2.0) AND BSD-3-Clause", "spdx"],
      ["LicenseRef-acme", "spdx"],
      ["0a1b2c3", "hash"],
      ["0123456789abcdef0123456789abcdef01234567", "hash"],
      ["a".repeat(64), "hash"],
      ["1.0.0", "semver"],
      ["1.0.0-rc.1+build.5", "semver"],
      ["jane@example.com", "email"],
      ["ops@localhost", "email"],
      ["anything at all", "text"],
    ];
    for (const [value, type] of valid) expect(hasLabelType(value, type), `${value} ${type}`).toBe(true);
    const invalid: [string, Parameters<typeof hasLabelType>[1]][] = [
      ["github.com/acme/app", "url"],
      ["https://example.com/a b", "url"],
      ["2023-02-29T10:00:00Z", "rfc3339"],
      ["2024-05-01 12:00:00Z", "rfc3339"],
      ["2024-05-01T12:00:00", "rfc3339"],
      ["2024-13-01T12:00:00Z", "rfc3339"],
      ["Apache License 2.0", "spdx"],
      ["Apache-2.0, GPL-2.0", "spdx"],
      ["MIT OR", "spdx"],
      ["(MIT", "spdx"],
      ["0A1B2C3", "hash"],
      ["abc123", "hash"],
      ["a".repeat(41), "hash"],
      ["v1", "hash"],
      ["v1.0.0", "semver"],
      ["1.0", "semver"],
      ["01.0.0", "semver"],
      ["Jane <jane@example.com>", "email"],
      ["jane", "email"],
      ["a@b@c", "email"],
    ];
    for (const [value, type] of invalid) expect(hasLabelType(value, type), `${value} ${type}`).toBe(false);
  });
});
