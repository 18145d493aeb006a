// readContext: what the build context tells the rules, read from disk as BuildKit would.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContext } from "../src/options/context.js";
import { tempDir } from "./cli-helpers.js";

function context(files: Record<string, string>): string {
  const dir = tempDir("slimlint-context-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("the .dockerignore a Dockerfile is built with", () => {
  it("is the context's .dockerignore", () => {
    const dir = context({ "go.mod": "module x\n", ".dockerignore": "bin\n", Dockerfile: "FROM scratch\n" });
    expect(readContext(join(dir, "Dockerfile"), undefined).dockerignore).toBe("bin\n");
  });

  it("is the Dockerfile-specific ignore file when there is one (BuildKit prefers it)", () => {
    const dir = context({
      "go.mod": "module x\n",
      ".dockerignore": "bin\n",
      "app.Dockerfile": "FROM scratch\n",
      "app.Dockerfile.dockerignore": "docs\n",
    });
    expect(readContext(join(dir, "app.Dockerfile"), undefined).dockerignore).toBe("docs\n");
    expect(readContext(join(dir, "other.Dockerfile"), undefined).dockerignore).toBe("bin\n");
  });
});
