// Builds the VS Code extension: editors/vscode/src/extension.ts and vscode-languageclient in one
// CommonJS file, editors/vscode/dist/extension.js. `vscode` is provided by the editor at run time.
// With --check it type-checks the extension first (vsce runs it so, as vscode:prepublish).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bundleOptions } from "./bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

export async function bundleExtension() {
  await build({
    ...bundleOptions,
    absWorkingDir: root,
    entryPoints: ["editors/vscode/src/extension.ts"],
    outfile: "editors/vscode/dist/extension.js",
    external: ["vscode"],
  });
}

function typeCheck() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "editors/vscode"], { cwd: root, stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (process.argv.includes("--check")) typeCheck();
    await bundleExtension();
  } catch (error) {
    // tsc and esbuild have already printed what is wrong.
    if (error.status === undefined && error.errors === undefined) console.error(`slimlint: ${error.message}`);
    process.exit(1);
  }
}
