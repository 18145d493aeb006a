// Conventions enforced by tests rather than review: ids, names, files, fixtures, import boundaries, line length.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { lint, rules } from "../src/index.js";
import { createShellCheckRunner } from "../src/shellcheck/runner.js";
import { VERSION } from "../src/version.js";
import { fixtureFiles, FIXTURES } from "./fixtures.js";

const ROOT = new URL("..", import.meta.url).pathname;
const ruleFiles = readdirSync(join(ROOT, "rules")).filter((f) => f.endsWith(".ts") && f !== "index.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("rule registry", () => {
  it("has unique ids of the catalogue's form and unique kebab-case names equal to their file names", () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    for (const rule of rules) {
      // SC: ShellCheck's rule, whose findings carry ShellCheck's codes (SC2086).
      expect(rule.id).toMatch(/^((GO|IM|SE|RT|DF)\d{3}|SC)$/);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ruleFiles, `rules/${rule.name}.ts: the file of ${rule.id} (a rule's file name is its name)`).toContain(`${rule.name}.ts`);
    }
    const registered = new Set(rules.map((r) => `${r.name}.ts`));
    expect(ruleFiles.filter((f) => !registered.has(f)).map((f) => `rules/${f} is not in rules/index.ts`)).toEqual([]);
  });

  it("is sorted by id", () => {
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
  });

  it("describes every rule: summary, rationale, examples, fix safety, tags", () => {
    for (const rule of rules) {
      expect(rule.summary, rule.id).toMatch(/^[A-Z`]/);
      expect(rule.summary, rule.id).not.toMatch(/\.$/);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(150);
      expect(rule.tags.length, rule.id).toBeGreaterThan(0);
      expect(rule.docsUrl).toBe(`https://github.com/slimlint/slimlint/blob/main/docs/rules/${rule.name}.md`);
      if (rule.fix !== "none") expect(rule.fix.description.length, rule.id).toBeGreaterThan(40);
    }
  });

  it("keeps the examples honest: the bad one fires, the good one is silent", () => {
    for (const rule of rules) {
      const only = Object.fromEntries(rules.map((r) => [r.id, r.id === rule.id ? r.severity : "off"] as const));
      // SC runs ShellCheck: its bad example fires when the binary is there, and nothing runs when it is not.
      const shellcheck = rule.requires === "shellcheck" ? createShellCheckRunner() : undefined;
      const options = {
        rules: only,
        context: rule.examples.context,
        trustedRegistries: rule.examples.trustedRegistries,
        labelSchema: rule.examples.labelSchema,
        strictLabels: rule.examples.strictLabels,
        shellcheck,
      };
      if (shellcheck && !shellcheck.binary())
        expect(lint(rule.examples.bad, options).findings, `${rule.id} bad example without shellcheck`).toEqual([]);
      else expect(lint(rule.examples.bad, options).findings.length, `${rule.id} bad example`).toBeGreaterThan(0);
      expect(lint(rule.examples.good, options).findings, `${rule.id} good example`).toEqual([]);
    }
  });

  it("offers fixes exactly when it declares one", async () => {
    for (const rule of rules) {
      const only = Object.fromEntries(rules.map((r) => [r.id, r.id === rule.id ? r.severity : "off"] as const));
      const fixes = (await fixtureFiles(rule.name, "bad")).flatMap((f) =>
        lint(f.text, { context: f.context, rules: only }).findings.filter((x) => x.fix),
      );
      if (rule.fix === "none") expect(fixes, rule.id).toEqual([]);
      else expect(fixes.length, rule.id).toBeGreaterThan(0);
      if (rule.fix !== "none" && rule.fix.safety !== "varies")
        expect(new Set(fixes.map((f) => f.fix?.safety)), rule.id).toEqual(new Set([rule.fix.safety]));
    }
  });
});

// Whole-file problems no marker can stand above (a marker needs an instruction after it): a file without
// instructions, one whose line breaks are lone CRs, a 64 KiB line. test/parse-buildkit.test.ts and
// test/bad-input.test.ts assert them.
const UNMARKABLE = new Set(["DF000/no-instructions", "DF000/cr-line-endings", "DF000/line-too-long"]);

describe("problem keys", () => {
  it("are kebab-case with a description, and each one has a fixture marker naming it (`# expect: DF007/lists @5`)", async () => {
    for (const rule of rules.filter((r) => r.problems)) {
      const problems = rule.problems as Readonly<Record<string, string>>;
      const marked = new Set(
        (await fixtureFiles(rule.name, "bad")).flatMap((f) =>
          [...f.text.matchAll(new RegExp(`${rule.id}/([a-z-]+)`, "g"))].map((m) => m[1]),
        ),
      );
      for (const [key, what] of Object.entries(problems)) {
        expect(key, rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(what.length, `${rule.id}/${key}`).toBeGreaterThan(10);
        if (UNMARKABLE.has(`${rule.id}/${key}`)) continue;
        expect(marked.has(key), `${rule.id}/${key}: no bad fixture marks it`).toBe(true);
      }
    }
  });
});

describe("fixtures", () => {
  it("has a folder for every rule and no folder without one (besides _cli and seeds)", () => {
    const folders = new Set(readdirSync(FIXTURES).filter((f) => !f.startsWith("_") && f !== "seeds"));
    const names = new Set(rules.map((r) => r.name));
    expect(rules.filter((r) => !folders.has(r.name)).map((r) => `${r.id}: fixtures/${r.name}/ is missing`)).toEqual([]);
    expect([...folders].filter((f) => !names.has(f)).map((f) => `fixtures/${f}/ belongs to no rule`)).toEqual([]);
  });
});

describe("module boundaries", () => {
  it("imports dockerfile-ast nowhere: src/parse reads Dockerfiles line by line as BuildKit does", () => {
    const importers = [...sourceFiles("src"), ...sourceFiles("rules")].filter((f) =>
      /from "dockerfile-ast"/.test(readFileSync(join(ROOT, f), "utf8")),
    );
    expect(importers).toEqual([]);
  });

  it(`imports only downward: text ← shell ← parse ← images/files/shellcheck ← model ← golang ← engine ← rules ← index ← \
config/report/docs ← options ← lsp ← cli`, () => {
    // Lower layers never import higher ones, and two modules of one layer stay independent, so each
    // layer can be read, tested and changed knowing only what lies below it.
    const layers: readonly (readonly string[])[] = [
      ["src/text", "src/version.ts"],
      ["src/shell"],
      ["src/parse"],
      ["src/images", "src/files", "src/shellcheck"],
      ["src/model"],
      ["src/golang"],
      ["src/engine"],
      ["rules"],
      ["src/index.ts"],
      ["src/config", "src/report", "src/docs"],
      ["src/options"],
      ["src/lsp"],
      ["src/cli"],
      ["src/cli.ts", "src/action.ts"],
    ];
    const unitOf = (file: string) => layers.flat().find((unit) => file === unit || file.startsWith(`${unit}/`));
    const layerOf = (unit: string) => layers.findIndex((layer) => layer.includes(unit));
    const wrong: string[] = [];
    for (const file of [...sourceFiles("src"), ...sourceFiles("rules")]) {
      const from = unitOf(file);
      expect(from, `${file} belongs to no layer: add its directory to this test`).toBeDefined();
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const match of text.matchAll(/(?:from |import\()"(\.[^"]+)\.js"/g)) {
        const target = join(dirname(file), match[1] as string).concat(".ts");
        const to = unitOf(target);
        if (to === undefined || to === from) continue;
        if (layerOf(to) >= layerOf(from as string)) wrong.push(`${file} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps rules free of parser and node imports: they read the model", () => {
    for (const file of sourceFiles("rules")) {
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(text, file).not.toMatch(/from "(dockerfile-ast|node:[^"]+)"/);
      expect(text, file).not.toMatch(/from "\.\.\/src\/parse\/dockerfile\.js"/);
    }
  });

  it("keeps rules from scanning instructions for facts the model owns", () => {
    // Rules ask the model (`instructionsOf(kind)`, scopes, SHELL, ENTRYPOINT/CMD, mounts, purpose). Only the
    // syntax rules read the instruction list itself: DF000 (no FROM at all) and DF015 (every keyword's case).
    const syntaxRules = new Set(["rules/dockerfile-syntax.ts", "rules/instruction-casing.ts"]);
    for (const file of sourceFiles("rules").filter((f) => !syntaxRules.has(f))) {
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(text, `${file} scans .instructions`).not.toMatch(/\.instructions\b(?!Of)/);
      expect(text, `${file} reads mount options raw`).not.toMatch(/\.options\.get\(/);
      expect(text, `${file} looks for SHELL instructions itself`).not.toMatch(/kind === "SHELL"/);
    }
  });

  it("keeps the library free of process exits and console output", () => {
    // Entry points (the CLI, the GitHub Action, the language server) own the process; the rest is library.
    const entryPoint = (f: string) => f.startsWith("src/cli") || f === "src/action.ts" || f.startsWith("src/lsp/");
    for (const file of sourceFiles("src").filter((f) => !entryPoint(f))) {
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(text, file).not.toMatch(/process\.exit|console\.(log|error|warn)|process\.std(out|err)/);
    }
  });

  it("keeps the version in step with package.json", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});

// Biome's lineWidth (biome.jsonc). Biome wraps code at it but leaves long strings, regexes and comments alone.
const LINE_WIDTH = 140;
// Tracked files that are written by a tool, not by hand, with the reason each is left out.
const GENERATED = new Map([["action/index.cjs", "the GitHub Action's bundle, written by `npm run build:action` from src/action.ts"]]);

describe("source text", () => {
  it("keeps every line of the tracked .ts, .mjs, .cjs and .js files within 140 characters", () => {
    const tracked = execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.mjs", "*.cjs", "*.js"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((file) => file !== "");
    expect(tracked).toContain("src/index.ts");
    expect([...GENERATED.keys()].filter((file) => !tracked.includes(file)).map((file) => `${file} is no longer tracked`)).toEqual([]);
    const long = tracked
      .filter((file) => !GENERATED.has(file) && existsSync(join(ROOT, file)))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), "utf8")
          .split(/\r?\n/)
          .flatMap((line, i) => ([...line].length > LINE_WIDTH ? [`${file}:${i + 1} (${[...line].length} characters)`] : [])),
      );
    expect(long).toEqual([]);
  });
});
