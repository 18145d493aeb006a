// slimlint's SARIF for every fixture, checked by Microsoft's SARIF Multitool with the GitHub rule kinds.
// The tool exits 0 even when it finds errors, so its output log is read (it starts with a BOM).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { run, tempDir } from "./cli-helpers.js";

const require = createRequire(import.meta.url);
const MULTITOOL = join(dirname(require.resolve("@microsoft/sarif-multitool-linux/package.json")), "Sarif.Multitool");

/** Validates the logs in one run of the tool (a .NET start costs seconds) and returns each file's results. */
function validate(sarifFiles: readonly string[]): Map<string, { level: string; ruleId: string }[]> {
  const out = join(tempDir("slimlint-mt-"), "validation.sarif");
  // The tool looks up the hosts of the log's URIs (github.com, shellcheck.net); offline, each lookup waits out
  // the resolver's default 5 s × 2 attempts. One short attempt changes no result and saves ~12 s a run.
  const env = { ...process.env, RES_OPTIONS: "timeout:1 attempts:1" };
  execFileSync(MULTITOOL, ["validate", "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite", "-o", out, ...sarifFiles], {
    stdio: "ignore",
    timeout: 120_000,
    env,
  });
  const log = JSON.parse(readFileSync(out, "utf8").replace(/^\uFEFF/, ""));
  const byFile = new Map(sarifFiles.map((file) => [file, [] as { level: string; ruleId: string }[]]));
  for (const result of log.runs[0].results ?? []) {
    const uri: string = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
    const file = sarifFiles.find((f) => uri === pathToFileURL(f).href);
    if (file === undefined) throw new Error(`a result for no file validated: ${JSON.stringify(result)}`);
    byFile.get(file)?.push({ level: result.level ?? "warning", ruleId: result.ruleId });
  }
  return byFile;
}

describe("SARIF Multitool validation", () => {
  const dir = tempDir("slimlint-sarif-");
  const sarifFile = join(dir, "fixtures.sarif");
  const broken = join(dir, "broken.sarif");
  let results: Map<string, { level: string; ruleId: string }[]>;

  beforeAll(() => {
    const r = run(["-f", "sarif", "-o", sarifFile, "."]);
    expect(r.code).toBe(1);
    // The same log made invalid three ways, validated alongside it, so the check is shown able to fail.
    const log = JSON.parse(readFileSync(sarifFile, "utf8"));
    log.runs[0].results[0].ruleIndex = 9999;
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "C:\\abs\\path";
    writeFileSync(broken, JSON.stringify(log));
    results = validate([sarifFile, broken]);
  }, 120_000);

  it("finds no error in slimlint's SARIF for all fixtures", () => {
    expect(JSON.parse(readFileSync(sarifFile, "utf8")).runs[0].results.length).toBeGreaterThan(50);
    expect(results.get(sarifFile)?.filter((r) => r.level === "error")).toEqual([]);
  });

  it("does find errors in a broken log (so the check above can fail)", () => {
    expect(
      results
        .get(broken)
        ?.filter((r) => r.level === "error")
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(["SARIF1002", "SARIF1004", "SARIF1009"]);
  });
});
