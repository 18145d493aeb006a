// .dockerignore matching exactly as BuildKit does it: moby/patternmatcher's ignorefile.ReadAll reads the
// file, patternmatcher.New compiles the patterns (Go filepath.Match syntax plus `**`), and
// MatchesOrParentMatches decides a path: the last pattern matching the path or one of its parent
// directories wins, `!` patterns re-include.
import { normalizePath } from "./paths.js";

type MatchType = "exact" | "prefix" | "suffix" | "regexp";

export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  readonly text: string;
  /** A `!` pattern: it re-includes what it matches. */
  readonly exclusion: boolean;
  /** 1-based line in the .dockerignore. */
  readonly line: number;
  match(path: string): boolean;
  /** The pattern could match `dir` or a path below it (conservative: true when unsure). */
  mayMatchWithin(dir: string): boolean;
}

/** A parsed .dockerignore; undefined when BuildKit would refuse it (a lone `!`, a pattern Go cannot compile). */
export interface DockerIgnore {
  readonly patterns: readonly IgnorePattern[];
  /** Some pattern starts with `!`. */
  readonly exclusions: boolean;
  /** The pattern that decides `path` (a clean context-relative path): the last one matching it or a parent; undefined when none does. */
  decidingPattern(path: string): IgnorePattern | undefined;
  /** patternmatcher's MatchesOrParentMatches: the path is excluded from the build context. */
  excludes(path: string): boolean;
}

const ESCAPED = new Set([...("." + "+()|{}$")]);

/** Go's filepath.Clean for slash paths. */
const clean = (path: string): string => (path === "" ? "." : normalizePath(path));

/** ignorefile.ReadAll: the patterns of a .dockerignore, with their lines. */
function readAll(text: string): { pattern: string; line: number }[] {
  const out: { pattern: string; line: number }[] = [];
  text.split("\n").forEach((raw, index) => {
    // bufio.ScanLines drops a trailing \r; the first line loses a UTF-8 BOM.
    let pattern = (index === 0 ? raw.replace(/^\uFEFF/, "") : raw).replace(/\r$/, "");
    // Comments are recognised before white space is trimmed.
    if (pattern.startsWith("#")) return;
    pattern = pattern.trim();
    if (pattern === "") return;
    const invert = pattern.startsWith("!");
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = clean(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    out.push({ pattern: invert ? `!${pattern}` : pattern, line: index + 1 });
  });
  return out;
}

/** patternmatcher's Pattern.compile for `/` as the separator. */
function compile(pattern: string): { type: MatchType; regexp: RegExp | undefined } | undefined {
  const chars = [...pattern];
  let re = "^";
  let type: MatchType = "exact";
  let pos = 0;
  for (let i = 0; pos < chars.length; i++) {
    const ch = chars[pos++] as string;
    if (ch === "*") {
      if (chars[pos] === "*") {
        pos++;
        if (chars[pos] === "/") pos++;
        if (pos >= chars.length) {
          if (type === "exact") type = "prefix";
          else {
            re += ".*";
            type = "regexp";
          }
        } else {
          re += "(.*/)?";
          type = "regexp";
        }
        if (i === 0) type = "suffix";
      } else {
        re += "[^/]*";
        type = "regexp";
      }
    } else if (ch === "?") {
      re += "[^/]";
      type = "regexp";
    } else if (ESCAPED.has(ch)) {
      re += `\\${ch}`;
    } else if (ch === "\\") {
      if (pos < chars.length) {
        re += `\\${chars[pos++] as string}`;
        type = "regexp";
      } else re += "\\";
    } else if (ch === "[" || ch === "]") {
      re += ch;
      type = "regexp";
    } else re += ch;
  }
  if (type !== "regexp") return { type, regexp: undefined };
  try {
    return { type, regexp: new RegExp(`${re}$`, "u") };
  } catch {
    // Go's regexp syntax differs here (a POSIX class, an escape JS refuses): not decided, so nothing is claimed.
    return undefined;
  }
}

/** The literal text a pattern starts with, up to its first wildcard or escape. */
const literalPrefix = (pattern: string): string => /^[^*?[\]\\]*/.exec(pattern)?.[0] ?? "";

function makePattern(text: string, exclusion: boolean, line: number): IgnorePattern | undefined {
  const compiled = compile(text);
  if (!compiled) return undefined;
  const { type, regexp } = compiled;
  const match = (path: string): boolean => {
    switch (type) {
      case "exact":
        return path === text;
      case "prefix":
        return path.startsWith(text.slice(0, -2));
      case "suffix": {
        const suffix = text.slice(2);
        return path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
      }
      default:
        return regexp?.test(path) === true;
    }
  };
  const mayMatchWithin = (dir: string): boolean => {
    // Everything is within the context root.
    if (type === "suffix" || dir === ".") return true;
    const inside = `${dir}/`;
    const literal = type === "exact" ? text : type === "prefix" ? text.slice(0, -2) : literalPrefix(text);
    if (type === "exact") return literal === dir || literal.startsWith(inside);
    return literal.startsWith(inside) || inside.startsWith(literal) || literal === dir;
  };
  return { text, exclusion, line, match, mayMatchWithin };
}

/** Reads a .dockerignore as BuildKit does; undefined when BuildKit would refuse it, or slimlint cannot read a pattern the same way. */
export function parseDockerIgnore(text: string): DockerIgnore | undefined {
  const patterns: IgnorePattern[] = [];
  for (const { pattern: raw, line } of readAll(text)) {
    let p = clean(raw.trim());
    let exclusion = false;
    if (p.startsWith("!")) {
      if (p.length === 1) return undefined; // illegal exclusion pattern: "!"
      exclusion = true;
      p = p.slice(1);
    }
    const pattern = makePattern(p, exclusion, line);
    if (!pattern) return undefined;
    patterns.push(pattern);
  }
  const decidingPattern = (path: string): IgnorePattern | undefined => {
    const at = path.lastIndexOf("/");
    const parents = at === -1 ? [] : path.slice(0, at).split("/");
    let deciding: IgnorePattern | undefined;
    let matched = false;
    for (const pattern of patterns) {
      // As patternmatcher: an inclusion cannot change a matched path, nor an exclusion an unmatched one.
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(path);
      for (let i = 1; !match && i <= parents.length; i++) match = pattern.match(parents.slice(0, i).join("/"));
      if (match) {
        matched = !pattern.exclusion;
        deciding = pattern;
      }
    }
    return deciding;
  };
  return {
    patterns,
    exclusions: patterns.some((p) => p.exclusion),
    decidingPattern,
    excludes: (path) => decidingPattern(path)?.exclusion === false,
  };
}

/**
 * Whether a context path is certainly left out of the build context: excluded, and no `!` pattern could
 * bring back anything below it (a directory excluded while a child is re-included is still sent, with
 * that child). The pattern that excludes it, or undefined.
 */
export function certainlyIgnored(ignore: DockerIgnore, path: string): IgnorePattern | undefined {
  const deciding = ignore.decidingPattern(path);
  if (!deciding || deciding.exclusion) return undefined;
  if (ignore.patterns.some((p) => p.exclusion && p.mayMatchWithin(path))) return undefined;
  return deciding;
}
