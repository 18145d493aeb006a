// The open documents, kept in step with the client's didOpen/didChange/didClose notifications. A client's
// message is data from outside: a notification with a wrong shape is refused with a reason (the server
// logs it and goes on) instead of throwing inside a handler or being half applied.
import { fileURLToPath } from "node:url";
import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";

export interface OpenDocument {
  readonly uri: string;
  readonly document: TextDocument;
  /** The client's version of the text, when it gave one (published diagnostics carry it). */
  readonly version: number | undefined;
  /** Increases with every change of any document: a lint result is current when its revision still is. */
  readonly revision: number;
  /** The file system path of a `file:` URI, or undefined (untitled, remote or unusable URIs). */
  readonly path: string | undefined;
}

/** What a notification did: the document it was about, or why it was refused. */
export type Outcome = { readonly uri: string } | { readonly refused: string };

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();
  private lastRevision = 0;

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.byUri.values();
  }

  open(params: unknown): Outcome {
    const item = field(params, "textDocument");
    const uri = field(item, "uri");
    const text = field(item, "text");
    if (typeof uri !== "string") return { refused: "didOpen without a string textDocument.uri" };
    if (typeof text !== "string") return { refused: `didOpen of ${uri} without a string text` };
    const version = versionOf(field(item, "version"));
    const languageId = field(item, "languageId");
    const document = TextDocument.create(uri, typeof languageId === "string" ? languageId : "dockerfile", version ?? 0, text);
    return this.store(uri, document, version);
  }

  change(params: unknown): Outcome {
    const identifier = field(params, "textDocument");
    const uri = field(identifier, "uri");
    if (typeof uri !== "string") return { refused: "didChange without a string textDocument.uri" };
    const open = this.byUri.get(uri);
    if (!open) return { uri };
    const changes = field(params, "contentChanges");
    if (!Array.isArray(changes) || !changes.every(isContentChange))
      return { refused: `didChange of ${uri} with malformed contentChanges: the change is ignored` };
    // A change without a version still changes the text; its diagnostics then carry no version.
    const version = versionOf(field(identifier, "version"));
    const document = changes.length === 0 ? open.document : TextDocument.update(open.document, changes, version ?? open.document.version);
    return this.store(uri, document, version);
  }

  close(params: unknown): Outcome {
    const uri = field(field(params, "textDocument"), "uri");
    if (typeof uri !== "string") return { refused: "didClose without a string textDocument.uri" };
    this.byUri.delete(uri);
    return { uri };
  }

  private store(uri: string, document: TextDocument, version: number | undefined): Outcome {
    this.byUri.set(uri, { uri, document, version, revision: ++this.lastRevision, path: pathOfUri(uri) });
    return { uri };
  }
}

/** The path of a `file:` URI this system can open: undefined for other schemes, a remote host (UNC), an encoded `/` or bad escapes. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    const path = fileURLToPath(uri);
    return path.includes("\0") ? undefined : path;
  } catch {
    return undefined;
  }
}

export function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function versionOf(value: unknown): number | undefined {
  return Number.isSafeInteger(value) ? (value as number) : undefined;
}

function isContentChange(value: unknown): value is TextDocumentContentChangeEvent {
  if (typeof field(value, "text") !== "string") return false;
  const range = field(value, "range");
  const rangeLength = field(value, "rangeLength");
  if (range === undefined) return rangeLength === undefined;
  return (
    (rangeLength === undefined || typeof rangeLength === "number") && isPosition(field(range, "start")) && isPosition(field(range, "end"))
  );
}

function isPosition(value: unknown): boolean {
  const line = field(value, "line");
  const character = field(value, "character");
  return Number.isSafeInteger(line) && (line as number) >= 0 && Number.isSafeInteger(character) && (character as number) >= 0;
}
