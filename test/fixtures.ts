// Reads fixture Dockerfiles and the expectations they carry in `# expect:` comments.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { rules, type Finding } from "../src/index.js";
import type { BuildContext, LabelType } from "../src/model/types.js";
import { OptionsResolver } from "../src/options/resolve.js";

export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

export interface Expected {
  /** The rule id, or `DF007/lists` when a marker names which of the rule's problems fires. */
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
}

/**
 * `# expect: GO004 @5, GO003 @14` on the line(s) above an instruction: those rules fire at that column of
 * the instruction's first line. `@12:7` names an absolute line (for findings inside heredocs and
 * continuation lines). `DF007/lists @1` also names the problem key the finding must carry.
 */
export function expectations(text: string): Expected[] {
  const out: Expected[] = [];
  let pending: { ruleId: string; line?: number; column: number }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const marker = /^\s*#\s*expect:\s*(.*)$/.exec(line);
    if (marker) {
      for (const item of (marker[1] ?? "").split(",")) {
        const m = /^\s*([A-Z]{2}\d{3}(?:\/[a-z][a-z-]*)?|SC\d{4})\s*@(?:(\d+):)?(\d+)\s*$/.exec(item);
        if (!m) throw new Error(`bad expect marker on line ${index + 1}: "${item}"`);
        pending.push({ ruleId: m[1] as string, ...(m[2] ? { line: Number(m[2]) } : {}), column: Number(m[3]) });
      }
      return;
    }
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    for (const p of pending) out.push({ ruleId: p.ruleId, line: p.line ?? index + 1, column: p.column });
    pending = [];
  });
  if (pending.length > 0) throw new Error("an expect marker is not followed by an instruction");
  return sortExpected(out);
}

export const sortExpected = (list: Expected[]): Expected[] =>
  [...list].sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

/** Findings as markers: a finding carries its problem key where a marker at its position names one. */
export function positions(
  findings: readonly Pick<Finding, "ruleId" | "problem" | "start">[],
  expected: readonly Expected[] = [],
): Expected[] {
  const named = new Set(expected.filter((e) => e.ruleId.includes("/")).map((e) => `${e.ruleId.split("/")[0]}@${e.line}:${e.column}`));
  return sortExpected(
    findings.map((f) => {
      const at = `${f.ruleId}@${f.start.line}:${f.start.column}`;
      return {
        ruleId: f.problem !== undefined && named.has(at) ? `${f.ruleId}/${f.problem}` : f.ruleId,
        line: f.start.line,
        column: f.start.column,
      };
    }),
  );
}

export interface FixtureFile {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly context: BuildContext;
  /** From the nearest `.slimlint.yaml`, as the CLI would find it (IM005's fixtures carry their trusted registries there). */
  readonly trustedRegistries: readonly string[] | undefined;
  /** DF025's fixtures carry their label schema in the nearest `.slimlint.yaml` too. */
  readonly labelSchema: Readonly<Record<string, LabelType>> | undefined;
  readonly strictLabels: boolean | undefined;
}

/**
 * Files named bad*.Dockerfile or good*.Dockerfile, and directories bad-NAME or good-NAME holding a Dockerfile (cases
 * that need a build context).
 */
export async function fixtureFiles(dir: string, prefix: "bad" | "good"): Promise<FixtureFile[]> {
  const root = join(FIXTURES, dir);
  if (!existsSync(root)) return [];
  const files: FixtureFile[] = [];
  const resolver = new OptionsResolver(rules, { cwd: root });
  for (const entry of readdirSync(root).sort()) {
    if (!entry.startsWith(prefix)) continue;
    const full = join(root, entry);
    const path = statSync(full).isDirectory() ? join(full, "Dockerfile") : full;
    if (!path.endsWith("Dockerfile")) continue;
    const text = readFileSync(path, "utf8");
    // Options as the CLI resolves them (nearest config, build context); the tests choose the rule levels.
    const { options, configError } = await resolver.optionsFor({ path }, text);
    if (configError) throw configError;
    const { context = { known: false }, trustedRegistries, labelSchema, strictLabels } = options;
    files.push({ name: `${dir}/${entry}`, path, text, context, trustedRegistries, labelSchema, strictLabels });
  }
  return files;
}

export { applyEdits } from "../src/engine/fix.js";
