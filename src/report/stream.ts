import { compareText } from "../engine/rule.js";
import type { FileReport, InputError, StreamingReporter } from "./types.js";

/** A streaming reporter's whole output for files given at once: files in path order, as the CLI lints them. */
export function streamAll(stream: StreamingReporter, files: readonly FileReport[], errors: readonly InputError[]): string {
  const parts = [...files].sort((a, b) => compareText(a.path, b.path)).map((file) => stream.file(file));
  parts.push(stream.end(errors));
  return parts.join("");
}
