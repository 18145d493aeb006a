import { createColors } from "picocolors";
import type { Finding } from "../engine/lint.js";
import type { Severity } from "../engine/rule.js";
import { SourceFile } from "../parse/source.js";
import type { Reporter } from "./types.js";

const LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

/** Human output: findings grouped by file, each with a one-line code frame, then a summary line. Input errors go to stderr (the CLI prints them). */
export const text: Reporter = (files, ctx) => {
  const c = createColors(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let withFindings = 0;
  for (const file of files) {
    if (file.findings.length === 0) continue;
    withFindings++;
    out.push(c.underline(file.path));
    const source = new SourceFile(file.text);
    for (const finding of file.findings) {
      counts[finding.severity]++;
      const where = `${finding.start.line}:${finding.start.column}`;
      out.push(`  ${c.dim(where.padEnd(6))} ${paint[finding.severity](LABEL[finding.severity].padEnd(7))} ${finding.message}  ${c.dim(finding.ruleId)}`);
      out.push(...codeFrame(source, finding, c.dim, paint[finding.severity]));
    }
    out.push("");
  }
  const total = counts.error + counts.warning + counts.info;
  const fileWord = (n: number) => `${n} file${n === 1 ? "" : "s"}`;
  if (total === 0) {
    out.push(c.green(`✔ No problems in ${fileWord(files.length)}`));
  } else {
    const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), `${counts.info} info`];
    out.push(c.bold(`✖ ${plural(total, "problem")} (${parts.join(", ")}) in ${fileWord(withFindings)} of ${fileWord(files.length)}`));
  }
  return `${out.join("\n")}\n`;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The finding's first line with a caret underline (tabs kept so the carets line up). */
function codeFrame(source: SourceFile, finding: Finding, dim: (s: string) => string, mark: (s: string) => string): string[] {
  const lineIndex = finding.start.line - 1;
  const line = source.lineText(lineIndex).replace(/\r$/, "");
  const shown = line.length > 160 ? `${line.slice(0, 157)}...` : line;
  const number = String(finding.start.line);
  const gutter = " ".repeat(number.length);
  const startColumn = Math.min(finding.start.column - 1, shown.length);
  const endColumn = finding.end.line === finding.start.line ? Math.min(finding.end.column - 1, shown.length) : shown.length;
  const pad = Array.from(shown.slice(0, startColumn), (ch) => (ch === "\t" ? "\t" : " ")).join("");
  const carets = "^".repeat(Math.max(1, endColumn - startColumn));
  return [`    ${dim(`${number} |`)} ${shown}`, `    ${dim(`${gutter} |`)} ${pad}${mark(carets)}`];
}
