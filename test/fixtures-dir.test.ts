// The whole fixtures/ directory linted as a user would (`slimlint fixtures`, every rule on, each file's
// nearest config): no crash, and every finding printed is one a `# expect:` marker in that file names,
// at that line and column. The markers cover all rules, not only the rule a fixture was written for.
// ShellCheck (the SC rule) is off for the whole directory, whose scripts were not written for it; the
// files of fixtures/shellcheck/ are linted again with it, when a shellcheck binary is on PATH.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../src/index.js";
import { findShellCheck, shellCheckMissingReason, SHELLCHECK_ENV } from "../src/shellcheck/runner.js";
import { FIXTURES, run } from "./cli-helpers.js";
import { expectations, positions, sortExpected, type Expected } from "./fixtures.js";

const ROOT = join(FIXTURES, "..");

function dockerfilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return dockerfilesUnder(path);
      return entry === "Dockerfile" || entry.endsWith(".Dockerfile") ? [path] : [];
    });
}

interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly problem?: string;
}

// Opt-in rules (default off) are switched on, at the level their docs suggest.
const optIn = rules.filter((r) => r.optIn).flatMap((r) => ["--rule", `${r.id}=${r.severity}`]);
const result = run(["--format", "json", ...optIn, "fixtures"], ROOT, {
  env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, [SHELLCHECK_ENV]: "off" },
});
const findings = JSON.parse(result.stdout) as JsonFinding[];
const files = dockerfilesUnder(FIXTURES).map((path) => relative(ROOT, path));

const found = (file: string, expected: readonly Expected[]): Expected[] =>
  positions(
    findings
      .filter((f) => f.file === file)
      .map((f) => ({ ruleId: f.ruleId, problem: f.problem, start: { line: f.line, column: f.column } })),
    expected,
  );

describe("slimlint fixtures (the whole directory, every rule)", () => {
  it("runs without an input error or a crash", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    // A bad and a good file for each rule at least, and the seeds.
    expect(files.length).toBeGreaterThan(2 * rules.length + 10);
  });

  it("reports only on fixture Dockerfiles", () => {
    expect([...new Set(findings.map((f) => f.file))].filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files)("%s gets exactly its marked findings (ShellCheck's aside)", (file) => {
    const expected = expectations(readFileSync(join(ROOT, file), "utf8")).filter((e) => !/^SC\d/.test(e.ruleId));
    expect(found(file, expected)).toEqual(expected);
  });
});

const shellcheck = findShellCheck();
describe.skipIf(!shellcheck)(`slimlint fixtures/shellcheck with ShellCheck${shellcheck ? "" : ` (${shellCheckMissingReason()})`}`, () => {
  const withShellCheck = shellcheck
    ? (JSON.parse(run(["--format", "json", ...optIn, "fixtures/shellcheck"], ROOT).stdout) as JsonFinding[])
    : [];
  const scFiles = files.filter((f) => f.startsWith("fixtures/shellcheck/"));

  it.each(scFiles)("%s gets exactly its marked findings", (file) => {
    const got = sortExpected(
      withShellCheck.filter((f) => f.file === file).map((f) => ({ ruleId: f.ruleId, line: f.line, column: f.column })),
    );
    expect(got).toEqual(expectations(readFileSync(join(ROOT, file), "utf8")));
  });
});
