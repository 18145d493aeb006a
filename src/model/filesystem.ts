// What a stage's filesystem can hold, where that is fully known. Unknown always means "may exist":
// rules that say a file is missing (RT003, RT006) stay silent unless it certainly is.
import { isGlob, isWithin } from "./paths.js";
import { stageChain } from "./stages.js";
import type { Stage } from "./types.js";

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
      if (copy.destinationPath === undefined || copy.sources.some((x) => x.value === undefined || x.kind === "url" || x.kind === "git"))
        complete = false;
      else roots.push(copy.destinationPath);
    }
  }
  return {
    complete,
    roots,
    mayExist: (path) => !complete || roots.some((r) => isWithin(path, r) || isWithin(r, path)),
  };
}

/** The top-level directory of an absolute normalized path (`/out` of `/out/app`); undefined for `/` and relative paths. */
export function topDirectory(path: string): string | undefined {
  if (!path.startsWith("/") || path === "/") return undefined;
  const slash = path.indexOf("/", 1);
  return slash === -1 ? path : path.slice(0, slash);
}

/** A COPY source path that is plain enough to reason about. */
export const isPlainPath = (path: string | undefined): path is string => path !== undefined && !isGlob(path) && !path.includes("$");
