// Command-line wiring only: argv → options → lint → reporter → output → exit code.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { lint, rules, ruleLevels, UsageError, type Finding, type Level, type Severity } from "../index.js";
import { FORMATS, loadReporter, type Format } from "../report/index.js";
import type { FileReport, InputError } from "../report/types.js";
import { VERSION } from "../version.js";
import { discover, readContext, readDockerfile } from "./io.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
}

const FAIL_ON = ["error", "warning", "info", "never"] as const;
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface LintFlags {
  format: Format;
  output?: string;
  context?: string;
  rule: string[];
  failOn: (typeof FAIL_ON)[number];
  color: boolean;
  quiet?: boolean;
}

/** Runs the CLI and resolves to the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command("slimlint")
    .description("Lint Dockerfiles of Go services: static binaries, slim bases, images that start.")
    .version(VERSION, "-V, --version")
    .argument("[paths...]", "Dockerfiles, or directories to search for them", ["."])
    .addOption(new Option("-f, --format <name>", "output format").choices(FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--context <dir>", "build context for context-aware rules (default: the Dockerfile's directory)")
    .option("--rule <ID=level>", "set a rule's level: error, warning, info or off (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .addOption(new Option("--fail-on <level>", "lowest severity that makes the exit code 1").choices(FAIL_ON).default("warning"))
    .option("--no-color", "plain output (NO_COLOR and FORCE_COLOR are honoured too)")
    .option("-q, --quiet", "report errors only")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], flags: LintFlags) => {
      exitCode = await runLint(paths, flags, io);
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.stderr(`slimlint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return exitCode;
}

async function runLint(paths: string[], flags: LintFlags, io: Io): Promise<number> {
  const overrides = parseRuleFlags(flags.rule);
  const levels = ruleLevels(rules, overrides);
  if (flags.context !== undefined && !existsSync(resolve(io.cwd, flags.context))) throw new UsageError(`--context ${flags.context}: no such directory`);

  const { files, errors } = discover(paths.map((p) => resolve(io.cwd, p)));
  const inputErrors: InputError[] = errors.map((e) => ({ path: display(io.cwd, e.path), message: e.message }));
  const reports: FileReport[] = [];
  let internalError = false;
  for (const file of files) {
    const read = readDockerfile(file);
    const path = display(io.cwd, file);
    if (!read.ok) {
      inputErrors.push({ path, message: read.message });
      continue;
    }
    const context = readContext(file, flags.context === undefined ? undefined : resolve(io.cwd, flags.context));
    const result = lint(read.text, { context, rules: overrides });
    for (const failure of result.ruleErrors) {
      internalError = true;
      io.stderr(`slimlint: internal error in rule ${failure.ruleId} on ${path}: ${failure.message}\n`);
    }
    const findings = flags.quiet ? result.findings.filter((f) => f.severity === "error") : result.findings;
    reports.push({ path, absolutePath: file, text: read.text, findings });
  }

  const reporter = await loadReporter(flags.format);
  const toFile = flags.output !== undefined;
  const color = !toFile && flags.format === "text" && useColor(flags.color, io);
  const report = reporter(reports, { rules: levels, color, version: VERSION, root: repositoryRoot(io.cwd), errors: inputErrors });
  if (toFile) {
    const target = resolve(io.cwd, flags.output as string);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, report);
    } catch (error) {
      io.stderr(`slimlint: cannot write ${flags.output}: ${(error as Error).message}\n`);
      return 2;
    }
  } else {
    io.stdout(report);
  }
  for (const error of inputErrors) io.stderr(`slimlint: ${error.path}: ${error.message}\n`);
  if (inputErrors.length > 0 || internalError) return 2;
  return failing(reports.flatMap((r) => r.findings), flags.failOn) ? 1 : 0;
}

function parseRuleFlags(values: readonly string[]): Record<string, Level> {
  const overrides: Record<string, Level> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`--rule ${value}: expected ID=level, e.g. --rule GO007=off`);
    overrides[value.slice(0, eq).trim()] = value.slice(eq + 1).trim() as Level;
  }
  return overrides;
}

function failing(findings: readonly Finding[], failOn: LintFlags["failOn"]): boolean {
  if (failOn === "never") return false;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]);
}

function useColor(flag: boolean, io: Io): boolean {
  if (!flag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY;
}

/** Path as shown in reports: relative to the working directory, forward slashes. */
function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === "" || rel.startsWith("..") ? path : rel).split(sep).join("/");
}

/** The nearest directory upward holding .git, else the working directory: SARIF paths are relative to it. */
function repositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}
