// The CLI's file system side: finding Dockerfiles and reading them safely.
import { type Dirent, existsSync, readdirSync, type Stats, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { describeFsError, MAX_DOCKERFILE_BYTES, MAX_SIDE_FILE_BYTES, readRegularFile, tooLarge } from "../files/read.js";
import type { InputError } from "../report/types.js";

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** Never searched: git's own data, JavaScript dependencies and Go's vendored modules (Go's node_modules). */
const SKIPPED_DIRS = new Set([".git", "node_modules", "vendor"]);

/**
 * Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.* (outputs.md); not `Dockerfile.dockerignore`,
 * BuildKit's ignore file for a Dockerfile.
 */
function isDockerfileName(name: string): boolean {
  if (name.endsWith(".dockerignore")) return false;
  return name === "Dockerfile" || name === "Containerfile" || /\.[Dd]ockerfile$/.test(name) || /^(Dockerfile|Containerfile)\./.test(name);
}

/** Files named on the command line, and Dockerfiles found under named directories, in a stable order. */
export function discover(paths: readonly string[]): { files: string[]; errors: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  for (const path of paths) {
    let stats: Stats;
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
    walk(path, found, errors, ancestorGitignores(path));
    if (found.length === 0)
      errors.push({
        path,
        message: "no Dockerfile found in this directory (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*)",
      });
    files.push(...found.sort());
  }
  return { files: [...new Set(files)], errors };
}

function walk(dir: string, found: string[], errors: InputError[], inherited: readonly Gitignore[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ path: dir, message: describeFsError(error, "cannot be listed") });
    return;
  }
  const own = readGitignore(dir);
  const gitignores = own ? [...inherited, own] : inherited;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !gitIgnored(gitignores, path, true)) walk(path, found, errors, gitignores);
    } else if (isDockerfileName(entry.name) && !isLinkToDirectory(entry.isSymbolicLink(), path) && !gitIgnored(gitignores, path, false)) {
      // FIFOs, sockets and devices named like a Dockerfile are listed too: reading reports them.
      found.push(path);
    }
  }
}

/** A .gitignore file's patterns and the directory they are relative to. */
interface Gitignore {
  readonly dir: string;
  readonly rules: Ignore;
}

function readGitignore(dir: string): Gitignore | undefined {
  const read = readRegularFile(join(dir, ".gitignore"), MAX_SIDE_FILE_BYTES);
  return read.ok ? { dir, rules: ignore().add(read.bytes.toString("utf8")) } : undefined;
}

/**
 * The .gitignore files above a searched directory, up to its repository's root (the directory holding
 * .git), outermost first; none when the directory is not in a git repository.
 */
function ancestorGitignores(start: string): Gitignore[] {
  const found: Gitignore[] = [];
  for (let dir = dirname(start); ; dir = dirname(dir)) {
    const own = readGitignore(dir);
    if (own) found.unshift(own);
    if (existsSync(join(dir, ".git"))) return found;
    if (dirname(dir) === dir) return [];
  }
}

/**
 * Whether git would ignore the path: the .gitignore files are applied outermost first, so a deeper one can
 * re-include (`!pattern`) what an outer one excluded, as git does.
 */
function gitIgnored(gitignores: readonly Gitignore[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { dir, rules } of gitignores) {
    const rel = relative(dir, path).split(sep).join("/");
    if (rel === "" || rel.startsWith("..")) continue;
    const verdict = rules.test(isDirectory ? `${rel}/` : rel);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

function isLinkToDirectory(isLink: boolean, path: string): boolean {
  if (!isLink) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link is reported when it is read
  }
}

/** Reads a Dockerfile as UTF-8 text; non-regular, oversized, binary files and invalid UTF-8 are reported, not linted. */
export function readDockerfile(path: string): ReadResult {
  const read = readRegularFile(path, MAX_DOCKERFILE_BYTES);
  return read.ok ? decodeText(read.bytes) : read;
}

export function decodeText(bytes: Uint8Array): ReadResult {
  if (bytes.length > MAX_DOCKERFILE_BYTES) return { ok: false, message: tooLarge(MAX_DOCKERFILE_BYTES) };
  const utf16 = utf16Kind(bytes);
  if (utf16) return { ok: false, message: `is UTF-16 (${utf16}) text; Docker reads Dockerfiles as UTF-8: save it as UTF-8` };
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, message: "is a binary file, not a Dockerfile (it contains NUL bytes)" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, message: "is not valid UTF-8 text; save it as UTF-8" };
  }
}

/** UTF-16 by its byte order mark, or by ASCII text with every other byte NUL (no BOM). */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "little-endian, with a byte order mark";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "big-endian, with a byte order mark";
  const pairs = Math.min(64, Math.floor(bytes.length / 2));
  if (pairs < 2) return undefined;
  let low = 0;
  let high = 0;
  for (let i = 0; i < pairs; i++) {
    const a = bytes[2 * i] as number;
    const b = bytes[2 * i + 1] as number;
    if (a !== 0 && b === 0) low++;
    else if (a === 0 && b !== 0) high++;
  }
  if (low === pairs) return "little-endian";
  if (high === pairs) return "big-endian";
  return undefined;
}
