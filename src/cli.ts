import { main } from "./cli/main.js";

import { fstatSync, writeSync } from "node:fs";
import { describeFsError } from "./files/read.js";

/** Standard input up to one byte past the cap: `slimlint - < /dev/zero` ends with "larger than", not out of memory. */
async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > maxBytes) break;
  }
  return Buffer.concat(chunks);
}

// Standard output and error are written with writeSync on fds 1 and 2: process.stdout/stderr would load
// the stream stack (~4 ms of every run). A reader that went away (`slimlint | head -1`) ends the output quietly and the run
// finishes with its own exit code; any other failure (a full disk) is said once, exit 2.
let stdoutGone = false;
let stdoutFailed = false;
const pipeFull = new Int32Array(new SharedArrayBuffer(4));

function writeOut(text: string): void {
  if (stdoutGone) return;
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pipeFull, 0, 0, 2); // a non-blocking pipe is full: give its reader a moment
        continue;
      }
      stdoutGone = true;
      if (code === "EPIPE") return;
      stdoutFailed = true;
      writeErr(`slimlint: cannot write to standard output: ${describeFsError(error, "write failed")}\n`);
      return;
    }
  }
}

/** Whether stdout is a terminal, asked only when colours depend on it (process.stdout loads the stream stack). */
function stdoutIsTerminal(): boolean {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false; // a pipe or a file: no need to ask further
  } catch {
    return false;
  }
  return process.stdout.isTTY === true;
}

/** Standard error, also written directly; when even that fails there is nowhere left to say anything. */
function writeErr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // nowhere left to say anything
  }
}

main(process.argv.slice(2), {
  stdout: writeOut,
  stderr: writeErr,
  readStdin,
  cwd: process.cwd(),
  env: process.env,
  get isTTY() {
    return stdoutIsTerminal();
  },
}).then(
  (code) => {
    process.exitCode = stdoutFailed ? 2 : code;
  },
  (error: unknown) => {
    writeErr(`slimlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
