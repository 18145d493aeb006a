// GitHub Action entry: reads the INPUT_* variables a runner sets, runs the CLI in GITHUB_WORKSPACE,
// writes the report, and publishes outputs (report path, findings count, exit code) to GITHUB_OUTPUT.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { main } from "./cli/main.js";

const input = (name: string, fallback = ""): string => (process.env[`INPUT_${name.toUpperCase()}`] ?? fallback).trim();

async function run(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const paths = input("paths", ".").split(/\s+/).filter(Boolean);
  const format = input("format", "sarif") || "sarif";
  const output = input("output", "slimlint.sarif") || "slimlint.sarif";
  const failOn = input("fail-on", "error") || "error";
  const config = input("config");
  const argv = [...paths, "--format", format, "--output", output, "--fail-on", failOn, ...(config ? ["--config", config] : [])];
  const code = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => new Uint8Array(),
    cwd: workspace,
    env: process.env,
    isTTY: false,
  });
  const reportPath = resolve(workspace, output);
  const findings = countFindings(reportPath, format);
  const outputs = [`report=${reportPath}`, `exit-code=${code}`, ...(findings === undefined ? [] : [`findings=${findings}`])];
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${outputs.join("\n")}\n`);
  process.stdout.write(`slimlint: ${findings ?? "?"} finding(s), report written to ${output}, exit code ${code}\n`);
  return code;
}

function countFindings(path: string, format: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  if (format === "sarif") return (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs.reduce((n, r) => n + r.results.length, 0);
  if (format === "json" || format === "gitlab") return (JSON.parse(text) as unknown[]).length;
  return undefined;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`slimlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
