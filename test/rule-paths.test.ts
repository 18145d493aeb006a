// Rules that read the Dockerfile's name, which fixtures cannot carry: DF019 (a file built for one platform says
// so in its name) and DF021 (goreleaser builds its Dockerfiles in a context of its own).
import { describe, expect, it } from "vitest";
import { lint, rules, type Level } from "../src/index.js";

const level = (id: string): Record<string, Level> => Object.fromEntries(rules.map((r) => [r.id, r.id === id ? "warning" : "off"]));
const only = level("DF019");
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

describe("DF021 copy-ignored-file and goreleaser", () => {
  const context = { known: true, dockerignore: "app\n" };
  const dockerfile = 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n';
  it("judges a Dockerfile built from the repository's context", () => {
    expect(lint(dockerfile, { rules: level("DF021"), context, path: "Dockerfile" }).findings.map((f) => f.ruleId)).toEqual(["DF021"]);
  });
  it("leaves alone one named for goreleaser, which builds it in a context of its own", () => {
    expect(lint(dockerfile, { rules: level("DF021"), context, path: "Dockerfile.goreleaser" }).findings).toEqual([]);
    expect(lint(dockerfile, { rules: level("DF021"), context, path: "build/goreleaser.Dockerfile" }).findings).toEqual([]);
  });
});
