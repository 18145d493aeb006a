// The editor and CI guides, checked against the real command-line contract.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LspClient } from "../bench/lsp-client.mjs";
import { BIN, run, scratchDir } from "./cli-helpers.js";

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), "utf8");

/** Where a recipe puts the name of the buffer it lints (an nvim-lint function, flycheck's source-original). */
const BUFFER = "<buffer>";

/** An editor recipe: the command line it runs, and whether it feeds the buffer on standard input. */
interface Recipe {
  readonly where: string;
  readonly argv: readonly string[];
  readonly stdin: boolean;
}

const strings = (list: string) => [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);

/** The recipes of one code block, by the block's language; a block of a recipe language that yields none is an error. */
function recipesIn(lang: string, code: string, where: string): Recipe[] {
  const found: Recipe[] = [];
  const add = (argv: readonly string[], stdin = false) => found.push({ where, argv, stdin });
  if (lang === "json") {
    const json = JSON.parse(code);
    // A generic LSP client's settings; a tasks.json task runs its command through a shell.
    if (json["glspc.server.command"] !== undefined) add([json["glspc.server.command"], ...json["glspc.server.commandArguments"]]);
    for (const task of json.tasks ?? []) add(String(task.command).split(" "));
  } else if (lang === "lua") {
    // Neovim's vim.lsp.config / vim.lsp.start / vim.lsp.start_client: cmd = { "slimlint", ... }.
    for (const m of code.matchAll(/\bcmd = \{([^}]*)\}/g)) add(strings(m[1] as string));
    // nvim-lint: cmd = "slimlint", args = { ... } with a function for the buffer's name.
    const lint = /\bcmd = "([^"]+)",\n\s*args = \{(.*)\},\n/.exec(code);
    if (lint) {
      const args = (lint[2] as string)
        .trim()
        .split(", ")
        .map((arg) => (arg.startsWith('"') ? (strings(arg)[0] as string) : BUFFER));
      add([lint[1] as string, ...args], /\bstdin = true\b/.test(code));
    }
  } else if (lang === "toml") {
    // Helix: command = "…" and args = [ … ] of a [language-server.*] table.
    for (const m of code.matchAll(/^command = ("[^"]*")\nargs = (\[.*\])$/gm))
      add([JSON.parse(m[1] as string), ...JSON.parse(m[2] as string)]);
  } else if (lang === "elisp") {
    // eglot: (MODE . ("slimlint" …)); flycheck: :command ("slimlint" … source-original "-").
    for (const m of code.matchAll(/\(\S+-mode \. \(((?:"[^"]*" ?)+)\)\)/g)) add(strings(m[1] as string));
    const flycheck = /:command \(([^)]*)\)/.exec(code);
    if (flycheck) {
      const words = (flycheck[1] as string).match(/"[^"]*"|\S+/g) ?? [];
      add(
        words.map((w) => (w.startsWith('"') ? JSON.parse(w) : BUFFER)),
        /:standard-input t\b/.test(code),
      );
    }
  } else return found;
  if (found.length === 0) throw new Error(`${where}: a ${lang} block without a recipe this test can read; teach recipesIn its form`);
  return found;
}

/** Every recipe in the guide's code blocks. */
function recipes(guide: string): Recipe[] {
  return [...guide.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].flatMap((m) => {
    const line = guide.slice(0, m.index).split("\n").length;
    return recipesIn(m[1] as string, m[2] as string, `docs/editors.md:${line}`);
  });
}

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

  describe("every recipe", () => {
    const all = recipes(guide);
    const lsp = all.filter((r) => r.argv.includes("lsp"));
    const cli = all.filter((r) => !r.argv.includes("lsp"));
    const dir = scratchDir({ "svc/Dockerfile": "FROM golang\n" });
    const clients: LspClient[] = [];
    afterAll(() => {
      for (const client of clients) client.kill();
    });

    it("is found: glspc, Neovim 0.11 and 0.7-0.10, Helix and eglot start the server; tasks, nvim-lint and flycheck lint", () => {
      expect(lsp.length, JSON.stringify(lsp)).toBe(6);
      expect(cli.length, JSON.stringify(cli)).toBe(3);
    });

    it("runs the slimlint binary, not npx", () => {
      for (const recipe of all) expect(recipe.argv[0], recipe.where).toBe("slimlint");
    });

    it("of the language server answers an LSP initialize over stdio with the arguments it gives", async () => {
      await Promise.all(
        lsp.map(async (recipe) => {
          const client = new LspClient(process.execPath, [BIN, ...recipe.argv.slice(1)], { cwd: dir });
          clients.push(client);
          const exited = client.exited.then((code) => {
            throw new Error(`${recipe.where}: \`${recipe.argv.join(" ")}\` exited (code ${code}): ${client.stderr}`);
          });
          const initialize = client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
          const answer = await Promise.race([initialize, exited]);
          expect(answer.serverInfo.name, recipe.where).toBe("slimlint");
          expect(await client.shutdown(), recipe.where).toBe(0);
        }),
      );
    });

    it("of the CLI prints compact findings that name the file", () => {
      for (const recipe of cli) {
        const args = recipe.argv.slice(1).map((arg) => (arg === BUFFER ? "svc/Dockerfile" : arg));
        const result = run(args, dir, recipe.stdin ? { input: "FROM golang\n" } : {});
        expect(result.code, `${recipe.where}: ${result.stderr}`).toBe(1);
        expect(result.stdout, recipe.where).toMatch(/^svc\/Dockerfile:1:6: warning: .* \[IM001\]\n$/);
      }
    });
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
