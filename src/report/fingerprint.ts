import { createHash } from "node:crypto";
import type { Finding } from "../engine/lint.js";
import type { SourceFile } from "../text/source.js";

/**
 * Stable identities for findings: rule, file and the flagged lines' text (white space folded), plus how
 * many identical ones came before in the file. Adding lines elsewhere does not change them.
 */
export function fingerprinter(): (path: string, finding: Finding, source: SourceFile) => string {
  const seen = new Map<string, number>();
  return (path, finding, source) => {
    const lines: string[] = [];
    for (let line = finding.start.line; line <= Math.min(finding.end.line, finding.start.line + 20); line++) {
      lines.push(
        source
          .lineText(line - 1)
          .trim()
          .replace(/\s+/g, " "),
      );
    }
    const key = `${finding.ruleId}\0${path}\0${lines.join("\n")}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash("sha256").update(`${key}\0${occurrence}`).digest("hex").slice(0, 32);
  };
}
