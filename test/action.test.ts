// The GitHub Action's entry point, run the way a runner runs it: INPUT_* variables, GITHUB_WORKSPACE,
// GITHUB_OUTPUT; and the committed bundle must match the sources.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from "../scripts/bundle-action.mjs";
import { scratchDir } from "./cli-helpers.js";
import { sarifErrors } from "./sarif-schema.js";

const ROOT = new URL("..", import.meta.url).pathname;
const ENTRY = join(ROOT, "action/index.cjs");

function runAction(workspace: string, inputs: Record<string, string>) {
  const outputFile = join(workspace, ".github-output");
  writeFileSync(outputFile, "");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: workspace };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  // Runners start the entry from the action's own directory, not the workspace.
  const r = spawnSync(process.execPath, [ENTRY], { cwd: join(ROOT, "action"), env, encoding: "utf8" });
  const outputs = Object.fromEntries(readFileSync(outputFile, "utf8").trim().split("\n").filter(Boolean).map((l) => l.split("=", 2) as [string, string]));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

const WORKSPACE_FILES = {
  // -race always links glibc: on scratch the container cannot start (GO002 error).
  "services/api/Dockerfile": 'FROM golang:1.23 AS b\nRUN go build -race -o /out/app .\nFROM scratch\nCOPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n',
  "services/web/Dockerfile": 'FROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02\nCOPY app /app\nENTRYPOINT ["/app"]\n',
  "docs/README.md": "not linted\n",
};

describe("GitHub Action", () => {
  it("lints the given paths, writes SARIF relative to the workspace, and sets its outputs", () => {
    const workspace = scratchDir(WORKSPACE_FILES);
    const r = runAction(workspace, { paths: "services", output: "reports/slimlint.sarif", "fail-on": "error" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1); // GO002 is an error
    const sarif = JSON.parse(readFileSync(join(workspace, "reports/slimlint.sarif"), "utf8"));
    expect(sarifErrors(sarif)).toEqual([]);
    const uris = new Set(sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]?.physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(new Set(["services/api/Dockerfile"]));
    expect(r.outputs).toEqual({ report: join(workspace, "reports/slimlint.sarif"), "exit-code": "1", findings: String(sarif.runs[0].results.length) });
  });

  it("passes the step below the fail-on level, and honours format and config inputs", () => {
    const workspace = scratchDir({ ...WORKSPACE_FILES, "ci/slimlint.yaml": "rules:\n  GO002: warning\n" });
    const r = runAction(workspace, { paths: "services/api\nservices/web", format: "json", output: "out.json", "fail-on": "error", config: "ci/slimlint.yaml" });
    expect(r.code).toBe(0);
    const rows = JSON.parse(readFileSync(join(workspace, "out.json"), "utf8"));
    expect(rows.find((x: { ruleId: string }) => x.ruleId === "GO002").severity).toBe("warning");
    expect(r.outputs["exit-code"]).toBe("0");
    expect(r.outputs.findings).toBe(String(rows.length));
  });

  it("fails the step with exit 2 on a bad input", () => {
    const workspace = scratchDir(WORKSPACE_FILES);
    const r = runAction(workspace, { paths: "services/missing" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slimlint: services/missing: no such file or directory\n");
  });

  it("ships a bundle that matches the sources (npm run build:action)", async () => {
    expect(readFileSync(ENTRY, "utf8")).toBe(await bundleAction());
  });

  it("declares the inputs the entry reads and runs on node24", () => {
    const yml = readFileSync(join(ROOT, "action.yml"), "utf8");
    expect(yml).toMatch(/using: node24\n\s+main: action\/index.cjs/);
    for (const name of ["paths", "format", "output", "fail-on", "config"]) expect(yml).toContain(`\n  ${name}:\n`);
  });
});
