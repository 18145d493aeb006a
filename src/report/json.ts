import type { Finding } from "../engine/lint.js";
import { compareText } from "../engine/rule.js";
import { SourceFile } from "../parse/source.js";
import type { FileReport, Reporter } from "./types.js";

/** A flat array, one object per finding, sorted by file, line, column (outputs.md). */
export const json: Reporter = (files) => {
  const rows = sortedFindings(files).map(({ file, finding, source }) => ({
    file: file.path,
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    severity: finding.severity,
    message: finding.message,
    docsUrl: finding.docsUrl,
    ...(finding.fix
      ? {
          fix: {
            safe: finding.fix.safety === "safe",
            description: finding.fix.description,
            edits: finding.fix.edits.map((edit) => {
              const start = source.position(edit.span.start);
              const end = source.position(edit.span.end);
              return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, text: edit.text };
            }),
          },
        }
      : {}),
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
};

export function sortedFindings(files: readonly FileReport[]): { file: FileReport; finding: Finding; source: SourceFile }[] {
  const rows = files.flatMap((file) => {
    const source = new SourceFile(file.text);
    return file.findings.map((finding) => ({ file, finding, source }));
  });
  return rows.sort(
    (a, b) =>
      compareText(a.file.path, b.file.path) ||
      a.finding.start.line - b.finding.start.line ||
      a.finding.start.column - b.finding.start.column ||
      compareText(a.finding.ruleId, b.finding.ruleId),
  );
}
