import { createColors } from "picocolors";
import type { Finding } from "../engine/lint.js";
import type { Severity } from "../engine/rule.js";
import { SourceFile } from "../text/source.js";
import { visible } from "../text/visible.js";
import { streamAll } from "./stream.js";
import type { Reporter, StreamingReporterFactory } from "./types.js";

const LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

/**
 * Human output: findings grouped by file, each with a one-line code frame, then a summary line. Input errors go to
 * stderr (the CLI prints them).
 */
export const textStream: StreamingReporterFactory = (ctx) => {
  const c = createColors(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const hidden = { warning: 0, info: 0 };
  const fixable = { safe: 0, unsafe: 0 };
  let fixed = 0;
  let fixedFiles = 0;
  let files = 0;
  let withFindings = 0;
  return {
    file(file, write) {
      files++;
      hidden.warning += file.hidden?.warning ?? 0;
      hidden.info += file.hidden?.info ?? 0;
      if (file.fixed) {
        fixed += file.fixed;
        fixedFiles++;
      }
      if (file.findings.length === 0) return;
      withFindings++;
      write(`${c.underline(visible(file.path))}\n`);
      const source = new SourceFile(file.text);
      for (const finding of file.findings) {
        counts[finding.severity]++;
        const where = `${finding.start.line}:${finding.start.column}`;
        const [code, carets] = codeFrame(source, finding, c.dim, paint[finding.severity]);
        // Marked as Ruff marks them: [*] has a safe fix (--fix), [unsafe fix] one that --unsafe-fixes applies.
        const safety = finding.fix?.safety;
        if (safety) fixable[safety]++;
        const mark = safety === "safe" ? ` ${c.cyan("[*]")}` : safety === "unsafe" ? ` ${c.dim("[unsafe fix]")}` : "";
        write(
          `  ${c.dim(where.padEnd(6))} ${paint[finding.severity](LABEL[finding.severity].padEnd(7))} ${visible(finding.message)}  ` +
            `${c.dim(finding.ruleId)}${mark}\n${code}\n${carets}\n`,
        );
      }
      write("\n");
    },
    end(_errors, write) {
      if (files === 0) return; // nothing was linted: the CLI says why on stderr (read errors, ignore globs)
      if (fixed > 0) write(`${c.green(`Fixed ${plural(fixed, "problem")} in ${fileWord(fixedFiles)}.`)}\n`);
      const total = counts.error + counts.warning + counts.info;
      // -q shows errors only; the summary still says what it hid (the exit code counts it too).
      const hiddenParts = [
        hidden.warning > 0 ? plural(hidden.warning, "warning") : "",
        hidden.info > 0 ? `${hidden.info} info` : "",
      ].filter(Boolean);
      const hiddenNote = hiddenParts.length > 0 ? `; ${hiddenParts.join(" and ")} hidden by -q` : "";
      if (total === 0 && hiddenNote) return write(`${c.bold(`No errors in ${fileWord(files)}${hiddenNote}`)}\n`);
      if (total === 0) return write(`${c.green(`✔ No problems in ${fileWord(files)}`)}\n`);
      const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), `${counts.info} info`];
      write(
        `${c.bold(
          `✖ ${plural(total, "problem")} (${parts.join(", ")}) in ${fileWord(withFindings)} of ${fileWord(files)}${hiddenNote}`,
        )}\n`,
      );
      if (fixable.safe > 0)
        write(`${fixable.safe} fixable with --fix${fixable.unsafe > 0 ? ` (${fixable.unsafe} more with --unsafe-fixes)` : ""}.\n`);
      else if (fixable.unsafe > 0) write(`${fixable.unsafe} fixable with --fix --unsafe-fixes (review the changes).\n`);
    },
  };
};

const fileWord = (n: number) => `${n} file${n === 1 ? "" : "s"}`;

export const text: Reporter = (files, ctx) => streamAll(textStream(ctx), files, ctx.errors);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The finding's first line with a caret underline (tabs kept so the carets line up; control characters shown as escapes). */
function codeFrame(source: SourceFile, finding: Finding, dim: (s: string) => string, mark: (s: string) => string): [string, string] {
  const lineIndex = finding.start.line - 1;
  const line = source.lineText(lineIndex).replace(/\r$/, "");
  const cut = line.length > 160 ? 157 : line.length;
  const startColumn = Math.min(finding.start.column - 1, cut);
  const endColumn = finding.end.line === finding.start.line ? Math.min(finding.end.column - 1, cut) : cut;
  const before = visible(line.slice(0, startColumn));
  const marked = visible(line.slice(startColumn, endColumn));
  const shown = `${before}${marked}${visible(line.slice(endColumn, cut))}${cut < line.length ? "..." : ""}`;
  const number = String(finding.start.line);
  const gutter = " ".repeat(number.length);
  const pad = Array.from(before, (ch) => (ch === "\t" ? "\t" : " ")).join("");
  const carets = "^".repeat(Math.max(1, Array.from(marked).length));
  return [`    ${dim(`${number} |`)} ${shown}`, `    ${dim(`${gutter} |`)} ${pad}${mark(carets)}`];
}
