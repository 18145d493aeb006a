// `npm run new-rule -- ID name` (issue 13, point 4): writes a rule stub, its fixtures and the registry entry, in a
// copy of rules/ so the real registry is untouched; the registered stub loads, and taken ids and names are refused.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Rule } from "../src/engine/rule.js";
import { rules } from "../src/index.js";
import { expectations } from "./fixtures.js";

const ROOT = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "slimlint-new-rule-"));
cpSync(join(ROOT, "rules"), join(scratch, "rules"), { recursive: true });
mkdirSync(join(scratch, "fixtures"));
symlinkSync(join(ROOT, "src"), join(scratch, "src"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const newRule = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "scripts/new-rule.mjs"), ...args, "--root", scratch], { encoding: "utf8" });

describe("npm run new-rule", () => {
  it("writes the rule, its fixtures and its registry entry, and the registry loads it", async () => {
    const r = newRule("DF099", "every-thing", "--severity", "info", "--opt-in");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("registered DF099 in rules/index.ts");
    const registry = (await import(join(scratch, "rules/index.ts"))) as { rules: readonly Rule[] };
    expect(registry.rules.map((x) => x.id)).toEqual([...rules.map((x) => x.id), "DF099"].sort());
    const stub = registry.rules.find((x) => x.id === "DF099");
    expect(stub).toMatchObject({ name: "every-thing", severity: "info", optIn: true, defaultLevel: "off", tags: ["hygiene"] });
    // The bad fixture names the rule, so the harness fails until check() reports it.
    expect(expectations(readFileSync(join(scratch, "fixtures/every-thing/bad.Dockerfile"), "utf8"))).toEqual([
      { ruleId: "DF099", line: 4, column: 1 },
    ]);
    expect(expectations(readFileSync(join(scratch, "fixtures/every-thing/good.Dockerfile"), "utf8"))).toEqual([]);
  });

  it("refuses a taken id, a taken name and malformed ones, and writes nothing", () => {
    const before = readFileSync(join(scratch, "rules/index.ts"), "utf8");
    for (const [args, message] of [
      [["DF004", "other-name"], "DF004 is already the id of rules/maintainer-deprecated.ts"],
      [["DF098", "every-thing"], "rules/every-thing.ts or fixtures/every-thing/ already exists"],
      [["XX001", "a-name"], "is not a rule id"],
      [["DF098", "Not_Kebab"], "is not a rule name"],
      [["DF098", "a-name", "--severity", "fatal"], "--severity must be one of"],
    ] as const) {
      const r = newRule(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(readFileSync(join(scratch, "rules/index.ts"), "utf8")).toBe(before);
  });
});
