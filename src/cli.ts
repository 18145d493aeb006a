import { main } from "./cli/main.js";

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

// Writes to stdout fail asynchronously. A reader that went away (`slimlint | head -1`) ends the output
// quietly and the run finishes with its own exit code; any other failure (a full disk) is said, exit 2.
let stdoutGone = false;
let stdoutFailed = false;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (stdoutGone) return;
  stdoutGone = true;
  if (error.code === "EPIPE") return;
  stdoutFailed = true;
  process.exitCode = 2;
  process.stderr.write(`slimlint: cannot write to standard output: ${describeFsError(error, "write failed")}\n`);
});
process.stderr.on("error", () => {
  // nowhere left to say anything
});

main(process.argv.slice(2), {
  stdout: (text) => void (stdoutGone || process.stdout.write(text)),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = stdoutFailed ? 2 : code;
  },
  (error: unknown) => {
    process.stderr.write(`slimlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
