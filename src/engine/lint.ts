import { buildModel, type Model } from "../model/build.js";
import { UNKNOWN_CONTEXT, type BuildContext, type LabelType } from "../model/types.js";
import { parseDockerfile } from "../parse/dockerfile.js";
import type { Position, Span } from "../text/source.js";
import { applySuppressions, SUPPRESSION_RULE } from "./suppressions.js";
import type { ShellCheckRunner, ShellCheckScript } from "../shellcheck/runner.js";
import { compareText, isCode, type Fix, type Level, type Rule, type Severity } from "./rule.js";

export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly start: Position;
  /** Exclusive end. */
  readonly end: Position;
  readonly fix: Fix | undefined;
  readonly docsUrl: string;
  /** For a rule that reports several problems: which one (its `problems` key). */
  readonly problem?: string | undefined;
}

export interface LintOptions {
  /** What is known of the build context; unknown by default. */
  readonly context?: BuildContext | undefined;
  /** Level per rule id or name; rules not named keep their default severity. */
  readonly rules?: Readonly<Record<string, Level>> | undefined;
  /** Registries images may come from (config `trustedRegistries`); undefined means any. */
  readonly trustedRegistries?: readonly string[] | undefined;
  /** Labels the image must carry and their value types (config `labelSchema`); undefined means no schema. */
  readonly labelSchema?: Readonly<Record<string, LabelType>> | undefined;
  /** With `labelSchema`: labels the schema does not name are reported (config `strictLabels`). */
  readonly strictLabels?: boolean | undefined;
  /** The file's path, relative or absolute: its name can say the image is for development (`.devcontainer/`, `Dockerfile.dev`). */
  readonly path?: string | undefined;
  /** Honour `# slimlint ignore=…` / `# hadolint ignore=…` comments (default true; hadolint's --disable-ignore-pragma turns them off). */
  readonly inlineIgnores?: boolean | undefined;
  /**
   * Runs ShellCheck for the SC rule (`createShellCheckRunner()` from src/shellcheck/runner.ts). Without
   * one, lint does no I/O and the SC rule does not run.
   */
  readonly shellcheck?: ShellCheckRunner | undefined;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly model: Model;
  /** Rules that failed with an exception: their findings are missing. */
  readonly ruleErrors: readonly { readonly ruleId: string; readonly message: string }[];
}

export class UsageError extends Error {}

/** Effective severity of every enabled rule. Throws UsageError for an unknown rule or level. */
export function ruleLevels(rules: readonly Rule[], overrides: Readonly<Record<string, Level>> = {}): Map<Rule, Severity> {
  const levels = new Map<Rule, Severity>(rules.filter((r) => !r.optIn).map((r) => [r, r.severity]));
  for (const [key, level] of Object.entries(overrides)) {
    const rule = findRule(rules, key);
    if (!rule) throw new UsageError(`unknown rule "${key}" (see \`slimlint rules\`)`);
    if (!["error", "warning", "info", "off"].includes(level))
      throw new UsageError(`bad level "${level}" for ${key}: use error, warning, info or off`);
    if (isCode(rule, key)) continue; // SC2086=off: a level for one code, see codeLevels
    if (level === "off") levels.delete(rule);
    else levels.set(rule, level);
  }
  return levels;
}

export function findRule(rules: readonly Rule[], idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return rules.find((r) => r.id.toLowerCase() === key.toLowerCase() || r.name === key.toLowerCase()) ?? rules.find((r) => isCode(r, key));
}

/** Levels the options give to single codes of code-family rules (`SC2086: off`), by upper-case code. */
export function codeLevels(rules: readonly Rule[], overrides: Readonly<Record<string, Level>> = {}): Map<string, Level> {
  const out = new Map<string, Level>();
  for (const [key, level] of Object.entries(overrides)) if (rules.some((r) => isCode(r, key))) out.set(key.trim().toUpperCase(), level);
  return out;
}

interface Levels {
  readonly levels: ReadonlyMap<Rule, Severity>;
  /** Rules the options name: their level wins over a severity a rule picks per finding. */
  readonly userSet: ReadonlySet<Rule | undefined>;
  readonly enabled: ReadonlySet<string>;
  readonly codeLevels: ReadonlyMap<string, Level>;
}

// A run over many files lints each with the same rules and levels: work the levels out once per set of
// overrides (keyed by their content, so an options object changed between calls is seen).
const levelsCache = new WeakMap<readonly Rule[], Map<string, Levels>>();

function levelsFor(rules: readonly Rule[], overrides: Readonly<Record<string, Level>> | undefined): Levels {
  const key = overrides === undefined ? "" : JSON.stringify(Object.entries(overrides));
  let byOverrides = levelsCache.get(rules);
  if (!byOverrides) {
    byOverrides = new Map();
    levelsCache.set(rules, byOverrides);
  }
  let found = byOverrides.get(key);
  if (!found) {
    const levels = ruleLevels(rules, overrides);
    const userSet = new Set(
      Object.keys(overrides ?? {}).flatMap((id) => {
        const rule = findRule(rules, id);
        return rule && isCode(rule, id) ? [] : [rule];
      }),
    );
    found = { levels, userSet, enabled: new Set([...levels.keys()].map((r) => r.id)), codeLevels: codeLevels(rules, overrides) };
    byOverrides.set(key, found);
  }
  return found;
}

/**
 * Parses, models and checks one Dockerfile. Pure: no I/O, never throws for any input text. `built` is this
 * text's model under these options when the caller has it already (prefetchShellCheck builds one per file).
 */
export function lintWith(rules: readonly Rule[], text: string, options: LintOptions = {}, built?: Model): LintResult {
  const { levels, userSet, enabled, codeLevels } = levelsFor(rules, options.rules);
  const shellcheck = options.shellcheck;
  const model = built ?? modelOf(text, options);
  const findings: Finding[] = [];
  // The peer ids a finding stands for, when a rule narrows them (suppressions only; not part of the finding).
  const peers = new Map<Finding, readonly string[]>();
  const ruleErrors: { ruleId: string; message: string }[] = [];
  for (const [rule, level] of levels) {
    if (rule.requires === "shellcheck" && !shellcheck) continue;
    try {
      rule.check(model, {
        level,
        codeLevels,
        shellcheck,
        report: ({ at, message, fix, severity, code, peers: only, problem }) => {
          if (rule.problems ? problem === undefined || !Object.hasOwn(rule.problems, problem) : problem !== undefined) {
            throw new Error(
              `${rule.id} reported ${problem === undefined ? "no problem key" : `the problem key "${problem}"`}; ` +
                `its problems are ${rule.problems ? Object.keys(rule.problems).join(", ") : "not declared"}`,
            );
          }
          const codeLevel = code === undefined ? undefined : codeLevels.get(code);
          if (codeLevel === "off") return;
          const finding: Finding = {
            ruleId: code ?? rule.id,
            ruleName: rule.name,
            severity: codeLevel ?? (severity !== undefined && !userSet.has(rule) ? severity : level),
            message,
            span: at,
            start: model.source.position(at.start),
            end: model.source.position(at.end),
            fix,
            docsUrl: code !== undefined && rule.codes ? rule.codes.docsUrl(code) : rule.docsUrl,
            ...(problem === undefined ? {} : { problem }),
          };
          findings.push(finding);
          if (only) peers.set(finding, only);
        },
      });
    } catch (error) {
      ruleErrors.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const { kept, problems } =
    options.inlineIgnores === false
      ? { kept: findings, problems: [] }
      : applySuppressions(
          model,
          findings,
          rules,
          {
            // A rule that needs ShellCheck ran only when the runner found the binary (looked up only if asked).
            has: (id) => enabled.has(id) && !rules.some((r) => r.id === id && r.requires === "shellcheck" && !shellcheck?.binary()),
          },
          (f) => peers.get(f),
        );
  for (const problem of problems) {
    kept.push({
      ruleId: SUPPRESSION_RULE.id,
      ruleName: SUPPRESSION_RULE.name,
      severity: SUPPRESSION_RULE.severity,
      message: problem.message,
      span: problem.span,
      start: model.source.position(problem.span.start),
      end: model.source.position(problem.span.end),
      fix: undefined,
      docsUrl: SUPPRESSION_RULE.docsUrl,
    });
  }
  kept.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compareText(a.ruleId, b.ruleId));
  return { findings: kept, model, ruleErrors };
}

function modelOf(text: string, options: LintOptions): Model {
  const labelPolicy = options.labelSchema ? { schema: options.labelSchema, strict: options.strictLabels === true } : undefined;
  return buildModel(parseDockerfile(text), options.context ?? UNKNOWN_CONTEXT, options.trustedRegistries, options.path, labelPolicy);
}

/**
 * Files longer than this are left to their own lint: there a process costs little next to the lint, and
 * collecting their scripts would build a second model of a large file (its memory not yet collected when
 * the lint builds the first).
 */
const PREFETCH_MAX_CHARS = 256 * 1024;

/** The models prefetchShellCheck keeps for the files' lints, at most this much text of a batch's files. */
const KEPT_MODELS_CHARS = 512 * 1024;

export interface Prefetched {
  /** Each file's model, in order, for its lint to reuse; undefined where it was not kept (lintWith builds it). */
  readonly models: readonly (Model | undefined)[];
  /** Settles when ShellCheck is done. */
  readonly checked: Promise<void>;
}

/**
 * Checks the RUN scripts of several files with one ShellCheck process before they are linted (a directory
 * run): their lints then find the results ready instead of starting a process each. The scripts are those
 * the rules needing ShellCheck send (collected by running only those rules, on the model each file's lint
 * gets back to reuse); nothing is reported here. The collecting is done when this returns.
 */
export function prefetchShellCheck(rules: readonly Rule[], files: readonly { text: string; options: LintOptions }[]): Prefetched {
  const needing = rules.filter((rule) => rule.requires === "shellcheck");
  const models: (Model | undefined)[] = [];
  // One file has no process to share: its lint starts the same one.
  if (files.length < 2) return { models, checked: Promise.resolve() };
  const byRunner = new Map<ShellCheckRunner, ShellCheckScript[]>();
  let keptChars = 0;
  for (const [i, { text, options }] of files.entries()) {
    const runner = options.shellcheck;
    if (needing.length === 0 || text.length > PREFETCH_MAX_CHARS || !runner?.prefetch || !runner.binary()) continue;
    const scripts = byRunner.get(runner) ?? [];
    byRunner.set(runner, scripts);
    const collector: ShellCheckRunner = {
      binary: () => runner.binary(),
      check: (batch) => {
        scripts.push(...batch);
        return batch.map(() => []);
      },
    };
    // Every other rule off; the levels given for these rules (and ShellCheck's codes) kept.
    const levels: Record<string, Level> = {};
    for (const [key, level] of Object.entries(options.rules ?? {})) {
      const rule = findRule(rules, key);
      if (rule === undefined || needing.includes(rule)) levels[key] = level;
    }
    for (const rule of rules) if (!needing.includes(rule)) levels[rule.id] = "off";
    try {
      // The model depends on the text and on options other than the levels and the runner, so the file's lint
      // can take it: the facts computed on it when asked do not depend on which rules asked.
      const { model } = lintWith(rules, text, { ...options, rules: levels, shellcheck: collector, inlineIgnores: false });
      keptChars += text.length;
      if (keptChars <= KEPT_MODELS_CHARS) models[i] = model;
    } catch {
      // The file's own lint meets the same problem and reports it; its scripts are checked then.
    }
  }
  const checked = Promise.all([...byRunner].map(([runner, scripts]) => runner.prefetch?.(scripts))).then(() => undefined);
  return { models, checked };
}
