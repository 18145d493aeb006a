// The CLI's file system side: finding Dockerfiles, reading them safely, and reading the build context.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { BuildContext } from "../model/types.js";
import type { InputError } from "../report/types.js";

const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/** Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.* (outputs.md). */
function isDockerfileName(name: string): boolean {
  return name === "Dockerfile" || name === "Containerfile" || /\.[Dd]ockerfile$/.test(name) || /^(Dockerfile|Containerfile)\./.test(name);
}

/** Files named on the command line, and Dockerfiles found under named directories, in a stable order. */
export function discover(paths: readonly string[]): { files: string[]; errors: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      errors.push({ path, message: describeFsError(error, "cannot be read") });
      continue;
    }
    if (!stats.isDirectory()) {
      files.push(path);
      continue;
    }
    const found: string[] = [];
    walk(path, found, errors);
    if (found.length === 0) errors.push({ path, message: "no Dockerfile found in this directory (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*)" });
    files.push(...found.sort());
  }
  return { files: [...new Set(files)], errors };
}

function walk(dir: string, found: string[], errors: InputError[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ path: dir, message: describeFsError(error, "cannot be listed") });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, found, errors);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) {
      found.push(path);
    }
  }
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** Reads a Dockerfile as UTF-8 text; binary files and invalid UTF-8 are reported, not linted. */
export function readDockerfile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, message: describeFsError(error, "cannot be read") };
  }
  return decodeText(bytes);
}

export function decodeText(bytes: Uint8Array): ReadResult {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, message: "is a binary file, not a Dockerfile (it contains NUL bytes)" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, message: "is not valid UTF-8 text; save it as UTF-8" };
  }
}

/**
 * What the build context tells the rules. The context is the --context directory, else the Dockerfile's
 * own directory; it counts as known when named, or when that directory holds go.mod (rules.md).
 */
export function readContext(dockerfile: string | undefined, contextOption: string | undefined): BuildContext {
  const dir = contextOption !== undefined ? resolve(contextOption) : dockerfile !== undefined ? dirname(resolve(dockerfile)) : undefined;
  if (dir === undefined) return { known: false };
  const goMod = readOptional(join(dir, "go.mod"));
  return {
    known: contextOption !== undefined || goMod !== undefined,
    goMod,
    hasGoSum: existsSync(join(dir, "go.sum")),
    hasVendor: existsSync(join(dir, "vendor", "modules.txt")),
    dockerignore: readOptional(join(dir, ".dockerignore")),
  };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

export function describeFsError(error: unknown, fallback: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return `${fallback} (${code ?? (error instanceof Error ? error.message : String(error))})`;
}
