// Writes action/index.cjs, the GitHub Action's self-contained entry (runners do not run npm install).
// It is committed; test/action.test.ts fails when it no longer matches the sources.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { bundleOptions } from "./bundle.mjs";

/** The Action never runs `slimlint lsp`: leave the language server out of its bundle. */
const withoutLsp = {
  name: "without-lsp",
  setup(b) {
    b.onResolve({ filter: /\/lsp\/server\.js$/ }, () => ({ path: "lsp", namespace: "without-lsp" }));
    b.onLoad({ filter: /.*/, namespace: "without-lsp" }, () => ({
      contents: 'export function startServer() { throw new Error("the language server is not part of the GitHub Action"); }',
    }));
  },
};

export async function bundleAction() {
  const result = await build({
    ...bundleOptions,
    entryPoints: ["src/action.ts"],
    write: false,
    outfile: "action/index.cjs",
    plugins: [withoutLsp],
  });
  return result.outputFiles[0].text;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync("action/index.cjs", await bundleAction());
