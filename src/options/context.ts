// The build context a Dockerfile is built from, read as BuildKit would: go.mod, go.sum, vendor/ and the
// ignore file, each read safely (a FIFO or a huge file is a problem reported, never a hang).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MAX_SIDE_FILE_BYTES, readRegularFile } from "../files/read.js";
import type { BuildContext } from "../model/types.js";

/** A side file of the build context that exists but could not be used; the lint goes on without it. */
export type ContextProblem = (path: string, message: string) => void;

/**
 * What the build context tells the rules. The context is the --context directory, else the Dockerfile's
 * own directory; it counts as known when named, or when that directory holds go.mod (rules.md).
 */
export function readContext(dockerfile: string | undefined, contextOption: string | undefined, onProblem?: ContextProblem): BuildContext {
  const dir = contextOption !== undefined ? resolve(contextOption) : dockerfile !== undefined ? dirname(resolve(dockerfile)) : undefined;
  if (dir === undefined) return { known: false };
  const goMod = readOptional(join(dir, "go.mod"), onProblem);
  return {
    known: contextOption !== undefined || goMod !== undefined,
    goMod,
    hasGoSum: existsSync(join(dir, "go.sum")),
    hasVendor: existsSync(join(dir, "vendor", "modules.txt")),
    // BuildKit prefers a Dockerfile-specific ignore file (`build/app.Dockerfile.dockerignore`) to the context's.
    dockerignore:
      (dockerfile === undefined ? undefined : readOptional(`${resolve(dockerfile)}.dockerignore`, onProblem)) ??
      readOptional(join(dir, ".dockerignore"), onProblem),
  };
}

/** A side file's text; undefined when it is absent, or unusable (then `onProblem` hears why). */
function readOptional(path: string, onProblem: ContextProblem | undefined): string | undefined {
  const read = readRegularFile(path, MAX_SIDE_FILE_BYTES);
  if (read.ok) return read.bytes.toString("utf8");
  if (read.message !== "no such file or directory" && read.message !== "is a directory") onProblem?.(path, read.message);
  return undefined;
}
