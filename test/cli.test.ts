// The CLI as a user runs it: the built binary in a child process.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, CLEAN, FIXTURES, run, scratchDir, tempDir } from "./cli-helpers.js";
import { sarifErrors } from "./sarif-schema.js";

describe("slimlint CLI", () => {
  it("prints findings as text and exits 1", () => {
    const { code, stdout, stderr } = run(["seeds/journey-1-debian.Dockerfile"]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain("seeds/journey-1-debian.Dockerfile\n");
    expect(stdout).toMatch(/8:5 +warning +`go build` keeps the symbol table/);
    expect(stdout).toMatch(/✖ 6 problems \(0 errors, 5 warnings, 1 info\)/);
  });

  it("exits 0 on a clean file", () => {
    const dir = scratchDir({ Dockerfile: CLEAN });
    expect(run(["Dockerfile"], dir)).toMatchObject({ code: 0, stdout: "✔ No problems in 1 file\n" });
  });

  it("writes the JSON contract", () => {
    const { code, stdout } = run(["--format", "json", "seeds/cgo-to-distroless-static.Dockerfile"]);
    expect(code).toBe(1);
    const rows = JSON.parse(stdout) as { ruleId: string; line: number; column: number; file: string }[];
    expect(rows.map((r) => `${r.file}:${r.line}:${r.column} ${r.ruleId}`)).toEqual([
      "seeds/cgo-to-distroless-static.Dockerfile:8:5 GO001",
      "seeds/cgo-to-distroless-static.Dockerfile:8:5 GO003",
      "seeds/cgo-to-distroless-static.Dockerfile:8:5 GO004",
      "seeds/cgo-to-distroless-static.Dockerfile:11:6 IM003",
    ]);
  });

  it("writes schema-valid SARIF for a whole directory, to --output", () => {
    const out = join(tempDir("slimlint-out-"), "reports", "slimlint.sarif");
    const { code, stdout } = run(["-f", "sarif", "-o", out, "seeds"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(10);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^fixtures\/seeds\//);
  });

  it("changes levels with --rule and the threshold with --fail-on", () => {
    const file = "seeds/recommended-distroless-nonroot.Dockerfile";
    expect(run([file]).code).toBe(1);
    expect(run(["--rule", "GO004=off", file])).toMatchObject({ code: 0 });
    expect(run(["--rule", "go-trimpath-missing=info", file]).code).toBe(0);
    expect(run(["--rule", "GO004=info", "--fail-on", "info", file]).code).toBe(1);
    expect(run(["--fail-on", "error", file]).code).toBe(0);
    expect(run(["--fail-on", "never", "seeds/cgo-to-distroless-static.Dockerfile"]).code).toBe(0);
    expect(run(["-q", "--format", "json", file]).stdout).toBe("[]\n");
  });

  it("exits 2 with a one-line message on usage errors", () => {
    for (const args of [
      ["--rule", "GO999=off", "seeds"],
      ["--rule", "GO004=loud", "seeds"],
      ["--rule", "GO004", "seeds"],
      ["--format", "yaml", "seeds"],
      ["--bogus"],
    ]) {
      const { code, stdout, stderr } = run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("still lints the other files when one is missing or unreadable, then exits 2", () => {
    const dir = scratchDir({ "a/Dockerfile": 'FROM golang\nCOPY app /app\nCMD ["/app"]\n', "b/Dockerfile": CLEAN, "c/Dockerfile": CLEAN });
    chmodSync(join(dir, "c/Dockerfile"), 0o000);
    const unreadable = process.getuid?.() !== 0; // root reads anything
    const { code, stdout, stderr } = run(["--format", "json", "a/Dockerfile", "missing/Dockerfile", "b/Dockerfile", "c/Dockerfile"], dir);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).map((r: { file: string; ruleId: string }) => `${r.file} ${r.ruleId}`)).toEqual([
      "a/Dockerfile GO009",
      "a/Dockerfile IM001",
      "a/Dockerfile SE001",
    ]);
    expect(stderr).toContain("slimlint: missing/Dockerfile: no such file or directory\n");
    if (unreadable) expect(stderr).toContain("slimlint: c/Dockerfile: permission denied\n");
  });

  it("finds Dockerfile, Containerfile, *.Dockerfile and Dockerfile.* in directories, skipping .git and node_modules", () => {
    const dir = scratchDir({
      Dockerfile: CLEAN,
      "svc/Containerfile": CLEAN,
      "svc/api.Dockerfile": CLEAN,
      "svc/Dockerfile.dev": CLEAN,
      "node_modules/x/Dockerfile": "FROM golang\n",
      ".git/Dockerfile": "FROM golang\n",
      "README.md": "# not a Dockerfile\n",
    });
    expect(run(["."], dir)).toMatchObject({ code: 0, stdout: "✔ No problems in 4 files\n" });
    expect(run(["empty-dir-does-not-exist"], dir).code).toBe(2);
    mkdirSync(join(dir, "nothing-here"));
    const empty = run(["nothing-here"], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no Dockerfile found");
  });

  it("reads the build context from --context or the Dockerfile's directory", () => {
    const dir = scratchDir({
      "build/Dockerfile": "FROM golang:1.23-alpine\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\n",
      "go.mod": "module x\n\ngo 1.23\n",
    });
    // build/ has no go.mod, so the context is unknown and go.sum may exist: GO006 fires.
    expect(run(["--format", "json", "build/Dockerfile"], dir).stdout).toContain("GO006");
    // The repository root as context has go.mod and no go.sum: silent.
    expect(run(["--format", "json", "--context", ".", "build/Dockerfile"], dir).stdout).not.toContain("GO006");
    expect(run(["--context", "nope", "build/Dockerfile"], dir).code).toBe(2);
  });

  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(run(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });
});

describe("start-up", () => {
  // node:child_process drags in net and the stream stack (~3 ms a start): only ShellCheck needs it.
  it.each([
    ["--version", ["--version"]],
    ["a lint without ShellCheck", [join(FIXTURES, "seeds", "journey-1-debian.Dockerfile")]],
  ])("%s does not load node:child_process", (_name, args) => {
    const probe =
      `process.argv = [process.argv[0], "slimlint", ...${JSON.stringify(args)}];` +
      `process.on("exit", () => process.stderr.write(String(process.moduleLoadList.some((m) => m.includes("child_process")))));` +
      `require(${JSON.stringify(BIN)});`;
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", env: { ...process.env, SLIMLINT_SHELLCHECK: "off" } });
    expect(r.stderr).toBe("false");
  });
});
