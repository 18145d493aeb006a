// Runs the `shellcheck` binary for the SC rule. lint() stays pure: it runs ShellCheck only through a runner
// its caller passes (the CLI, the language server's worker, the Action and the corpus script do). The binary
// is looked up on PATH the first time a file has a script to check, once per process (per PATH value), never
// at start-up; one process checks every script of a file, each script in a file of its own.
import { execFile, spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** ShellCheck's dialects (0.9.0: `--shell` takes sh, bash, dash, ksh). */
export type ShellDialect = "sh" | "bash" | "dash" | "ksh";

export interface ShellCheckScript {
  readonly text: string;
  readonly dialect: ShellDialect;
  /** Lines ShellCheck reads before the script (assignments of the variables the Dockerfile defines); comments on them are dropped. */
  readonly prelude?: readonly string[] | undefined;
}

/** One ShellCheck comment (json1), lines and columns 1-based in the script's text, columns in code points. */
export interface ShellCheckComment {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly level: "error" | "warning" | "info" | "style";
  readonly code: number;
  readonly message: string;
}

export interface ShellCheckRunner {
  /** The binary's path, or undefined when none is found (looked up on first use). */
  binary(): string | undefined;
  /** Checks scripts in one process: comments per script, in order; undefined when no binary or it failed. */
  check(scripts: readonly ShellCheckScript[]): ShellCheckComment[][] | undefined;
  /**
   * Checks the scripts of several files in one process ahead of their lints, so that their check() calls
   * start none (a process costs ~10 ms, more than linting a file). Holds the results of the last two batches.
   */
  prefetch?(scripts: readonly ShellCheckScript[]): Promise<void>;
}

/** `SLIMLINT_SHELLCHECK=off` (or empty) turns the lookup off; a path names the binary. */
export const SHELLCHECK_ENV = "SLIMLINT_SHELLCHECK";

const lookups = new Map<string, string | undefined>();

/** Finds `shellcheck` on PATH (or SLIMLINT_SHELLCHECK), once per distinct environment. */
export function findShellCheck(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[SHELLCHECK_ENV];
  const path = env.PATH ?? "";
  const key = `${override ?? "\0"}\n${path}`;
  if (lookups.has(key)) return lookups.get(key);
  let found: string | undefined;
  if (override !== undefined) found = override === "" || override === "off" ? undefined : executable(override) ? override : undefined;
  else {
    const names = process.platform === "win32" ? ["shellcheck.exe", "shellcheck"] : ["shellcheck"];
    for (const dir of path.split(delimiter)) {
      if (dir === "") continue;
      const hit = names.map((n) => join(dir, n)).find(executable);
      if (hit) {
        found = hit;
        break;
      }
    }
  }
  lookups.set(key, found);
  return found;
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why the SC rule does not run in this environment, or undefined when it does. */
export function shellCheckMissingReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findShellCheck(env)) return undefined;
  const override = env[SHELLCHECK_ENV];
  if (override === "" || override === "off") return `${SHELLCHECK_ENV}=${override} turns ShellCheck off`;
  if (override !== undefined) return `${SHELLCHECK_ENV} names ${override}, which is not an executable file`;
  return "shellcheck is not on PATH (apt-get install shellcheck)";
}

export interface RunnerStats {
  /** ShellCheck processes started. */
  spawns: number;
  /** Milliseconds spent in them. */
  millis: number;
}

/** Results of scripts checked before (the same text in the same dialect), for short scripts only. */
const CACHE_ENTRIES = 512;
const CACHE_SCRIPT = 4096;

/**
 * A runner for the `shellcheck` on PATH; `stats` counts its processes (tests, the corpus script). It
 * remembers the comments of short scripts it checked: the language server re-lints a file on every edit,
 * and a directory of Dockerfiles repeats the same RUN lines, so only new scripts start a process.
 */
export function createShellCheckRunner(options: { env?: NodeJS.ProcessEnv; stats?: RunnerStats } = {}): ShellCheckRunner {
  const env = options.env ?? process.env;
  const cache = new Map<string, ShellCheckComment[]>();
  /** Results of prefetch(), whatever their size, tagged with their batch: the last two batches are kept. */
  const ahead = new Map<string, { readonly batch: number; readonly comments: ShellCheckComment[] }>();
  let batches = 0;
  const key = (script: ShellCheckScript) => `${script.dialect}\n${(script.prelude ?? []).join("\n")}\n\0${script.text}`;
  return {
    binary: () => findShellCheck(env),
    async prefetch(scripts) {
      const binary = findShellCheck(env);
      const batch = ++batches;
      for (const [k, entry] of ahead) if (entry.batch < batch - 1) ahead.delete(k);
      const todo = new Map<string, ShellCheckScript>();
      for (const script of scripts) {
        const k = key(script);
        if (!cache.has(k) && !ahead.has(k)) todo.set(k, script);
      }
      if (!binary || todo.size === 0) return;
      // Split over the cores: ShellCheck checks ~1 script a millisecond, in one thread.
      const keys = [...todo.keys()];
      const parts = Math.max(1, Math.min(availableParallelism(), Math.ceil(keys.length / PREFETCH_PART_MIN)));
      const size = Math.ceil(keys.length / parts);
      await Promise.all(
        Array.from({ length: parts }, async (_, p) => {
          const part = keys.slice(p * size, (p + 1) * size);
          const checked = await runShellCheckAsync(
            binary,
            part.map((k) => todo.get(k) as ShellCheckScript),
            options.stats,
          );
          // On a failure check() runs them again, and says so if it fails too.
          if (checked) for (const [i, k] of part.entries()) ahead.set(k, { batch, comments: checked[i] ?? [] });
        }),
      );
    },
    check(scripts) {
      const binary = findShellCheck(env);
      if (!binary) return undefined;
      const results: (ShellCheckComment[] | undefined)[] = scripts.map((s) => ahead.get(key(s))?.comments ?? cache.get(key(s)));
      const todo = scripts.filter((_, i) => results[i] === undefined);
      if (todo.length > 0) {
        const checked = runShellCheck(binary, todo, options.stats);
        if (!checked) return undefined;
        let next = 0;
        scripts.forEach((script, i) => {
          if (results[i] !== undefined) return;
          const comments = checked[next++] ?? [];
          results[i] = comments;
          if (script.text.length > CACHE_SCRIPT) return;
          cache.set(key(script), comments);
          if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
        });
      }
      return results.map((r) => r ?? []);
    },
  };
}

/** Fewer scripts than this are not split over several processes (a process costs ~10 ms to start). */
const PREFETCH_PART_MIN = 32;
const SHELLCHECK_ARGS = ["--norc", "--format=json1", "--severity=style", "--"];

/** Writes each script to a file of its own in a new directory, the dialect as a directive on the first line. */
function writeScripts(scripts: readonly ShellCheckScript[]): { dir: string; names: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "slimlint-sc-"));
  // The dialect is a directive on a line of its own before the script: --shell would set one dialect for all.
  const names = scripts.map((script, i) => {
    const name = `${i}.sh`;
    writeFileSync(join(dir, name), [`# shellcheck shell=${script.dialect}`, ...(script.prelude ?? []), script.text, ""].join("\n"));
    return name;
  });
  return { dir, names };
}

/** ShellCheck's json1 output as comments per script, lines counted in the script's own text. */
function readComments(stdout: string, names: readonly string[], scripts: readonly ShellCheckScript[]): ShellCheckComment[][] {
  const parsed = JSON.parse(stdout) as { comments: (ShellCheckComment & { file: string })[] };
  const out: ShellCheckComment[][] = scripts.map(() => []);
  const index = new Map(names.map((n, i) => [n, i]));
  for (const c of parsed.comments) {
    const i = index.get(c.file);
    if (i === undefined) continue;
    // Line 1 is the directive, then the prelude.
    const skip = 1 + (scripts[i]?.prelude?.length ?? 0);
    if (c.line > skip)
      out[i]?.push({
        line: c.line - skip,
        column: c.column,
        endLine: c.endLine - skip,
        endColumn: c.endColumn,
        level: c.level,
        code: c.code,
        message: c.message,
      });
  }
  return out;
}

/** Exit 0: no comments, 1: comments; anything else is a failure (bad options, a crash). */
const succeeded = (status: number | null) => status === 0 || status === 1;

/** One `shellcheck` process for the scripts, each in a file of its own; undefined when it fails. */
function runShellCheck(
  binary: string,
  scripts: readonly ShellCheckScript[],
  stats: RunnerStats | undefined,
): ShellCheckComment[][] | undefined {
  let dir: string | undefined;
  try {
    const written = writeScripts(scripts);
    dir = written.dir;
    const started = performance.now();
    const result = spawnSync(binary, [...SHELLCHECK_ARGS, ...written.names], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30_000,
    });
    if (stats) {
      stats.spawns++;
      stats.millis += performance.now() - started;
    }
    if (result.error || !succeeded(result.status)) return undefined;
    return readComments(result.stdout, written.names, scripts);
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** runShellCheck without blocking: the caller lints other files while ShellCheck runs. */
async function runShellCheckAsync(
  binary: string,
  scripts: readonly ShellCheckScript[],
  stats: RunnerStats | undefined,
): Promise<ShellCheckComment[][] | undefined> {
  let dir: string | undefined;
  try {
    const written = writeScripts(scripts);
    dir = written.dir;
    const started = performance.now();
    const { status, stdout } = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = execFile(
        binary,
        [...SHELLCHECK_ARGS, ...written.names],
        { cwd: written.dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
        (error, out) => {
          // A non-zero exit is an error to execFile; ShellCheck's 1 (comments found) is a success here.
          const code = error && typeof error.code === "number" ? error.code : error ? null : 0;
          if (error && code === null) reject(error);
          else resolve({ status: code, stdout: out });
        },
      );
      child.stdin?.end();
    });
    if (stats) {
      stats.spawns++;
      stats.millis += performance.now() - started;
    }
    return succeeded(status) ? readComments(stdout, written.names, scripts) : undefined;
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
