// The facts catalogue v2 puts in the model, each computed once and asked by rules: typed mounts, the
// SHELL and pipefail per RUN, opaque steps, ENTRYPOINT/CMD/HEALTHCHECK through parents, image purpose,
// where a Go build's binary goes, exec-form suggestions, directories a RUN creates, image pinning.
import { describe, expect, it } from "vitest";
import { binaryPlacements, goBuilds, installedName, isShipped } from "../src/golang/build.js";
import { canonicalImage, imageFacts } from "../src/images/knowledge.js";
import { parseImageRef } from "../src/images/ref.js";
import { buildModel, stagesNeeded } from "../src/model/build.js";
import { execFormSuggestion, shellFormCommand } from "../src/model/exec-form.js";
import { imageArgAt, imagePinning, pinnedWriting, shownFrom } from "../src/model/image-advice.js";
import { isDevPath } from "../src/model/purpose.js";
import { createdDirectories } from "../src/model/run.js";
import { UNKNOWN_CONTEXT, type Stage } from "../src/model/types.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";

const model = (text: string, path?: string) => buildModel(parseDockerfile(text), UNKNOWN_CONTEXT, undefined, path);
const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("typed RUN mounts", () => {
  it("names type (bind by default), target under any of its spellings, from, source and id", () => {
    const m = model(
      lines(
        "FROM golang:1.23-alpine AS tools",
        "FROM golang:1.23-alpine",
        "RUN --mount=type=cache,id=gomod,dst=/go/pkg/mod --mount=from=tools,source=/go/bin,destination=/tools " +
          "--mount=type=secret,id=token,env=TOKEN --mount=target=src true",
      ),
    );
    const mounts = m.stages[1]!.runs[0]!.mounts;
    expect(mounts.map((x) => [x.type, x.target, x.from, x.source, x.id, x.env])).toEqual([
      ["cache", "/go/pkg/mod", undefined, undefined, "gomod", undefined],
      ["bind", "/tools", "tools", "/go/bin", undefined, undefined],
      ["secret", undefined, undefined, undefined, "token", "TOKEN"],
      ["bind", "/src", undefined, undefined, undefined, undefined],
    ]);
  });
});

describe("SHELL and pipefail per RUN", () => {
  it("takes the SHELL in effect, inherited from a parent stage, in every spelling of pipefail", () => {
    const m = model(
      lines(
        "FROM debian:bookworm AS base",
        'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]',
        "FROM base",
        "RUN a | b",
        'SHELL ["/bin/sh", "-opipefail", "-c"]',
        "RUN a | b",
        'SHELL ["/bin/sh", "-c"]',
        "RUN a | b; set -euo pipefail; c | d",
      ),
    );
    const runs = m.stages[1]!.runs;
    expect(runs.map((r) => [r.shell[0], r.shellPipefail])).toEqual([
      ["/bin/bash", true],
      ["/bin/sh", true],
      ["/bin/sh", false],
    ]);
    expect(runs[2]!.commands.filter((c) => c.command.pipePosition === 1).map((c) => c.pipefail)).toEqual([false, true]);
    expect(m.stages[1]!.shellAt(m.stages[1]!.instructions[0]!)).toEqual({ shell: ["/bin/bash", "-eo", "pipefail", "-c"], custom: true });
    expect(
      model("FROM alpine:3.20\nRUN true\n").stages[0]!.shellAt(model("FROM alpine:3.20\nRUN true\n").stages[0]!.instructions[0]!).custom,
    ).toBe(false);
  });

  it("runs a Windows image's shell forms with cmd, whose scripts are not read as POSIX shell", () => {
    const m = model(
      lines(
        "ARG OS=ltsc2022",
        "FROM mcr.microsoft.com/windows/nanoserver:${OS} AS win",
        'RUN setx /m PATH "C:\\app;%PATH%"',
        "FROM win",
        "RUN dir",
      ),
    );
    expect(m.stages.map((s) => [s.runs[0]!.shell, s.runs[0]!.script])).toEqual([
      [["cmd", "/S", "/C"], undefined],
      [["cmd", "/S", "/C"], undefined],
    ]);
  });
});

describe("opaque steps", () => {
  it("marks scripts, make, unknown tools and `sh -c` text as opaque, and known tools as not", () => {
    const m = model(
      lines(
        "FROM debian:bookworm",
        "RUN apt-get update && mkdir -p /x && go build ./... && /usr/bin/git --version",
        "RUN ./scripts/setup.sh",
        "RUN make build",
        "RUN some-installer --yes",
        "RUN sh -c 'useradd app'",
        "RUN $TOOL run",
        "RUN bash /tmp/common-debian.sh",
      ),
    );
    expect(m.stages[0]!.runs.map((r) => r.opaque)).toEqual([false, true, true, true, true, true, true]);
  });

  it("finds the first opaque RUN before an instruction, through the stages a stage is built on", () => {
    const m = model(
      lines(
        "FROM debian:bookworm AS base",
        "RUN ./setup.sh",
        "FROM base",
        "USER app",
        "FROM debian:bookworm",
        "USER app",
        "RUN make",
        "USER other",
      ),
    );
    const [, child, plain] = m.stages;
    expect(child!.opaqueBefore(child!.instructions[0])?.instruction.line).toBe(2);
    expect(plain!.opaqueBefore(plain!.instructions[0])).toBeUndefined();
    expect(plain!.opaqueBefore(plain!.instructions[2])?.instruction.line).toBe(7);
  });
});

describe("ENTRYPOINT, CMD and HEALTHCHECK in effect", () => {
  it("inherits them through parent stages; an ENTRYPOINT resets an inherited CMD; HEALTHCHECK NONE clears", () => {
    const m = model(
      lines(
        "FROM scratch AS base",
        'CMD ["/app"]',
        'HEALTHCHECK CMD ["/app", "health"]',
        "FROM base AS same",
        "FROM base AS entry",
        'ENTRYPOINT ["/srv"]',
        "HEALTHCHECK NONE",
        "FROM entry",
        "CMD serve --port 80",
      ),
    );
    const [, same, entry, last] = m.stages;
    expect([same!.cmd?.program, same!.cmd?.stage.name, same!.healthcheck?.json?.[1]?.value]).toEqual(["/app", "base", "health"]);
    expect([entry!.entrypoint?.program, entry!.cmd, entry!.healthcheck]).toEqual(["/srv", undefined, undefined]);
    expect([last!.entrypoint?.program, last!.cmd?.program, last!.cmd?.json]).toEqual(["/srv", "serve", undefined]);
  });
});

describe("ARG scope", () => {
  it("defines the automatic platform ARGs in the global scope, and a stage's ARG default shadows them", () => {
    const m = model(lines("FROM --platform=$BUILDPLATFORM golang:1.23 AS b", "ARG TARGETARCH", "ARG TARGETOS=linux", "RUN true"));
    expect(m.globalArgs.get("BUILDPLATFORM")?.kind).toBe("builtin");
    const scope = m.stages[0]!.scopeAt(m.stages[0]!.instructions[2]!);
    expect([scope.get("TARGETARCH")?.kind, scope.get("TARGETARCH")?.value]).toEqual(["builtin", undefined]);
    expect([scope.get("TARGETOS")?.kind, scope.get("TARGETOS")?.value]).toEqual(["arg", "linux"]);
  });

  it("remembers which variables a binding was expanded from", () => {
    const m = model(
      lines("FROM golang:1.23", "ARG TARGETARCH", "ENV GOARCH=${TARGETARCH} MODE=prod", "RUN GOOS=$TARGETOS go build -o /app ."),
    );
    const build = goBuilds(m)[0]!;
    expect([build.setting("GOARCH")?.from, build.setting("GOOS")?.from, build.setting("MODE")?.from]).toEqual([
      ["TARGETARCH"],
      ["TARGETOS"],
      [],
    ]);
  });

  it("keeps the value as written for ENV, ARG, inline, export and `go env -w` settings", () => {
    const m = model(
      lines(
        "FROM golang:1.23",
        "ARG TARGETVARIANT",
        "ARG V=x",
        "ENV GOARM=${TARGETVARIANT}",
        "RUN export GOAMD64=v3 && go env -w GOSUMDB=off && GOOS=linux go build -o /app .",
      ),
    );
    const build = goBuilds(m)[0]!;
    const written = (name: string) => {
      const b = build.setting(name);
      return [b?.kind, b?.valueWord?.value, b?.valueWord?.parts.map((p) => p.kind)];
    };
    expect(written("GOARM")).toEqual(["env", "${TARGETVARIANT}", ["variable"]]);
    expect(written("GOAMD64")).toEqual(["export", "v3", ["literal"]]);
    expect(written("GOSUMDB")).toEqual(["go-env", "off", ["literal"]]);
    expect(written("GOOS")).toEqual(["inline", "linux", ["literal"]]);
    expect(build.setting("V")?.valueWord?.value).toBe("x");
  });
});

describe("image purpose", () => {
  const purpose = (text: string, path?: string) => model(text, path).purpose;

  it("is runtime for an image that runs something it ships", () => {
    expect(
      purpose(lines("FROM golang:1.23 AS b", "RUN go build -o /app .", "FROM scratch", "COPY --from=b /app /app", 'ENTRYPOINT ["/app"]')),
    ).toBe("runtime");
    expect(purpose(lines("FROM golang:1.23", "COPY . .", "RUN go build -o /app .", 'CMD ["/app"]'))).toBe("runtime");
  });

  it("is artifact for a scratch export stage without ENTRYPOINT/CMD", () => {
    expect(purpose(lines("FROM golang:1.23 AS b", "RUN go build -o /app .", "FROM scratch", "COPY --from=b /app /"))).toBe("artifact");
  });

  it("is toolchain for images that check code, run go or linters, or provide tools", () => {
    expect(purpose(lines("FROM golang:1.23", "COPY . .", 'CMD ["go", "test", "./..."]'))).toBe("toolchain");
    expect(purpose(lines("FROM golang:1.23", "COPY . .", "RUN go vet ./... && golangci-lint run"))).toBe("toolchain");
    expect(
      purpose(
        lines("FROM golang:1.23 AS t", "RUN go install example.com/tool@v1.0.0", "FROM golang:1.23", "COPY --from=t /go/bin/tool /go/bin/"),
      ),
    ).toBe("toolchain");
    expect(purpose(lines("FROM alpine:3.20", "RUN apk add --no-cache git"))).toBe("toolchain");
    // No ENTRYPOINT/CMD of its own: a base for other images (`FROM $BASE`), whatever it builds.
    expect(purpose(lines("FROM golang:1.23", "COPY . .", "RUN go build -o /app ."))).toBe("toolchain");
    // Tests run in the final stage make it a CI image, whatever its CMD.
    expect(purpose(lines("FROM golang:1.23", "COPY . .", "RUN go test ./... && go install ./cmd/tool", 'CMD ["tool"]'))).toBe("toolchain");
    // `go mod download` is part of a build, not a check.
    expect(purpose(lines("FROM golang:1.23", "COPY . .", "RUN go mod download && go build -o /app .", 'CMD ["/app"]'))).toBe("runtime");
    // Builds nothing and copies nothing: distribution packages under a CMD are a tool image.
    expect(
      purpose(lines("FROM ubuntu:24.04", "RUN apt-get update && apt-get install -y --no-install-recommends cowsay", 'CMD ["cowsay"]')),
    ).toBe("toolchain");
    expect(purpose(lines("FROM busybox:1.36", 'CMD ["sleep", "infinity"]'))).toBe("toolchain");
    // A download, a script or a COPY may bring the image's own program.
    expect(
      purpose(
        lines("FROM alpine:3.20", "RUN wget -O /usr/local/bin/app https://example.com/app && chmod +x /usr/local/bin/app", 'CMD ["app"]'),
      ),
    ).toBe("runtime");
    expect(purpose(lines("FROM alpine:3.20", "RUN ./install.sh", 'CMD ["app"]'))).toBe("runtime");
    expect(purpose(lines("FROM alpine:3.20", "COPY app /usr/local/bin/", 'CMD ["app"]'))).toBe("runtime");
    // A script on a Go SDK image, in a file that builds and copies in nothing: a package or release build.
    expect(
      purpose(
        lines("FROM golang:1.23", "RUN apt-get update && apt-get install -y devscripts", "ADD . /src", 'CMD ["/src/packaging/build.sh"]'),
      ),
    ).toBe("toolchain");
    // The same script starting a program another stage built, or after a build in the file: a service.
    expect(
      purpose(
        lines(
          "FROM golang:1.23 AS b",
          "RUN make install",
          "FROM golang:1.23",
          "COPY --from=b /opt/app /opt/app",
          'ENTRYPOINT ["/entrypoint.sh"]',
        ),
      ),
    ).toBe("runtime");
    expect(purpose(lines("FROM golang:1.23", "COPY . /src", "RUN cd /src && go build -o /app .", 'CMD ["/start.sh"]'))).toBe("runtime");
  });

  it("is dev for devcontainers and files named for development, not for shipped debug variants", () => {
    for (const path of [
      ".devcontainer/Dockerfile",
      "Dockerfile.dev",
      "tools/dev/loki.dockerfile",
      "deploy/debug/Dockerfile",
      "dev.dockerfile",
      "Dockerfile-debug",
    ]) {
      expect(isDevPath(path), path).toBe(true);
    }
    for (const path of [
      undefined,
      "Dockerfile",
      "Dockerfile.debug-nonroot",
      "test/e2e/Dockerfile",
      "testdata/Dockerfile",
      "devices/Dockerfile",
    ]) {
      expect(isDevPath(path), String(path)).toBe(false);
    }
    expect(purpose(lines("FROM golang:1.23", 'CMD ["/app"]'), ".devcontainer/Dockerfile")).toBe("dev");
  });
});

describe("where a Go build's binary goes", () => {
  it("names the file go install writes: the last element, skipping /vN, in GOBIN or GOPATH/bin", () => {
    expect(installedName("github.com/go-delve/delve/cmd/dlv@v1.23.0")).toBe("dlv");
    expect(installedName("github.com/go-bindata/go-bindata/v3/go-bindata@v3.1.3")).toBe("go-bindata");
    expect(installedName("example.com/mod/v2@latest")).toBe("mod");
    expect(installedName("./cmd/app")).toBeUndefined();
    const [gobin, gopath, cross] = goBuilds(
      model(
        lines(
          "FROM golang:1.23",
          "RUN GOBIN=/usr/local/bin go install example.com/x/cmd/lic@v1.0.0",
          "RUN go install example.com/y@v2.0.0",
          "RUN GOARCH=arm64 go install example.com/z@v1.0.0",
        ),
      ),
    );
    expect(gobin!.output).toEqual({ path: "/usr/local/bin", isDir: true, file: "/usr/local/bin/lic" });
    expect(gopath!.output).toEqual({ path: "/go/bin", isDir: true, file: "/go/bin/y" });
    expect(cross!.output?.file).toBeUndefined();
  });

  it("follows one-file copies (only that file) and directory copies through carrier stages; a mount ships nothing", () => {
    const m = model(
      lines(
        "FROM golang:1.23 AS build",
        "RUN go build -o /usr/local/bin/app . && GOBIN=/usr/local/bin go install example.com/lic@v1.0.0",
        "FROM scratch AS carrier",
        "COPY --from=build /usr/local/bin/app /",
        "FROM alpine:3.20 AS runner",
        "COPY --from=carrier /app /usr/bin/app",
        "FROM alpine:3.20 AS mounted",
        "RUN --mount=from=build,source=/usr/local/bin,target=/x /x/lic --version",
        "FROM runner",
        'ENTRYPOINT ["/usr/bin/app"]',
      ),
    );
    const [app, lic] = goBuilds(m);
    expect(binaryPlacements(app!, m).map((p) => [p.stage.name ?? "final", p.path])).toEqual([
      ["build", "/usr/local/bin/app"],
      ["carrier", "/app"],
      ["runner", "/usr/bin/app"],
      ["final", "/usr/bin/app"],
    ]);
    expect(binaryPlacements(lic!, m).map((p) => p.stage.name)).toEqual(["build"]);
    expect([isShipped(app!, m), isShipped(lic!, m)]).toEqual([true, false]);
  });
});

describe("exec-form suggestions from parsed words", () => {
  const suggest = (text: string) => {
    const instruction = parseDockerfile(`FROM alpine:3.20\n${text}\n`).instructions[1]!;
    return execFormSuggestion(shellFormCommand(instruction)!);
  };

  it("splits a plain command into its words", () => {
    expect(suggest("CMD /app --port 8080 'a b'")).toMatchObject({
      json: '["/app", "--port", "8080", "a b"]',
      needsShell: false,
      single: true,
    });
  });

  it("keeps the shell for operators and variables, never splitting `&&` into arguments, with exec before the last command", () => {
    expect(suggest("CMD migrate up && /app serve")).toMatchObject({
      json: '["/bin/sh", "-c", "migrate up && exec /app serve"]',
      needsShell: true,
      single: false,
      lastProgram: "/app",
    });
    expect(suggest("ENTRYPOINT bin/$NAME")).toMatchObject({ json: '["/bin/sh", "-c", "exec bin/$NAME"]', needsShell: true, single: true });
    // A pipeline cannot hand PID 1 to one program.
    expect(suggest("CMD app | tee log").json).toBe('["/bin/sh", "-c", "app | tee log"]');
    expect(suggest("HEALTHCHECK CMD curl -f http://localhost/ || exit 1").json).toBe(
      '["/bin/sh", "-c", "curl -f http://localhost/ || exit 1"]',
    );
  });
});

describe("directories a RUN creates", () => {
  it("reads mkdir and git clone (explicit or derived directory), against the command's working directory", () => {
    const m = model(
      lines(
        "FROM alpine:3.20",
        "WORKDIR /src",
        "RUN mkdir -p a /b && git clone --depth 1 https://example.com/x/tools.git && git clone -b v1 https://example.com/y.git dest",
      ),
    );
    expect(m.commands.flatMap((c) => createdDirectories(c))).toEqual(["/src/a", "/b", "/src/tools", "/src/dest"]);
  });
});

describe("base images chosen by ARGs, mirrors and pinning", () => {
  it("treats registry mirrors of Docker Hub images as those images", () => {
    for (const text of ["mirror.gcr.io/library/golang:1.23", "public.ecr.aws/docker/library/golang:1.23"]) {
      const ref = parseImageRef(text)!;
      expect(canonicalImage(ref).repository, text).toBe("golang");
      expect(imageFacts(ref).family, text).toBe("golang (debian)");
    }
    expect(imageFacts(parseImageRef("public.ecr.aws/other/golang:1.23")!).family).toBe("unknown");
  });

  it("knows a sentinel ARG default is a placeholder, and points advice at the ARG that holds the tag", () => {
    const m = model(
      lines(
        "ARG IMAGE=placeholder",
        "ARG GO=latest",
        "FROM ${IMAGE} AS a",
        "FROM golang:${GO} AS b",
        "FROM alpine AS c",
        "FROM gcr.io/distroless/static-debian12@sha256:abc",
      ),
    );
    const [a, b, c, d] = m.stages;
    expect([a!.imageIsPlaceholder, imagePinning(a!)]).toEqual([true, undefined]);
    expect([b!.imageIsPlaceholder, imagePinning(b!)]).toEqual([false, "floating"]);
    expect(imageArgAt(b!, "latest")).toEqual(m.globalArgs.get("GO")?.at);
    expect([imagePinning(c!), imagePinning(d!)]).toEqual(["untagged", "digest"]);
    expect(imageFacts(parseImageRef("gcr.io/distroless/static-debian12")!).versionTags).toBe(false);
    expect(imageFacts(parseImageRef("gcr.io/distroless/static")!).pinnedName).toBe("gcr.io/distroless/static-debian13");
  });

  it("takes a busybox tag with a version anywhere in it as versioned", () => {
    const floats = (tag: string) => imageFacts(parseImageRef(`busybox:${tag}`)!).floatingTag?.(tag);
    expect(["glibc", "musl", "stable", "latest"].map(floats)).toEqual([true, true, true, true]);
    expect(["1.36", "1.36.1-glibc", "buildroot-2014.02"].map(floats)).toEqual([false, false, false]);
  });
});

describe("exec-form suggestions for commands that already exec", () => {
  it("drops the shell's exec: the exec form runs the program itself", () => {
    const instruction = parseDockerfile("FROM alpine:3.20\nCMD exec /app --flag\n").instructions[1]!;
    expect(execFormSuggestion(shellFormCommand(instruction)!).json).toBe('["/app", "--flag"]');
  });
});

describe("packages at the end of a stage", () => {
  it("drops packages removed again, by name, by apk virtual group, or by a removal slimlint cannot read", () => {
    const stage = (run: string) => buildModel(parseDockerfile(`FROM debian:bookworm\n${run}\n`), UNKNOWN_CONTEXT).stages[0]!;
    expect(stage("RUN apt-get install -y golang git && apt-get purge -y golang").packagesAtEnd.map((p) => p.name)).toEqual(["git"]);
    expect(
      stage("RUN apk add --virtual .build-deps gcc musl-dev && apk add curl && apk del .build-deps").packagesAtEnd.map((p) => p.name),
    ).toEqual(["curl"]);
    expect(stage("RUN apt-get install -y golang && apt-get remove -y $(cat /tmp/new-packages)").packagesAtEnd).toEqual([]);
  });

  it("names a final stage for development a dev image", () => {
    expect(model(lines("FROM golang:1.23 AS build", "FROM build AS dev-envs", 'CMD ["go", "run", "."]')).purpose).toBe("dev");
  });
});

describe("image advice through ARGs built from ARGs", () => {
  it("points at the ARG whose default writes the tag", () => {
    const m = model(lines("ARG GO_VERSION=latest", "ARG BUILD_IMAGE=golang:$GO_VERSION", "FROM $BUILD_IMAGE"));
    expect(imageArgAt(m.stages[0]!, "latest")).toEqual(m.globalArgs.get("GO_VERSION")?.at);
  });
});

describe("whether a build may need a C library", () => {
  it("is no when cgo is off or the linker is told -static, maybe when cgo is on or unknown (before Go 1.20)", () => {
    const need = (image: string, run: string) => goBuilds(model(lines(`FROM ${image}`, `RUN ${run}`)))[0]!.mayNeedLibc;
    expect(need("golang:1.23-alpine", "go build -o /app .")).toBe(false);
    expect(need("golang:1.19-alpine", "go build -o /app .")).toBe(true);
    expect(need("golang:1.19-alpine", `go build -ldflags="-extldflags '-static' -X main.v=$(cat v)" -o /app .`)).toBe(false);
    expect(need("golang:1.23", "go build -o /app .")).toBe(true);
    expect(need("golang:1.23", "CGO_ENABLED=0 go build -o /app .")).toBe(false);
  });
});

describe("errexit per command", () => {
  it("comes from the SHELL's -e or set -e, and set +e turns it off", () => {
    const m = model(
      lines(
        "FROM debian:bookworm",
        'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]',
        "RUN a",
        'SHELL ["/bin/sh", "-c"]',
        "RUN a; set -eu; b; set +e; c",
        'SHELL ["cmd", "/S", "/C"]',
        "RUN a",
      ),
    );
    const runs = m.stages[0]!.runs;
    expect(runs.map((r) => r.shellErrexit)).toEqual([true, false, false]);
    expect(
      model(lines("FROM debian:bookworm", 'SHELL ["/bin/bash", "-o", "errexit", "-c"]', "RUN a")).stages[0]!.runs[0]!.shellErrexit,
    ).toBe(true);
    expect(runs[1]!.commands.filter((c) => c.name !== "set").map((c) => [c.name, c.errexit])).toEqual([
      ["a", false],
      ["b", true],
      ["c", false],
    ]);
  });
});

describe("per-item views", () => {
  it("compute once per item and keep undefined answers", () => {
    const m = model(lines("FROM alpine:3.20 AS a", "FROM a"));
    let calls = 0;
    const ask = (stage: (typeof m.stages)[number]) =>
      m.viewOf("test/per-item", stage, () => {
        calls++;
        return stage.index === 0 ? undefined : stage.index;
      });
    expect([ask(m.stages[0]!), ask(m.stages[1]!), ask(m.stages[0]!), ask(m.stages[1]!)]).toEqual([undefined, 1, undefined, 1]);
    expect(calls).toBe(2);
  });
});

describe("how pinning advice writes an image chosen by an ARG", () => {
  const stage = (text: string) => model(text).stages.at(-1) as NonNullable<ReturnType<typeof model>["finalStage"]>;

  it("shows and pins the ARG default that chooses the image", () => {
    const s = stage(lines("ARG BASE=alpine", "FROM ${BASE}"));
    const argAt = imageArgAt(s, "alpine");
    expect(shownFrom(s, argAt)).toBe("`FROM ${BASE}` on line 2 (`ARG BASE=alpine`)");
    expect(pinnedWriting(s, argAt, ":<version>")).toBe("ARG BASE=alpine:<version>");
  });

  it("pins inside a ${VAR:-default}, where a suffix after the braces breaks the reference once VAR is set", () => {
    const s = stage(lines("ARG RUNTIME", "FROM ${RUNTIME:-busybox}"));
    expect(shownFrom(s, undefined)).toBe("`FROM ${RUNTIME:-busybox}` (`busybox`)");
    expect(pinnedWriting(s, undefined, "@sha256:<digest>")).toBe("FROM ${RUNTIME:-busybox@sha256:<digest>}");
  });

  it("writes a literal FROM as it is", () => {
    const s = stage(lines("FROM golang"));
    expect(shownFrom(s, undefined)).toBe("`FROM golang`");
    expect(pinnedWriting(s, undefined, ":<version>")).toBe("FROM golang:<version>");
  });
});

describe("the stages a stage needs", () => {
  it("follows FROM and COPY --from, and RUN mounts only when asked (they ship nothing)", () => {
    const m = model(
      lines(
        "FROM alpine:3.20 AS a",
        "FROM alpine:3.20 AS b",
        "FROM a AS c",
        "RUN --mount=from=b,target=/b true",
        "COPY --from=a /x /x",
        "FROM c AS d",
      ),
    );
    const [a, b, c, d] = m.stages;
    expect([...stagesNeeded(d as Stage)].map((s) => s.name).sort()).toEqual(["a", "c", "d"]);
    const mounted = (s: Stage) =>
      s.runs.flatMap((r) => r.mounts.map((x) => m.stageNamed(x.from ?? "", s.index))).filter((x): x is Stage => x !== undefined);
    expect(stagesNeeded(d as Stage, mounted).has(b as Stage)).toBe(true);
    expect([...m.shippedStages]).toEqual([...stagesNeeded(d as Stage)]);
    expect(stagesNeeded(a as Stage).has(c as Stage)).toBe(false);
  });
});
