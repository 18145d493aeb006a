import { defineRule, md } from "../src/engine/rule.js";

export default defineRule({
  id: "DF015",
  name: "instruction-casing",
  severity: "info",
  summary: "Instruction keywords are not written in one case, or `FROM … AS` mixes cases",
  rationale: md`
    Docker reads \`run\` and \`RUN\` alike, but a file that mixes them (or writes \`FROM golang as build\`)
    is harder to scan, and tools that grep for instructions miss some. Upper case is the convention; the
    file's own majority decides.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine as build
      run go version`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN go version`,
  },
  fix: {
    safety: "safe",
    description: "Rewrites the keyword in the file's majority case. Safe: Docker treats keywords case-insensitively.",
  },
  equivalents: ["ConsistentInstructionCasing", "FromAsCasing"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    const instructions = model.parsed.instructions;
    const upper = instructions.filter((i) => i.keyword.value === i.keyword.value.toUpperCase()).length;
    const lower = instructions.filter((i) => i.keyword.value === i.keyword.value.toLowerCase()).length;
    const toUpper = upper >= lower;
    const want = (s: string) => (toUpper ? s.toUpperCase() : s.toLowerCase());
    for (const instruction of instructions) {
      const written = instruction.keyword.value;
      if (written !== want(written)) {
        ctx.report({
          at: instruction.keyword.span,
          message:
            `\`${written}\` is not written like the rest of the file's instructions (${toUpper ? "upper" : "lower"} case); ` +
            `Docker accepts both, but mixed keywords are harder to scan and to grep. Write \`${want(written)}\`.`,
          fix: { description: `Write ${want(written)}`, safety: "safe", edits: [{ span: instruction.keyword.span, text: want(written) }] },
        });
        continue;
      }
      if (instruction.kind !== "FROM") continue;
      const as = instruction.words[1];
      if (as && as.value.toLowerCase() === "as" && as.value !== want(as.value) && instruction.words[2]) {
        ctx.report({
          at: as.span,
          message:
            `\`${written} … ${as.value}\` mixes cases in one instruction (BuildKit warns about it as FromAsCasing). ` +
            `Write \`${want("as")}\` to match \`${written}\`.`,
          fix: { description: `Write ${want("as")}`, safety: "safe", edits: [{ span: as.span, text: want("as") }] },
        });
      }
    }
  },
});
