// Preloaded (NODE_OPTIONS=--require) by test/cli-parallel.test.ts: tells on stderr, at exit, how many
// worker threads the CLI started, so the test knows the parallel path ran.
const threads = require("node:worker_threads");
if (threads.isMainThread) {
  let started = 0;
  const Original = threads.Worker;
  threads.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      started++;
    }
  };
  process.on("exit", () => require("node:fs").writeSync(2, `workers started: ${started}\n`));
}
