// The seed documents' Dockerfiles (rewritten as fixtures): the bad steps of the 846 MB → 2.5 MB journey get
// the findings the rules promise, and the recommended finals get only what the catalogue justifies.
// Every rule runs here, so a finding no marker expects fails the test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lint, rules } from "../src/index.js";
import { expectations, FIXTURES, positions } from "./fixtures.js";

const dir = join(FIXTURES, "seeds");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".Dockerfile"))
  .sort();

describe("seed Dockerfiles", () => {
  it("cover the journey and the recommended finals", () => {
    expect(files.filter((f) => f.startsWith("journey-")).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.startsWith("recommended-")).length).toBeGreaterThanOrEqual(4);
  });

  // Linted at the default levels: markers of opt-in rules (off by default) are for test/fixtures-dir.test.ts, which turns them on.
  const offByDefault = new Set(rules.filter((r) => r.defaultLevel === "off").map((r) => r.id));

  it.each(files)("%s gets exactly the marked findings", (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const result = lint(text);
    expect(result.ruleErrors).toEqual([]);
    expect(positions(result.findings)).toEqual(expectations(text).filter((e) => !offByDefault.has(e.ruleId)));
  });
});
