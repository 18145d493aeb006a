// Builds the VS Code extension: editors/vscode/src/extension.ts and vscode-languageclient in one
// CommonJS file, editors/vscode/dist/extension.js. `vscode` is provided by the editor at run time.
// With --check it type-checks the extension first (vsce runs it so, as vscode:prepublish).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bundleOptions } from "./bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Bundles the extension. The test builds a copy with `vscode-languageclient/node` also external (into its
 * own outfile), so that it can stand a recording mock in for the client library.
 */
export async function bundleExtension({ outfile = "editors/vscode/dist/extension.js", external = [] } = {}) {
  await build({
    ...bundleOptions,
    absWorkingDir: root,
    entryPoints: ["editors/vscode/src/extension.ts"],
    outfile,
    external: ["vscode", ...external],
  });
}

/** Type-checks the extension against @types/vscode; throws an Error holding tsc's report if it fails. */
export function typeCheck() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", "editors/vscode"], { cwd: root, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    throw new Error(`editors/vscode does not type-check:\n${error.stdout}${error.stderr}`.trimEnd());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (process.argv.includes("--check")) typeCheck();
    await bundleExtension();
  } catch (error) {
    // esbuild has already printed its errors.
    if (error.errors === undefined) console.error(error.message);
    process.exit(1);
  }
}
