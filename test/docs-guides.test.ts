// The editor and CI guides, checked against the real command-line contract.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, run, scratchDir } from "./cli-helpers.js";

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), "utf8");

describe("docs/editors.md", () => {
  const guide = read("editors.md");

  it("has a VS Code problem matcher that parses real compact output", () => {
    const tasks = JSON.parse(/```json\n(\{\n {2}"version": "2\.0\.0"[\s\S]*?)```/.exec(guide)?.[1] ?? "{}");
    const matcher = tasks.tasks[0].problemMatcher.pattern;
    const output = run(["--format", "compact", "--no-color", "seeds/journey-3-multistage.Dockerfile"]).stdout.trim().split("\n");
    expect(output.length).toBeGreaterThan(2);
    const re = new RegExp(matcher.regexp);
    for (const line of output) {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(m?.[matcher.file]).toBe("seeds/journey-3-multistage.Dockerfile");
      expect(Number(m?.[matcher.line])).toBeGreaterThan(0);
      expect(["error", "warning", "info"]).toContain(m?.[matcher.severity]);
      expect(m?.[matcher.code]).toMatch(/^[A-Z]{2}\d{3}$/);
    }
  });

  it("uses commands and flags the CLI has", () => {
    expect(guide).toContain('"slimlint", "lsp", "--stdio"');
    const help = run(["--help"]).stdout;
    for (const flag of ["--format", "--no-color", "--stdin-filename"]) expect(help).toContain(flag);
    expect(run(["lsp", "--help"]).stdout).toContain("--stdio");
    // The nvim-lint and flycheck setups read stdin with a name: the output names that file.
    const stdin = run(["--format", "compact", "--stdin-filename", "svc/Dockerfile", "-"], undefined, { input: "FROM golang\n" }).stdout;
    expect(stdin).toMatch(/^svc\/Dockerfile:1:6: warning: .* \[IM001\]$/m);
  });
});

describe("docs/github-code-scanning.md", () => {
  const guide = read("github-code-scanning.md");

  it("shows upload-sarif v4 running always, with security-events: write and a category", () => {
    expect(guide).toContain("github/codeql-action/upload-sarif@v4");
    expect(guide).toMatch(/upload-sarif@v4\n\s+if: always\(\)/);
    expect(guide).toContain("security-events: write");
    expect(guide).toMatch(/category: \S+/);
  });

  it("pins the action to a commit, not to a tag the repository does not have", () => {
    const refs = [...guide.matchAll(/uses: slimlint\/slimlint@(\S+)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const tags = spawnSync("git", ["tag", "--list"], { cwd: new URL("..", import.meta.url).pathname, encoding: "utf8" }).stdout.split("\n");
    for (const ref of refs) expect(ref === "<commit-sha>" || tags.includes(ref as string), `@${ref}`).toBe(true);
    expect(guide).toContain("git ls-remote https://github.com/slimlint/slimlint HEAD");
  });

  it("names the action's real inputs and outputs", () => {
    const action = readFileSync(new URL("../action.yml", import.meta.url), "utf8");
    for (const input of ["paths", "output", "fail-on", "config"]) {
      expect(guide).toContain(`${input}:`);
      expect(action).toContain(`\n  ${input}:\n`);
    }
    for (const output of ["report", "findings", "exit-code"]) expect(action).toContain(`\n  ${output}:\n`);
  });
});

describe("README.md", () => {
  it("shows the output of a real run of the command it names", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const shown = /A real run on two of the fixtures \(`npx slimlint ([^`]+)`\):\n\n```text\n([\s\S]*?)```/.exec(readme);
    expect(shown).not.toBeNull();
    const args = (shown?.[1] ?? "").split(" ");
    const real = run(["--no-color", ...args], new URL("..", import.meta.url).pathname);
    expect(real.code).toBe(1);
    expect(real.stdout).toBe(shown?.[2]);
  });
});

describe("docs/usage.md", () => {
  it("shows what the hadolint and ESLint knobs print on its example Dockerfile (each command re-run here)", () => {
    const usage = read("usage.md");
    const shown = /Real runs of the hadolint and ESLint knobs[^\n]*\n\n```dockerfile\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/.exec(usage);
    expect(shown).not.toBeNull();
    const dir = scratchDir({ Dockerfile: shown?.[1] ?? "" });
    // `slimlint` in the commands is the built CLI, as an installed one would be on PATH.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "slimlint"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" };
    const blocks = (shown?.[2] ?? "").split(/^(?=\$ )/m);
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    for (const block of blocks) {
      const [command, ...output] = block.split("\n");
      const real = spawnSync("sh", ["-c", `{ ${(command as string).slice(2)}; } 2>&1`], { cwd: dir, env, encoding: "utf8" });
      expect(real.stdout, command).toBe(output.join("\n"));
    }
  });
});
