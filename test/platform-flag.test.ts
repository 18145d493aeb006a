// DF019 reads the Dockerfile's name, which fixtures cannot carry: a file built for one platform says so in its name.
import { describe, expect, it } from "vitest";
import { lint, rules, type Level } from "../src/index.js";

const only: Record<string, Level> = Object.fromEntries(rules.map((r) => [r.id, r.id === "DF019" ? "warning" : "off"]));
const text = "FROM --platform=linux/arm64 alpine:3.20\nRUN true\n";

describe("DF019 platform-flag and the file name", () => {
  it("accepts a constant platform in a Dockerfile named for it", () => {
    expect(lint(text, { rules: only, path: "packaging/Dockerfile.arm64" }).findings).toEqual([]);
    expect(lint(text.replace("linux/arm64", "linux/arm/v7"), { rules: only, path: "Dockerfile.armv7" }).findings).toEqual([]);
  });

  it("reports it in a Dockerfile named for another platform, or for none", () => {
    expect(lint(text, { rules: only, path: "packaging/Dockerfile.amd64" }).findings.map((f) => f.ruleId)).toEqual(["DF019"]);
    expect(lint(text, { rules: only, path: "Dockerfile" }).findings.map((f) => f.ruleId)).toEqual(["DF019"]);
    expect(lint(text, { rules: only }).findings.map((f) => f.ruleId)).toEqual(["DF019"]);
  });
});
