// The GitHub Action's entry point, run the way a runner runs it: every input of action.yml set as an
// INPUT_* variable (its default unless the step gives it), GITHUB_WORKSPACE, GITHUB_OUTPUT; and the
// committed bundle must match the sources.
import { findShellCheck } from "../src/shellcheck/runner.js";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from "../scripts/bundle-action.mjs";
import { scratchDir } from "./cli-helpers.js";
import { sarifErrors } from "./sarif-schema.js";

const ROOT = new URL("..", import.meta.url).pathname;
const ENTRY = join(ROOT, "action/index.cjs");
const ACTION = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = scratchDir(files);
  workspaces.push(dir);
  return dir;
}

function runAction(dir: string, inputs: Record<string, string>) {
  const outputFile = join(dir, ".github-output");
  writeFileSync(outputFile, "");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: dir };
  // The runner sets every declared input, with its default when the step does not give it; names are
  // upper-cased with dashes kept (fail-on → INPUT_FAIL-ON).
  for (const [name, spec] of Object.entries(ACTION.inputs)) env[`INPUT_${name.toUpperCase()}`] = spec.default ?? "";
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  // Runners start the entry from the action's own directory, not the workspace.
  const r = spawnSync(process.execPath, [ENTRY], { cwd: join(ROOT, "action"), env, encoding: "utf8", timeout: 30_000 });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("=", 2) as [string, string]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

/** The last line the action prints: its summary of the run. */
const logLine = (stdout: string) => stdout.trimEnd().split("\n").at(-1);

const WORKSPACE_FILES = {
  // -race always links glibc: on scratch the container cannot start (GO002 error).
  "services/api/Dockerfile":
    'FROM golang:1.23 AS b\nRUN go build -race -o /out/app .\nFROM scratch\nCOPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n',
  "services/web/Dockerfile":
    "FROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02\n" +
    'COPY app /app\nENTRYPOINT ["/app"]\n',
  // Warnings only: IM001 (hadolint's DL3006) and nothing at error level.
  "tools/Dockerfile": "FROM alpine\nRUN apk add --no-cache curl\nUSER 65532\n",
  "docs/README.md": "not linted\n",
};

interface JsonRow {
  file: string;
  ruleId: string;
  severity: string;
}

describe("GitHub Action", () => {
  it("lints the given paths, writes SARIF relative to the workspace, and sets its outputs", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, { paths: "services", output: "reports/slimlint.sarif", "fail-on": "error" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1); // GO002 is an error
    const sarif = JSON.parse(readFileSync(join(dir, "reports/slimlint.sarif"), "utf8"));
    expect(sarifErrors(sarif)).toEqual([]);
    const uris = new Set(
      sarif.runs[0].results.map(
        (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          x.locations[0]?.physicalLocation.artifactLocation.uri,
      ),
    );
    expect(uris).toEqual(new Set(["services/api/Dockerfile"]));
    expect(r.outputs).toEqual({
      report: join(dir, "reports/slimlint.sarif"),
      "exit-code": "1",
      findings: String(sarif.runs[0].results.length),
    });
    expect(logLine(r.stdout)).toMatch(
      new RegExp(
        String.raw`^slimlint: \d+ findings \(1 error, \d+ warnings, \d+ info\), report written to reports\/slimlint\.sarif, ` +
          String.raw`exit code 1 \(findings at or above error\)$`,
      ),
    );
  });

  it("with no inputs lints the workspace into slimlint.sarif and fails on errors only", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, {});
    expect(r.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, "slimlint.sarif"), "utf8"));
    expect(sarifErrors(sarif)).toEqual([]);
    expect(r.outputs.report).toBe(join(dir, "slimlint.sarif"));
    expect(r.outputs.findings).toBe(String(sarif.runs[0].results.length));
    expect(r.stdout).not.toContain("::"); // no annotations and no notices: the report is in the file
  });

  it("passes the step below the fail-on level, and honours format and config inputs", () => {
    const dir = workspace({ ...WORKSPACE_FILES, "ci/slimlint.yaml": "rules:\n  GO002: warning\n" });
    const r = runAction(dir, {
      paths: "services/api\nservices/web",
      format: "json",
      output: "out.json",
      "fail-on": "error",
      config: "ci/slimlint.yaml",
    });
    expect(r.code).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
    expect(rows.find((x: { ruleId: string }) => x.ruleId === "GO002").severity).toBe("warning");
    expect(r.outputs["exit-code"]).toBe("0");
    expect(r.outputs.findings).toBe(String(rows.length));
    expect(logLine(r.stdout)).toContain("exit code 0 (nothing at or above error)");
  });

  it("format github prints the annotations on stdout, where the runner reads workflow commands", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, { paths: "services", format: "github" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations[0]).toMatch(
      /^::error file=services\/api\/Dockerfile,line=2,col=\d+,endLine=2,endColumn=\d+,title=GO002 go-dynamic-binary::/,
    );
    expect(annotations.every((l) => /^::(error|warning|notice) file=services\/api\/Dockerfile,line=\d+,/.test(l))).toBe(true);
    const errors = annotations.filter((l) => l.startsWith("::error ")).length;
    const warnings = annotations.filter((l) => l.startsWith("::warning ")).length;
    const notices = annotations.filter((l) => l.startsWith("::notice ")).length;
    expect(logLine(r.stdout)).toBe(
      `slimlint: ${annotations.length} findings (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warnings, ${notices} ` +
        `info), annotations printed above, exit code 1 (findings at or above error)`,
    );
    expect(r.stdout).not.toContain("?");
    expect(existsSync(join(dir, "slimlint.sarif"))).toBe(false);
    expect(r.outputs).toEqual({ "exit-code": "1", findings: String(annotations.length) });
  });

  it("format github with an output file writes the file and still prints the annotations", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, { paths: "services", format: "github", output: "annotations.txt" });
    const file = readFileSync(join(dir, "annotations.txt"), "utf8");
    expect(file).toMatch(/^::error file=services\/api\/Dockerfile,/);
    expect(r.stdout.startsWith(file)).toBe(true);
    expect(r.outputs.report).toBe(join(dir, "annotations.txt"));
    expect(logLine(r.stdout)).toMatch(/, report written to annotations\.txt, exit code 1 /);
  });

  it("counts the same findings in every format that lists them, and never prints a '?' count", () => {
    const dir = workspace(WORKSPACE_FILES);
    const inputs = { paths: "services tools", "fail-on": "never" };
    runAction(dir, { ...inputs, format: "json", output: "all.json" });
    const rows = JSON.parse(readFileSync(join(dir, "all.json"), "utf8")) as JsonRow[];
    const count = (severity: string) => rows.filter((x) => x.severity === severity).length;
    const expected =
      `${rows.length} findings (${count("error")} error${count("error") === 1 ? "" : "s"}, ${count("warning")} ` +
      `warnings, ${count("info")} info)`;
    for (const format of ["sarif", "json", "gitlab", "sonarqube", "checkstyle", "compact", "github"]) {
      const r = runAction(dir, { ...inputs, format });
      expect(r.code, format).toBe(0);
      expect(r.outputs.findings, format).toBe(String(rows.length));
      expect(logLine(r.stdout), format).toContain(`slimlint: ${expected}, `);
    }
    for (const format of ["text", "junit"]) {
      const r = runAction(dir, { ...inputs, format });
      expect(r.outputs.findings, format).toBeUndefined();
      expect(logLine(r.stdout), format).toMatch(
        /^slimlint: (report printed above|report written to slimlint-junit\.xml), exit code 0 \(fail-on never\)$/,
      );
    }
  });

  it("trusted-registries adds to the trusted registries, as --trusted-registry does", () => {
    const dir = workspace({
      "svc/Dockerfile":
        "FROM quay.io/org/tool:1.0 AS t\nFROM gcr.io/distroless/static-debian12:nonroot\n" +
        'COPY --from=t /bin/tool /tool\nENTRYPOINT ["/tool"]\n',
      ".slimlint.yaml": "trustedRegistries: [gcr.io]\n",
    });
    const untrusted = (inputs: Record<string, string>) =>
      runAction(dir, { format: "compact", ...inputs })
        .stdout.split("\n")
        .filter((l) => l.endsWith("[IM005]")).length;
    expect(untrusted({})).toBe(1);
    expect(untrusted({ "trusted-registries": "quay.io, ghcr.io" })).toBe(0);
  });

  it("takes hadolint-action's inputs: dockerfile, failure-threshold, no-fail, output-file and format tty", () => {
    const dir = workspace(WORKSPACE_FILES);
    // tools/Dockerfile has warnings and no error.
    const strict = runAction(dir, {
      dockerfile: "tools/Dockerfile",
      "failure-threshold": "warning",
      format: "tty",
      "output-file": "/dev/stdout",
    });
    expect(strict.stderr).toBe("");
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("tools/Dockerfile\n");
    expect(strict.stdout).toMatch(/IM001\n/);
    expect(strict.stdout).not.toContain("services/");
    expect(logLine(strict.stdout)).toBe("slimlint: report printed above, exit code 1 (findings at or above warning)");

    expect(runAction(dir, { dockerfile: "tools/Dockerfile", "failure-threshold": "error" }).code).toBe(0);
    // style is slimlint's info, its lowest level
    expect(runAction(dir, { dockerfile: "tools/Dockerfile", "failure-threshold": "style" }).code).toBe(1);
    const noFail = runAction(dir, { paths: "services", "no-fail": "true", "failure-threshold": "warning" });
    expect(noFail.code).toBe(0);
    expect(Number(noFail.outputs.findings)).toBeGreaterThan(0);
    expect(logLine(noFail.stdout)).toContain("exit code 0 (fail-on never)");
  });

  it("ignore turns rules off by slimlint id, name or hadolint code, and says which hadolint codes have no rule", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, {
      paths: "services/api tools",
      format: "json",
      output: "out.json",
      ignore: "DL3006, GO003 go-trimpath-missing,DL3010",
    });
    expect(r.stderr).toBe("");
    const ids = new Set((JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as JsonRow[]).map((x) => x.ruleId));
    expect(ids.has("GO002")).toBe(true);
    for (const off of ["IM001", "GO003", "GO004"]) expect(ids.has(off), off).toBe(false);
    expect(r.stdout).toContain("::notice title=slimlint::ignore: slimlint has no rule for DL3010; nothing to change\n");
  });

  it("ignore of a ShellCheck code turns that code off, not the whole SC rule", () => {
    const dir = workspace({ "svc/Dockerfile": "FROM debian:bookworm-slim\nRUN cd /srv; touch a\nUSER nobody\n" });
    const sc = (ignore: string) => {
      const r = runAction(dir, { paths: "svc", format: "json", output: "out.json", ignore });
      expect(r.stderr).toBe("");
      expect(r.stdout).not.toContain("no rule for SC");
      return (JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as JsonRow[])
        .map((x) => x.ruleId)
        .filter((id) => id.startsWith("SC"));
    };
    // Without shellcheck on PATH the SC rule does not run at all (test/shellcheck.test.ts says so).
    const expected = findShellCheck() ? ["SC2164"] : [];
    expect(sc("SC2086")).toEqual(expected);
    expect(sc("SC2164")).toEqual([]);
  });

  it("override-* set rule levels; ignore wins over an override", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, {
      paths: "tools",
      format: "json",
      output: "out.json",
      "override-error": "DL3006",
      "override-info": "SE001",
      ignore: "SE001",
    });
    expect(r.code).toBe(1); // IM001 (DL3006) is now an error
    const rows = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as JsonRow[];
    expect(rows.find((x) => x.ruleId === "IM001")?.severity).toBe("error");
  });

  it("recursive with a bare file name searches the whole workspace, and says so", () => {
    const dir = workspace(WORKSPACE_FILES);
    const r = runAction(dir, { dockerfile: "Dockerfile", recursive: "true", format: "json", output: "out.json", "no-fail": "true" });
    expect(r.code).toBe(0);
    const files = new Set((JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as JsonRow[]).map((x) => x.file));
    expect(files).toEqual(new Set(["services/api/Dockerfile", "tools/Dockerfile"]));
    expect(r.stdout).toContain(
      "::notice title=slimlint::recursive: searching the whole workspace for Dockerfiles instead of files named Dockerfile",
    );
    // Without recursive, a missing ./Dockerfile is an error, as for hadolint-action.
    const flat = runAction(dir, { dockerfile: "Dockerfile" });
    expect(flat.code).toBe(2);
  });

  it("reads a path that starts with a dash as a path, not an option", () => {
    const text = "FROM alpine:3.20\nRUN apk add curl\n"; // DF006 has a safe fix: --fix as an option would rewrite the file
    const dir = workspace({ "--fix/Dockerfile": text });
    const r = runAction(dir, { paths: "--fix", format: "compact" });
    expect(r.stdout).toMatch(/^--fix\/Dockerfile:2:5: info: .* \[DF006\]$/m);
    expect(readFileSync(join(dir, "--fix/Dockerfile"), "utf8")).toBe(text);
  });

  it("fails the step with exit 2 and one line on a bad input", () => {
    const dir = workspace(WORKSPACE_FILES);
    const cases: [Record<string, string>, string][] = [
      [{ paths: "services/missing" }, "slimlint: services/missing: no such file or directory\n"],
      [
        { "fail-on": "error", "failure-threshold": "warning" },
        "slimlint: fail-on (error) and failure-threshold (warning) disagree: set one of them\n",
      ],
      [
        { "failure-threshold": "fatal" },
        "slimlint: fail-on fatal: expected error, warning, info or never (hadolint's style, ignore and none are understood too)\n",
      ],
      [{ "no-fail": "yes" }, "slimlint: no-fail yes: expected true or false\n"],
      [{ ignore: "GO999" }, 'slimlint: --rule GO999=off: unknown rule "GO999" (see `slimlint rules`)\n'],
    ];
    for (const [inputs, message] of cases) {
      const r = runAction(dir, inputs);
      expect(r.code, JSON.stringify(inputs)).toBe(2);
      expect(r.stderr, JSON.stringify(inputs)).toBe(message);
      expect(r.outputs["exit-code"], JSON.stringify(inputs)).toBe("2");
    }
  });

  it("prints what docs/github-code-scanning.md shows for its annotations example", () => {
    const guide = readFileSync(join(ROOT, "docs/github-code-scanning.md"), "utf8");
    const section = guide.slice(guide.indexOf("## Annotations in the job log"), guide.indexOf("## Coming from hadolint-action"));
    const fence = "```";
    const block = (lang: string) => new RegExp(`${fence}${lang}\n([\\s\\S]*?)${fence}`).exec(section)?.[1] ?? "";
    const step = (parse(block("yaml")) as { with: Record<string, string> }[])[0] as { with: Record<string, string> };
    const dir = workspace({ "services/api/Dockerfile": block("dockerfile") });
    const r = runAction(dir, step.with);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(block("text"));
  });

  it("ships a bundle that matches the sources (npm run build:action)", async () => {
    // Compared as a flag: a diff of minified bundles says nothing a reader can act on.
    const fresh = readFileSync(ENTRY, "utf8") === (await bundleAction());
    expect(fresh, "action/index.cjs is stale: run `npm run build && npm run build:action` and commit it").toBe(true);
  });

  it("declares the inputs the entry reads and runs on node24", () => {
    const yml = readFileSync(join(ROOT, "action.yml"), "utf8");
    expect(yml).toMatch(/using: node24\n\s+main: action\/index.cjs/);
    const source = readFileSync(join(ROOT, "src/action.ts"), "utf8");
    const names = [
      "paths",
      "dockerfile",
      "recursive",
      "format",
      "output",
      "output-file",
      "fail-on",
      "failure-threshold",
      "no-fail",
      "ignore",
      "trusted-registries",
      "config",
    ];
    const overrides = ["error", "warning", "info", "style"].map((level) => `override-${level}`);
    expect(Object.keys(ACTION.inputs).sort()).toEqual([...names, ...overrides].sort());
    for (const name of names) expect(source, name).toContain(`"${name}"`);
    expect(source).toContain("input(`override-${level}`)");
    expect(Object.keys(ACTION.outputs).sort()).toEqual(["exit-code", "findings", "report"]);
  });
});
