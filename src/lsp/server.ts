// `slimlint lsp`: a language server over stdio. Diagnostics on open, change and save; quick fixes from
// the rules' fix data (safe ones preferred) and a fix-all source action; hover with the rule's summary
// and rationale; the nearest config file, reloaded when it changes.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type DataCallback,
  type Diagnostic,
  type Disposable,
  type Hover,
  type InitializeResult,
  type Range,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { readContext } from "../cli/io.js";
import { ConfigError, findConfig, loadConfig, type Config } from "../config/config.js";
import { fixWith } from "../engine/fix.js";
import { lintWith, type Finding } from "../engine/lint.js";
import type { Edit, Severity } from "../engine/rule.js";
import { SUPPRESSION_RULE } from "../engine/suppressions.js";
import { rules } from "../index.js";
import { SourceFile } from "../parse/source.js";

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };
const FIX_ALL = `${CodeActionKind.SourceFixAll}.slimlint`;

interface Linted {
  readonly version: number;
  readonly source: SourceFile;
  readonly findings: readonly Finding[];
}

/**
 * Counts didChange notifications per document as they arrive, before the connection handles them one per
 * event-loop turn. A lint is started only when the last change received for a document has been applied,
 * so a burst of keystrokes is linted once, at its final version, with no timer.
 */
class ChangeCountingReader extends StreamMessageReader {
  readonly unapplied = new Map<string, number>();

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      const m = message as { method?: string; params?: { textDocument?: { uri?: string } } };
      const uri = m.params?.textDocument?.uri;
      if (m.method === "textDocument/didChange" && uri !== undefined) this.unapplied.set(uri, (this.unapplied.get(uri) ?? 0) + 1);
      callback(message);
    });
  }

  /** Records one change as applied; true when no other change of the document is waiting. */
  applied(uri: string): boolean {
    const left = Math.max(0, (this.unapplied.get(uri) ?? 1) - 1);
    if (left === 0) this.unapplied.delete(uri);
    else this.unapplied.set(uri, left);
    return left === 0;
  }
}

export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): void {
  const reader = new ChangeCountingReader(input);
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const linted = new Map<string, Linted>();
  const queued = new Set<string>();
  const configs = new Map<string, Promise<Config | undefined>>();
  const configLookups = new Map<string, string | undefined>();
  const reportedConfigErrors = new Set<string>();
  let watchConfigs = false;

  const pathOf = (uri: string): string | undefined => (uri.startsWith("file:") ? fileURLToPath(uri) : undefined);

  async function configFor(path: string | undefined): Promise<Config | undefined> {
    if (path === undefined) return undefined;
    const file = findConfig(dirname(path), configLookups);
    if (file === undefined) return undefined;
    let config = configs.get(file);
    if (!config) {
      config = loadConfig(file, rules).catch((error: unknown) => {
        // A broken config is shown once; files are linted without it until it is fixed.
        const message = error instanceof ConfigError ? error.message : String(error);
        if (!reportedConfigErrors.has(message)) {
          reportedConfigErrors.add(message);
          void connection.window.showErrorMessage(`slimlint: ${message}`);
        }
        return undefined;
      });
      configs.set(file, config);
    }
    return config;
  }

  async function lintDocument(uri: string): Promise<void> {
    queued.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const path = pathOf(uri);
    const config = await configFor(path);
    const text = document.getText();
    const options = { context: readContext(path, undefined), rules: config?.rules, trustedRegistries: config?.trustedRegistries, path };
    const { findings } = lintWith(rules, text, options);
    const source = new SourceFile(text);
    // A newer version may have arrived while the config was read: its own lint is already queued.
    if (documents.get(uri)?.version !== document.version) return;
    linted.set(uri, { version: document.version, source, findings });
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics: findings.map((f) => diagnostic(f, source)) });
  }

  /** Lints after the message being handled (a lint already queued covers later versions too). */
  function schedule(uri: string): void {
    if (queued.has(uri)) return;
    queued.add(uri);
    setImmediate(() => void lintDocument(uri));
  }

  function relintAll(): void {
    configs.clear();
    configLookups.clear();
    reportedConfigErrors.clear();
    for (const document of documents.all()) schedule(document.uri);
  }

  connection.onInitialize((params): InitializeResult => {
    watchConfigs = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
        hoverProvider: true,
      },
      serverInfo: { name: "slimlint" },
    };
  });

  connection.onInitialized(() => {
    if (watchConfigs) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/.slimlint.{yaml,yml,json}" }],
      });
    }
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => {
    if (reader.applied(e.document.uri)) schedule(e.document.uri);
  });
  documents.onDidSave((e) => {
    if (/\/\.slimlint\.(ya?ml|json)$/.test(e.document.uri)) relintAll();
    else schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    linted.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => relintAll());

  connection.onCodeAction((params): CodeAction[] => {
    const state = linted.get(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!state || !document || state.version !== document.version) return [];
    const uri = params.textDocument.uri;
    const wanted = params.context.only;
    const actions: CodeAction[] = [];
    if (!wanted || wanted.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
      for (const finding of state.findings) {
        const fix = finding.fix;
        if (!fix || !overlaps(rangeOf(finding.span, state.source), params.range)) continue;
        actions.push({
          title: `${fix.description}${fix.safety === "unsafe" ? " (unsafe: review the change)" : ""} [${finding.ruleId}]`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic(finding, state.source)],
          isPreferred: fix.safety === "safe",
          edit: { changes: { [uri]: fix.edits.map((e) => textEdit(e, state.source)) } },
        });
      }
    }
    if (!wanted || wanted.some((k) => FIX_ALL.startsWith(k))) {
      const text = document.getText();
      const fixed = fixWith(rules, text, { context: readContext(pathOf(uri), undefined), path: pathOf(uri) });
      if (fixed.text !== text) {
        const end = state.source.lspPosition(text.length);
        actions.push({ title: "Fix all safe slimlint problems", kind: FIX_ALL, edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: fixed.text }] } } });
      }
    }
    return actions;
  });

  connection.onHover((params): Hover | null => {
    const state = linted.get(params.textDocument.uri);
    if (!state) return null;
    const offset = state.source.offsetOfLsp(params.position.line, params.position.character);
    const here = state.findings.filter((f) => offset >= f.span.start && offset <= f.span.end);
    if (here.length === 0) return null;
    const sections = here.map((f) => {
      const rule = rules.find((r) => r.id === f.ruleId) ?? (f.ruleId === SUPPRESSION_RULE.id ? SUPPRESSION_RULE : undefined);
      const why = rule ? `\n\n${rule.rationale}` : "";
      return `**${f.ruleId} ${f.ruleName}**: ${rule?.summary ?? f.message}${why}\n\n[Documentation](${f.docsUrl})`;
    });
    return { contents: { kind: "markdown", value: sections.join("\n\n---\n\n") }, range: rangeOf(here[0]?.span ?? { start: offset, end: offset }, state.source) };
  });

  documents.listen(connection);
  connection.listen();
}

function diagnostic(finding: Finding, source: SourceFile): Diagnostic {
  return {
    range: rangeOf(finding.span, source),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: finding.docsUrl },
    source: "slimlint",
    message: finding.message,
  };
}

function rangeOf(span: { start: number; end: number }, source: SourceFile): Range {
  return { start: source.lspPosition(span.start), end: source.lspPosition(span.end) };
}

function textEdit(edit: Edit, source: SourceFile): TextEdit {
  return { range: rangeOf(edit.span, source), newText: edit.text };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
