// GitHub Action entry: reads the INPUT_* variables a runner sets (slimlint's own inputs and hadolint-action's
// names for the same things), runs the CLI in GITHUB_WORKSPACE, and publishes outputs (report path,
// findings count, exit code) to GITHUB_OUTPUT. Annotations (format github) go to stdout: the runner reads
// workflow commands only there.
import { appendFileSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { main } from "./cli/main.js";
import { FAILURE_THRESHOLDS } from "./config/config.js";
import { findRule } from "./engine/lint.js";
import { isCode } from "./engine/rule.js";
import { rules } from "./index.js";

/** A bad combination of inputs: reported on one line, exit code 2. */
class InputError extends Error {}

type Inputs = (name: string) => string;

/** An input as the runner passes it: INPUT_<NAME>, upper-cased, dashes kept (`fail-on` → INPUT_FAIL-ON). */
const fromEnv: Inputs = (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();

/** hadolint's format names for formats slimlint has under another name. */
const FORMAT_ALIASES: Readonly<Record<string, string>> = { tty: "text", gitlab_codeclimate: "gitlab" };
/** Formats meant to be read in the job log: without `output` they go to stdout. */
const LOG_FORMATS = new Set(["text", "github", "compact", "gnu"]);
const DEFAULT_OUTPUT: Readonly<Record<string, string>> = {
  sarif: "slimlint.sarif",
  json: "slimlint.json",
  gitlab: "slimlint-gitlab.json",
  codeclimate: "slimlint-codeclimate.json",
  sonarqube: "slimlint-sonarqube.json",
  checkstyle: "slimlint-checkstyle.xml",
  junit: "slimlint-junit.xml",
};
/** fail-on's own levels and hadolint's failure-threshold values. */
const THRESHOLDS: Readonly<Record<string, string>> = { ...FAILURE_THRESHOLDS, never: "never" };
const STDOUT_NAMES = new Set(["-", "/dev/stdout"]);

export interface Plan {
  readonly argv: string[];
  readonly format: string;
  readonly failOn: string;
  /** The report file, relative to the workspace; undefined when the report goes to stdout. */
  readonly output: string | undefined;
  /** Format github with a file: the annotations are printed to the log as well. */
  readonly echoReport: boolean;
  /** Workflow-command notices about inputs that were mapped or had nothing to map to. */
  readonly notices: string[];
}

/** The CLI arguments for the inputs; throws InputError for contradictory or malformed inputs. */
export function plan(input: Inputs, workspace: string): Plan {
  const notices: string[] = [];
  const recursive = flag(input, "recursive");
  const noFail = flag(input, "no-fail");

  let paths = [...words(input("paths")), ...words(input("dockerfile"))];
  if (paths.length === 0) paths = ["."];
  if (recursive) {
    // hadolint-action's recursive mode searches the workspace for files with the `dockerfile` name.
    paths = paths.map((p) => {
      if (p.includes("/") || isDirectory(resolve(workspace, p))) return p;
      notices.push(
        `recursive: searching the whole workspace for Dockerfiles instead of files named ${p} (slimlint finds Dockerfile, ` +
          `Containerfile, *.Dockerfile and Dockerfile.* in every directory it searches)`,
      );
      return ".";
    });
    paths = [...new Set(paths)];
  }

  const requested = input("format").toLowerCase() || "sarif";
  const format = FORMAT_ALIASES[requested] ?? requested;
  const named = agreed(input, "output", "output-file");
  const output =
    named === undefined
      ? LOG_FORMATS.has(format)
        ? undefined
        : (DEFAULT_OUTPUT[format] ?? `slimlint.${format}`)
      : STDOUT_NAMES.has(named)
        ? undefined
        : named;

  const threshold = agreed(input, "fail-on", "failure-threshold")?.toLowerCase() ?? "error";
  const failOn = noFail ? "never" : THRESHOLDS[threshold];
  if (failOn === undefined)
    throw new InputError(
      `fail-on ${threshold}: expected error, warning, info or never (hadolint's style, ignore and none are understood too)`,
    );

  const ruleFlags: string[] = [];
  for (const level of ["error", "warning", "info", "style"]) {
    for (const id of ruleIds(input(`override-${level}`), `override-${level}`, notices))
      ruleFlags.push("--rule", `${id}=${level === "style" ? "info" : level}`);
  }
  // After the overrides: a rule both overridden and ignored is off.
  for (const id of ruleIds(input("ignore"), "ignore", notices)) ruleFlags.push("--rule", `${id}=off`);
  // hadolint-action's trusted-registries: each one added to the config's trustedRegistries.
  for (const registry of words(input("trusted-registries").replace(/,/g, " "))) ruleFlags.push("--trusted-registry", registry);

  const config = input("config");
  const options = [
    "--format",
    format,
    ...(output === undefined ? [] : ["--output", output]),
    "--fail-on",
    failOn,
    ...ruleFlags,
    ...(config ? ["--config", config] : []),
  ];
  // After `--`, a path that starts with a dash is still a path.
  const argv = [...options, "--", ...paths];
  return { argv, format, failOn, output, echoReport: output !== undefined && format === "github", notices };
}

/** Rule ids for a list of slimlint ids, names or hadolint codes; unknown slimlint ids are passed on for the CLI to reject. */
function ruleIds(list: string, inputName: string, notices: string[]): string[] {
  const ids: string[] = [];
  for (const code of words(list.replace(/,/g, " "))) {
    const own = findRule(rules, code);
    const peers = own ? [own] : rules.filter((r) => r.equivalents.includes(code.toUpperCase()));
    // A ShellCheck code (hadolint-action's `ignore: SC2086`) names that code only, not the whole SC rule.
    if (own && isCode(own, code)) ids.push(code.toUpperCase());
    else if (peers.length > 0) ids.push(...peers.map((r) => r.id));
    else if (/^(DL|SC)\d+$/i.test(code)) notices.push(`${inputName}: slimlint has no rule for ${code.toUpperCase()}; nothing to change`);
    else ids.push(code);
  }
  return ids;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function flag(input: Inputs, name: string): boolean {
  const value = input(name).toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new InputError(`${name} ${input(name)}: expected true or false`);
}

/** The value of an input that has a hadolint-action alias; both given and different is an error. */
function agreed(input: Inputs, name: string, alias: string): string | undefined {
  const a = input(name);
  const b = input(alias);
  if (a !== "" && b !== "" && a !== b) throw new InputError(`${name} (${a}) and ${alias} (${b}) disagree: set one of them`);
  return a || b || undefined;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

interface Counts {
  error: number;
  warning: number;
  info: number;
}

/** Findings by severity, read back from the report; undefined for formats that do not list them one by one (text, junit). */
export function countFindings(report: string, format: string): Counts | undefined {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  const add = (severity: string | undefined, map: Readonly<Record<string, keyof Counts>>) => {
    const key = map[severity ?? ""];
    if (key) counts[key]++;
  };
  switch (format) {
    case "sarif":
      for (const run of (JSON.parse(report) as { runs: { results: { level?: string }[] }[] }).runs)
        for (const r of run.results) add(r.level ?? "warning", { error: "error", warning: "warning", note: "info" });
      return counts;
    case "json":
      for (const row of JSON.parse(report) as { severity: string }[])
        add(row.severity, { error: "error", warning: "warning", info: "info" });
      return counts;
    case "gitlab":
      for (const issue of JSON.parse(report) as { severity: string }[])
        add(issue.severity, { critical: "error", major: "warning", info: "info" });
      return counts;
    case "sonarqube":
      for (const issue of (JSON.parse(report) as { issues: { severity: string }[] }).issues)
        add(issue.severity, { CRITICAL: "error", MAJOR: "warning", INFO: "info" });
      return counts;
    case "github":
      // Files that could not be read are annotated too, under the title "slimlint": they are not findings.
      for (const m of report.matchAll(/^::(error|warning|notice) (.*)$/gm))
        if (!/(^|,)title=slimlint::/.test(m[2] as string)) add(m[1], { error: "error", warning: "warning", notice: "info" });
      return counts;
    case "checkstyle":
      for (const m of report.matchAll(/<error [^>]*severity="(\w+)"[^>]*source="slimlint\.([^"]*)"/g))
        if (m[2] !== "input") add(m[1], { error: "error", warning: "warning", info: "info" });
      return counts;
    case "compact":
      for (const m of report.matchAll(/^.*?:\d+:\d+: (error|warning|info): /gm))
        add(m[1], { error: "error", warning: "warning", info: "info" });
      return counts;
    default:
      return undefined;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeCounts(c: Counts): string {
  return (
    `${plural(c.error + c.warning + c.info, "finding")} ` + `(${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${c.info} info)`
  );
}

function describeExit(code: number, failOn: string): string {
  if (code === 0) return failOn === "never" ? "exit code 0 (fail-on never)" : `exit code 0 (nothing at or above ${failOn})`;
  if (code === 1) return `exit code 1 (findings at or above ${failOn})`;
  return `exit code ${code} (a usage, config or I/O problem: see the messages above)`;
}

/** Identity of a file, to tell whether this run wrote the report (the CLI renames a new file into place). */
function fileStamp(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${s.ino}:${s.mtimeMs}:${s.size}` : undefined;
}

/** Step outputs: `name=value` lines appended to the file the runner names in GITHUB_OUTPUT. */
function setOutputs(lines: readonly string[]): void {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join("\n")}\n`);
}

async function run(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  let steps: Plan;
  try {
    steps = plan(fromEnv, workspace);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`slimlint: ${error.message}\n`);
    setOutputs(["exit-code=2"]);
    return 2;
  }
  for (const notice of steps.notices) process.stdout.write(`::notice title=slimlint::${notice}\n`);

  const reportPath = steps.output === undefined ? undefined : resolve(workspace, steps.output);
  const before = reportPath && fileStamp(reportPath);
  let printed = ""; // the report, when it goes to the log
  const code = await main(steps.argv, {
    stdout: (text) => {
      if (reportPath === undefined) printed += text;
      process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => new Uint8Array(),
    cwd: workspace,
    env: process.env,
    isTTY: false,
  });
  const after = reportPath && fileStamp(reportPath);
  const written = reportPath !== undefined && after !== undefined && after !== before;
  const report = written ? readFileSync(reportPath, "utf8") : reportPath === undefined ? printed : undefined;
  if (written && steps.echoReport) process.stdout.write(report as string);
  const counts = report === undefined ? undefined : countFindings(report, steps.format);

  const outputs = [
    ...(written ? [`report=${reportPath}`] : []),
    `exit-code=${code}`,
    ...(counts ? [`findings=${counts.error + counts.warning + counts.info}`] : []),
  ];
  setOutputs(outputs);

  const where = written
    ? `report written to ${steps.output}`
    : reportPath !== undefined
      ? "no report written"
      : steps.format === "github"
        ? "annotations printed above"
        : "report printed above";
  process.stdout.write(`slimlint: ${counts ? `${describeCounts(counts)}, ` : ""}${where}, ${describeExit(code, steps.failOn)}\n`);
  return code;
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
