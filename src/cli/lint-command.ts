// `slimlint [paths...]`: find the files, their configs and build contexts, lint or fix them, report.
import { existsSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { ConfigError, FAILURE_THRESHOLDS, type Config, type FailOn } from "../config/config.js";
import { fixWith } from "../engine/fix.js";
import {
  findRule,
  lintWith,
  prefetchShellCheck,
  ruleLevels,
  UsageError,
  type Finding,
  type LintOptions,
  type LintResult,
} from "../engine/lint.js";
import type { Model } from "../model/build.js";
import { compareText, type Level, type Rule, type Severity } from "../engine/rule.js";
import { MAX_DOCKERFILE_BYTES } from "../files/read.js";
import { OptionsResolver, type ResolverSettings } from "../options/resolve.js";
import { rules } from "../index.js";
import { createShellCheckRunner } from "../shellcheck/runner.js";
import { loadReporter, loadStreamingReporter, type Format } from "../report/index.js";
import type { FileReport, InputError } from "../report/types.js";
import { VERSION } from "../version.js";
import { visible } from "../text/visible.js";
import { decodeText, discover, readDockerfile } from "./io.js";
import { openReportFile, replaceFileContents } from "./write-file.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, read up to one byte past `maxBytes` (enough to tell that it is too large). */
  readonly readStdin: (maxBytes: number) => Promise<Uint8Array>;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
}

export interface LintFlags {
  format: Format | "tty";
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
  verbose?: boolean;
  /** hadolint's name for --fail-on, with its own values (style, ignore, none). */
  failureThreshold?: string;
  /** false with --no-fail. */
  fail?: boolean;
  maxWarnings?: number;
  trustedRegistry?: string[];
  disableIgnorePragma?: boolean;
  statistics?: boolean;
  printConfig?: string;
}

/** The flags with aliases resolved (format tty is text). */
type ResolvedFlags = LintFlags & { format: Format };

/** The exit-code threshold from --no-fail, --fail-on and hadolint's --failure-threshold (they must agree). */
function failOnFlag(flags: LintFlags): FailOn | undefined {
  if (flags.fail === false) return "never";
  const threshold = flags.failureThreshold;
  const mapped = threshold === undefined ? undefined : FAILURE_THRESHOLDS[threshold];
  if (flags.failOn !== undefined && mapped !== undefined && flags.failOn !== mapped) {
    throw new UsageError(`--fail-on ${flags.failOn} and --failure-threshold ${threshold} disagree: give one of them`);
  }
  return flags.failOn ?? mapped;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/**
 * Files read ahead, at most, for one ShellCheck process over their scripts: few enough that memory stays
 * flat over a large directory (and bounded with files near the size cap), enough to start few processes.
 */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

interface Job {
  readonly input: Input;
  readonly config: Config | undefined;
  /** Lint options but the build context, which is decided once the file is read. */
  readonly options: LintOptions;
  readonly failOn: FailOn;
}

/** A file read for linting: why it could not be read, or its text, options and (when prefetching kept it) model. */
type BatchEntry =
  | { readonly job: Job; readonly failure: { readonly ok: false; readonly message: string } }
  | { readonly job: Job; readonly text: string; readonly options: LintOptions; model?: Model };

/** A file's text and findings, or why it could not be linted. */
type LintOutcome =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      readonly text: string;
      readonly findings: readonly Finding[];
      readonly ruleErrors: LintResult["ruleErrors"];
      readonly fixed?: number;
    };

interface Input {
  /** Absolute path (real, or the --stdin-filename for stdin). */
  readonly path: string;
  /** Path as shown in reports. */
  readonly display: string;
  readonly stdin: boolean;
}

/** Lints (or fixes) and reports; resolves to the exit code. Usage errors and a bad --config throw. */
export async function runLint(paths: readonly string[], given: LintFlags, io: Io): Promise<number> {
  const flags: ResolvedFlags = { ...given, format: given.format === "tty" ? "text" : given.format };
  const overrides = parseRuleFlags(flags.rule);
  const failOn = failOnFlag(flags);
  if (flags.printConfig !== undefined) return printConfig(flags, io);
  const levels = ruleLevels(rules, overrides); // rejects unknown levels before anything is read
  if (flags.unsafeFixes && !flags.fix && !flags.fixDryRun) throw new UsageError("--unsafe-fixes goes with --fix or --fix-dry-run");
  const contextDir = flags.context === undefined ? undefined : resolve(io.cwd, flags.context);
  if (contextDir !== undefined && !isDirectory(contextDir))
    throw new UsageError(`--context ${flags.context}: not a directory (the build context is a directory)`);
  const useStdin = paths.includes("-");
  if (flags.stdinFilename !== undefined && !useStdin) throw new UsageError("--stdin-filename names the standard input: pass - as the path");
  if (flags.statistics && flags.format !== "text" && flags.format !== "json")
    throw new UsageError("--statistics prints text or json: use -f text or -f json");

  const inputErrors: InputError[] = [];
  const resolver = new OptionsResolver(rules, {
    ...resolverSettings(flags, io, overrides, failOn),
    context: contextDir,
    stdinNamed: flags.stdinFilename !== undefined,
    // ShellCheck for the SC rule: the binary is looked up when a file first has a RUN script to check.
    shellcheck: createShellCheckRunner({ env: io.env }),
    onContextProblem: (path, message) => inputErrors.push({ path: display(io.cwd, path), message: `${message}; linted without it` }),
    explainContext: flags.verbose
      ? (file, dir, why) =>
          io.stderr(
            `slimlint: ${visible(display(io.cwd, file))}: ` +
              `build context ${visible(relative(io.cwd, dir).split(sep).join("/") || ".")} (${why})\n`,
          )
      : undefined,
  });
  await resolver.explicitConfig(); // a bad --config applies to every file: an error before anything is linted
  const { files, errors } = discover(paths.filter((p) => p !== "-").map((p) => resolve(io.cwd, p)));
  // Files are linted in report order (by path), so streamed output equals the sorted batch output.
  const inputs: Input[] = files
    .map((path) => ({ path, display: display(io.cwd, path), stdin: false }))
    .sort((a, b) => compareText(a.display, b.display));
  if (useStdin)
    inputs.unshift({
      path: resolve(io.cwd, flags.stdinFilename ?? "-"),
      display: (flags.stdinFilename ?? "-").split(sep).join("/"),
      stdin: true,
    });
  inputErrors.push(...errors.map((e) => ({ path: display(io.cwd, e.path), message: e.message })));

  const jobs: Job[] = [];
  let ignoredByConfig = 0;
  for (const input of inputs) {
    const found = await resolver.config(input.path);
    if (!found.ok) {
      if (found.firstTime) inputErrors.push(...configErrors(found.error, io.cwd));
      continue;
    }
    const settings = await resolver.fileSettings(input, found.config);
    if (settings.ignored) ignoredByConfig++;
    else jobs.push({ input, config: found.config, options: settings.options, failOn: settings.failOn });
  }
  // Not an error (exit 0, as Ruff and ESLint): pre-commit passes a commit's files, and some may be ignored.
  if (jobs.length === 0 && ignoredByConfig > 0 && inputErrors.length === 0) {
    const which = ignoredByConfig === 1 ? "the Dockerfile matches" : `all ${ignoredByConfig} Dockerfiles match`;
    io.stderr(`slimlint: nothing linted: ${which} the config's ignore globs\n`);
  }

  const statistics = flags.statistics ? new Map<string, { name: string; count: number; fixable: boolean }>() : undefined;
  // With --fix on stdin the fixed text goes to stdout, so the report goes to stderr.
  const output =
    flags.fixDryRun || statistics ? undefined : await openOutput(flags, levels, io, useStdin && flags.fix ? io.stderr : io.stdout);
  let warnings = 0;
  let failed = false;
  let internalError = false;
  let wouldChange = false;
  let unsafeLeft = 0;
  const fixing = flags.fix === true || flags.fixDryRun === true;

  const report = (job: Job, outcome: LintOutcome) => {
    const path = job.input.display;
    if (!outcome.ok) {
      inputErrors.push({ path, message: outcome.message });
      return;
    }
    for (const failure of outcome.ruleErrors) {
      internalError = true;
      io.stderr(`slimlint: internal error in rule ${failure.ruleId} on ${visible(path)}: ${visible(failure.message)}\n`);
    }
    // -q hides what is not an error from the report, not from the exit code.
    if (failing(outcome.findings, job.failOn)) failed = true;
    warnings += count(outcome.findings, "warning");
    for (const f of statistics ? outcome.findings : []) {
      const entry = statistics?.get(f.ruleId) ?? { name: f.ruleName, count: 0, fixable: false };
      entry.count++;
      entry.fixable ||= f.fix?.safety === "safe";
      statistics?.set(f.ruleId, entry);
    }
    const findings = flags.quiet ? outcome.findings.filter((f) => f.severity === "error") : outcome.findings;
    const hidden = flags.quiet ? { warning: count(outcome.findings, "warning"), info: count(outcome.findings, "info") } : undefined;
    output?.add({
      path,
      absolutePath: job.input.stdin ? undefined : job.input.path,
      text: outcome.text,
      findings,
      hidden,
      fixed: outcome.fixed,
    });
  };

  /** A job's lint options with the build context of its text. */
  const optionsFor = async (job: Job, text: string): Promise<LintOptions> => ({
    ...job.options,
    context: await resolver.context(job.input, text, job.config),
  });

  /** Lints or fixes one file's text; `model` is its model under `options` when prefetchShellCheck kept it. */
  const lintOrFix = async (job: Job, text: string, options: LintOptions, model?: Model): Promise<LintOutcome> => {
    if (fixing) return fix(job, text, options);
    const { findings, ruleErrors } = lintWith(rules, text, options, model);
    return { ok: true, text, findings, ruleErrors };
  };

  /** Fixes one file (or standard input): the outcome is the report of what is left. */
  const fix = async (job: Job, text: string, options: LintOptions): Promise<LintOutcome> => {
    const path = job.input.display;
    const fixed = fixWith(rules, text, { ...options, unsafe: flags.unsafeFixes });
    unsafeLeft += fixed.findings.filter((f) => f.fix?.safety === "unsafe").length;
    if (fixed.text === text) {
      if (job.input.stdin && !flags.fixDryRun) io.stdout(text);
      return { ok: true, text, findings: fixed.findings, ruleErrors: fixed.ruleErrors };
    }
    wouldChange = true;
    if (flags.fixDryRun) io.stdout(await unifiedDiff(path, text, fixed.text));
    else if (job.input.stdin) io.stdout(fixed.text);
    else {
      const problem = await replaceFileContents(job.input.path, fixed.text);
      if (problem) {
        inputErrors.push({ path, message: `fixes not written: ${problem}` });
        return { ok: true, text, findings: lintWith(rules, text, options).findings, ruleErrors: fixed.ruleErrors };
      }
    }
    return { ok: true, text: fixed.text, findings: fixed.findings, ruleErrors: fixed.ruleErrors, fixed: fixed.applied };
  };

  const stdinJob = jobs[0]?.input.stdin ? jobs.shift() : undefined;
  if (stdinJob) {
    const read = decodeText(await io.readStdin(MAX_DOCKERFILE_BYTES));
    report(stdinJob, read.ok ? await lintOrFix(stdinJob, read.text, await optionsFor(stdinJob, read.text)) : read);
  }
  // Files are read a batch at a time, and ShellCheck checks the next batch's RUN scripts (a process or two for
  // the batch) while this one is linted. Collecting the scripts builds each file's model, which its lint reuses.
  let next = 0;
  const readBatch = async () => {
    const batch: BatchEntry[] = [];
    for (let bytes = 0; next < jobs.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES; next++) {
      const job = jobs[next] as Job;
      const read = readDockerfile(job.input.path);
      if (!read.ok) {
        batch.push({ job, failure: read });
        continue;
      }
      batch.push({ job, text: read.text, options: await optionsFor(job, read.text) });
      bytes += read.text.length;
    }
    const files = batch.filter((entry) => "text" in entry);
    const { models, checked } = prefetchShellCheck(rules, files);
    // A fix lints each pass's text anew: only a plain lint takes the model.
    if (!fixing) for (const [i, model] of models.entries()) if (model && files[i]) files[i].model = model;
    return { batch, checked };
  };
  for (let current = await readBatch(); current.batch.length > 0; ) {
    await current.checked;
    const following = await readBatch();
    for (const entry of current.batch) {
      report(entry.job, "failure" in entry ? entry.failure : await lintOrFix(entry.job, entry.text, entry.options, entry.model));
    }
    current = following;
  }

  const outputProblem = output?.finish(inputErrors);
  if (statistics) io.stdout(formatStatistics(statistics, flags.format));
  // ESLint's --max-warnings: too many warnings fail the run whatever --fail-on says.
  const tooManyWarnings = flags.maxWarnings !== undefined && warnings > flags.maxWarnings;
  if (tooManyWarnings)
    io.stderr(`slimlint: ${warnings} warning${warnings === 1 ? "" : "s"} found, more than --max-warnings ${flags.maxWarnings}\n`);
  // A dry run that changes nothing because every fix is unsafe says so instead of printing nothing.
  if (flags.fixDryRun && !wouldChange && unsafeLeft > 0) {
    io.stderr(
      `slimlint: no safe fixes to apply; ${unsafeLeft} unsafe fix${unsafeLeft === 1 ? "" : "es"} would apply with ` +
        `--fix-dry-run --unsafe-fixes\n`,
    );
  }
  for (const error of inputErrors) io.stderr(`slimlint: ${visible(error.path)}: ${visible(error.message)}\n`);
  if (outputProblem) {
    io.stderr(`slimlint: cannot write ${visible(flags.output ?? "the report")}: ${outputProblem}\n`);
    return 2;
  }
  if (inputErrors.length > 0 || internalError) return 2;
  if (flags.fixDryRun) return wouldChange ? 1 : 0;
  return failed || tooManyWarnings ? 1 : 0;
}

/** `--statistics`: findings per rule, most frequent first; `[*]` marks rules with a safe fix (Ruff's layout). */
function formatStatistics(statistics: ReadonlyMap<string, { name: string; count: number; fixable: boolean }>, format: Format): string {
  const rows = [...statistics]
    .map(([ruleId, s]) => ({ ruleId, ruleName: s.name, count: s.count, fixable: s.fixable }))
    .sort((a, b) => b.count - a.count || compareText(a.ruleId, b.ruleId));
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const width = String(rows[0]?.count ?? 0).length;
  return rows.map((r) => `${String(r.count).padStart(width)}  ${r.ruleId}  ${r.fixable ? "[*] " : ""}${r.ruleName}\n`).join("");
}

interface Output {
  add(report: FileReport): void;
  /** Writes what is left; the problem when the report could not be written. */
  finish(errors: readonly InputError[]): string | undefined;
}

/**
 * Where the report goes. Text, compact and json are written file by file as the run goes and nothing of a
 * file is kept; the other formats need every file first, so their reports are kept (without the file text
 * when the format does not use it).
 */
async function openOutput(
  flags: ResolvedFlags,
  levels: ReadonlyMap<Rule, Severity>,
  io: Io,
  write: (text: string) => void,
): Promise<Output> {
  const toFile = flags.output !== undefined;
  const file = toFile ? await openReportFile(resolve(io.cwd, flags.output as string)) : undefined;
  if (typeof file === "string") throw new UsageError(`--output ${flags.output}: ${file}`);
  const target = file ? (text: string) => file.write(text) : write;
  // Pieces are gathered into writes of about 64 KB: one write per finding would be a system call each.
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pendingLength > 0) target(pending.join(""));
    pending = [];
    pendingLength = 0;
  };
  const emit = (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= 65536) flush();
  };
  const ctx = {
    rules: levels,
    color: !toFile && flags.format === "text" && useColor(flags.color, io),
    version: VERSION,
    root: repositoryRoot(io.cwd),
  };
  const close = () => file?.close();
  const stream = await loadStreamingReporter(flags.format);
  if (stream) {
    const reporter = stream(ctx);
    return {
      add: (report) => reporter.file(report, emit),
      finish(errors) {
        reporter.end(errors, emit);
        flush();
        return close();
      },
    };
  }
  const reporter = await loadReporter(flags.format);
  const keepsText = FORMATS_READING_TEXT.has(flags.format);
  const reports: FileReport[] = [];
  return {
    add: (report) => void reports.push(keepsText ? report : { ...report, text: "" }),
    finish(errors) {
      emit(reporter(reports, { ...ctx, errors }));
      flush();
      return close();
    },
  };
}

/** Batch formats that quote the file's lines (snippets, fingerprints, fix positions). */
const FORMATS_READING_TEXT = new Set<Format>(["sarif", "gitlab", "codeclimate"]);

/** `--print-config FILE`: the configuration that applies to a Dockerfile, as JSON. */
async function printConfig(flags: LintFlags, io: Io): Promise<number> {
  const file = resolve(io.cwd, flags.printConfig as string);
  const resolver = new OptionsResolver(rules, resolverSettings(flags, io, parseRuleFlags(flags.rule), failOnFlag(flags)));
  const found = await resolver.config(file);
  if (!found.ok) {
    for (const error of configErrors(found.error, io.cwd)) io.stderr(`slimlint: ${visible(error.path)}: ${visible(error.message)}\n`);
    return 2;
  }
  const config = found.config;
  const { options, failOn } = await resolver.fileSettings({ path: file }, config);
  const shown = {
    file: display(io.cwd, file),
    config: config ? display(io.cwd, config.path) : null,
    rules: options.rules,
    failOn,
    trustedRegistries: options.trustedRegistries ?? null,
    ignore: config?.ignore ?? [],
    contexts: Object.fromEntries(config?.contexts ?? []),
    allowInlineIgnores: options.inlineIgnores,
    labelSchema: options.labelSchema ?? null,
    strictLabels: options.strictLabels ?? false,
  };
  io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
  return 0;
}

/** The settings every file of this run shares, from the flags. */
function resolverSettings(flags: LintFlags, io: Io, ruleLevels: Record<string, Level>, failOn: FailOn | undefined): ResolverSettings {
  return {
    cwd: io.cwd,
    config: flags.config,
    ruleLevels,
    trustedRegistries: flags.trustedRegistry,
    inlineIgnores: !flags.disableIgnorePragma,
    failOn,
  };
}

/** A config's problems as input errors; the last says that the files it governs were not linted. */
function configErrors(error: ConfigError, cwd: string): InputError[] {
  const file = display(cwd, error.file);
  return error.problems.map((p, i) => ({
    path: `${file}${p.line === undefined ? "" : `:${p.line}`}`,
    message: i === error.problems.length - 1 ? `${p.detail}; the Dockerfiles it applies to were not linted` : p.detail,
  }));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
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
    const id = value.slice(0, eq).trim();
    // Checked here, not only by ruleLevels: a key such as __proto__ would vanish into the object's prototype.
    if (!findRule(rules, id)) throw new UsageError(`--rule ${value}: unknown rule "${id}" (see \`slimlint rules\`)`);
    Object.defineProperty(overrides, id, {
      value: value.slice(eq + 1).trim() as Level,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return overrides;
}

const count = (findings: readonly Finding[], severity: Severity) => findings.filter((f) => f.severity === severity).length;

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
