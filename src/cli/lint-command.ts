// `slimlint [paths...]`: find the files, their configs and build contexts, lint or fix them, report.
import { chmodSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { ConfigError, findConfig, loadConfig, type Config, type FailOn } from "../config/config.js";
import { fixWith } from "../engine/fix.js";
import { lintWith, ruleLevels, UsageError, type Finding } from "../engine/lint.js";
import type { Level, Severity } from "../engine/rule.js";
import { rules } from "../index.js";
import { loadReporter, type Format } from "../report/index.js";
import type { FileReport, InputError } from "../report/types.js";
import { VERSION } from "../version.js";
import { decodeText, describeFsError, discover, readContext, readDockerfile, type ReadResult } from "./io.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Uint8Array>;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
}

export interface LintFlags {
  format: Format;
  output?: string;
  context?: string;
  config?: string | false;
  stdinFilename?: string;
  rule: string[];
  failOn?: FailOn;
  fix?: boolean;
  unsafeFixes?: boolean;
  fixDryRun?: boolean;
  color: boolean;
  quiet?: boolean;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface Input {
  /** Absolute path (real, or the --stdin-filename for stdin). */
  readonly path: string;
  readonly stdin: boolean;
}

/** Lints (or fixes) and reports; resolves to the exit code. Usage and config errors throw. */
export async function runLint(paths: readonly string[], flags: LintFlags, io: Io): Promise<number> {
  const overrides = parseRuleFlags(flags.rule);
  ruleLevels(rules, overrides); // reject unknown rules and levels before reading anything
  if (flags.unsafeFixes && !flags.fix && !flags.fixDryRun) throw new UsageError("--unsafe-fixes goes with --fix or --fix-dry-run");
  if (flags.context !== undefined && !existsSync(resolve(io.cwd, flags.context))) throw new UsageError(`--context ${flags.context}: no such directory`);
  const useStdin = paths.includes("-");
  if (flags.stdinFilename !== undefined && !useStdin) throw new UsageError("--stdin-filename names the standard input: pass - as the path");

  const configs = new ConfigSource(flags.config, io.cwd);
  const { files, errors } = discover(paths.filter((p) => p !== "-").map((p) => resolve(io.cwd, p)));
  const inputs: Input[] = files.map((path) => ({ path, stdin: false }));
  if (useStdin) inputs.unshift({ path: resolve(io.cwd, flags.stdinFilename ?? "-"), stdin: true });
  const inputErrors: InputError[] = errors.map((e) => ({ path: display(io.cwd, e.path), message: e.message }));

  const reports: FileReport[] = [];
  const thresholds = new Map<FileReport, FailOn>();
  let internalError = false;
  let wouldChange = false;
  for (const input of inputs) {
    const config = await configs.for(input.path);
    if (config && !input.stdin && (await isIgnored(config, input.path))) continue;
    const path = input.stdin ? (flags.stdinFilename ?? "-").split(sep).join("/") : display(io.cwd, input.path);
    const read: ReadResult = input.stdin ? decodeText(await io.readStdin()) : readDockerfile(input.path);
    if (!read.ok) {
      inputErrors.push({ path, message: read.message });
      continue;
    }
    const options = {
      context: readContext(input.stdin && flags.stdinFilename === undefined ? undefined : input.path, flags.context === undefined ? undefined : resolve(io.cwd, flags.context)),
      rules: { ...config?.rules, ...overrides },
      trustedRegistries: config?.trustedRegistries,
      path,
    };
    let text = read.text;
    let findings: readonly Finding[];
    if (flags.fix || flags.fixDryRun) {
      const fixed = fixWith(rules, text, { ...options, unsafe: flags.unsafeFixes });
      findings = fixed.findings;
      if (fixed.text !== text) {
        wouldChange = true;
        if (flags.fixDryRun) io.stdout(await unifiedDiff(path, text, fixed.text));
        else if (input.stdin) io.stdout(fixed.text);
        else {
          const problem = writeAtomically(input.path, fixed.text);
          if (problem) {
            inputErrors.push({ path, message: `fixes not written: ${problem}` });
            findings = lintWith(rules, text, options).findings;
          } else text = fixed.text;
        }
      } else if (input.stdin && flags.fix && !flags.fixDryRun) {
        io.stdout(text);
      }
    } else {
      const result = lintWith(rules, text, options);
      findings = result.findings;
      for (const failure of result.ruleErrors) {
        internalError = true;
        io.stderr(`slimlint: internal error in rule ${failure.ruleId} on ${path}: ${failure.message}\n`);
      }
    }
    if (flags.quiet) findings = findings.filter((f) => f.severity === "error");
    const report: FileReport = { path, absolutePath: input.stdin ? undefined : input.path, text, findings };
    reports.push(report);
    thresholds.set(report, flags.failOn ?? config?.failOn ?? "warning");
  }

  if (!flags.fixDryRun) {
    const reporter = await loadReporter(flags.format);
    const toFile = flags.output !== undefined;
    const color = !toFile && flags.format === "text" && useColor(flags.color, io);
    const levels = ruleLevels(rules, overrides);
    const output = reporter(reports, { rules: levels, color, version: VERSION, root: repositoryRoot(io.cwd), errors: inputErrors });
    // With --fix on stdin the fixed text goes to stdout, so the report goes to stderr.
    const write = useStdin && flags.fix ? io.stderr : io.stdout;
    if (toFile) {
      const problem = writeReport(resolve(io.cwd, flags.output as string), output);
      if (problem) {
        io.stderr(`slimlint: cannot write ${flags.output}: ${problem}\n`);
        return 2;
      }
    } else if (output !== "") {
      write(output);
    }
  }
  for (const error of inputErrors) io.stderr(`slimlint: ${error.path}: ${error.message}\n`);
  if (inputErrors.length > 0 || internalError) return 2;
  if (flags.fixDryRun) return wouldChange ? 1 : 0;
  return reports.some((r) => failing(r.findings, thresholds.get(r) ?? "warning")) ? 1 : 0;
}

/** Config per linted file: --config for all, none with --no-config, else the nearest one upward. */
class ConfigSource {
  private readonly loaded = new Map<string, Promise<Config>>();
  private readonly lookups = new Map<string, string | undefined>();

  constructor(
    private readonly option: string | false | undefined,
    private readonly cwd: string,
  ) {}

  async for(file: string): Promise<Config | undefined> {
    if (this.option === false) return undefined;
    const path = this.option !== undefined ? resolve(this.cwd, this.option) : findConfig(dirname(file), this.lookups);
    if (path === undefined) return undefined;
    let config = this.loaded.get(path);
    if (!config) {
      config = loadConfig(path, rules);
      this.loaded.set(path, config);
    }
    return config;
  }
}

async function isIgnored(config: Config, file: string): Promise<boolean> {
  if (config.ignore.length === 0) return false;
  const rel = relative(config.dir, file).split(sep).join("/");
  if (rel.startsWith("..")) return false;
  const picomatch = (await import("picomatch")).default;
  return picomatch(config.ignore as string[], { dot: true })(rel);
}

/** Writes next to the file and renames over it, keeping its mode: a failed write leaves the file as it was. */
function writeAtomically(file: string, text: string): string | undefined {
  const temp = join(dirname(file), `.${basename(file)}.slimlint-${process.pid}.tmp`);
  try {
    const mode = statSync(file).mode;
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode);
    renameSync(temp, file);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was created
    }
    return describeFsError(error, "cannot be written");
  }
}

function writeReport(target: string, text: string): string | undefined {
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return undefined;
  } catch (error) {
    return describeFsError(error, "cannot be written");
  }
}

async function unifiedDiff(path: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
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

function failing(findings: readonly Finding[], failOn: FailOn): boolean {
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

export { ConfigError };
