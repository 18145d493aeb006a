// Writing files the CLI changes (--fix) or creates (--output) without ever following a link planted in the
// way, and without leaving a half-written file behind.
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeFsError } from "../files/read.js";

/** A temp file next to `target`, created exclusively (O_EXCL refuses any existing path, links included) under an unpredictable name. */
async function createTemp(target: string, mode: number): Promise<{ path: string; fd: number }> {
  // node:crypto drags in the whole stream stack (~3 ms): loaded only when something is written.
  const { randomBytes } = await import("node:crypto");
  const path = join(dirname(target), `.${basename(target)}.slimlint-${randomBytes(8).toString("hex")}.tmp`);
  return { path, fd: openSync(path, "wx", mode) };
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Closes (if still open) and removes a temp file a failed write leaves behind. */
function discardTemp(temp: { path: string; fd: number }): void {
  try {
    closeSync(temp.fd);
  } catch {
    // already closed
  }
  removeQuietly(temp.path);
}

/**
 * Replaces a file's contents with `text`, or says why it did not (undefined when written). A symbolic link
 * is written through to its target. The new text goes to a temp file (same mode and owner, synced) that is
 * renamed over the target, so a failure leaves the file as it was. A file with several hard links is
 * rewritten in place instead, so the links keep sharing it; so is one whose owner cannot be kept.
 * A file nobody may write (mode 0444) is reported, not rewritten.
 */
export async function replaceFileContents(file: string, text: string): Promise<string | undefined> {
  let target: string;
  let stats: Stats;
  try {
    target = realpathSync(file);
    stats = statSync(target);
  } catch (error) {
    return describeFsError(error, "cannot be read");
  }
  if (!stats.isFile()) return "is not a regular file";
  if ((stats.mode & 0o222) === 0) return "is read-only (no write permission); not rewritten";
  if (stats.nlink > 1) return rewriteInPlace(target, text);
  let temp: { path: string; fd: number } | undefined;
  try {
    temp = await createTemp(target, stats.mode & 0o7777);
    writeAll(temp.fd, text);
    fchmodSync(temp.fd, stats.mode & 0o7777);
    if (!keepOwner(temp.fd, stats.uid, stats.gid)) {
      closeSync(temp.fd);
      removeQuietly(temp.path);
      return rewriteInPlace(target, text);
    }
    fsyncSync(temp.fd);
    closeSync(temp.fd);
    renameSync(temp.path, target);
    return undefined;
  } catch (error) {
    if (temp) discardTemp(temp);
    return describeFsError(error, "cannot be written");
  }
}

/** Gives the temp file the original's owner; false when that is not allowed (not root, another owner). */
function keepOwner(fd: number, uid: number, gid: number): boolean {
  if (process.getuid?.() === uid && process.getgid?.() === gid) return true;
  try {
    fchownSync(fd, uid, gid);
    return true;
  } catch {
    return false;
  }
}

/** Overwrites the file itself (keeps hard links and owner); not atomic, so it is used only when renaming would lose them. */
function rewriteInPlace(target: string, text: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(target, "r+");
    const bytes = Buffer.from(text);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, done);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
    return undefined;
  } catch (error) {
    return describeFsError(error, "cannot be written");
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Creates `target` with `text` whole or not at all (a temp file, synced, then linked or renamed into place).
 * Without `replace`, an existing file (or link) at `target` is never overwritten, even one created meanwhile:
 * the answer is then "exists". Otherwise the problem, or undefined when written.
 */
export async function writeNewFile(target: string, text: string, replace: boolean): Promise<string | undefined> {
  let temp: { path: string; fd: number } | undefined;
  try {
    temp = await createTemp(target, 0o666);
    writeAll(temp.fd, text);
    fsyncSync(temp.fd);
    closeSync(temp.fd);
    if (replace) renameSync(temp.path, target);
    else {
      linkSync(temp.path, target);
      unlinkSync(temp.path);
    }
    return undefined;
  } catch (error) {
    if (temp) discardTemp(temp);
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    return describeFsError(error, "cannot be written");
  }
}

/** A report written piece by piece into a temp file that becomes `target` only when complete. */
export interface ReportFile {
  write(text: string): void;
  /** Renames the finished report into place; the problem when that failed (the temp file is removed). */
  close(): string | undefined;
}

export async function openReportFile(target: string): Promise<ReportFile | string> {
  let temp: { path: string; fd: number };
  try {
    mkdirSync(dirname(target), { recursive: true });
    temp = await createTemp(target, 0o666);
  } catch (error) {
    return describeFsError(error, "cannot be written");
  }
  let failure: string | undefined;
  return {
    write(text) {
      if (failure !== undefined || text === "") return;
      try {
        writeAll(temp.fd, text);
      } catch (error) {
        failure = describeFsError(error, "cannot be written");
      }
    },
    close() {
      try {
        if (failure === undefined) fsyncSync(temp.fd);
        closeSync(temp.fd);
        if (failure === undefined) renameSync(temp.path, target);
      } catch (error) {
        failure = describeFsError(error, "cannot be written");
      }
      if (failure !== undefined) removeQuietly(temp.path);
      return failure;
    },
  };
}
