// Messages name a fix that works for this Dockerfile, not a template: checked where the suggestion
// depends on the file.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

const messageOf = (text: string, ruleId: string): string => {
  const found = lint(text).findings.filter((f) => f.ruleId === ruleId);
  expect(found).toHaveLength(1);
  return found[0]?.message ?? "";
};

describe("RT001 suggests a stage that has the CA bundle", () => {
  it("skips stages without one, even when the final image copies from them", () => {
    const text = [
      "FROM golang:1.23-alpine AS build",
      "RUN CGO_ENABLED=0 go build -o /out/app .",
      "FROM scratch AS runtime",
      "COPY --from=build /out/app /app",
      "FROM scratch",
      "COPY --from=runtime /app /app",
      'ENTRYPOINT ["/app"]',
      "",
    ].join("\n");
    expect(messageOf(text, "RT001")).toContain("`COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`");
  });

  it("says where to get one when no stage has it", () => {
    expect(messageOf('FROM debian:bookworm-slim AS tools\nFROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n', "RT001")).toContain(
      "from a stage based on golang or alpine",
    );
  });
});

describe("IM002 suggests a golang tag that keeps the variant", () => {
  it("names go.mod's version when the build context has one", () => {
    const findings = lint("FROM golang:alpine AS build\n", {
      context: { known: true, goMod: "module x\n\ngo 1.24.1\n", hasGoSum: true },
    }).findings;
    expect(findings.find((f) => f.ruleId === "IM002")?.message).toContain("`golang:1.24-alpine` (go.mod says go 1.24)");
  });

  it("keeps the Debian variant of latest and bookworm without inventing a version", () => {
    expect(messageOf("FROM golang:latest AS build\n", "IM002")).toContain("`golang:1.N`,");
    expect(messageOf("FROM golang:bookworm AS build\n", "IM002")).toContain("`golang:1.N-bookworm`");
  });
});

describe("GO002 is an error only where dynamic linking is certain", () => {
  const program = (flags: string) =>
    `FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build ${flags}-o /out/app .\nFROM scratch\n` +
    `COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
  const go002 = (text: string) => lint(text).findings.filter((f) => f.ruleId === "GO002");

  it("leaves cgo merely left on to GO001, which names the image: a program without net, os/user or C code is static anyway", () => {
    expect(go002(program(""))).toEqual([]);
    const go001 = lint(program("")).findings.find((f) => f.ruleId === "GO001");
    expect(go001?.message).toContain("if it uses a cgo package (net, os/user, C code); it runs on scratch, which has no C library");
  });

  it("warns when cgo is chosen with CGO_ENABLED=1: the program most likely uses C code, but its imports are not in the file", () => {
    const [finding] = go002(program("").replace("RUN go build", "RUN CGO_ENABLED=1 go build"));
    expect(finding?.severity).toBe("warning");
    expect(finding?.message).toContain("a program that uses C code, net or os/user is linked dynamically");
    expect(finding?.fix?.safety).toBe("unsafe");
  });

  it("is an error with -race, which always links libc, and offers no CGO_ENABLED=0 fix that would break the build", () => {
    const [finding] = go002(program("-race "));
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("its flags require cgo");
    expect(finding?.fix).toBeUndefined();
  });
});

describe("RT005 names the stage that was meant", () => {
  it("prefers a stage whose name contains the written one, and says when a stage names itself", () => {
    const text =
      "FROM alpine:3.20 AS license-set\nCOPY --from=license-set /a /a\nFROM alpine:3.20 AS sets\nFROM scratch\nCOPY --from=set /a /a\n";
    const messages = lint(text)
      .findings.filter((f) => f.ruleId === "RT005")
      .map((f) => f.message);
    expect(messages[0]).toContain("names this stage itself");
    expect(messages[1]).toContain("did you mean stage `license-set`?");
  });
});

describe("DF000 is an error only where Docker refuses the file", () => {
  it("reports an empty continuation line, which BuildKit only warns about, as a warning", () => {
    const [finding] = lint("FROM alpine:3.20\nRUN echo a \\\n\n    b\n").findings.filter((f) => f.ruleId === "DF000");
    expect([finding?.severity, finding?.start.line]).toEqual(["warning", 3]);
    expect(lint("FROM alpine:3.20\nHEALTHCHECK\n").findings.find((f) => f.ruleId === "DF000")?.severity).toBe("error");
  });
});

describe("SE003 advises what works for the way the value is used", () => {
  it("a runtime ENV is given to the container when it runs; one a later RUN reads is a build secret", () => {
    const message = (text: string) => lint(text).findings.find((f) => f.ruleId === "SE003")?.message ?? "";
    expect(message('FROM alpine:3.20\nENV DB_PASSWORD=hunter22\nCMD ["/app"]\n')).toContain(
      "give it to the container when it runs (`docker run -e DB_PASSWORD`",
    );
    expect(message('FROM alpine:3.20\nENV DB_PASSWORD=hunter22\nCMD ["/app"]\n')).toContain("remove it and rotate it");
    expect(
      message(
        "FROM golang:1.23\nENV GITHUB_TOKEN=x1\n" +
          'RUN git config --global url."https://$GITHUB_TOKEN@github.com/".insteadOf https://github.com/\n',
      ),
    ).toContain("RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN");
  });
});

describe("DF000 and a continuation that runs into the end of the file", () => {
  it("reports no empty line after the last line", () => {
    expect(lint("FROM alpine:3.20\nRUN echo a \\\n").findings.filter((f) => f.ruleId === "DF000")).toEqual([]);
    expect(lint("FROM alpine:3.20\nRUN echo a \\\n\n").findings.filter((f) => f.ruleId === "DF000")).toEqual([]);
  });
});

describe("SE006 advice that works for the URL", () => {
  const message = (url: string) =>
    lint(`FROM alpine:3.20\nARG V=1\nADD ${url} /tmp/x\n`).findings.find((f) => f.ruleId === "SE006")?.message ?? "";
  it("a checksum for a fixed URL, pinning first for a branch, a per-value check for a URL with variables", () => {
    expect(message("https://example.com/tool-1.2.3.tgz")).toContain("Pin it: `ADD --checksum=sha256:");
    expect(message("https://raw.githubusercontent.com/o/r/main/data.dat")).toContain("moving ref (`main`)");
    expect(message("https://raw.githubusercontent.com/o/r/v1.2.3/data.dat")).toContain("Pin it:");
    expect(message("https://example.com/tool-${V}.tgz")).toContain("one `--checksum` cannot cover every value");
  });
});

describe("SE001 and GitHub container actions", () => {
  it("leaves an action's image alone: GitHub runs container actions as root", () => {
    const text = 'FROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    const se001 = (path: string) => lint(text, { path }).findings.filter((f) => f.ruleId === "SE001").length;
    expect(se001(".github/actions/setup/Dockerfile")).toBe(0);
    expect(se001("github-action/Dockerfile")).toBe(0);
    expect(se001("deploy/Dockerfile")).toBe(1);
  });
});

describe("SE001 suggests a distroless tag that keeps the variant", () => {
  it("says :debug-nonroot on a :debug image, whose busybox the :nonroot tag would drop", () => {
    const message = (tag: string) =>
      lint(`FROM gcr.io/distroless/static-debian12:${tag}\nCOPY app /app\nENTRYPOINT ["/app"]\n`).findings.find((f) => f.ruleId === "SE001")
        ?.message ?? "";
    expect(message("debug")).toContain("use the `:debug-nonroot` tag");
    expect(message("latest")).toContain("use the `:nonroot` tag");
  });
});

describe("RT002 says what fails for each instruction", () => {
  const image = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n";
  it("an ENTRYPOINT fails to start with the runtime's own error", () => {
    expect(messageOf(`${image}ENTRYPOINT /app serve\n`, "RT002")).toContain(
      'the container fails to start with `exec: "/bin/sh": stat /bin/sh: no such file or directory`. Use the exec form: ' +
        '`ENTRYPOINT ["/app", "serve"]`',
    );
  });

  it("a HEALTHCHECK leaves the container running but unhealthy", () => {
    expect(messageOf(`${image}ENTRYPOINT ["/app"]\nHEALTHCHECK CMD /app health\n`, "RT002")).toContain("every health check fails");
  });

  it("a RUN fails the build", () => {
    expect(messageOf(`${image}RUN /app migrate\nENTRYPOINT ["/app"]\n`, "RT002")).toContain("so the build fails.");
  });
});

describe("IM003 pins the reference as written", () => {
  it("keeps an ARG that chooses the registry", () => {
    const text = 'ARG BASE_PREFIX=mirror.gcr.io/library/\nFROM ${BASE_PREFIX}alpine:3.20\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(text, "IM003")).toContain("Pin it: `FROM ${BASE_PREFIX}alpine:3.20@sha256:<digest>` (keep the tag");
  });

  it("writes the image out when no ARG is involved", () => {
    const text = 'FROM alpine:3.20\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(text, "IM003")).toContain("Pin it: `FROM alpine:3.20@sha256:<digest>`");
  });
});

describe("DF007 keeps HTTPS working when it drops recommends", () => {
  const image = (install: string) =>
    `FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ${install} && rm -rf /var/lib/apt/lists/*\n` +
    `COPY app /app\nENTRYPOINT ["/app"]\n`;
  it("asks for ca-certificates by name where it would only come as a recommended package", () => {
    expect(messageOf(image("curl git"), "DF007")).toContain(
      "Add `--no-install-recommends`, and name `ca-certificates` among the packages if anything in the image uses HTTPS",
    );
  });

  it("says nothing more when ca-certificates is named", () => {
    expect(messageOf(image("ca-certificates curl"), "DF007")).toMatch(/Add `--no-install-recommends`\.$/);
  });
});

describe("image advice leaves an image ID alone", () => {
  it("does not ask to tag or pin FROM sha256:<id>", () => {
    const text = `FROM sha256:${"ab".repeat(32)}\nCOPY app /app\nENTRYPOINT ["/app"]\n`;
    expect(lint(text).findings.filter((f) => f.ruleId.startsWith("IM"))).toEqual([]);
  });
});

describe("IM001 tags the reference as written", () => {
  it("keeps an ARG that chooses the registry", () => {
    const text = 'ARG BASE_PREFIX=mirror.gcr.io/library/\nFROM ${BASE_PREFIX}busybox\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(text, "IM001")).toContain("`FROM ${BASE_PREFIX}busybox:<version>` or `FROM ${BASE_PREFIX}busybox@sha256:<digest>`");
  });

  it("pins an image an ARG names whole in that ARG, where it is reported", () => {
    const text = 'ARG BASE=busybox\nFROM $BASE\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(text, "IM001")).toMatch(/^`FROM \$BASE` on line 2 \(`ARG BASE=busybox`\) has no tag/);
    expect(messageOf(text, "IM001")).toContain("`ARG BASE=busybox:<version>` or `ARG BASE=busybox@sha256:<digest>`");
  });
});

describe("SE001 on a USER root written out", () => {
  it("offers a distroless nonroot tag only for an image without RUN, whose steps would run as that user", () => {
    const base = 'FROM gcr.io/distroless/static-debian13:debug\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(base, "SE001")).toContain("or use the `:debug-nonroot` tag");
    const withRun = base.replace("COPY app", 'RUN ["/busybox/sh", "-c", "ln -s /busybox/sh /bin/sh"]\nCOPY app');
    expect(messageOf(withRun, "SE001")).not.toContain("nonroot` tag");
  });

  it("leaves room for a program that needs root", () => {
    const text = 'FROM alpine:3.20\nCOPY app /app\nUSER root\nCMD ["/app"]\n';
    const message = messageOf(text, "SE001");
    expect(message).toContain("if the program does not need root (if the program writes files, give that user a directory it owns");
    expect(message).toContain("if it does, say why above this line: `# slimlint ignore=SE001 -- <reason>`.");
    // A daemon that starts as root and switches users itself (crond, nginx, sshd) is left alone.
    expect(
      lint('FROM alpine:3.20\nCOPY crontab /var/spool/cron/crontabs/root\nUSER root\nCMD ["crond", "-f"]\n').findings.map((f) => f.ruleId),
    ).not.toContain("SE001");
  });
});

describe("DF007 on package lists a later RUN still reads", () => {
  it("asks for an update in each installing RUN instead of removing the lists", () => {
    const text = [
      "FROM debian:bookworm-slim",
      "RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates",
      "RUN apt-get install -y --no-install-recommends sshfs",
      "COPY app /app",
      'ENTRYPOINT ["/app"]',
      "",
    ].join("\n");
    expect(messageOf(text, "DF007")).toBe(
      "`apt-get update` writes the package lists into this layer, and the RUN on line 3 installs from them, " +
        "so they stay in the image. Give each RUN that installs its own `apt-get update` and end it with " +
        "`&& rm -rf /var/lib/apt/lists/*`.",
    );
  });
});

describe("DF009 on a source that may be a file or a directory", () => {
  it("claims no unpacking for an extensionless source, which is often a directory", () => {
    const text = 'FROM alpine:3.20\nADD snap /snap\nCOPY app /app\nENTRYPOINT ["/app"]\n';
    expect(messageOf(text, "DF009")).toContain("for plain files and directories it does what COPY does");
    expect(messageOf(text, "DF009")).not.toMatch(/would unpack|archive/);
  });
});

describe("DF014 quotes the value with the file's escape character", () => {
  it("escapes a backslash under the default escape, keeping the value", () => {
    // `C:\\go` in the file is the value C:\go.
    expect(messageOf('FROM alpine:3.20\nENV GOPATH C:\\\\go\nCOPY app /app\nENTRYPOINT ["/app"]\n', "DF014")).toBe(
      "`ENV GOPATH …` uses the deprecated `KEY value` form, which takes the whole rest of the line as one value. " +
        'Write `ENV GOPATH="C:\\\\go"`.',
    );
  });

  it("keeps backslashes and escapes quotes with a backtick under # escape=`", () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV GREETING say `"hi`" from C:\\go\nCMD ["cmd"]\n';
    expect(messageOf(text, "DF014")).toContain('Write `ENV GREETING="say `"hi`" from C:\\go"`.');
  });
});

describe("image advice leaves local images alone", () => {
  it("does not ask to tag or pin a one-word name no official image has", () => {
    const text = 'FROM build_deps:latest AS deps\nFROM zaqwsx_test-img\nCOPY --from=deps /app /app\nENTRYPOINT ["/app"]\n';
    expect(lint(text).findings.filter((f) => f.ruleId.startsWith("IM"))).toEqual([]);
  });

  it("still advises on official images and namespaced Docker Hub images", () => {
    const text = 'FROM golang:latest AS build\nFROM acme/base\nCOPY --from=build /go/bin/app /app\nENTRYPOINT ["/app"]\n';
    expect(
      lint(text)
        .findings.filter((f) => f.ruleId === "IM001" || f.ruleId === "IM002")
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["IM001", "IM002"]);
  });
});
