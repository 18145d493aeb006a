// Linting many files on several cores: worker threads each read and lint the files they are given,
// the main thread hands out files in report order and takes the results back in that order, so the
// output streams exactly as a one-thread run would write it.
import { availableParallelism } from "node:os";
import type { Worker as WorkerThread } from "node:worker_threads";
import { lintWith, type Finding, type LintOptions } from "../engine/lint.js";
import { rules } from "../index.js";
import { readDockerfile } from "./io.js";

export interface LintJob {
  /** Absolute path of the Dockerfile to read. */
  readonly file: string;
  readonly options: LintOptions;
}

export type LintOutcome =
  | { readonly ok: false; readonly message: string }
  | { readonly ok: true; readonly text: string; readonly findings: readonly Finding[]; readonly ruleErrors: readonly { ruleId: string; message: string }[] };

/** Reads and lints one file: what a worker does for each job, and what a one-thread run does inline. */
export function lintFile(job: LintJob): LintOutcome {
  const read = readDockerfile(job.file);
  if (!read.ok) return read;
  const { findings, ruleErrors } = lintWith(rules, read.text, job.options);
  return { ok: true, text: read.text, findings, ruleErrors };
}

/** Fewer files than this are linted in the main thread: starting a worker and warming it up costs more. */
const FILES_PER_WORKER = 150;
/** Jobs in flight per worker, so a worker never waits for the main thread between files. */
const IN_FLIGHT = 8;

/** How many workers a run over `files` files should use: 0 means lint in the main thread. */
export function workerCount(files: number, env: NodeJS.ProcessEnv): number {
  const wanted = env.SLIMLINT_WORKERS;
  if (wanted !== undefined && /^\d+$/.test(wanted)) return Math.min(Number(wanted), files);
  const cores = availableParallelism();
  if (cores < 2) return 0;
  return Math.min(cores, 8, Math.floor(files / FILES_PER_WORKER));
}

/**
 * Lints the jobs on `count` workers started from `script` (the CLI's own entry: it serves jobs when it
 * is not the main thread), yielding the outcomes in job order.
 */
export async function* lintInParallel(jobs: readonly LintJob[], count: number, script: string): AsyncGenerator<LintOutcome> {
  const outcomes = new Map<number, LintOutcome>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let next = 0;
  const { Worker } = await import("node:worker_threads");
  const workers = Array.from({ length: count }, () => new Worker(script, { argv: [LINT_WORKER_FLAG], stdout: false, stderr: false }));
  const send = (worker: WorkerThread) => {
    if (next >= jobs.length) return;
    worker.postMessage({ index: next, job: jobs[next] });
    next++;
  };
  for (const worker of workers) {
    worker.on("message", ({ index, outcome }: { index: number; outcome: LintOutcome }) => {
      outcomes.set(index, outcome);
      send(worker);
      wake?.();
    });
    worker.on("error", (error) => {
      failure = error;
      wake?.();
    });
    for (let i = 0; i < IN_FLIGHT; i++) send(worker);
  }
  try {
    for (let index = 0; index < jobs.length; index++) {
      while (!outcomes.has(index)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const outcome = outcomes.get(index) as LintOutcome;
      outcomes.delete(index);
      yield outcome;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The argument a lint worker is started with; the entry checks it before loading worker_threads. */
export const LINT_WORKER_FLAG = "--slimlint-lint-worker";

/** In a worker thread: lint each job the main thread sends. Returns false in the main thread. */
export async function serveLintJobs(): Promise<boolean> {
  const { isMainThread, parentPort } = await import("node:worker_threads");
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  port.on("message", ({ index, job }: { index: number; job: LintJob }) => port.postMessage({ index, outcome: lintFile(job) }));
  return true;
}
