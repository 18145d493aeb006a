// .slimlint.yaml / .yml / .json: found upward from each linted file (nearest wins), validated with the
// file, line and key named in every error. The yaml parser is loaded only when a config file exists.
import { existsSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MAX_SIDE_FILE_BYTES, readRegularFile } from "../files/read.js";
import { findRule } from "../engine/lint.js";
import type { Level, Rule } from "../engine/rule.js";
import { LABEL_TYPES, type LabelType } from "../model/types.js";

export const CONFIG_NAMES = [".slimlint.yaml", ".slimlint.yml", ".slimlint.json"] as const;
export const FAIL_ON = ["error", "warning", "info", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];
/** hadolint's failure-threshold values as fail-on levels: slimlint has no `style` level (info is its lowest). */
export const FAILURE_THRESHOLDS: Readonly<Record<string, FailOn>> = {
  error: "error",
  warning: "warning",
  info: "info",
  style: "info",
  ignore: "never",
  none: "never",
};
const LEVELS = ["error", "warning", "info", "off"];
const KEYS = ["rules", "failOn", "trustedRegistries", "ignore", "contexts", "allowInlineIgnores", "labelSchema", "strictLabels"];

export interface Config {
  readonly path: string;
  /** Directory the config's `ignore` patterns are relative to. */
  readonly dir: string;
  readonly rules: Readonly<Record<string, Level>>;
  readonly failOn: FailOn | undefined;
  readonly trustedRegistries: readonly string[] | undefined;
  readonly ignore: readonly string[];
  /** Build context per Dockerfile glob, both relative to the config file: `{"build/**": "."}`. */
  readonly contexts: ReadonlyArray<readonly [glob: string, context: string]>;
  /** `false`: suppression comments are not honoured (hadolint's disable-ignore-pragma). */
  readonly allowInlineIgnores: boolean;
  /** Labels the image must carry, each with a value type (DF025; hadolint's label-schema). */
  readonly labelSchema: Readonly<Record<string, LabelType>> | undefined;
  /** With labelSchema: labels it does not name are reported (hadolint's strict-labels). */
  readonly strictLabels: boolean;
}

export interface ConfigProblem {
  readonly detail: string;
  readonly line?: number | undefined;
}

/** A config that cannot be used: every problem found, each naming the line and key. Exit code 2. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(
    readonly file: string,
    problems: ConfigProblem | readonly ConfigProblem[],
  ) {
    const list = Array.isArray(problems) ? problems : [problems as ConfigProblem];
    super(list.map((p) => `${file}${p.line === undefined ? "" : `:${p.line}`}: ${p.detail}`).join("\n"));
    this.problems = list;
  }
}

/**
 * The nearest config file in `dir` or above it. When `dir` is reached through a symbolic link and nothing
 * is found on that path, the real path's parents are searched too (a Dockerfile linked into place still
 * gets its repository's config).
 */
export function findConfig(dir: string, cache = new Map<string, string | undefined>()): string | undefined {
  const found = findUpward(resolve(dir), cache);
  if (found !== undefined) return found;
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return undefined;
  }
  return real === resolve(dir) ? undefined : findUpward(real, cache);
}

function findUpward(start: string, cache: Map<string, string | undefined>): string | undefined {
  const seen: string[] = [];
  let found: string | undefined;
  for (let d = start; ; d = dirname(d)) {
    if (cache.has(d)) {
      found = cache.get(d);
      break;
    }
    seen.push(d);
    const name = CONFIG_NAMES.find((n) => existsSync(join(d, n)));
    if (name) {
      found = join(d, name);
      break;
    }
    if (dirname(d) === d) break;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}

export async function loadConfig(path: string, rules: readonly Rule[]): Promise<Config> {
  const read = readRegularFile(path, MAX_SIDE_FILE_BYTES);
  if (!read.ok) throw new ConfigError(path, { detail: read.message.startsWith("is ") ? read.message : `cannot be read (${read.message})` });
  // A byte order mark is not part of the text (editors on Windows write one into JSON files).
  const text = read.bytes.toString("utf8").replace(/^\uFEFF/, "");
  const yaml = await import("yaml");
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  // Aliases (`*name`) stand for their anchor's node; merge keys (`<<: *name`) add the anchor's entries to a map.
  const deref = (node: unknown): unknown => (yaml.isAlias(node) ? node.resolve(doc) : node);
  type Entry = { key: unknown; value: unknown };
  const entriesOf = (map: { items: Entry[] }): Entry[] =>
    map.items.flatMap((pair) => {
      if (!(yaml.isScalar(pair.key) && typeof pair.key.value === "symbol")) return [{ key: pair.key, value: deref(pair.value) }];
      const sources = deref(pair.value);
      const maps = yaml.isSeq(sources) ? sources.items.map(deref) : [sources];
      return maps.flatMap((m) => (yaml.isMap(m) ? entriesOf(m as { items: Entry[] }) : []));
    });
  const lineOf = (node: { range?: readonly number[] | null | undefined } | null | undefined) =>
    lineCounter.linePos(node?.range?.[0] ?? 0).line;
  // Every problem is collected, so one run shows them all.
  const problems: ConfigProblem[] = [];
  const problem = (node: Parameters<typeof lineOf>[0], detail: string) => void problems.push({ detail, line: lineOf(node) });
  if (path.endsWith(".json")) {
    // YAML accepts more than JSON (trailing commas, comments): hold a .json file to JSON.
    try {
      JSON.parse(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      const line = at ? lineCounter.linePos(Number(at[1])).line : 1;
      throw new ConfigError(path, {
        detail: `not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}`,
        line,
      });
    }
  }
  if (doc.errors.length > 0) {
    throw new ConfigError(
      path,
      doc.errors.map((e) => ({
        detail: `not valid YAML: ${e.message.split("\n")[0]}`,
        line: lineCounter.linePos(e.pos[1] > e.pos[0] ? e.pos[0] : 0).line,
      })),
    );
  }

  const config = {
    path,
    dir: dirname(path),
    rules: {} as Record<string, Level>,
    failOn: undefined as FailOn | undefined,
    trustedRegistries: undefined as string[] | undefined,
    ignore: [] as string[],
    contexts: [] as [string, string][],
    allowInlineIgnores: true,
    labelSchema: undefined as Record<string, LabelType> | undefined,
    strictLabels: false,
  };
  const root = deref(doc.contents) as typeof doc.contents;
  if (root === null || (yaml.isScalar(root) && (root.value === null || root.value === ""))) return config;
  if (!yaml.isMap(root))
    throw new ConfigError(path, { detail: `the configuration must be a mapping of keys (${KEYS.join(", ")})`, line: lineOf(root) });
  for (const pair of entriesOf(root as { items: Entry[] })) {
    const keyNode = pair.key as Parameters<typeof lineOf>[0] & { value?: unknown };
    const key = String(yaml.isScalar(pair.key) ? pair.key.value : pair.key);
    const value = pair.value as unknown;
    if (!KEYS.includes(key)) {
      problem(keyNode, `unknown key "${key}" (expected one of ${KEYS.join(", ")})`);
      continue;
    }
    // `rules:` with every entry commented out is an empty value, not an error.
    if (value === null || (yaml.isScalar(value) && value.value === null)) continue;
    if (key === "rules") {
      if (!yaml.isMap(value)) {
        problem(keyNode, `"rules" must map rule ids or names to a level (${LEVELS.join(", ")})`);
        continue;
      }
      for (const item of entriesOf(value as { items: Entry[] })) {
        const id = String(yaml.isScalar(item.key) ? item.key.value : item.key);
        const level = yaml.isScalar(item.value) ? String(item.value.value) : undefined;
        const itemNode = item.key as Parameters<typeof lineOf>[0];
        if (!findRule(rules, id)) problem(itemNode, `unknown rule "${id}" in rules (see \`slimlint rules\`)`);
        else if (level === undefined || !LEVELS.includes(level))
          problem(itemNode, `bad level "${level ?? ""}" for rules.${id} (expected ${LEVELS.join(", ")})`);
        else config.rules[id] = level as Level;
      }
    } else if (key === "contexts") {
      if (!yaml.isMap(value)) {
        problem(keyNode, `"contexts" must map Dockerfile globs to build context directories, e.g. "build/**": "."`);
        continue;
      }
      for (const item of entriesOf(value as { items: Entry[] })) {
        const glob = yaml.isScalar(item.key) ? item.key.value : undefined;
        const dir = yaml.isScalar(item.value) ? item.value.value : undefined;
        if (typeof glob !== "string" || typeof dir !== "string")
          problem(item.key as Parameters<typeof lineOf>[0], `contexts: each entry maps a glob to a directory, both strings`);
        else config.contexts.push([glob, dir]);
      }
    } else if (key === "labelSchema") {
      if (!yaml.isMap(value)) {
        problem(keyNode, `"labelSchema" must map label keys to a type (${LABEL_TYPES.join(", ")})`);
        continue;
      }
      const schema: Record<string, LabelType> = {};
      for (const item of entriesOf(value as { items: Entry[] })) {
        const label = yaml.isScalar(item.key) ? item.key.value : undefined;
        const type = yaml.isScalar(item.value) ? item.value.value : undefined;
        const itemNode = item.key as Parameters<typeof lineOf>[0];
        if (typeof label !== "string" || label === "") problem(itemNode, `labelSchema: each entry maps a label key (a string) to a type`);
        else if (typeof type !== "string" || !(LABEL_TYPES as readonly string[]).includes(type))
          problem(itemNode, `bad type "${String(type ?? "")}" for labelSchema.${label} (expected ${LABEL_TYPES.join(", ")})`);
        else schema[label] = type as LabelType;
      }
      config.labelSchema = schema;
    } else if (key === "strictLabels") {
      const strict = yaml.isScalar(value) ? value.value : undefined;
      if (typeof strict !== "boolean") problem(keyNode, `"strictLabels" must be true or false`);
      else config.strictLabels = strict;
    } else if (key === "allowInlineIgnores") {
      const allowed = yaml.isScalar(value) ? value.value : undefined;
      if (typeof allowed !== "boolean") problem(keyNode, `"allowInlineIgnores" must be true or false`);
      else config.allowInlineIgnores = allowed;
    } else if (key === "failOn") {
      const level = yaml.isScalar(value) ? String(value.value) : undefined;
      if (level === undefined || !(FAIL_ON as readonly string[]).includes(level))
        problem(keyNode, `bad value "${level ?? ""}" for failOn (expected ${FAIL_ON.join(", ")})`);
      else config.failOn = level as FailOn;
    } else {
      const list = yaml.isSeq(value)
        ? value.items.map(deref).map((i) => (yaml.isScalar(i) && typeof i.value === "string" ? i.value : undefined))
        : undefined;
      if (!list || list.includes(undefined)) problem(keyNode, `"${key}" must be a list of strings`);
      else if (key === "ignore") config.ignore = list as string[];
      else config.trustedRegistries = list as string[];
    }
  }
  if (problems.length > 0) throw new ConfigError(path, problems);
  return config;
}

/** A commented starter configuration for `slimlint init`. */
export const STARTER_CONFIG = `# yaml-language-server: $schema=./node_modules/slimlint/schema/slimlint-config.schema.json
# slimlint configuration. Every key is optional; remove what you do not need.

# Per-rule level: error, warning, info or off (rule id or name; see \`slimlint rules\`).
rules:
  # GO007: off
  # IM003: warning

# Lowest severity that makes slimlint exit 1: error, warning (default), info or never.
failOn: warning

# Registries FROM and COPY --from images may come from (IM005); unset means any.
# trustedRegistries: [docker.io, gcr.io, cgr.dev]

# Labels the image must carry, with their value type: url, rfc3339, spdx, hash, semver, email or text (DF025).
# labelSchema:
#   org.opencontainers.image.source: url
#   org.opencontainers.image.licenses: spdx
# strictLabels: false   # true: labels the schema does not name are reported

# Paths (globs, relative to this file) that are not linted.
ignore:
  # - "testdata/**"
`;
