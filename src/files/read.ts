// Reading files that may be anything: FIFOs, devices, huge files, unreadable paths. Used by the CLI,
// the config loader and the language server alike.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

const MB = 1024 * 1024;
/** The largest Dockerfile read (also from stdin): far above any real one, far below what exhausts memory. */
export const MAX_DOCKERFILE_BYTES = 16 * MB;
/** The largest config, go.mod or .dockerignore read. */
export const MAX_SIDE_FILE_BYTES = 4 * MB;

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

/**
 * Reads a regular file of at most `maxBytes`. The type and size are checked on the open descriptor before
 * reading, and the file is opened non-blocking, so a FIFO, a device such as /dev/zero or a socket is
 * reported instead of hanging or filling memory.
 */
export function readRegularFile(path: string, maxBytes: number): BytesResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, message: describeFsError(error, "cannot be read") };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { ok: false, message: "is a directory" };
    if (!stats.isFile()) return { ok: false, message: `is not a regular file (${fileKind(stats)})` };
    if (stats.size > maxBytes) return { ok: false, message: tooLarge(maxBytes) };
    // One byte more than stat says: a file that grew while it was read is noticed, not cut short.
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > stats.size) return { ok: false, message: "changed while it was read; not read" };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, message: describeFsError(error, "cannot be read") };
  } finally {
    closeSync(fd);
  }
}

export const tooLarge = (maxBytes: number) => `is larger than ${maxBytes / MB} MB`;

function fileKind(stats: Stats): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a file";
}

export function describeFsError(error: unknown, fallback: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  if (code === "ENOTDIR") return "no such file or directory (a parent is not a directory)";
  if (code === "ENXIO") return "is not a regular file (a socket or a device)";
  if (code === "ENOSPC") return "no space left on device";
  if (code === "EDQUOT") return "disk quota exceeded";
  if (code === "EFBIG") return "file too large (over the process's file size limit, ulimit -f)";
  if (code === "EROFS") return "read-only file system";
  if (code === "ELOOP") return "is a symbolic link loop";
  return `${fallback} (${code ?? (error instanceof Error ? error.message : String(error))})`;
}
