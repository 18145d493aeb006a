// The slimlint extension: starts the slimlint language server (`slimlint lsp --stdio`) for Dockerfiles
// and restarts it when `slimlint.path` changes. Everything else (diagnostics, quick fixes, hover, the
// nearest .slimlint.yaml) is the server's.
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { window, workspace, type ExtensionContext } from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

/** Dockerfiles by language, and by name for those VS Code does not map to the dockerfile language. */
export const DOCUMENT_SELECTOR = [
  { language: "dockerfile" },
  { pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}" },
];

let client: LanguageClient | undefined;

/**
 * The executable to start: `slimlint.path` when set (relative to the first workspace folder), else the
 * workspace's node_modules/.bin/slimlint, else `slimlint` on PATH.
 */
export function serverCommand(): string {
  const configured = workspace.getConfiguration("slimlint").get<string>("path", "").trim();
  const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (configured !== "") {
    const relative = !isAbsolute(configured) && /[\\/]/.test(configured);
    return relative && folder !== undefined ? resolve(folder, configured) : configured;
  }
  const local =
    folder === undefined ? undefined : join(folder, "node_modules", ".bin", process.platform === "win32" ? "slimlint.cmd" : "slimlint");
  return local !== undefined && existsSync(local) ? local : "slimlint";
}

function createClient(command: string): LanguageClient {
  // Windows runs npm's .cmd shims only through a shell.
  const shell = process.platform === "win32" && /\.(cmd|bat)$/i.test(command);
  const serverOptions: ServerOptions = { command, args: ["lsp", "--stdio"], options: { shell } };
  const clientOptions: LanguageClientOptions = { documentSelector: DOCUMENT_SELECTOR };
  // The id "slimlint" makes the client read its trace level from `slimlint.trace.server`.
  return new LanguageClient("slimlint", "slimlint", serverOptions, clientOptions);
}

async function start(): Promise<void> {
  const command = serverCommand();
  client = createClient(command);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void window.showErrorMessage(
      `slimlint: cannot start "${command} lsp --stdio" (${reason}). Install slimlint or set slimlint.path.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop();
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("slimlint.path")) return;
      await stop();
      await start();
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
