// What a stage's filesystem can hold, where that is fully known. Unknown always means "may exist":
// rules that say a file is missing (RT003, RT006) stay silent unless it certainly is.
import { goCommandsByStage, isGoBuild, stageChain, type GoBuild } from "../golang/build.js";
import { isGlob, isWithin, normalizePath } from "./paths.js";
import type { DockerfileModel, Stage } from "./types.js";

export interface StageFiles {
  /** Every file of the stage comes from instructions we can read (a scratch base, COPY/ADD only). */
  readonly complete: boolean;
  /** Paths (files or directories) COPY/ADD put there; anything below them may exist too. */
  readonly roots: readonly string[];
  mayExist(path: string): boolean;
}

/** The files of a scratch-based stage (through the stages it is built on), as of the end of the stage. */
export function stageFiles(stage: Stage): StageFiles {
  const chain = stageChain(stage);
  const root = chain[chain.length - 1];
  let complete = root?.base.family === "scratch";
  const roots: string[] = [];
  for (const s of chain) {
    if (s.runs.length > 0) complete = false; // a RUN (through a copied shell or tool) may write anything
    for (const copy of s.copies) {
      if (copy.destinationPath === undefined || copy.sources.some((x) => x.value === undefined || x.kind === "url" || x.kind === "git")) complete = false;
      else roots.push(copy.destinationPath);
    }
  }
  return {
    complete,
    roots,
    mayExist: (path) => !complete || roots.some((r) => isWithin(path, r) || isWithin(r, path)),
  };
}

/** Directories a go build fills and nothing else touches, with the files it writes there. */
export interface KnownDirectory {
  readonly dir: string;
  readonly files: readonly string[];
  readonly builds: readonly GoBuild[];
}

/** Standard top-level directories of base images: never assumed to be fully known. */
const IMAGE_DIRS = new Set(["/bin", "/boot", "/dev", "/etc", "/go", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var"]);

/**
 * Top-level directories of a stage that only `go build -o <dir>/<file>` writes into: a directory no base
 * image has, no COPY, WORKDIR, mount or other command mentions, in a stage whose every RUN we could read.
 */
export function knownBuildDirectories(stage: Stage, model: DockerfileModel): readonly KnownDirectory[] {
  // Computed once per stage: every COPY --from of a file asks again.
  return model.viewOf("known-build-directories", stage, (s): readonly KnownDirectory[] => computeKnownDirectories(s, model));
}

function computeKnownDirectories(stage: Stage, model: DockerfileModel): KnownDirectory[] {
  const chain = stageChain(stage);
  if (chain.some((s) => s.runs.some((r) => r.incomplete || (r.script === undefined && r.instruction.json === undefined)))) return [];
  const byStage = goCommandsByStage(model);
  const builds = chain.flatMap((s) => (byStage.get(s) ?? []).filter(isGoBuild));
  const candidates = new Map<string, GoBuild[]>();
  for (const build of builds) {
    const out = build.output;
    if (!out || out.isDir) continue;
    const top = `/${normalizePath(out.path).split("/")[1] ?? ""}`;
    if (top === "/" || IMAGE_DIRS.has(top) || out.path === top) continue;
    candidates.set(top, [...(candidates.get(top) ?? []), build]);
  }
  const known: KnownDirectory[] = [];
  for (const [dir, dirBuilds] of candidates) {
    const ours = (c: unknown) => dirBuilds.some((b) => b.info === c);
    const touched =
      builds.some((b) => b.output?.isDir === true && isWithin(b.output.path, dir)) ||
      chain.some(
        (s) =>
          s.copies.some((c) => c.destinationPath === undefined || isWithin(c.destinationPath, dir) || isWithin(dir, c.destinationPath)) ||
          s.instructions.some((i) => i.kind === "WORKDIR" && (s.workdirAt(i) === undefined || isWithin(i.words[0]?.value ?? "", dir))) ||
          s.runs.some(
            (r) =>
              r.mounts.some((m) => isWithin(m.target ?? "/", dir)) ||
              r.commands.some(
                (c) =>
                  !ours(c) &&
                  (c.cwd === undefined ||
                    isWithin(c.cwd, dir) ||
                    c.command.words.some((w) => w.value.includes(dir)) ||
                    c.command.redirects.some((d) => d.target === undefined || d.target.value.includes(dir))),
              ),
          ),
      );
    if (touched) continue;
    known.push({ dir, files: dirBuilds.map((b) => normalizePath((b.output as { path: string }).path)), builds: dirBuilds });
  }
  return known;
}

/** A COPY source path that is plain enough to reason about. */
export const isPlainPath = (path: string | undefined): path is string => path !== undefined && !isGlob(path) && !path.includes("$");
