// `slimlint lsp`: a language server over stdio (connection.ts). Its bundle is also the script of the
// worker thread that lints (lint-worker.ts): loaded there, it serves lints and leaves the protocol
// library unloaded, which keeps the worker's start short.
import { isMainThread, workerData } from "node:worker_threads";
import { LINT_WORKER, serveLints } from "./lint-worker.js";

if (!isMainThread && workerData === LINT_WORKER) serveLints();

export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): void {
  import("./connection.js")
    // The server runs from its CommonJS bundle (dist/slimlint-lsp.cjs): __filename is that bundle.
    .then(({ serve }) => serve(input, output, __filename))
    .catch((error: unknown) => {
      process.stderr.write(`slimlint: cannot start the language server: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
}
