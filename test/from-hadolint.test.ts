// init --from-hadolint's conversion, on rules made for the test: opt-in rules, shared ids, conflicting overrides.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convertHadolintConfig } from "../src/config/from-hadolint.js";
import { defineRule, type RuleMeta } from "../src/engine/rule.js";

const rule = (meta: Partial<RuleMeta> & Pick<RuleMeta, "id" | "equivalents">) =>
  defineRule({
    name: meta.id.toLowerCase(),
    severity: "warning",
    summary: "A rule made for the test",
    rationale: "",
    examples: { bad: "", good: "" },
    fix: "none",
    tags: [],
    precision: "high",
    check() {},
    ...meta,
  });
const RULES = [
  rule({ id: "DF022", equivalents: ["DL3008", "DL3018"], optIn: true, name: "package-versions-unpinned" }),
  rule({ id: "DF005", equivalents: ["DL4003", "DL4004", "MultipleInstructionsDisallowed"] }),
  rule({ id: "IM001", equivalents: ["DL3006"] }),
];
const convert = (yaml: string) => convertHadolintConfig(parse(yaml), ".hadolint.yaml", RULES);
const ruleLines = (text: string) => text.split("\n").filter((l) => l.startsWith("  "));

describe("convertHadolintConfig", () => {
  it("lists a rule that ships off, whose ids hadolint reported, for opting in", () => {
    expect(ruleLines(convert("ignored: [DL3006]\n"))).toEqual([
      "  IM001: off   # hadolint ignored DL3006",
      "  # DF022: warning   # hadolint reports DL3008, DL3018; slimlint ships package-versions-unpinned off: uncomment to keep it",
    ]);
    // Ignored in hadolint as well: nothing to enable.
    expect(ruleLines(convert("ignored: [DL3008, DL3018]\n"))).toEqual([
      "  # DF022 (DL3008, DL3018 ignored in hadolint) ships off in slimlint: nothing to write",
    ]);
  });

  it("enables an opt-in rule an override names, and takes the most severe of conflicting overrides", () => {
    expect(ruleLines(convert("override:\n  info: [DL3008]\n"))).toEqual([
      "  DF022: info   # hadolint override for DL3008; it also stands for DL3018",
    ]);
    expect(ruleLines(convert("override:\n  style: [DL4003]\n  error: [DL4004]\n")).filter((l) => l.includes("DF005"))).toEqual([
      "  DF005: error   # hadolint override for DL4003, DL4004",
    ]);
  });

  it("lets an ignore win over an override of the same id, as hadolint does", () => {
    expect(ruleLines(convert("ignored: [DL3006]\noverride:\n  error: [DL3006]\n")).filter((l) => l.includes("IM001"))).toEqual([
      "  IM001: off   # hadolint ignored DL3006",
    ]);
  });

  it("accepts a single trusted registry as a string, and an empty file", () => {
    expect(convert("trustedRegistries: docker.io\n")).toContain("\ntrustedRegistries: [docker.io]\n");
    expect(convert("")).toContain("\nrules:\n  # DF022: warning");
  });
});
