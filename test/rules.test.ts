// One harness for every rule: its bad fixtures fire exactly at the marked positions (also with CRLF line
// endings), its good fixtures stay silent, and every fix it offers removes the finding without breaking the file.
import { describe, expect, it } from "vitest";
import { lint, rules, type BuildContext, type Level } from "../src/index.js";
import { applyEdits, expectations, fixtureFiles, positions, type FixtureFile } from "./fixtures.js";

const only = (id: string): Record<string, Level> => Object.fromEntries(rules.map((r) => [r.id, r.id === id ? r.severity : "off"]));

const fixtures = new Map(
  await Promise.all(
    rules.map(
      async (rule) => [rule.id, { bad: await fixtureFiles(rule.name, "bad"), good: await fixtureFiles(rule.name, "good") }] as const,
    ),
  ),
);

// SC (ShellCheck) needs a runner and reports ShellCheck's codes: test/shellcheck.test.ts has its harness.
describe.each(rules.filter((rule) => !rule.requires).map((rule) => [`${rule.id} ${rule.name}`, rule] as const))("%s", (_label, rule) => {
  const { bad, good } = fixtures.get(rule.id) ?? { bad: [], good: [] };
  const options = (context: BuildContext, trustedRegistries?: readonly string[], file?: FixtureFile) => ({
    context,
    trustedRegistries,
    labelSchema: file?.labelSchema,
    strictLabels: file?.strictLabels,
    rules: only(rule.id),
  });

  it("has bad and good fixtures", () => {
    expect(bad.length).toBeGreaterThan(0);
    expect(good.length).toBeGreaterThan(0);
  });

  it.each(bad.map((f) => [f.name, f] as const))("fires exactly at the marked positions of %s", (_name, file) => {
    const expected = expectations(file.text).filter((e) => e.ruleId.split("/")[0] === rule.id);
    expect(expected.length).toBeGreaterThan(0);
    const result = lint(file.text, options(file.context, file.trustedRegistries, file));
    expect(result.ruleErrors).toEqual([]);
    expect(positions(result.findings, expected)).toEqual(expected);
    const crlf = lint(file.text.replace(/\n/g, "\r\n"), options(file.context, file.trustedRegistries, file));
    expect(positions(crlf.findings, expected)).toEqual(expected);
  });

  it.each(good.map((f) => [f.name, f] as const))("stays silent on %s", (_name, file) => {
    const result = lint(file.text, options(file.context, file.trustedRegistries, file));
    expect(result.ruleErrors).toEqual([]);
    expect(result.findings.map((f) => `${f.start.line}:${f.start.column} ${f.message}`)).toEqual([]);
  });

  it.each(bad.map((f) => [f.name, f] as const))("writes messages that say what, why and instead in %s", (_name, file) => {
    for (const finding of lint(file.text, options(file.context, file.trustedRegistries, file)).findings) {
      expect(finding.message).toMatch(/^[A-Z`]/);
      expect(finding.message).toMatch(/[.?]$/);
      expect(finding.message.length).toBeGreaterThan(60);
    }
  });

  it.each(bad.map((f) => [f.name, f] as const))("offers fixes that remove their finding and keep the file valid in %s", (_name, file) => {
    const before = lint(file.text, options(file.context, file.trustedRegistries, file)).findings;
    for (const finding of before.filter((f) => f.fix)) {
      const fixed = applyEdits(file.text, finding.fix?.edits ?? []);
      const after = lint(fixed, { context: file.context });
      expect(after.findings.filter((f) => f.ruleId === "DF000")).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId === rule.id).length).toBeLessThan(before.length);
    }
  });
});
