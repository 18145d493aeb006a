import { defineConfig } from "vitest/config";

// Suites that compare timings (ratios of n and 4n, latencies): they run last, one file at a time, so the
// other suites' processes do not share the CPU with their measurements.
const TIMING = [
  "test/scaling.test.ts",
  "test/scaling-report.test.ts",
  "test/lsp-latency.test.ts",
  "test/parse-buildkit.test.ts",
  "test/property.test.ts",
];
// Suites that install or start external tools (pre-commit, npm, the SARIF Multitool, the VS Code extension
// build), or lint inputs of many megabytes: the slow ones. `npm run test:unit` leaves them out.
const INTEGRATION = [
  "test/pre-commit.test.ts",
  "test/install.test.ts",
  "test/sarif-multitool.test.ts",
  "test/vscode-extension.test.ts",
  "test/large-input.test.ts",
];

// Vitest's default is one worker per core less one: a single worker on a 2-core machine, which ran the
// suites one after another. Three workers overlap the integration suites' waiting with the rest.
const WORKERS = 3;

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Builds first when a source is newer than the bundle the CLI tests run (a plain `npx vitest` after an edit).
    globalSetup: ["test/support/fresh-build.ts"],
    setupFiles: ["test/support/scratch-cleanup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...TIMING, ...INTEGRATION],
          maxWorkers: WORKERS,
          // One module graph per worker instead of one per test file: imports cost less than half as much (the
          // unit suites share src/ and no test changes global state). Timing suites keep their isolation.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "integration", include: INTEGRATION, maxWorkers: WORKERS, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "timing", include: TIMING, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
