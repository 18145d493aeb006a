// The options a Dockerfile is linted with, worked out in one place for the CLI (and the GitHub Action, which
// runs it), the language server and the tests: its config (the one given, else the nearest `.slimlint.yaml`
// upward), rule levels, trusted registries, label schema, suppression comments, and its build context.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ConfigError, findConfig, loadConfig, type Config, type FailOn } from "../config/config.js";
import type { LintOptions } from "../engine/lint.js";
import type { Level, Rule } from "../engine/rule.js";
import type { BuildContext } from "../model/types.js";
import { parseDockerfile } from "../parse/dockerfile.js";
import type { ShellCheckRunner } from "../shellcheck/runner.js";
import { readContext, type ContextProblem } from "./context.js";

/** What the user said for every file: command-line flags, or the editor's and the Action's equivalents. */
export interface ResolverSettings {
  /** Relative `config` and `context` paths start here. */
  readonly cwd: string;
  /** One config file for every Dockerfile (`--config`); false for none (`--no-config`); else the nearest one upward. */
  readonly config?: string | false | undefined;
  /** The build context of every Dockerfile (`--context`). */
  readonly context?: string | undefined;
  /** Rule levels that win over the config's (`--rule ID=level`). */
  readonly ruleLevels?: Readonly<Record<string, Level>> | undefined;
  /** Registries trusted besides the config's (`--trusted-registry`). */
  readonly trustedRegistries?: readonly string[] | undefined;
  /** false: suppression comments are not honoured, whatever the config says (`--disable-ignore-pragma`). */
  readonly inlineIgnores?: boolean | undefined;
  /** The exit-code threshold that wins over the config's `failOn`. */
  readonly failOn?: FailOn | undefined;
  /** Standard input was given a file name (`--stdin-filename`): its build context is that file's. */
  readonly stdinNamed?: boolean | undefined;
  readonly shellcheck?: ShellCheckRunner | undefined;
  /** A side file of the build context exists but cannot be used (a FIFO, too large). */
  readonly onContextProblem?: ContextProblem | undefined;
  /** Says which build context a file got and why (`--verbose`). */
  readonly explainContext?: ((file: string, dir: string, why: string) => void) | undefined;
}

export type ConfigLookup =
  | { readonly ok: true; readonly config: Config | undefined }
  | { readonly ok: false; readonly error: ConfigError; readonly firstTime: boolean };

/** A file's settings before its text is read. */
export interface FileSettings {
  readonly config: Config | undefined;
  /** The config's `ignore` globs match the file: it is not linted. */
  readonly ignored: boolean;
  readonly failOn: FailOn;
  /** The lint options but the build context, which needs the file's text. */
  readonly options: LintOptions;
}

/** Where a file is: its absolute path, the path reports show, and whether its text comes from standard input. */
export interface FileRef {
  readonly path: string;
  readonly display?: string | undefined;
  readonly stdin?: boolean | undefined;
}

/** Resolves each file's options; configs, globs and build contexts are read once per run and shared by the files. */
export class OptionsResolver {
  private readonly configs: ConfigSource;
  private readonly contexts: ContextSource;

  constructor(
    rules: readonly Rule[],
    private readonly settings: ResolverSettings,
  ) {
    const configOption = settings.config;
    this.configs = new ConfigSource(rules, typeof configOption === "string" ? resolve(settings.cwd, configOption) : configOption);
    this.contexts = new ContextSource(settings);
  }

  /** Loads the explicit config file, if there is one: its ConfigError is the caller's to report before anything is linted. */
  async explicitConfig(): Promise<void> {
    await this.configs.explicit();
  }

  /** The file's config; a broken one says whether this is the first file it governs (report it once). */
  config(file: string): Promise<ConfigLookup> {
    return this.configs.for(file);
  }

  /** A file's settings under its config (found with `config`). */
  async fileSettings(file: FileRef, config: Config | undefined): Promise<FileSettings> {
    const s = this.settings;
    const extra = s.trustedRegistries ?? [];
    return {
      config,
      ignored: config !== undefined && !file.stdin && (await this.configs.ignores(config, file.path)),
      failOn: s.failOn ?? config?.failOn ?? "warning",
      options: {
        rules: { ...config?.rules, ...s.ruleLevels },
        trustedRegistries: extra.length === 0 ? config?.trustedRegistries : [...(config?.trustedRegistries ?? []), ...extra],
        labelSchema: config?.labelSchema,
        strictLabels: config?.strictLabels,
        path: file.display ?? file.path,
        inlineIgnores: s.inlineIgnores !== false && config?.allowInlineIgnores !== false,
        shellcheck: s.shellcheck,
      },
    };
  }

  /** The build context of a file with this text and config. */
  context(file: FileRef, text: string, config: Config | undefined): Promise<BuildContext> {
    return this.contexts.for(file, text, config);
  }

  /**
   * Both steps at once, for a file whose text is in hand (an editor's buffer, a test's fixture). A config
   * that cannot be used is returned as `configError`, and the options are those without a config.
   */
  async optionsFor(
    file: FileRef,
    text: string,
  ): Promise<{ readonly options: LintOptions; readonly ignored: boolean; readonly configError?: ConfigError }> {
    const found = await this.config(file.path);
    const config = found.ok ? found.config : undefined;
    const settings = await this.fileSettings(file, config);
    const options = { ...settings.options, context: await this.context(file, text, config) };
    return found.ok ? { options, ignored: settings.ignored } : { options, ignored: false, configError: found.error };
  }
}

/** Config per linted file: the given one for all, none when false, else the nearest one upward. */
class ConfigSource {
  private readonly loaded = new Map<string, Promise<Config>>();
  private readonly lookups = new Map<string, string | undefined>();
  private readonly reported = new Set<string>();
  private readonly matchers = new Map<Config, (path: string) => boolean>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly option: string | false | undefined,
  ) {}

  async explicit(): Promise<void> {
    if (typeof this.option === "string") await this.load(this.option);
  }

  async for(file: string): Promise<ConfigLookup> {
    if (this.option === false) return { ok: true, config: undefined };
    const path = this.option ?? findConfig(dirname(file), this.lookups);
    if (path === undefined) return { ok: true, config: undefined };
    try {
      return { ok: true, config: await this.load(path) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const firstTime = !this.reported.has(path);
      this.reported.add(path);
      return { ok: false, error, firstTime };
    }
  }

  private load(path: string): Promise<Config> {
    let config = this.loaded.get(path);
    if (!config) {
      config = loadConfig(path, this.rules);
      this.loaded.set(path, config);
    }
    return config;
  }

  /** Whether the config's `ignore` globs match the file; each config's globs are compiled once. */
  async ignores(config: Config, file: string): Promise<boolean> {
    if (config.ignore.length === 0) return false;
    const rel = pathInConfig(config, file);
    if (rel === undefined) return false;
    let matches = this.matchers.get(config);
    if (!matches) {
      matches = await compileGlob(config.ignore as string[]);
      this.matchers.set(config, matches);
    }
    return matches(rel);
  }
}

/**
 * The build context of each Dockerfile, in this order: the given context; the config's `contexts` glob that
 * matches the file; the Dockerfile's directory when it holds go.mod; else, when the Dockerfile copies
 * go.mod or the whole context (so it cannot be built from a directory without go.mod), the nearest
 * directory above with go.mod, not above the repository root. Each directory's files are read once.
 */
class ContextSource {
  private readonly byDirectory = new Map<string, BuildContext>();
  private readonly modulesAbove = new Map<string, string | undefined>();
  private readonly matchers = new Map<Config, (path: string) => string | undefined>();
  private readonly contextDir: string | undefined;

  constructor(private readonly settings: ResolverSettings) {
    this.contextDir = settings.context === undefined ? undefined : resolve(settings.cwd, settings.context);
  }

  async for(file: FileRef, text: string, config: Config | undefined): Promise<BuildContext> {
    if (this.contextDir !== undefined) return this.read(this.contextDir, true);
    if (file.stdin && !this.settings.stdinNamed) return readContext(undefined, undefined);
    const configured = config ? await this.configured(config, file.path) : undefined;
    if (configured !== undefined) {
      this.settings.explainContext?.(file.path, configured, `contexts in ${config?.path}`);
      return this.read(configured, true);
    }
    const dir = dirname(file.path);
    // The directory lookups first, each once per directory: most files need no parse here.
    const ancestor = this.moduleAbove(dir);
    if (ancestor === undefined || !copiesModuleFiles(text)) return this.read(dir, false);
    this.settings.explainContext?.(
      file.path,
      ancestor,
      "the nearest directory above with go.mod: the Dockerfile copies go.mod or the whole context, and its own directory has none",
    );
    return this.read(ancestor, true);
  }

  /** The nearest directory above `dir` with go.mod, when `dir` has none (undefined when it has one). */
  private moduleAbove(dir: string): string | undefined {
    if (!this.modulesAbove.has(dir)) this.modulesAbove.set(dir, existsSync(join(dir, "go.mod")) ? undefined : nearestModuleAbove(dir));
    return this.modulesAbove.get(dir);
  }

  /** A context directory's go.mod, go.sum, vendor and .dockerignore; `named` contexts count as known. */
  private read(dir: string, named: boolean): BuildContext {
    const key = `${named ? "n" : "d"}:${dir}`;
    let context = this.byDirectory.get(key);
    if (!context) {
      const onProblem = this.settings.onContextProblem;
      context = named ? readContext(undefined, dir, onProblem) : readContext(join(dir, "Dockerfile"), undefined, onProblem);
      this.byDirectory.set(key, context);
    }
    return context;
  }

  /** The directory the config's `contexts` give this file, if a glob matches it. */
  private async configured(config: Config, file: string): Promise<string | undefined> {
    if (config.contexts.length === 0) return undefined;
    const rel = pathInConfig(config, file);
    if (rel === undefined) return undefined;
    let match = this.matchers.get(config);
    if (!match) {
      const entries = await Promise.all(
        config.contexts.map(async ([glob, dir]) => [await compileGlob(glob), resolve(config.dir, dir)] as const),
      );
      match = (path) => entries.find(([test]) => test(path))?.[1];
      this.matchers.set(config, match);
    }
    return match(rel);
  }
}

/** The Dockerfile copies go.mod, or the whole build context, from the context (not from a stage or image). */
function copiesModuleFiles(text: string): boolean {
  return parseDockerfile(text).instructions.some((i) => {
    if ((i.kind !== "COPY" && i.kind !== "ADD") || i.flags.some((f) => f.name === "from")) return false;
    const sources = i.words.slice(0, -1).map((w) => w.value.replace(/^\.\//, ""));
    return sources.some((s) => s === "go.mod" || s === "." || s === "" || s === "go.*");
  });
}

/** The nearest directory above `dir` that holds go.mod, stopping at the repository root (the directory with .git). */
function nearestModuleAbove(dir: string): string | undefined {
  if (existsSync(join(dir, ".git"))) return undefined;
  let found: string | undefined;
  for (let d = dirname(dir); ; d = dirname(d)) {
    found ??= existsSync(join(d, "go.mod")) ? d : undefined;
    if (existsSync(join(d, ".git"))) return found;
    if (d === dirname(d)) return undefined; // not in a repository: no root to stop at, so no guess
  }
}

/** A file's path relative to its config's directory, with forward slashes; undefined outside that directory. */
function pathInConfig(config: Config, file: string): string | undefined {
  const rel = relative(config.dir, file).split(sep).join("/");
  return rel.startsWith("..") ? undefined : rel;
}

/** Config globs (`ignore`, `contexts`) as a matcher; picomatch is loaded only when a config has globs. */
async function compileGlob(globs: string | string[]): Promise<(path: string) => boolean> {
  const picomatch = (await import("picomatch")).default;
  return picomatch(globs, { dot: true });
}
