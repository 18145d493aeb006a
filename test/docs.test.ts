// Generated documentation: fresh, complete, and reachable from the CLI.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED, renderDocs, renderRulePage } from "../src/docs/render.js";
import { rules } from "../src/index.js";
import { run } from "./cli-helpers.js";

const ROOT = new URL("..", import.meta.url).pathname;

describe("generated docs", () => {
  it("match the rule metadata (run `npm run docs` after changing a rule)", () => {
    for (const [path, text] of renderDocs(rules)) {
      expect(existsSync(`${ROOT}${path}`), path).toBe(true);
      expect(readFileSync(`${ROOT}${path}`, "utf8"), path).toBe(text);
    }
  });

  it("give every rule a page at the url its findings link to", () => {
    for (const rule of rules) {
      expect(rule.docsUrl.endsWith(`docs/rules/${rule.name}.md`)).toBe(true);
      const page = renderRulePage(rule);
      for (const heading of [
        "## What it does",
        "## Why it matters for Go images",
        "## Example",
        "## Use instead",
        "## Fix",
        "## Suppressing",
        "## Equivalents",
      ])
        expect(page).toContain(heading);
      expect(page).toContain(rule.examples.bad);
    }
  });
});

describe("slimlint rules and explain", () => {
  it("lists every rule as JSON", () => {
    const r = run(["rules", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: { id: string }) => x.id)).toEqual(rules.map((x) => x.id));
    expect(rows.find((x: { id: string }) => x.id === "GO004")).toEqual({
      id: "GO004",
      name: "go-trimpath-missing",
      severity: "warning",
      defaultLevel: "warning",
      fixable: true,
      equivalents: [],
      summary: expect.any(String),
      docsUrl: expect.stringMatching(/go-trimpath-missing\.md$/),
    });
    // The migration table: the hadolint and BuildKit ids each rule replaces.
    expect(rows.find((x: { id: string }) => x.id === "DF004").equivalents).toEqual(["DL4000", "MaintainerDeprecated"]);
    // A rule that reports several problems lists their keys.
    expect(Object.keys(rows.find((x: { id: string }) => x.id === "DF010").problems)).toEqual(["duplicate", "reserved", "casing"]);
  });

  it("lists every rule as a table", () => {
    const lines = run(["rules"]).stdout.trim().split("\n");
    expect(lines).toHaveLength(rules.length);
    expect(lines.find((l) => l.startsWith("GO004"))).toMatch(/^GO004 {2}go-trimpath-missing +warning {2}fix {2}A shipped Go build lacks/);
  });

  it("explains a rule by id or name, and rejects an unknown one", () => {
    const page = renderRulePage(rules.find((r) => r.id === "SE002")!).replace(`${GENERATED}\n`, "");
    expect(run(["explain", "SE002"])).toMatchObject({ code: 0, stdout: page });
    expect(run(["explain", "user-unresolvable"]).stdout).toBe(page);
    expect(run(["explain", "GO999"])).toMatchObject({ code: 2, stderr: 'slimlint: unknown rule "GO999" (see `slimlint rules`)\n' });
  });
});
