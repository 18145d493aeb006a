// Running the built CLI as a user does: a child process, plain output.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const BIN = new URL("../bin/slimlint.cjs", import.meta.url).pathname;
export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(args: readonly string[], cwd = FIXTURES, extra: SpawnSyncOptions = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 60_000,
    ...extra,
  });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const scratchDirs: string[] = [];

/**
 * Removes the scratch directories made so far (FIFOs and read-only files included). Every test file runs it
 * when its tests are done (test/support/scratch-cleanup.ts, a setup file): a vitest worker runs many test
 * files in one process, and shares this module between them, so neither the process's exit nor a hook
 * registered here once would do.
 */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) removeTree(dir);
}

/** Removes a directory tree, making read-only directories writable first when the removal is refused. */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    const open = (path: string) => {
      try {
        chmodSync(path, 0o700);
        for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory()) open(join(path, entry.name));
      } catch {
        // Gone already, or not ours to change: rmSync says so below if it matters.
      }
    };
    open(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An empty temporary directory, removed with the other scratch directories. */
export function tempDir(prefix = "slimlint-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

export function scratchDir(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export const DIGEST = "sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02";
/** A Dockerfile no rule reports on. */
export const CLEAN = `FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}\nCOPY app /app\nENTRYPOINT ["/app"]\n`;
