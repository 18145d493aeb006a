// Reporters: JSON contract, SARIF validity and stability, plain text.
import { describe, expect, it } from "vitest";
import { lint, rules, ruleLevels } from "../src/index.js";
import { json } from "../src/report/json.js";
import { sarif } from "../src/report/sarif.js";
import { text } from "../src/report/text.js";
import type { FileReport, ReportContext } from "../src/report/types.js";
import { sarifErrors } from "./sarif-schema.js";

const DOCKERFILE = [
  "FROM golang:1.23 AS build",
  "WORKDIR /src",
  "COPY go.mod ./",
  "COPY . .",
  "RUN go build -o /out/app .",
  "FROM scratch",
  "COPY --from=build /out/app /app",
  "USER app",
  'ENTRYPOINT ["/app"]',
  "",
].join("\n");

const ctx: ReportContext = { rules: ruleLevels(rules), color: false, version: "0.1.0", root: "/repo", errors: [] };
const report = (source: string, path = "svc/Dockerfile"): FileReport => ({
  path,
  absolutePath: `/repo/${path}`,
  text: source,
  findings: lint(source).findings,
});

describe("json reporter", () => {
  it("writes the flat array of outputs.md, sorted, with 1-based exclusive-end positions and fixes", () => {
    const rows = JSON.parse(json([report(DOCKERFILE)], ctx)) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    const trimpath = rows.find((r) => r.ruleId === "GO004");
    expect(trimpath).toEqual({
      file: "svc/Dockerfile",
      line: 5,
      column: 5,
      endLine: 5,
      endColumn: 13,
      ruleId: "GO004",
      ruleName: "go-trimpath-missing",
      severity: "warning",
      message: expect.stringContaining("-trimpath"),
      docsUrl: expect.stringMatching(/go-trimpath-missing\.md$/),
      fix: { safe: true, description: "Add -trimpath", edits: [{ line: 5, column: 13, endLine: 5, endColumn: 13, text: " -trimpath" }] },
    });
    const order = rows.map((r) => [r.line as number, r.column as number]);
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  });

  it("names the problem of a rule that reports several, after ruleName; other findings have no problem field", () => {
    const rows = JSON.parse(json([report("FROM alpine:3.20 AS App\nCOPY app /app\nUSER nobody\n")], ctx)) as Record<string, unknown>[];
    const casing = rows.find((r) => r.ruleId === "DF010");
    expect(Object.keys(casing ?? {}).slice(5, 8)).toEqual(["ruleId", "ruleName", "problem"]);
    expect(casing?.problem).toBe("casing");
    expect(rows.filter((r) => r.ruleId !== "DF010").every((r) => !("problem" in r))).toBe(true);
  });
});

describe("sarif problem keys", () => {
  it("carries a finding's problem in properties.problem and keeps ruleId the rule's, valid against the schema", () => {
    const log = JSON.parse(sarif([report("FROM alpine:3.20 AS App\nCOPY app /app\nUSER nobody\n")], ctx));
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "DF010");
    expect(result.properties).toEqual({ problem: "casing" });
    expect(sarifErrors(log)).toEqual([]);
  });
});

describe("sarif reporter", () => {
  const log = JSON.parse(sarif([report(DOCKERFILE), report("FROM alpine:3.20\n", "ok/Dockerfile")], ctx));

  it("validates against the official SARIF 2.1.0 schema", () => {
    expect(sarifErrors(log)).toEqual([]);
  });

  it("carries the rules table, help, helpUri, precise regions, fingerprints and fixes", () => {
    const run = log.runs[0];
    expect(run.columnKind).toBe("unicodeCodePoints");
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toBe("file:///repo/");
    // The rules that ran: every rule but the opt-in ones, which ship off.
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules.filter((r) => !r.optIn).map((r) => r.id));
    expect(rules.some((r) => r.optIn)).toBe(true);
    const se002 = run.tool.driver.rules.find((r: { id: string }) => r.id === "SE002");
    expect(se002).toMatchObject({
      name: "user-unresolvable",
      helpUri: expect.stringContaining("user-unresolvable"),
      defaultConfiguration: { level: "error" },
    });
    expect(se002.help.markdown).toContain("```dockerfile");
    expect(se002.properties).toMatchObject({ tags: ["correctness", "security"], precision: "high", "security-severity": "8.0" });
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === "SE002");
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe("SE002");
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "svc/Dockerfile", uriBaseId: "%SRCROOT%" },
      region: { startLine: 8, startColumn: 6, endLine: 8, endColumn: 9 },
    });
    const withFix = run.results.find((r: { ruleId: string }) => r.ruleId === "GO004");
    expect(withFix.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 5, startColumn: 13, endLine: 5, endColumn: 13 },
      insertedContent: { text: " -trimpath" },
    });
  });

  it("keeps fingerprints when unrelated lines are added above", () => {
    const fingerprints = (source: string) =>
      JSON.parse(sarif([report(source)], ctx)).runs[0].results.map((r: { ruleId: string; partialFingerprints: Record<string, string> }) => [
        r.ruleId,
        r.partialFingerprints["slimlintFindingHash/v1"],
      ]);
    // Comments only: a `# syntax=` line would make it a BuildKit file, where GO007 has more to say.
    const shifted = `# a comment\n# another one\n${DOCKERFILE}`;
    expect(fingerprints(shifted)).toEqual(fingerprints(DOCKERFILE));
  });

  it("percent-encodes paths relative to the repository root", () => {
    const spaced = JSON.parse(sarif([report("FROM golang\n", "my app/Docker file")], ctx));
    expect(spaced.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("my%20app/Docker%20file");
    expect(sarifErrors(spaced)).toEqual([]);
  });

  it("reports unreadable inputs as failed execution", () => {
    const failed = JSON.parse(sarif([], { ...ctx, errors: [{ path: "missing/Dockerfile", message: "no such file or directory" }] }));
    expect(failed.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false });
    expect(sarifErrors(failed)).toEqual([]);
  });
});

describe("text reporter", () => {
  it("groups by file with a code frame and a summary, and has no colour codes when colour is off", () => {
    const file = report(DOCKERFILE);
    const out = text([file], ctx);
    expect(out).not.toMatch(/\u001b\[/);
    expect(out).toContain("svc/Dockerfile\n");
    expect(out).toMatch(/ {2}8:6 +error +`USER app` cannot be resolved: scratch has no \/etc\/passwd.*SE002\n/);
    expect(out).toContain("    8 | USER app\n      |      ^^^\n");
    const safe = file.findings.filter((f) => f.fix?.safety === "safe").length;
    const unsafe = file.findings.filter((f) => f.fix?.safety === "unsafe").length;
    expect(safe + unsafe).toBeGreaterThan(0);
    const fixable =
      safe > 0
        ? `${safe} fixable with --fix${unsafe > 0 ? ` (${unsafe} more with --unsafe-fixes)` : ""}.`
        : `${unsafe} fixable with --fix --unsafe-fixes (review the changes).`;
    expect(out).toMatch(
      new RegExp(
        `✖ \\d+ problems \\(\\d+ errors?, \\d+ warnings?, \\d+ info\\) in 1 file of 1 file\\n${fixable.replace(/[().*+?]/g, "\\$&")}\\n$`,
      ),
    );
  });

  it("says so when there is nothing to report", () => {
    expect(text([report("FROM scratch\nUSER 65532\nCOPY --from=alpine:3.20 /etc/ssl/certs /etc/ssl/certs\n")], ctx)).toBe(
      "✔ No problems in 1 file\n",
    );
  });
});
