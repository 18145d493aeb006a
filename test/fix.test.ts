// Fix application: passes, safety levels, idempotence, and preserving the file's own style.
import { describe, expect, it } from "vitest";
import { fix, lint } from "../src/index.js";

// The syntax line says the file needs BuildKit, so GO007's cache-mount advice applies.
const DEBIAN = [
  "# syntax=docker/dockerfile:1",
  "FROM golang:1.23 AS build",
  "WORKDIR /src",
  "COPY . .",
  "RUN go build -o /out/app .",
  "FROM gcr.io/distroless/base-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02",
  "COPY --from=build /out/app /app",
  'ENTRYPOINT ["/app"]',
  "",
].join("\n");

const fixable = (text: string, unsafe = false) => lint(text).findings.filter((f) => f.fix && (unsafe || f.fix.safety === "safe"));

describe("fix", () => {
  it("applies safe fixes only, in passes, until nothing fixable is left", () => {
    const result = fix(DEBIAN);
    expect(result.text).toBe(DEBIAN.replace("RUN go build -o", 'RUN go build -trimpath -ldflags="-s -w" -o'));
    expect(result.applied).toBe(2);
    expect(fixable(result.text)).toEqual([]);
    // GO007 (cache mounts) has no fix; GO001 and GO005 have unsafe ones.
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(["GO001", "GO005", "GO007"]);
  });

  it("adds unsafe fixes with unsafe: true, and the result re-lints clean of them", () => {
    const result = fix(DEBIAN, { unsafe: true });
    expect(result.text).toBe(
      [
        "# syntax=docker/dockerfile:1",
        "FROM golang:1.23 AS build",
        "WORKDIR /src",
        "COPY go.mod go.sum ./",
        "RUN go mod download",
        "COPY . .",
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
        "FROM gcr.io/distroless/base-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02",
        "COPY --from=build /out/app /app",
        'ENTRYPOINT ["/app"]',
        "",
      ].join("\n"),
    );
    // What is left has no fix: GO007 asks for cache mounts on both go commands.
    expect(lint(result.text).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`)).toEqual(["5:5 GO007", "7:19 GO007"]);
  });

  it("changes nothing the second time", () => {
    const once = fix(DEBIAN, { unsafe: true });
    const twice = fix(once.text, { unsafe: true });
    expect(twice.text).toBe(once.text);
    expect(twice.applied).toBe(0);
  });

  it("keeps CRLF line endings, a BOM, indentation and continuation lines", () => {
    const text =
      "\uFEFFFROM golang:1.23-alpine AS build\r\n  WORKDIR /src\r\n  COPY . .\r\n  RUN go build \\\r\n      -o /out/app .\r\n" +
      'FROM scratch\r\nCOPY --from=build /out/app /app\r\nENTRYPOINT ["/app"]\r\n';
    const result = fix(text, { unsafe: true });
    expect(result.text.startsWith("\uFEFF")).toBe(true);
    expect(result.text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(result.text).toContain("  COPY go.mod go.sum ./\r\n  RUN go mod download\r\n  COPY . .\r\n");
    expect(result.text).toContain('  RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" \\\r\n      -o /out/app .\r\n');
    expect(fixable(result.text, true)).toEqual([]);
  });

  it("never lets two fixes edit the same place in one pass", () => {
    // GO003 and GO004 both insert right after `build`: one waits for the next pass, none is lost or mixed.
    const result = fix('FROM golang:1.23-alpine\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n');
    expect(result.passes).toBe(2);
    expect(result.text).toBe(
      'FROM golang:1.23-alpine\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\nCMD ["/out/app"]\n',
    );
  });

  // GO001 leaves these alone: the binaries run in the image they were built in.
  it("keeps the -X flags and quoting when it adds -s -w (and fixes each command of a RUN on its own)", () => {
    const text =
      "FROM golang:1.21-alpine\nRUN CGO_ENABLED=0 go build -trimpath -ldflags '-X main.v=1' -o /out/app . " +
      '&& go build -trimpath --ldflags=-w -o /out/b .\nCMD ["/out/app"]\n';
    expect(fix(text).text).toBe(
      "FROM golang:1.21-alpine\nRUN CGO_ENABLED=0 go build -trimpath -ldflags '-s -w -X main.v=1' -o /out/app . " +
        '&& go build -trimpath --ldflags="-s -w" -o /out/b .\nCMD ["/out/app"]\n',
    );
  });
});
