// Rule levels: a rule runs at its severity unless an option names it; opt-in rules ship `off`.
import { describe, expect, it } from "vitest";
import { defineRule, md } from "../src/engine/rule.js";
import { lintWith, ruleLevels } from "../src/engine/lint.js";

const everyFrom = (optIn: boolean) =>
  defineRule({
    id: optIn ? "DF998" : "DF999",
    name: optIn ? "every-from-opt-in" : "every-from",
    severity: "warning",
    optIn,
    summary: "Reports every FROM",
    rationale: md`A test rule.`,
    examples: { bad: "FROM a", good: "" },
    fix: "none",
    equivalents: [],
    tags: ["hygiene"],
    precision: "high",
    check(model, ctx) {
      for (const stage of model.stages) ctx.report({ at: stage.from.keyword.span, message: "FROM." });
    },
  });

describe("rule levels", () => {
  const plain = everyFrom(false);
  const optIn = everyFrom(true);

  it("gives an opt-in rule the default level off, and a plain rule its severity", () => {
    expect(plain.defaultLevel).toBe("warning");
    expect(optIn.defaultLevel).toBe("off");
    expect([...ruleLevels([plain, optIn])]).toEqual([[plain, "warning"]]);
  });

  it("runs an opt-in rule only at the level an option gives it", () => {
    const text = "FROM alpine:3.20\n";
    expect(lintWith([plain, optIn], text).findings.map((f) => f.ruleId)).toEqual(["DF999"]);
    const enabled = lintWith([plain, optIn], text, { rules: { DF998: "info" } }).findings;
    expect(enabled.map((f) => [f.ruleId, f.severity])).toEqual([
      ["DF998", "info"],
      ["DF999", "warning"],
    ]);
  });
});
