// Reporters over many files cost time linear in the number of files: n and 4n files in one plain node
// process (test/support/report-scaling.mjs, CPU time after a full GC), the 4n run must cost less than
// 6× the n run. checkstyle and junit filtered every finding once per file: ~18× before the fix.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("reporters scale linearly with the number of files", () => {
  it("checkstyle and junit: 4n files cost < 6× n files", () => {
    const script = new URL("./support/report-scaling.mjs", import.meta.url).pathname;
    const r = spawnSync(process.execPath, ["--expose-gc", script, "checkstyle", "junit"], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const ratios = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(ratios)).toEqual(["checkstyle", "junit"]);
    for (const ratio of Object.values(ratios)) expect(ratio).toBeLessThan(6);
  }, 60_000);
});
