// Run by test/scaling-report.test.ts in a plain node process (--expose-gc): prints, per format named on
// the command line, the CPU time of reporting 4n files divided by that of n files.
const { lint, rules, ruleLevels } = await import("../../dist/src/index.js");
const { loadReporter } = await import("../../dist/src/report/index.js");

const TEXT = "FROM golang\nRUN go build -o /out/app .\nEXPOSE eighty\n";
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
  ratios[format] = cpuBest(() => reporter(large, ctx)) / cpuBest(() => reporter(small, ctx));
}
console.log(JSON.stringify(ratios));
