// Running the built CLI as a user does: a child process, plain output.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
// Every scratch directory goes when the test file's process ends (FIFOs and read-only files included).
process.on("exit", () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "slimlint-cli-"));
  scratchDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export const DIGEST = "sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02";
/** A Dockerfile no rule reports on. */
export const CLEAN = `FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}\nCOPY app /app\nENTRYPOINT ["/app"]\n`;
