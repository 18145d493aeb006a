// npm run docs: writes the rule pages from rule metadata. npm run docs:check: fails when they are stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { renderDocs } from "../dist/src/docs/render.js";
import { rules } from "../dist/src/index.js";

const check = process.argv.includes("--check");
const files = renderDocs(rules);
const stale = [];
for (const [path, text] of files) {
  if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
// Pages of rules that no longer exist.
for (const name of existsSync("docs/rules") ? readdirSync("docs/rules") : []) {
  const path = `docs/rules/${name}`;
  if (files.has(path)) continue;
  stale.push(path);
  if (!check) unlinkSync(path);
}
if (check && stale.length > 0) {
  console.error(`docs are stale; run \`npm run docs\`:\n${stale.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
if (!check) console.log(stale.length === 0 ? "docs are up to date" : `updated ${stale.length} file(s)`);
