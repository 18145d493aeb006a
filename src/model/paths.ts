/** POSIX path helpers for paths inside images. */

/** Collapses `//`, `.` and `..`; keeps a leading `/`; drops a trailing `/`. */
export function normalizePath(path: string): string {
  // Most paths are already normal: no empty, "." or ".." segment and no trailing slash.
  if (path.length > 1 && !/\/\/|(^|\/)\.\.?(\/|$)|\/$/.test(path)) return path;
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(segment);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

/**
 * Linux's PATH_MAX: no program can name a longer path, so slimlint does not follow one. It also bounds
 * what a chain of relative `WORKDIR`s or `cd`s costs: each instruction and command keeps its directory.
 */
const PATH_MAX = 4096;

/** An absolute path for `path` written in a directory; undefined when the directory is unknown (or longer than PATH_MAX). */
export function resolvePath(path: string, workdir: string | undefined): string | undefined {
  if (path.startsWith("/")) return withinPathMax(normalizePath(path));
  if (workdir === undefined) return undefined;
  return withinPathMax(normalizePath(`${workdir}/${path}`));
}

const withinPathMax = (path: string): string | undefined => (path.length > PATH_MAX ? undefined : path);

export const isGlob = (path: string): boolean => /[*?[]/.test(path);

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

export function dirname(path: string): string {
  const trimmed = normalizePath(path);
  const at = trimmed.lastIndexOf("/");
  return at <= 0 ? "/" : trimmed.slice(0, at);
}

/** `target` is `dir` or lies below it. */
export function isWithin(target: string, dir: string): boolean {
  const d = normalizePath(dir);
  const t = normalizePath(target);
  return t === d || d === "/" || t.startsWith(`${d}/`);
}

/** Copying `source` (a file, a directory, or a glob) takes `target` with it. */
export function pathCovers(source: string, target: string): boolean {
  if (!isGlob(source)) return isWithin(target, source);
  const pattern = globToRegExp(normalizePath(source));
  const t = normalizePath(target);
  // A glob matching the file, or a directory the file lies in.
  for (let p = t; ; p = dirname(p)) {
    if (pattern.test(p)) return true;
    if (p === "/" || p === ".") return false;
  }
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
