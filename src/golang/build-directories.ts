// The directories of a stage that only Go builds write into, with the files they write there: RT006 can then
// say that `COPY --from=build /out/app-typo` names a file the build cannot have made.
import { normalizePath } from "../model/paths.js";
import { topDirectory } from "../model/filesystem.js";
import { stageChain } from "../model/stages.js";
import type { CommandInfo, DockerfileModel, Stage } from "../model/types.js";
import { goCommandsByStage, isGoBuild, type GoBuild } from "./build.js";

/** Directories a go build fills and nothing else touches, with the files it writes there. */
export interface KnownDirectory {
  readonly dir: string;
  readonly files: readonly string[];
  readonly builds: readonly GoBuild[];
  /** A file the builds write is `path` or lies below it (`path` normalized). */
  writesWithin(path: string): boolean;
}

/** Standard top-level directories of base images: never assumed to be fully known. */
const IMAGE_DIRS = new Set([
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/go",
  "/home",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/media",
  "/mnt",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/tmp",
  "/usr",
  "/var",
]);

/**
 * Top-level directories of a stage that only `go build -o <dir>/<file>` writes into, by directory: a directory
 * no base image has, no COPY, WORKDIR, mount or other command mentions, in a stage whose every RUN we could read.
 */
export function knownBuildDirectories(stage: Stage, model: DockerfileModel): ReadonlyMap<string, KnownDirectory> {
  // Computed once per stage: every COPY --from of a file asks again.
  return model.viewOf("known-build-directories", stage, (s): ReadonlyMap<string, KnownDirectory> => computeKnownDirectories(s, model));
}

const NONE: ReadonlyMap<string, KnownDirectory> = new Map();

function computeKnownDirectories(stage: Stage, model: DockerfileModel): ReadonlyMap<string, KnownDirectory> {
  const chain = stageChain(stage);
  if (chain.some((s) => s.runs.some((r) => r.incomplete || (r.script === undefined && r.instruction.json === undefined)))) return NONE;
  const byStage = goCommandsByStage(model);
  const builds = chain.flatMap((s) => (byStage.get(s) ?? []).filter(isGoBuild));
  const candidates = new Map<string, GoBuild[]>();
  for (const build of builds) {
    const out = build.output;
    if (!out || out.isDir) continue;
    const top = topDirectory(normalizePath(out.path));
    if (top === undefined || IMAGE_DIRS.has(top) || out.path === top) continue;
    const list = candidates.get(top);
    if (list) list.push(build);
    else candidates.set(top, [build]);
  }
  if (candidates.size === 0) return NONE;
  const touched = touchedDirectories(chain, builds, candidates);
  if (touched === "all") return NONE;
  const known = new Map<string, KnownDirectory>();
  for (const [dir, dirBuilds] of candidates) {
    if (touched.has(dir)) continue;
    const files = dirBuilds.map((b) => normalizePath((b.output as { path: string }).path));
    const within = new Set<string>();
    for (const file of files) for (let p = file; p !== "/" && !within.has(p); p = p.slice(0, p.lastIndexOf("/")) || "/") within.add(p);
    known.set(dir, { dir, files, builds: dirBuilds, writesWithin: (path) => path === "/" || within.has(path) });
  }
  return known;
}

/**
 * The candidate directories something other than their own builds touches, in one pass over the stages:
 * a COPY, WORKDIR or mount there, a build writing a directory there, a command run there or naming it
 * in a word or redirect. "all" when something that may be in any of them is involved.
 */
function touchedDirectories(
  chain: readonly Stage[],
  builds: readonly GoBuild[],
  candidates: ReadonlyMap<string, readonly GoBuild[]>,
): ReadonlySet<string> | "all" {
  const touched = new Set<string>();
  const touch = (path: string, into: Set<string> = touched) => {
    const top = topDirectory(normalizePath(path));
    if (top !== undefined) into.add(top);
  };
  const mentions = new DirectoryMentions(candidates.keys());
  // A build's own command does not touch its own directory, only the others.
  const ownDir = new Map<CommandInfo, string>();
  for (const [dir, list] of candidates) for (const b of list) ownDir.set(b.info, dir);
  // Directories whose builds run where any directory may be touched: every other directory is.
  const allBut = new Set<string>();
  for (const b of builds) if (b.output?.isDir === true) touch(b.output.path);
  for (const s of chain) {
    for (const c of s.copies) {
      if (c.destinationPath === undefined || normalizePath(c.destinationPath) === "/") return "all";
      touch(c.destinationPath);
    }
    for (const i of s.instructionsOf("WORKDIR")) {
      if (s.workdirAt(i) === undefined) return "all";
      touch(i.words[0]?.value ?? "");
    }
    for (const r of s.runs) {
      for (const m of r.mounts) touch(m.target ?? "/");
      for (const c of r.commands) {
        const own = ownDir.get(c);
        if (c.cwd === undefined || c.command.redirects.some((d) => d.target === undefined)) {
          if (own === undefined) return "all";
          allBut.add(own);
          continue;
        }
        const found = own === undefined ? touched : new Set<string>();
        touch(c.cwd, found);
        for (const w of c.command.words) mentions.addFound(w.value, found);
        for (const d of c.command.redirects) mentions.addFound((d.target as { value: string }).value, found);
        if (found !== touched) for (const dir of found) if (dir !== own) touched.add(dir);
      }
    }
  }
  if (allBut.size > 1) return "all";
  for (const except of allBut) for (const dir of candidates.keys()) if (dir !== except) touched.add(dir);
  return touched;
}

/** Finds which of some top-level directories (`/out`) a text names anywhere, as a substring, in one pass over it. */
class DirectoryMentions {
  /** A trie of the directory names without their leading `/`; `dir` where one ends. */
  private readonly root: TrieNode = { next: new Map(), dir: undefined };

  constructor(dirs: Iterable<string>) {
    for (const dir of dirs) {
      let node = this.root;
      for (const ch of dir.slice(1)) {
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = { next: new Map(), dir: undefined }));
        node = child;
      }
      node.dir = dir;
    }
  }

  /** Adds to `found` every directory `text` contains: a `/` followed by the directory's name. */
  addFound(text: string, found: Set<string>): void {
    for (let at = text.indexOf("/"); at !== -1; at = text.indexOf("/", at + 1)) {
      let node: TrieNode | undefined = this.root;
      for (let i = at + 1; node && i <= text.length; i++) {
        if (node.dir !== undefined) found.add(node.dir);
        node = i < text.length ? node.next.get(text[i] as string) : undefined;
      }
    }
  }
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  dir: string | undefined;
}
