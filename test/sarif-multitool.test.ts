// slimlint's SARIF for every fixture, checked by Microsoft's SARIF Multitool with the GitHub rule kinds.
// The tool exits 0 even when it finds errors, so its output log is read (it starts with a BOM).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./cli-helpers.js";

const require = createRequire(import.meta.url);
const MULTITOOL = join(dirname(require.resolve("@microsoft/sarif-multitool-linux/package.json")), "Sarif.Multitool");

function validate(sarifFile: string): { level: string; ruleId: string; message: unknown }[] {
  const out = join(tempDir("slimlint-mt-"), "validation.sarif");
  // The tool looks up the hosts of the log's URIs (github.com, shellcheck.net); offline, each lookup waits out
  // the resolver's default 5 s × 2 attempts. One short attempt changes no result and saves ~12 s a run.
  const env = { ...process.env, RES_OPTIONS: "timeout:1 attempts:1" };
  execFileSync(MULTITOOL, ["validate", "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite", "-o", out, sarifFile], {
    stdio: "ignore",
    timeout: 120_000,
    env,
  });
  const log = JSON.parse(readFileSync(out, "utf8").replace(/^\uFEFF/, ""));
  return (log.runs[0].results ?? []).map((r: { level?: string; ruleId: string; message: unknown }) => ({
    level: r.level ?? "warning",
    ruleId: r.ruleId,
    message: r.message,
  }));
}

describe("SARIF Multitool validation", () => {
  const dir = tempDir("slimlint-sarif-");
  const sarifFile = join(dir, "fixtures.sarif");

  it("finds no error in slimlint's SARIF for all fixtures", () => {
    const r = run(["-f", "sarif", "-o", sarifFile, "."]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(sarifFile, "utf8")).runs[0].results.length).toBeGreaterThan(50);
    expect(validate(sarifFile).filter((r) => r.level === "error")).toEqual([]);
  }, 120_000);

  it("does find errors in a broken log (so the check above can fail)", () => {
    const log = JSON.parse(readFileSync(sarifFile, "utf8"));
    log.runs[0].results[0].ruleIndex = 9999;
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "C:\\abs\\path";
    const broken = join(dir, "broken.sarif");
    writeFileSync(broken, JSON.stringify(log));
    expect(
      validate(broken)
        .filter((r) => r.level === "error")
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(["SARIF1002", "SARIF1004", "SARIF1009"]);
  }, 120_000);
});
