import { compareText } from "../engine/rule.js";
import type { FileReport, InputError, StreamingReporter } from "./types.js";

/** A streaming reporter's whole output for files given at once: files in path order, as the CLI lints them. */
export function streamAll(stream: StreamingReporter, files: readonly FileReport[], errors: readonly InputError[]): string {
  const parts: string[] = [];
  const write = (text: string) => void parts.push(text);
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) stream.file(file, write);
  stream.end(errors, write);
  return parts.join("");
}
