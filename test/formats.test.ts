// The CI and editor formats, exactly as written for a small report.
import { describe, expect, it } from "vitest";
import { lint, rules, ruleLevels } from "../src/index.js";
import { checkstyle, compact, github, gitlab, junit, sonarqube } from "../src/report/formats.js";
import type { FileReport, ReportContext } from "../src/report/types.js";

// The build-cache mount makes it a BuildKit file, where GO007 asks for the module cache too.
const TEXT =
  'FROM golang AS build\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o ' +
  '/out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nUSER 65532\nENTRYPOINT ["/app"]\n';
const file: FileReport = { path: "svc/Docker file", absolutePath: undefined, text: TEXT, findings: lint(TEXT).findings };
const clean: FileReport = { path: "ok/Dockerfile", absolutePath: undefined, text: "FROM scratch\n", findings: [] };
const ctx: ReportContext = {
  rules: ruleLevels(rules),
  color: false,
  version: "0.1.0",
  root: "/",
  errors: [{ path: "gone/Dockerfile", message: "no such file or directory" }],
};

describe("formats", () => {
  it("compact: file:line:col: severity: message [ID]", () => {
    expect(compact([file], ctx).split("\n")).toEqual([
      "svc/Docker file:1:6: warning: `FROM golang` has no tag, so it means `golang:latest`: the build changes whenever that image " +
        "is updated and can break without any change of yours. Pin a version tag or a digest: `FROM golang:<version>` or " +
        "`FROM golang@sha256:<digest>`. [IM001]",
      expect.stringMatching(/^svc\/Docker file:2:67: info: `go build` has no cache mount on its module cache .* \[GO007\]$/),
      expect.stringMatching(
        /^svc\/Docker file:3:6: info: The final image is built on scratch and no CA certificates are copied in: .* \[RT001\]$/,
      ),
      "",
    ]);
  });

  it("github: workflow commands with escaped properties", () => {
    const lines = github([file], ctx).trim().split("\n");
    expect(lines[0]).toMatch(
      /^::warning file=svc\/Docker file,line=1,col=6,endLine=1,endColumn=12,title=IM001 image-untagged::`FROM golang` has no tag/,
    );
    expect(lines[1]).toMatch(/^::notice file=svc\/Docker file,line=2,col=67,.*title=GO007 go-cache-mount-missing::/);
    expect(lines[3]).toBe("::error file=gone/Dockerfile,title=slimlint::no such file or directory");
    expect(github([{ ...file, path: "a,b:c%" }], { ...ctx, errors: [] })).toContain("file=a%2Cb%3Ac%25,");
  });

  it("gitlab: Code Quality issues with stable fingerprints", () => {
    const issues = JSON.parse(gitlab([file], ctx));
    expect(issues[0]).toEqual({
      description: expect.stringContaining("`FROM golang` has no tag"),
      check_name: "IM001",
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: "major",
      location: { path: "svc/Docker file", lines: { begin: 1, end: 1 } },
    });
    const shifted = { ...file, text: `# comment\n${TEXT}`, findings: lint(`# comment\n${TEXT}`).findings };
    expect(JSON.parse(gitlab([shifted], ctx)).map((i: { fingerprint: string }) => i.fingerprint)).toEqual(
      issues.map((i: { fingerprint: string }) => i.fingerprint),
    );
  });

  it("checkstyle: XML with escaped messages", () => {
    const out = checkstyle([file, clean], ctx);
    expect(out.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n  <file name="svc/Docker file">\n')).toBe(
      true,
    );
    expect(out).toContain(
      '<error line="1" column="6" severity="warning" message="`FROM golang` has no tag, so it means `golang:latest`: ' +
        "the build changes whenever that image is updated and can break without any change of yours. Pin a version tag or a digest: " +
        '`FROM golang:&lt;version&gt;` or `FROM golang@sha256:&lt;digest&gt;`." source="slimlint.IM001"/>',
    );
    expect(out).toContain('  <file name="ok/Dockerfile">\n  </file>\n');
    expect(out.endsWith("</checkstyle>\n")).toBe(true);
  });

  it("junit: a test case per file, failing with its findings", () => {
    const out = junit([file, clean], ctx);
    expect(out).toContain('<testsuite name="slimlint" tests="3" failures="2" errors="0">');
    expect(out).toContain('<testcase name="ok/Dockerfile" classname="slimlint"/>');
    expect(out).toContain('<failure message="3 problems" type="slimlint">1:6 warning IM001: ');
    expect(out).toContain('<failure message="no such file or directory" type="input"/>');
  });

  it("sonarqube: generic issues with 0-based columns", () => {
    const { issues } = JSON.parse(sonarqube([file], ctx));
    expect(issues[0]).toEqual({
      engineId: "slimlint",
      ruleId: "IM001",
      severity: "MAJOR",
      type: "CODE_SMELL",
      primaryLocation: {
        message: expect.any(String),
        filePath: "svc/Docker file",
        textRange: { startLine: 1, endLine: 1, startColumn: 5, endColumn: 11 },
      },
    });
  });
});
