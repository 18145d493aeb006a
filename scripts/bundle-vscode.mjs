// Builds the VS Code extension into editors/vscode/dist: extension.js (editors/vscode/src/extension.ts and
// vscode-languageclient; `vscode` is provided by the editor at run time) and slimlint-lsp.cjs, slimlint's
// language server from this checkout's src (src/lsp/program.ts), which the extension starts with VS Code's
// Node when the workspace has no slimlint of its own. Both are self-contained: the .vsix has no node_modules.
// With --check it type-checks the extension first (vsce runs it so, as vscode:prepublish).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bundleOptions } from "./bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The bundled language server, relative to the extension's directory (extension.ts starts it from there). */
export const SERVER = "dist/slimlint-lsp.cjs";

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

/** Bundles slimlint's language server, everything it loads included (the CLI's bundle leaves yaml and picomatch out). */
export async function bundleServer({ outfile = `editors/vscode/${SERVER}` } = {}) {
  await build({ ...bundleOptions, absWorkingDir: root, entryPoints: ["src/lsp/program.ts"], outfile });
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
    await bundleServer();
  } catch (error) {
    // esbuild has already printed its errors.
    if (error.errors === undefined) console.error(error.message);
    process.exit(1);
  }
}
