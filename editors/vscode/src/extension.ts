// The slimlint extension: starts the slimlint language server for Dockerfiles and restarts it when
// `slimlint.path` or `slimlint.config` changes. Everything else (diagnostics, quick fixes, hover, reading
// the config) is the server's.
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { window, workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

/** Dockerfiles by language, and by name for those VS Code does not map to the dockerfile language. */
export const DOCUMENT_SELECTOR = [
  { language: "dockerfile" },
  { pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}" },
];

/** slimlint's language server in the extension, built from the same checkout (scripts/bundle-vscode.mjs). */
export const BUNDLED_SERVER = join("dist", "slimlint-lsp.cjs");

/** The server to start: a slimlint executable (run as `<command> lsp --stdio`), or the bundled server module. */
export type Server = { readonly command: string } | { readonly module: string };

let client: LanguageClient | undefined;

function setting(name: string): string {
  return workspace.getConfiguration("slimlint").get<string>(name, "").trim();
}

function firstFolder(): string | undefined {
  return workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/**
 * The server to start: `slimlint.path` when set (a path relative to the first workspace folder, a bare name
 * looked up on PATH), else the workspace's node_modules/.bin/slimlint (the project's own version), else the
 * server bundled in the extension.
 */
export function chooseServer(extensionPath: string): Server {
  const configured = setting("path");
  const folder = firstFolder();
  if (configured !== "") {
    const relative = !isAbsolute(configured) && /[\\/]/.test(configured);
    return { command: relative && folder !== undefined ? resolve(folder, configured) : configured };
  }
  const shim = process.platform === "win32" ? "slimlint.cmd" : "slimlint";
  const local = folder === undefined ? undefined : join(folder, "node_modules", ".bin", shim);
  if (local !== undefined && existsSync(local)) return { command: local };
  return { module: join(extensionPath, BUNDLED_SERVER) };
}

/** `--config <file>` for `slimlint.config` (a relative path is taken from the first workspace folder), or nothing. */
export function configArguments(): string[] {
  const configured = setting("config");
  if (configured === "") return [];
  const folder = firstFolder();
  return ["--config", isAbsolute(configured) || folder === undefined ? configured : resolve(folder, configured)];
}

/** A word of a command line cmd.exe runs: quoted when it has spaces or characters cmd.exe would read. */
function forCmd(word: string): string {
  return /[\s&|<>^()%!,;=]/.test(word) ? `"${word}"` : word;
}

function serverOptions(server: Server, args: readonly string[]): ServerOptions {
  // The bundled server runs on VS Code's own Node; the client adds `--stdio` (and `--clientProcessId`).
  if ("module" in server) return { module: server.module, args: [...args], transport: TransportKind.stdio };
  // Windows runs npm's .cmd shims only through a shell, which splits the command line at spaces.
  const shell = process.platform === "win32" && /\.(cmd|bat)$/i.test(server.command);
  const words = ["lsp", "--stdio", ...args];
  return shell
    ? { command: forCmd(server.command), args: words.map(forCmd), options: { shell } }
    : { command: server.command, args: words, options: { shell } };
}

function described(server: Server, args: readonly string[]): string {
  const tail = args.length === 0 ? "" : ` ${args.join(" ")}`;
  return "module" in server ? `the bundled server ${server.module}${tail}` : `"${server.command} lsp --stdio${tail}"`;
}

async function start(context: ExtensionContext): Promise<void> {
  const server = chooseServer(context.extensionPath);
  const args = configArguments();
  const clientOptions: LanguageClientOptions = { documentSelector: DOCUMENT_SELECTOR };
  // The id "slimlint" makes the client read its trace level from `slimlint.trace.server`.
  client = new LanguageClient("slimlint", "slimlint", serverOptions(server, args), clientOptions);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const advice = "module" in server ? "Reinstall the extension, or set slimlint.path." : "Install slimlint or set slimlint.path.";
    void window.showErrorMessage(`slimlint: cannot start ${described(server, args)} (${reason}). ${advice}`);
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
      if (!event.affectsConfiguration("slimlint.path") && !event.affectsConfiguration("slimlint.config")) return;
      await stop();
      await start(context);
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
