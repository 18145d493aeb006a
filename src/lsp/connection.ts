// The language server's protocol side (see server.ts). Diagnostics on open, change and save; quick fixes
// from the rules' fix data (safe ones preferred) and a fix-all source action; hover with the rule's summary
// and rationale; the nearest config file (or the one given with --config), reloaded when it changes. Lints run in a worker thread
// (lint-worker.ts), so requests are answered while a large document is being linted.
import { basename, resolve } from "node:path";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type CodeAction,
  type DataCallback,
  type Disposable,
  type Hover,
  type InitializeResult,
  type Message,
  type Position,
  type Range,
} from "vscode-languageserver/node";
import { SUPPRESSION_RULE } from "../engine/suppressions.js";
import { rules } from "../index.js";
import { VERSION } from "../version.js";
import { field, OpenDocuments, type Outcome, pathOfUri } from "./documents.js";
import { LINT_WORKER, type LintOutcome, LintWorker, type LspFinding } from "./lint-worker.js";
import { RawJson, rawJsonEncoder } from "./raw-json.js";
import type { ServerSettings } from "./server.js";

/** How long a document's text must stay unchanged before ShellCheck checks it (a keystroke comes every ~100 ms). */
const SHELLCHECK_QUIET_MS = 150;
const FIX_ALL = `${CodeActionKind.SourceFixAll}.slimlint`;
/** Queued after the last message when the input ends: handled in turn, it ends the process. */
const END_OF_INPUT = "slimlint/endOfInput";

interface Linted {
  readonly revision: number;
  readonly findingsJson: string;
  readonly hasSafeFix: boolean;
  /** The findings, parsed on the first request that needs them. */
  findings?: readonly LspFinding[];
}

function findingsOf(state: Linted): readonly LspFinding[] {
  state.findings ??= JSON.parse(state.findingsJson) as LspFinding[];
  return state.findings;
}

/**
 * Counts didChange notifications per document as they arrive, before the connection handles them one per
 * event-loop turn. A lint is started only when the last change received for a document has been handled,
 * so a burst of keystrokes is linted once, at its final version, with no timer. Every counted change is
 * handled (and uncounted) by the didChange handler, whether it can be applied or not.
 */
class ChangeCountingReader extends StreamMessageReader {
  private readonly unhandled = new Map<string, number>();
  private deliver: DataCallback | undefined;
  private inputEnded = false;

  override listen(callback: DataCallback): Disposable {
    this.deliver = callback;
    return super.listen((message) => {
      const m = message as { id?: unknown; method?: unknown; params?: unknown };
      // The end-of-input marker is the server's own; a client cannot send it.
      if (m.method === END_OF_INPUT) return;
      const uri = field(field(m.params, "textDocument"), "uri");
      if (m.method === "textDocument/didChange" && m.id === undefined && typeof uri === "string")
        this.unhandled.set(uri, (this.unhandled.get(uri) ?? 0) + 1);
      callback(message);
    });
  }

  /** Queues END_OF_INPUT behind the messages already read. */
  endOfInput(): void {
    if (this.inputEnded || !this.deliver) return;
    this.inputEnded = true;
    this.deliver({ jsonrpc: "2.0", method: END_OF_INPUT } as Message);
  }

  /** Records one change as handled; true when no other change of the document is waiting. */
  handled(uri: string): boolean {
    const left = Math.max(0, (this.unhandled.get(uri) ?? 1) - 1);
    if (left === 0) this.unhandled.delete(uri);
    else this.unhandled.set(uri, left);
    return left === 0;
  }
}

/** Serves the protocol on input and output; `workerScript` is the bundle that serves lints in a worker. */
export function serve(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  workerScript: string,
  settings: ServerSettings = {},
): void {
  const reader = new ChangeCountingReader(input);
  const connection = createConnection(
    ProposedFeatures.all,
    reader,
    new StreamMessageWriter(output, { contentTypeEncoder: rawJsonEncoder }),
  );
  const documents = new OpenDocuments();
  /** The config file for every document (`--config`), absolute; undefined: each document's nearest. */
  const configFile = settings.config === undefined ? undefined : resolve(settings.config);
  const worker = new LintWorker(workerScript, { role: LINT_WORKER, config: configFile });
  const linted = new Map<string, Linted>();
  const queued = new Set<string>();
  /** Documents with a lint in the worker, and those to lint again when it returns. */
  const linting = new Set<string>();
  const lintAgain = new Set<string>();
  /** Documents whose ShellCheck pass waits for their text to be still. */
  const shellCheckTimers = new Map<string, NodeJS.Timeout>();
  const reportedConfigErrors = new Set<string>();
  let configGeneration = 0;
  let watchConfigs = false;
  /** The client fills in a code action's edit with codeAction/resolve: fix-all is then computed only when chosen. */
  let resolvesEdits = false;
  let shutDown = false;

  const log = (message: string) => {
    try {
      connection.console.error(`slimlint: ${message}`);
    } catch {
      // The connection is closed: the process is ending.
    }
  };
  /** The protocol's answer to any request after shutdown. */
  const refuseAfterShutdown = () => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, "the server is shut down");
  };

  /**
   * Lints a document and publishes its diagnostics. ShellCheck's process (~15 ms) is left out of this lint;
   * once the text has been still for SHELLCHECK_QUIET_MS, a second lint with it publishes again, so typing
   * shows the other rules' findings at once and a burst of edits starts ShellCheck once, for its last text.
   */
  async function lintDocument(uri: string, shellCheck = false): Promise<void> {
    if (!shellCheck) queued.delete(uri);
    const document = documents.get(uri);
    if (!document || shutDown) return;
    if (linting.has(uri)) {
      lintAgain.add(uri);
      return;
    }
    linting.add(uri);
    const generation = configGeneration;
    try {
      const outcome = await worker.lint({ path: document.path, text: document.document.getText(), generation, shellCheck });
      if (outcome.configError !== undefined && !reportedConfigErrors.has(outcome.configError)) {
        // A broken config is shown once; files are linted without it until it is fixed.
        reportedConfigErrors.add(outcome.configError);
        void connection.window.showErrorMessage(`slimlint: ${outcome.configError}`);
      }
      for (const problem of outcome.contextProblems ?? []) void connection.window.showWarningMessage(`slimlint: ${problem}`);
      for (const error of outcome.ruleErrors) log(`rule failed on ${uri}: ${error}`);
      // A result for an older text or config is dropped: the lint of the newer one is queued behind it.
      if (shutDown || documents.get(uri)?.revision !== document.revision || generation !== configGeneration) return;
      await publish(uri, document, outcome);
      if (!shellCheck && outcome.shellCheckPending) scheduleShellCheck(uri, document.revision, generation);
    } catch (error) {
      if (!shutDown) log(`could not lint ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      linting.delete(uri);
      if (lintAgain.delete(uri)) schedule(uri);
    }
  }

  /** ShellCheck's lint of a document, when its text and the configs have not changed for a moment. */
  function scheduleShellCheck(uri: string, revision: number, generation: number): void {
    clearTimeout(shellCheckTimers.get(uri));
    const timer = setTimeout(() => {
      shellCheckTimers.delete(uri);
      const still = documents.get(uri)?.revision === revision && generation === configGeneration;
      if (still && !shutDown && !linting.has(uri) && !queued.has(uri)) void lintDocument(uri, true);
    }, SHELLCHECK_QUIET_MS);
    timer.unref();
    shellCheckTimers.set(uri, timer);
  }

  /** Keeps a lint's findings for code actions and sends its diagnostics. */
  async function publish(
    uri: string,
    document: { readonly revision: number; readonly version: number | undefined },
    outcome: LintOutcome,
  ): Promise<void> {
    linted.set(uri, { revision: document.revision, findingsJson: outcome.findingsJson, hasSafeFix: outcome.hasSafeFix });
    const version = document.version === undefined ? "" : `,"version":${document.version}`;
    await connection.sendNotification(
      PublishDiagnosticsNotification.method,
      new RawJson(`{"uri":${JSON.stringify(uri)}${version},"diagnostics":${outcome.diagnosticsJson}}`),
    );
  }

  /** Lints after the message being handled (a lint already queued covers later versions too). */
  function schedule(uri: string): void {
    // A new lint makes a pending ShellCheck pass for the older text pointless.
    clearTimeout(shellCheckTimers.get(uri));
    shellCheckTimers.delete(uri);
    if (queued.has(uri) || shutDown) return;
    queued.add(uri);
    setImmediate(() => void lintDocument(uri));
  }

  function relintAll(): void {
    configGeneration++;
    reportedConfigErrors.clear();
    for (const document of documents.all()) schedule(document.uri);
  }

  /** The document a notification touched, or undefined when it was refused (the reason is logged). */
  function accepted(outcome: Outcome): string | undefined {
    if ("refused" in outcome) {
      log(outcome.refused);
      return undefined;
    }
    return outcome.uri;
  }

  connection.onInitialize((params): InitializeResult => {
    refuseAfterShutdown();
    const capabilities = field(params, "capabilities");
    watchConfigs = field(field(field(capabilities, "workspace"), "didChangeWatchedFiles"), "dynamicRegistration") === true;
    const resolvable = field(field(field(field(capabilities, "textDocument"), "codeAction"), "resolveSupport"), "properties");
    resolvesEdits = Array.isArray(resolvable) && resolvable.includes("edit");
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL], resolveProvider: true },
        hoverProvider: true,
      },
      serverInfo: { name: "slimlint", version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (watchConfigs) {
      // A given config is watched by its name: a file of that name elsewhere only costs a needless lint.
      const globPattern = configFile === undefined ? "**/.slimlint.{yaml,yml,json}" : `**/${basename(configFile)}`;
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] });
    }
  });

  connection.onShutdown(() => {
    refuseAfterShutdown();
    shutDown = true;
    worker.stop();
  });

  connection.onNotification(END_OF_INPUT, () => {
    // The client is gone (even if its process lives on): exit as `exit` would.
    process.exit(shutDown ? 0 : 1);
  });
  input.once("end", () => reader.endOfInput());
  input.once("close", () => reader.endOfInput());

  connection.onDidOpenTextDocument((params: unknown) => {
    const uri = accepted(documents.open(params));
    if (uri !== undefined) schedule(uri);
  });
  connection.onDidChangeTextDocument((params: unknown) => {
    const uri = field(field(params, "textDocument"), "uri");
    const last = typeof uri === "string" && reader.handled(uri);
    accepted(documents.change(params));
    // The last change of a burst lints the document even when that change itself was refused.
    if (last && documents.get(uri)) schedule(uri);
  });
  connection.onDidSaveTextDocument((params: unknown) => {
    const uri = field(field(params, "textDocument"), "uri");
    if (typeof uri !== "string") return void log("didSave without a string textDocument.uri");
    if (configFile === undefined ? /\/\.slimlint\.(ya?ml|json)$/.test(uri) : pathOfUri(uri) === configFile) relintAll();
    else if (documents.get(uri)) schedule(uri);
  });
  connection.onDidCloseTextDocument((params: unknown) => {
    const uri = accepted(documents.close(params));
    if (uri === undefined) return;
    linted.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => relintAll());

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    refuseAfterShutdown();
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    const state = linted.get(uri);
    if (!state || !document || state.revision !== document.revision) return [];
    const wanted = params.context.only;
    const actions: CodeAction[] = [];
    if (!wanted || wanted.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
      for (const finding of findingsOf(state)) {
        if (!overlaps(finding.diagnostic.range, params.range)) continue;
        const fix = finding.fix;
        if (fix) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [finding.diagnostic],
            isPreferred: fix.safe,
            edit: { changes: { [uri]: [...fix.edits] } },
          });
        }
        if (finding.suppress) {
          actions.push({
            title: `Disable ${finding.ruleId} ${finding.ruleName} for this instruction`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [finding.diagnostic],
            edit: { changes: { [uri]: [finding.suppress] } },
          });
        }
      }
    }
    // Fix-all applies safe fixes only: without one among the findings there is nothing to offer.
    if ((!wanted || wanted.some((k) => FIX_ALL.startsWith(k))) && state.hasSafeFix) {
      const action: CodeAction = { title: "Fix all safe slimlint problems", kind: FIX_ALL, data: { uri, revision: document.revision } };
      // Computing it takes the worker, which may be busy with a long lint: a client that resolves code
      // actions gets the list at once and waits only when it picks fix-all.
      const resolved = resolvesEdits ? action : await withFixAll(action);
      if (resolved.edit || resolvesEdits) actions.push(resolved);
    }
    return actions;
  });

  connection.onCodeActionResolve((action) => {
    refuseAfterShutdown();
    return action.kind === FIX_ALL ? withFixAll(action) : action;
  });

  /** The fix-all action with its edit; without one when the document changed or nothing would. */
  async function withFixAll(action: CodeAction): Promise<CodeAction> {
    const uri = field(action.data, "uri");
    const document = typeof uri === "string" ? documents.get(uri) : undefined;
    if (!document || document.revision !== field(action.data, "revision")) return action;
    const text = document.document.getText();
    let fixed: string | undefined;
    try {
      fixed = await worker.fixAll({ path: document.path, text, generation: configGeneration });
    } catch (error) {
      log(`could not fix ${document.uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (fixed === undefined || documents.get(document.uri)?.revision !== document.revision) return action;
    const end = document.document.positionAt(text.length);
    return { ...action, edit: { changes: { [document.uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: fixed }] } } };
  }

  connection.onHover((params): Hover | null => {
    refuseAfterShutdown();
    const state = linted.get(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!state || !document) return null;
    // A position past the end of its line is at the line's end.
    const position = document.document.positionAt(document.document.offsetAt(params.position));
    const here = findingsOf(state).filter((f) => !before(position, f.diagnostic.range.start) && !before(f.diagnostic.range.end, position));
    if (here.length === 0) return null;
    const sections = here.map((f) => {
      const rule = rules.find((r) => r.id === f.ruleId) ?? (f.ruleId === SUPPRESSION_RULE.id ? SUPPRESSION_RULE : undefined);
      const why = rule ? `\n\n${rule.rationale}` : "";
      return `**${f.ruleId} ${f.ruleName}**: ${rule?.summary ?? f.diagnostic.message}${why}\n\n[Documentation](${f.docsUrl})`;
    });
    return {
      contents: { kind: "markdown", value: sections.join("\n\n---\n\n") },
      range: here[0]?.diagnostic.range ?? { start: position, end: position },
    };
  });

  // Requests the server does not know; after shutdown, every request is refused as the protocol says.
  connection.onRequest((method) => {
    refuseAfterShutdown();
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  connection.listen();
}

function before(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
