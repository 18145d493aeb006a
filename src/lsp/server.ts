// `slimlint lsp`: a language server over stdio (connection.ts). Its bundle is also the script of the
// worker thread that lints (lint-worker.ts): loaded there, it serves lints and leaves the protocol
// library unloaded, which keeps the worker's start short.
import { isMainThread, workerData } from "node:worker_threads";
import { isLintWorker, serveLints } from "./lint-worker.js";

if (!isMainThread && isLintWorker(workerData)) serveLints(workerData);

/** What the user said for every document: the editor's equivalents of the CLI's flags. */
export interface ServerSettings {
  /** One config file for every document (`--config`), absolute or from the working directory; else each one's nearest. */
  readonly config?: string | undefined;
}

export function startServer(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  settings: ServerSettings = {},
): void {
  import("./connection.js")
    // The server runs from a CommonJS bundle (dist/slimlint-lsp.cjs, or the VS Code extension's): __filename is that bundle.
    .then(({ serve }) => serve(input, output, __filename, settings))
    .catch((error: unknown) => {
      process.stderr.write(`slimlint: cannot start the language server: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
}
