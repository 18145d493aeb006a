// Preloaded (NODE_OPTIONS=--require) by test/bad-input.test.ts: prints the process's peak RSS in MB on
// stderr at exit, so a test can hold the CLI to a memory budget.
process.on("exit", () => require("node:fs").writeSync(2, `max RSS MB: ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`));
