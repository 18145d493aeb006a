// `slimlint init --from-hadolint`: a hadolint configuration (.hadolint.yaml) as the equivalent .slimlint.yaml.
// hadolint ids map to the slimlint rules that name them in their `equivalents`; one rule can stand for several
// ids (DF022 for DL3008, DL3018, …), so an id list becomes rule levels by the choices written into the file.
import type { Level, Rule } from "../engine/rule.js";
import { FAILURE_THRESHOLDS } from "./config.js";

/** hadolint's project configuration files, in the order hadolint looks in the current directory. */
export const HADOLINT_CONFIG_NAMES = [".hadolint.yaml", ".hadolint.yml"] as const;

/** A hadolint configuration slimlint cannot read: the message names the key. */
export class HadolintConfigError extends Error {}

const HADOLINT_LEVELS = { error: "error", warning: "warning", info: "info", style: "info" } as const;
type HadolintLevel = keyof typeof HADOLINT_LEVELS;
/** hadolint keys with no slimlint counterpart: they are named in the output, not carried over. */
const DISPLAY_ONLY = ["format", "no-color", "verbose"];
const KNOWN = [
  "ignored",
  "override",
  "trustedRegistries",
  "failure-threshold",
  "label-schema",
  "strict-labels",
  "no-fail",
  "disable-ignore-pragma",
  ...DISPLAY_ONLY,
];

interface HadolintConfig {
  readonly ignored: readonly string[];
  readonly override: ReadonlyArray<readonly [HadolintLevel, readonly string[]]>;
  readonly trustedRegistries: readonly string[] | undefined;
  readonly failureThreshold: string | undefined;
  readonly labelSchema: ReadonlyArray<readonly [string, string]> | undefined;
  readonly strictLabels: boolean | undefined;
  readonly noFail: boolean | undefined;
  readonly disableIgnorePragma: boolean | undefined;
  readonly notCarried: readonly string[];
}

/** Reads hadolint's YAML (already parsed to plain data); throws HadolintConfigError naming the bad key. */
function readHadolintConfig(data: unknown): HadolintConfig {
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new HadolintConfigError("the configuration must be a mapping of keys (ignored, override, trustedRegistries, …)");
  const map = data as Record<string, unknown>;
  const strings = (key: string, value: unknown): string[] => {
    if (value === null || value === undefined) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    throw new HadolintConfigError(`"${key}" must be a list of strings`);
  };
  const bool = (key: string): boolean | undefined => {
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw new HadolintConfigError(`"${key}" must be true or false`);
    return value;
  };
  const override: [HadolintLevel, string[]][] = [];
  if (map.override !== undefined && map.override !== null) {
    if (typeof map.override !== "object" || Array.isArray(map.override))
      throw new HadolintConfigError(`"override" must map error, warning, info or style to lists of rule codes`);
    for (const [level, codes] of Object.entries(map.override as Record<string, unknown>)) {
      if (!(level in HADOLINT_LEVELS))
        throw new HadolintConfigError(`"override.${level}" is not a hadolint level (error, warning, info, style)`);
      override.push([level as HadolintLevel, strings(`override.${level}`, codes)]);
    }
  }
  let failureThreshold: string | undefined;
  if (map["failure-threshold"] !== undefined && map["failure-threshold"] !== null) {
    failureThreshold = String(map["failure-threshold"]);
    if (!(failureThreshold in FAILURE_THRESHOLDS))
      throw new HadolintConfigError(
        `"failure-threshold: ${failureThreshold}" is not a hadolint threshold (${Object.keys(FAILURE_THRESHOLDS).join(", ")})`,
      );
  }
  let labelSchema: [string, string][] | undefined;
  if (map["label-schema"] !== undefined && map["label-schema"] !== null) {
    const schema = map["label-schema"];
    if (typeof schema !== "object" || Array.isArray(schema))
      throw new HadolintConfigError(`"label-schema" must map label names to types (text, url, email, rfc3339, hash, semver, spdx)`);
    labelSchema = Object.entries(schema as Record<string, unknown>).map(([label, type]) => [label, String(type)]);
  }
  return {
    ignored: strings("ignored", map.ignored),
    override,
    trustedRegistries:
      map.trustedRegistries === undefined || map.trustedRegistries === null
        ? undefined
        : strings("trustedRegistries", map.trustedRegistries),
    failureThreshold,
    labelSchema,
    strictLabels: bool("strict-labels"),
    noFail: bool("no-fail"),
    disableIgnorePragma: bool("disable-ignore-pragma"),
    notCarried: Object.keys(map).filter((k) => !KNOWN.includes(k) || DISPLAY_ONLY.includes(k)),
  };
}

const SEVERITY_ORDER: readonly Level[] = ["off", "info", "warning", "error"];
const isHadolintId = (id: string) => /^(DL|SC)\d+$/.test(id);
const yamlKey = (s: string) => (/^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s));
const list = (ids: readonly string[]) => ids.join(", ");

/**
 * The .slimlint.yaml text equivalent to a hadolint configuration (`data`: its parsed YAML; `source`: its name,
 * for the header). Decisions, each also written into the file as a comment:
 * - a rule is switched off when every hadolint id it names is ignored; when only some are, it stays on (its
 *   other ids are still wanted) and the comment says how to silence it;
 * - a rule at `error` reports only certain build failures, so ignoring its ids leaves it on, commented;
 * - an override sets the rule's level; several levels for one rule's ids: the most severe wins;
 * - rules slimlint ships off whose ids hadolint reported are listed, commented, to opt in.
 */
export function convertHadolintConfig(data: unknown, source: string, rules: readonly Rule[]): string {
  const config = readHadolintConfig(data);
  const rulesFor = (id: string) => rules.filter((r) => r.equivalents.includes(id));
  const dlIds = (rule: Rule) => rule.equivalents.filter(isHadolintId);
  const ignored = new Set(config.ignored);
  const lines: string[] = [];
  const ruleLines: string[] = [];
  const notes: string[] = [];
  const uncovered = new Set<string>();
  const shellcheck: string[] = [];

  const decided = new Set<Rule>();
  // Ignored ids.
  for (const rule of rules) {
    const own = dlIds(rule);
    const gone = own.filter((id) => ignored.has(id));
    if (gone.length === 0) continue;
    decided.add(rule);
    if (gone.length < own.length) {
      ruleLines.push(
        `  # ${rule.id}: off   # hadolint ignored ${list(gone)}; ${rule.id} also ` +
          `reports ${list(own.filter((id) => !ignored.has(id)))}, so it stays on (switch it off here, ` +
          `or use \`# slimlint ignore=${rule.id}\` where needed)`,
      );
    } else if (rule.severity === "error") {
      ruleLines.push(
        `  # ${rule.id}: off   # hadolint ignored ${list(gone)}; ${rule.id} reports only certain build failures, so it stays on`,
      );
    } else if (rule.optIn) {
      ruleLines.push(`  # ${rule.id} (${list(gone)} ignored in hadolint) ships off in slimlint: nothing to write`);
    } else {
      ruleLines.push(`  ${rule.id}: off   # hadolint ignored ${list(gone)}`);
    }
  }
  // Overridden levels (hadolint applies `ignored` first: an ignored id is not reported at any level).
  const levels = new Map<Rule, { level: Level; ids: string[] }>();
  for (const [hadolintLevel, ids] of config.override) {
    for (const id of ids) {
      if (ignored.has(id)) continue;
      for (const rule of rulesFor(id)) {
        const level = HADOLINT_LEVELS[hadolintLevel];
        const now = levels.get(rule);
        if (!now) levels.set(rule, { level, ids: [id] });
        else {
          now.ids.push(id);
          if (SEVERITY_ORDER.indexOf(level) > SEVERITY_ORDER.indexOf(now.level)) now.level = level;
        }
      }
    }
  }
  for (const [rule, { level, ids }] of levels) {
    if (decided.has(rule) && dlIds(rule).every((id) => ignored.has(id)) && rule.severity !== "error") continue;
    decided.add(rule);
    const all = dlIds(rule);
    const partial = all.length > ids.length ? `; it also stands for ${list(all.filter((id) => !ids.includes(id)))}` : "";
    ruleLines.push(`  ${rule.id}: ${level}   # hadolint override for ${list(ids)}${partial}`);
  }
  // Opt-in rules hadolint reported by default.
  for (const rule of rules) {
    if (!rule.optIn || decided.has(rule)) continue;
    const own = dlIds(rule);
    if (own.length === 0) continue;
    ruleLines.push(
      `  # ${rule.id}: ${rule.severity}   # hadolint reports ${list(own)}; slimlint ships ${rule.name} off: uncomment to keep it`,
    );
  }
  for (const id of [...config.ignored, ...config.override.flatMap(([, ids]) => ids)]) {
    if (rulesFor(id).length > 0) continue;
    if (/^SC\d+$/.test(id)) shellcheck.push(id);
    else uncovered.add(id);
  }

  lines.push(
    "# yaml-language-server: $schema=./node_modules/slimlint/schema/slimlint-config.schema.json",
    `# slimlint configuration converted from ${source} by \`slimlint init --from-hadolint\`.`,
    "# Each hadolint id maps to the slimlint rule that names it as an equivalent (`slimlint explain DL3008`);",
    "# docs/hadolint-migration.md has the whole table. `# hadolint ignore=` comments keep working.",
    "",
  );
  if (uncovered.size > 0)
    notes.push(`# No slimlint rule reports ${list([...uncovered].sort())}: nothing to configure (docs/hadolint-migration.md says why).`);
  if (shellcheck.length > 0)
    notes.push(
      `# ShellCheck ids ${list([...new Set(shellcheck)].sort())}: not configured here; \`# hadolint ignore=\` comments ` +
        `naming them keep working.`,
    );
  lines.push(...notes, ...(notes.length > 0 ? [""] : []));
  lines.push("# Per-rule level: error, warning, info or off.", ruleLines.length > 0 ? "rules:" : "rules: {}", ...ruleLines, "");

  if (config.noFail) lines.push("# no-fail: true", "failOn: never", "");
  else if (config.failureThreshold !== undefined)
    lines.push(
      `# failure-threshold: ${config.failureThreshold}${config.failureThreshold === "style" ? " (slimlint's lowest level is info)" : ""}`,
      `failOn: ${FAILURE_THRESHOLDS[config.failureThreshold]}`,
      "",
    );

  if (config.trustedRegistries !== undefined) {
    // hadolint matches `*.gcr.io` as a pattern; slimlint compares registries exactly.
    const patterns = config.trustedRegistries.filter((r) => r.includes("*"));
    const exact = config.trustedRegistries.filter((r) => !r.includes("*"));
    if (patterns.length > 0) lines.push(`# slimlint compares registries exactly: list the registries ${list(patterns)} stood for.`);
    if (exact.length > 0 || patterns.length === 0) lines.push(`trustedRegistries: [${exact.map(yamlKey).join(", ")}]`);
    else lines.push(`# trustedRegistries: []`);
    lines.push("");
  }
  if (config.labelSchema !== undefined) {
    lines.push(
      "# Labels every image must carry, and their types (DF025).",
      config.labelSchema.length > 0 ? "labelSchema:" : "labelSchema: {}",
      ...config.labelSchema.map(([label, type]) => `  ${yamlKey(label)}: ${yamlKey(type)}`),
      "",
    );
  }
  if (config.strictLabels !== undefined) lines.push(`strictLabels: ${config.strictLabels}`, "");
  if (config.disableIgnorePragma) lines.push("# disable-ignore-pragma: true", "allowInlineIgnores: false", "");
  if (config.notCarried.length > 0)
    lines.push(`# Not carried over: ${list(config.notCarried)} (command-line options in slimlint, e.g. --format).`, "");
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
