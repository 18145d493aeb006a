// The line- and XML-based formats for CI systems and editors. All sorted like the JSON report.
import type { Severity } from "../engine/rule.js";
import { fingerprinter } from "./fingerprint.js";
import type { Finding } from "../engine/lint.js";
import { visible, xmlText } from "../text/visible.js";
import { fileFindingsSorted, sortedFindings } from "./json.js";
import { streamAll } from "./stream.js";
import type { FileReport, Reporter, StreamingReporterFactory } from "./types.js";

/** `file:line:col: severity: message [ID]`: for editor problem matchers. Input errors go to stderr. */
export const compactStream: StreamingReporterFactory = () => ({
  file(file, write) {
    const path = visible(file.path);
    for (const f of fileFindingsSorted(file))
      write(`${path}:${f.start.line}:${f.start.column}: ${f.severity}: ${visible(f.message)} [${f.ruleId}]\n`);
  },
  end: () => undefined,
});

export const compact: Reporter = (files, ctx) => streamAll(compactStream(ctx), files, ctx.errors);

/**
 * The GNU Coding Standards' error format with the program name, `slimlint:FILE:LINE.COLUMN: SEVERITY: MESSAGE [ID]`,
 * which Emacs' compilation mode and other GNU tools read (hadolint's `gnu` format).
 */
export const gnuStream: StreamingReporterFactory = () => ({
  file(file, write) {
    const path = visible(file.path);
    for (const f of fileFindingsSorted(file))
      write(`slimlint:${path}:${f.start.line}.${f.start.column}: ${f.severity}: ${visible(f.message)} [${f.ruleId}]\n`);
  },
  end: () => undefined,
});

export const gnu: Reporter = (files, ctx) => streamAll(gnuStream(ctx), files, ctx.errors);

const GITHUB_LEVEL: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };
const escapeData = (s: string) => visible(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions workflow commands: annotations on the pull request. */
export const github: Reporter = (files, ctx) => {
  const lines = sortedFindings(files).map(({ file, finding: f }) => {
    const props =
      `file=${escapeProperty(file.path)},line=${f.start.line},col=${f.start.column},endLine=${f.end.line},endColumn=${f.end.column},` +
      `title=${escapeProperty(`${f.ruleId} ${f.ruleName}`)}`;
    return `::${GITHUB_LEVEL[f.severity]} ${props}::${escapeData(f.message)}`;
  });
  for (const error of ctx.errors) lines.push(`::error file=${escapeProperty(error.path)},title=slimlint::${escapeData(error.message)}`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};

const GITLAB_SEVERITY: Record<Severity, string> = { error: "critical", warning: "major", info: "info" };

/** GitLab Code Quality report (a JSON array), with fingerprints stable across unrelated edits. */
export const gitlab: Reporter = (files) => {
  const fingerprint = fingerprinter();
  const issues = sortedFindings(files).map(({ file, finding: f, source }) => ({
    description: f.message,
    check_name: f.ruleId,
    fingerprint: fingerprint(file.path, f, source),
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: file.path, lines: { begin: f.start.line, end: f.end.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
};

const CODECLIMATE_SEVERITY: Record<Severity, string> = { error: "critical", warning: "major", info: "minor" };

/**
 * Code Climate's engine format (hadolint's `codeclimate`): one issue object per finding, each followed by
 * a NUL byte, as the Code Climate spec streams them. GitLab reads the `gitlab` format instead.
 */
export const codeclimate: Reporter = (files) => {
  const fingerprint = fingerprinter();
  return sortedFindings(files)
    .map(({ file, finding: f, source }) =>
      JSON.stringify({
        type: "issue",
        check_name: f.ruleId,
        description: f.message,
        categories: [f.ruleId.startsWith("SE") ? "Security" : f.severity === "error" ? "Bug Risk" : "Style"],
        location: {
          path: file.path,
          positions: { begin: { line: f.start.line, column: f.start.column }, end: { line: f.end.line, column: f.end.column } },
        },
        severity: CODECLIMATE_SEVERITY[f.severity],
        fingerprint: fingerprint(file.path, f, source),
      }),
    )
    .map((issue) => `${issue}\0`)
    .join("");
};

const xml = xmlText;

/** Each file's findings in report order, grouped once (not filtered per file: linear in files × findings). */
function byFile(files: readonly FileReport[]): Map<FileReport, Finding[]> {
  return new Map(files.map((file) => [file, fileFindingsSorted(file)]));
}

/** Checkstyle XML, read by Jenkins, reviewdog and many CI plugins. */
export const checkstyle: Reporter = (files, ctx) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  const grouped = byFile(files);
  for (const file of files) {
    out.push(`  <file name="${xml(file.path)}">`);
    for (const f of grouped.get(file) ?? []) {
      out.push(
        `    <error line="${f.start.line}" column="${f.start.column}" severity="${f.severity}" message="${xml(f.message)}" ` +
          `source="slimlint.${xml(f.ruleId)}"/>`,
      );
    }
    out.push("  </file>");
  }
  for (const error of ctx.errors)
    out.push(
      `  <file name="${xml(error.path)}">`,
      `    <error line="1" column="1" severity="error" message="${xml(error.message)}" source="slimlint.input"/>`,
      "  </file>",
    );
  out.push("</checkstyle>");
  return `${out.join("\n")}\n`;
};

/** JUnit XML: one test case per file, failing with its findings. */
export const junit: Reporter = (files, ctx) => {
  const grouped = byFile(files);
  const failures = files.filter((f) => f.findings.length > 0).length + ctx.errors.length;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="slimlint" tests="${files.length + ctx.errors.length}" failures="${failures}">`,
  ];
  out.push(`  <testsuite name="slimlint" tests="${files.length + ctx.errors.length}" failures="${failures}" errors="0">`);
  for (const file of files) {
    const mine = grouped.get(file) ?? [];
    if (mine.length === 0) {
      out.push(`    <testcase name="${xml(file.path)}" classname="slimlint"/>`);
      continue;
    }
    const body = mine.map((f) => `${f.start.line}:${f.start.column} ${f.severity} ${f.ruleId}: ${f.message}`).join("\n");
    out.push(`    <testcase name="${xml(file.path)}" classname="slimlint">`);
    out.push(`      <failure message="${mine.length} problem${mine.length === 1 ? "" : "s"}" type="slimlint">${xml(body)}</failure>`);
    out.push("    </testcase>");
  }
  for (const error of ctx.errors) {
    out.push(
      `    <testcase name="${xml(error.path)}" classname="slimlint">`,
      `      <failure message="${xml(error.message)}" type="input"/>`,
      "    </testcase>",
    );
  }
  out.push("  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
};

const SONAR_SEVERITY: Record<Severity, string> = { error: "CRITICAL", warning: "MAJOR", info: "INFO" };

/** SonarQube's generic issue import format (0-based columns, as Sonar counts them). */
export const sonarqube: Reporter = (files) => {
  const issues = sortedFindings(files).map(({ file, finding: f }) => ({
    engineId: "slimlint",
    ruleId: f.ruleId,
    severity: SONAR_SEVERITY[f.severity],
    type: f.ruleId.startsWith("SE") ? "VULNERABILITY" : f.severity === "error" ? "BUG" : "CODE_SMELL",
    primaryLocation: {
      message: f.message,
      filePath: file.path,
      textRange: { startLine: f.start.line, endLine: f.end.line, startColumn: f.start.column - 1, endColumn: f.end.column - 1 },
    },
  }));
  return `${JSON.stringify({ issues }, null, 2)}\n`;
};
