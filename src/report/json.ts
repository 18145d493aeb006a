import type { Finding } from "../engine/lint.js";
import { compareText } from "../engine/rule.js";
import { SourceFile } from "../text/source.js";
import { streamAll } from "./stream.js";
import type { FileReport, Reporter, StreamingReporterFactory } from "./types.js";

/** A flat array, one object per finding, sorted by file, line, column (outputs.md). */
export const jsonStream: StreamingReporterFactory = () => {
  let rows = 0;
  return {
    file(file, write) {
      const source = new SourceFile(file.text);
      for (const finding of fileFindingsSorted(file))
        write(`${rows++ === 0 ? "[\n" : ",\n"}  ${JSON.stringify(jsonRow(file, finding, source), null, 2).replace(/\n/g, "\n  ")}`);
    },
    end: (_errors, write) => write(rows === 0 ? "[]\n" : "\n]\n"),
  };
};

export const json: Reporter = (files, ctx) => streamAll(jsonStream(ctx), files, ctx.errors);

function jsonRow(file: FileReport, finding: Finding, source: SourceFile) {
  return {
    file: file.path,
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    ...(finding.problem === undefined ? {} : { problem: finding.problem }),
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
  };
}

/** One file's findings in report order: line, column, rule. */
export function fileFindingsSorted(file: FileReport): Finding[] {
  return [...file.findings].sort(compareFindings);
}

const compareFindings = (a: Finding, b: Finding) =>
  a.start.line - b.start.line || a.start.column - b.start.column || compareText(a.ruleId, b.ruleId);

export function sortedFindings(files: readonly FileReport[]): { file: FileReport; finding: Finding; source: SourceFile }[] {
  const rows = files.flatMap((file) => {
    const source = new SourceFile(file.text);
    return file.findings.map((finding) => ({ file, finding, source }));
  });
  return rows.sort((a, b) => compareText(a.file.path, b.file.path) || compareFindings(a.finding, b.finding));
}
