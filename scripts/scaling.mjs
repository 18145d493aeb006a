// Times lint() on the scaling shapes of test/scaling-shapes.ts (issue 11, point 7), each size in its own
// process so a shape that runs out of memory or time does not stop the others. Build first.
//
//   node scripts/scaling.mjs [--sizes 8000,16000,32000] [--timeout 120] [--shape NAME]… [--dist DIR]
//
// Prints one row per shape: seconds of lint() per size (after a warm-up), "timeout" or "crash".
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { transformSync } from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;

async function loadShapes() {
  const source = readFileSync(`${ROOT}test/scaling-shapes.ts`, "utf8");
  const { code } = transformSync(source, { loader: "ts", format: "esm" });
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).SHAPES;
}

if (process.argv[2] === "--child") {
  const [, , , shape, size, dist] = process.argv;
  const SHAPES = await loadShapes();
  const { lint } = await import(`${dist}/src/index.js`);
  const make = SHAPES[shape];
  lint(make(200));
  const text = make(Number(size));
  const started = performance.now();
  const result = lint(text);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      findings: result.findings.length,
      ruleErrors: result.ruleErrors.length,
      bytes: text.length,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "8000,16000,32000" },
      timeout: { type: "string", default: "120" },
      shape: { type: "string", multiple: true },
      dist: { type: "string", default: `${ROOT}dist` },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const SHAPES = await loadShapes();
  const names = values.shape ?? Object.keys(SHAPES);
  console.log(
    `| shape | ${sizes.map((s) => `${s / 1000}k`).join(" | ")} | findings at ${sizes.at(-1) / 1000}k | peak RSS ` +
      `at ${sizes.at(-1) / 1000}k |`,
  );
  console.log(`|---|${sizes.map(() => "---").join("|")}|---|---|`);
  for (const name of names) {
    const cells = [];
    let last;
    for (const size of sizes) {
      const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--child", name, String(size), values.dist], {
        encoding: "utf8",
        timeout: Number(values.timeout) * 1000,
      });
      if (r.error?.code === "ETIMEDOUT" || r.signal === "SIGTERM") cells.push(`> ${values.timeout} s`);
      else if (r.status !== 0)
        cells.push(/heap out of memory/.test(r.stderr) ? "out of memory" : `crash (${r.stderr.trim().split("\n").pop()})`);
      else {
        last = JSON.parse(r.stdout);
        cells.push(`${last.seconds.toFixed(2)} s`);
      }
    }
    console.log(
      `| ${name} | ${cells.join(" | ")} ` +
        `| ${last ? last.findings + (last.ruleErrors ? ` (${last.ruleErrors} rule errors)` : "") : "-"} ` +
        `| ${last ? `${last.maxRssMb} MB` : "-"} |`,
    );
  }
}
