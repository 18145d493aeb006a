// Vitest global setup: the CLI tests run the built bundle (bin/slimlint.cjs → dist/), so a plain `npx vitest`
// after an edit would test stale code. When a source is newer than the bundle, build first (incremental).
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(join(ROOT, path)).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, "dist/slimlint-bundle.cjs")).mtimeMs;
  } catch {
    // No bundle yet: build.
  }
  const sources = Math.max(newest("src"), newest("rules"), statSync(join(ROOT, "scripts/bundle.mjs")).mtimeMs);
  if (sources > built) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
}
