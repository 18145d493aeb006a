// Run by test/scaling-report.test.ts in a plain node process (--expose-gc): prints, per format named on
// the command line, the CPU time of reporting 4n files divided by that of n files.
const { lint, rules, ruleLevels } = await import("../../dist/src/index.js");
const { loadReporter } = await import("../../dist/src/report/index.js");

const TEXT = "FROM golang\nRUN go build -o /out/app .\nEXPOSE 8080/TCP\n";
const findings = lint(TEXT).findings;
const reports = (n) => Array.from({ length: n }, (_, i) => ({ path: `svc${i}/Dockerfile`, absolutePath: undefined, text: TEXT, findings }));
const ctx = { rules: ruleLevels(rules), color: false, version: "0.1.0", root: "/", errors: [] };

function cpuBest(work) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    globalThis.gc(); // garbage of the previous run is not billed to this one
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    times.push(used.user + used.system);
  }
  return Math.min(...times);
}

const n = Number(process.env.SCALING_N ?? 8000);
const ratios = {};
for (const format of process.argv.slice(2)) {
  const reporter = await loadReporter(format);
  const small = reports(n);
  const large = reports(4 * n);
  reporter(small, ctx); // warm-up
  // The lowest of three measured ratios: a busy machine can only make a ratio look worse, and the
  // quadratic version this guards against measured 14-18x, far from the bound.
  let ratio = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && ratio >= 4.5; attempt++) {
    ratio = Math.min(ratio, cpuBest(() => reporter(large, ctx)) / cpuBest(() => reporter(small, ctx)));
  }
  ratios[format] = ratio;
}
console.log(JSON.stringify(ratios));
