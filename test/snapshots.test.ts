// What each rule says and what its fixes write, pinned (issue 13, point 3): for every bad fixture, the
// findings of that rule alone (position, severity, rule id with its problem key, message), each fix as a diff with its safety, and for
// fixable rules the whole text after `--fix --unsafe-fixes`. The snapshots live next to the fixtures
// (fixtures/<rule>/<fixture>.snap) and are read in review: a changed message or fix shows up as a diff.
// Under CI (`CI=true`), a missing snapshot fails instead of being written.
import { basename } from "node:path";
import { createTwoFilesPatch } from "diff";
import { describe, expect, it } from "vitest";
import { fix, lint, rules, type Finding, type Level, type Rule } from "../src/index.js";
import { applyEdits, fixtureFiles } from "./fixtures.js";

// The other rules off; this one at its default level, so the severity a rule picks per finding shows (an
// option naming the rule would override it). Opt-in rules are switched on at their severity.
const only = (rule: Rule): Record<string, Level> =>
  Object.fromEntries([
    ...rules.filter((r) => r !== rule).map((r) => [r.id, "off"] as const),
    ...(rule.optIn ? [[rule.id, rule.severity] as const] : []),
  ]);

function renderFinding(text: string, finding: Finding): string[] {
  const lines = [
    `${finding.start.line}:${finding.start.column}-${finding.end.line}:${finding.end.column} ` +
      `${finding.severity} ${finding.ruleId}${finding.problem === undefined ? "" : `/${finding.problem}`}`,
    `  ${finding.message}`,
  ];
  if (finding.fix) {
    lines.push(`  fix (${finding.fix.safety}): ${finding.fix.description}`);
    const patch = createTwoFilesPatch("before", "after", text, applyEdits(text, finding.fix.edits), undefined, undefined, { context: 1 });
    // The header ("====", "--- before", "+++ after") says nothing: keep the hunks.
    lines.push(
      ...patch
        .split("\n")
        .slice(3)
        .filter((l) => l !== "")
        .map((l) => `  ${l}`),
    );
  }
  return lines;
}

const fixtures = await Promise.all(rules.map(async (rule) => ({ rule, bad: await fixtureFiles(rule.name, "bad") })));

describe.each(fixtures.map(({ rule, bad }) => [`${rule.id} ${rule.name}`, rule, bad] as const))("%s", (_label, rule, bad) => {
  it.each(bad.map((file) => [file.name, file] as const))("%s: findings and fixes match the snapshot", async (name, file) => {
    const options = { context: file.context, trustedRegistries: file.trustedRegistries, rules: only(rule) };
    const findings = lint(file.text, options).findings;
    const parts = [
      `# ${rule.id} on ${name}: ${findings.length} finding(s)`,
      "",
      ...findings.flatMap((f) => [...renderFinding(file.text, f), ""]),
    ];
    if (rule.fix !== "none") {
      const fixed = fix(file.text, { ...options, unsafe: true });
      parts.push(`# after --fix --unsafe-fixes (${rule.id} only): ${fixed.applied} fix(es) applied`, "", fixed.text);
    }
    const snapshot = `${basename(name).replace(/\.Dockerfile$/, "")}.snap`;
    await expect(`${parts.join("\n").trimEnd()}\n`).toMatchFileSnapshot(`../fixtures/${rule.name}/${snapshot}`);
  });
});
