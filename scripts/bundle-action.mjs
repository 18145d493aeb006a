// Writes action/index.cjs, the GitHub Action's self-contained entry (runners do not run npm install).
// It is committed; test/action.test.ts fails when it no longer matches the sources.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { bundleOptions } from "./bundle.mjs";

export async function bundleAction() {
  const result = await build({ ...bundleOptions, entryPoints: ["src/action.ts"], write: false, outfile: "action/index.cjs" });
  return result.outputFiles[0].text;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync("action/index.cjs", await bundleAction());
