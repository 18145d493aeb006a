// Linting off the language server's main thread. A 20k-line Dockerfile takes seconds to lint; on the main
// thread that froze hover, code actions and even shutdown. The main thread keeps the protocol and the open
// documents, and sends each lint (and each fix-all) to one worker thread, which also owns the config and
// build context lookups (file system reads). Results come back as LSP data, ranges already converted, so
// the main thread only stores and forwards them.
import { parentPort, Worker } from "node:worker_threads";
import type { Diagnostic, Range, TextEdit } from "vscode-languageserver/node";
import { fixWith } from "../engine/fix.js";
import { type Finding, type LintOptions, type LintResult, lintWith } from "../engine/lint.js";
import type { Severity } from "../engine/rule.js";
import { SUPPRESSION_RULE } from "../engine/suppressions.js";
import { rules } from "../index.js";
import { OptionsResolver } from "../options/resolve.js";
import { createShellCheckRunner } from "../shellcheck/runner.js";
import { SourceFile } from "../text/source.js";
import type { Instruction } from "../parse/types.js";

/** The role in the workerData that makes the language server's bundle serve lints instead of starting a server. */
export const LINT_WORKER = "slimlint-lint-worker";

/** The worker's workerData: its role, and the settings that hold for every document. */
export interface LintWorkerData {
  readonly role: typeof LINT_WORKER;
  /** One config file for every document, as an absolute path (`--config`); undefined: each document's nearest. */
  readonly config: string | undefined;
}

export function isLintWorker(data: unknown): data is LintWorkerData {
  return typeof data === "object" && data !== null && (data as { role?: unknown }).role === LINT_WORKER;
}

export interface LintJob {
  /** The file's path, for its config and build context; undefined lints with neither. */
  readonly path: string | undefined;
  readonly text: string;
  /** Bumped when configs change: the worker then forgets the configs it has read. */
  readonly generation: number;
  /**
   * false: lint without ShellCheck's rule, whose process costs more than all the other rules together; the
   * outcome then says whether a second lint with it would add to the answer. Default true.
   */
  readonly shellCheck?: boolean | undefined;
}

export interface LspFinding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly docsUrl: string;
  readonly diagnostic: Diagnostic;
  readonly fix: { readonly title: string; readonly safe: boolean; readonly edits: readonly TextEdit[] } | undefined;
  /** Inserts `# slimlint ignore=RULE` above the instruction the finding is in; absent for findings no comment can suppress. */
  readonly suppress: TextEdit | undefined;
}

/**
 * A lint's result, its large parts as JSON: a string crosses to the main thread as one copy, where an
 * object graph of thousands of findings would take the main thread a hundred milliseconds to rebuild.
 */
export interface LintOutcome {
  /** LspFinding[], parsed on the main thread only when a request about the document needs them. */
  readonly findingsJson: string;
  /** The Diagnostic[] to publish, spliced into the notification as it is. */
  readonly diagnosticsJson: string;
  /** Whether fix-all has something to do (it applies safe fixes only). */
  readonly hasSafeFix: boolean;
  /** The config could not be used (the file was linted without it). */
  readonly configError: string | undefined;
  /** Rules that failed with an exception on this text. */
  readonly ruleErrors: readonly string[];
  /** Build-context files that could not be read (a FIFO as go.mod), each said once per config generation. */
  readonly contextProblems?: readonly string[];
  /** Linted without ShellCheck, which would check RUN scripts here: a lint with it follows. */
  readonly shellCheckPending?: boolean;
}

type Request = ({ readonly kind: "lint" } | { readonly kind: "fixAll" }) & LintJob & { readonly id: number };
type Response = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

const SEVERITY: Record<Severity, 1 | 2 | 3> = { error: 1, warning: 2, info: 3 };

/** The worker side: answers the main thread's lint and fix-all requests, each lint running to its end. */
export function serveLints(settings: LintWorkerData): void {
  const port = parentPort;
  if (!port) throw new Error("serveLints runs in a worker thread");
  // ShellCheck for the SC rule, looked up on PATH when a document first has a RUN script.
  const shellcheck = createShellCheckRunner();
  // The documents' configs, globs and build contexts, read once per generation (a config change starts a new one).
  // A given config is resolved as the CLI's --config is: a config error for every document, linted without it.
  // A build context is read once per directory and generation, so each problem with its files comes once.
  const contextProblems: string[] = [];
  const resolverFor = () =>
    new OptionsResolver(rules, {
      cwd: process.cwd(),
      shellcheck,
      config: settings.config,
      onContextProblem: (path, message) => contextProblems.push(`${path}: ${message}; linted without it`),
    });
  let generation = 0;
  let resolver = resolverFor();

  async function optionsFor(job: LintJob): Promise<{ options: LintOptions; configError: string | undefined; ignored?: boolean }> {
    if (job.generation !== generation) {
      generation = job.generation;
      resolver = resolverFor();
    }
    // A document without a file (untitled) is linted with defaults: no config, no build context.
    if (job.path === undefined) return { options: { shellcheck }, configError: undefined };
    const { options, configError, ignored } = await resolver.optionsFor({ path: job.path }, job.text);
    return { options, configError: configError?.message, ignored };
  }

  async function answer(request: Request): Promise<unknown> {
    const { options, configError, ignored } = await optionsFor(request);
    // A file the config's `ignore` globs name is not linted, as on the command line.
    if (ignored)
      return request.kind === "fixAll"
        ? undefined
        : ({ findingsJson: "[]", diagnosticsJson: "[]", hasSafeFix: false, configError, ruleErrors: [] } satisfies LintOutcome);
    if (request.kind === "fixAll") {
      const fixed = fixWith(rules, request.text, options).text;
      return fixed === request.text ? undefined : fixed;
    }
    const withShellCheck = request.shellCheck !== false;
    const { findings, ruleErrors, model } = lintWith(rules, request.text, withShellCheck ? options : { ...options, shellcheck: undefined });
    const source = new SourceFile(request.text);
    const instructions = model.parsed.instructions;
    const lsp = findings.map((f) => lspFinding(f, source, instructionAt(instructions, f.span.start)));
    const outcome: LintOutcome = {
      findingsJson: JSON.stringify(lsp),
      diagnosticsJson: JSON.stringify(lsp.map((f) => f.diagnostic)),
      hasSafeFix: lsp.some((f) => f.fix?.safe),
      configError,
      ruleErrors: ruleErrors.map((e) => `${e.ruleId}: ${e.message}`),
      contextProblems: contextProblems.splice(0),
      shellCheckPending: !withShellCheck && shellCheckWouldRun(model, options.rules) && shellcheck.binary() !== undefined,
    };
    return outcome;
  }

  port.on("message", (request: Request) => {
    answer(request).then(
      (result) => port.postMessage({ id: request.id, result } satisfies Response),
      (error: unknown) =>
        port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Response),
    );
  });
}

/** The SC rule is on and the file has RUN scripts for it (shell form or heredocs). */
function shellCheckWouldRun(model: LintResult["model"], levels: LintOptions["rules"]): boolean {
  const off = (key: string) => levels?.[key] === "off";
  if (off("SC") || off("shellcheck")) return false;
  return model.stages.some((stage) => stage.runs.some((run) => run.script !== undefined));
}

/** The instruction whose span holds `offset` (instructions are in file order). */
function instructionAt(instructions: readonly Instruction[], offset: number): Instruction | undefined {
  let lo = 0;
  let hi = instructions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = instructions[mid] as Instruction;
    if (offset < at.span.start) hi = mid - 1;
    else if (offset > at.span.end) lo = mid + 1;
    else return at;
  }
  return undefined;
}

/** The comment line that suppresses a rule on one instruction, with the instruction's indentation. */
function suppression(finding: Finding, source: SourceFile, instruction: Instruction | undefined): TextEdit | undefined {
  // DF000 (the file does not parse) and the suppression notices themselves cannot be suppressed this way.
  if (!instruction || finding.ruleId === "DF000" || finding.ruleId === SUPPRESSION_RULE.id) return undefined;
  const lineStart = source.lineStart(instruction.line - 1);
  const indent = source.text.slice(lineStart, instruction.keyword.span.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const at = source.lspPosition(lineStart);
  return { range: { start: at, end: at }, newText: `${indent}# slimlint ignore=${finding.ruleId}${source.lineBreak}` };
}

function lspFinding(finding: Finding, source: SourceFile, instruction: Instruction | undefined): LspFinding {
  const range = rangeOf(finding.span, source);
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: finding.docsUrl },
    source: "slimlint",
    message: finding.message,
  };
  const fix = finding.fix && {
    title: `${finding.fix.description}${finding.fix.safety === "unsafe" ? " (unsafe: review the change)" : ""} [${finding.ruleId}]`,
    safe: finding.fix.safety === "safe",
    edits: finding.fix.edits.map((e) => ({ range: rangeOf(e.span, source), newText: e.text })),
  };
  return {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    docsUrl: finding.docsUrl,
    diagnostic,
    fix,
    suppress: suppression(finding, source, instruction),
  };
}

function rangeOf(span: { start: number; end: number }, source: SourceFile): Range {
  return { start: source.lspPosition(span.start), end: source.lspPosition(span.end) };
}

/**
 * The main thread's handle on the worker: started on the first request, started again after a crash (the
 * requests it had are rejected), stopped on shutdown.
 */
export class LintWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  /** `script` is the bundle that calls serveLints() when its workerData is a LintWorkerData. */
  constructor(
    private readonly script: string,
    private readonly data: LintWorkerData,
  ) {}

  lint(job: LintJob): Promise<LintOutcome> {
    return this.call("lint", job) as Promise<LintOutcome>;
  }

  /** The text with every safe fix applied, or undefined when nothing changes. */
  fixAll(job: LintJob): Promise<string | undefined> {
    return this.call("fixAll", job) as Promise<string | undefined>;
  }

  stop(): void {
    const worker = this.worker;
    if (worker) this.lost(worker, "stopped");
    void worker?.terminate();
  }

  private call(kind: Request["kind"], job: LintJob): Promise<unknown> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({
        kind,
        id,
        path: job.path,
        text: job.text,
        generation: job.generation,
        shellCheck: job.shellCheck,
      } satisfies Request);
    });
  }

  private start(): Worker {
    // The worker's stdout would be the protocol channel: anything it prints goes to stderr instead.
    const worker = new Worker(this.script, { workerData: this.data, stdout: true });
    worker.stdout.pipe(process.stderr, { end: false });
    worker.unref();
    worker.on("message", (response: Response) => {
      const waiting = this.pending.get(response.id);
      this.pending.delete(response.id);
      if ("error" in response) waiting?.reject(new Error(response.error));
      else waiting?.resolve(response.result);
    });
    worker.on("error", (error) => this.lost(worker, `failed: ${error.message}`));
    worker.on("exit", (code) => this.lost(worker, `exited with code ${code}`));
    return worker;
  }

  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(new Error(`the lint worker ${reason}`));
    this.pending.clear();
  }
}
