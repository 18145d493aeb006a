// The language server as a program of its own, without the CLI: `node slimlint-lsp.cjs [--config <file>] --stdio`.
// The VS Code extension ships its bundle (scripts/bundle-vscode.mjs) and starts it with VS Code's own Node,
// as vscode-languageclient starts a `module` server: it appends `--stdio` and `--clientProcessId=<pid>`.
// In the lint worker (the same bundle, see server.ts) it does nothing more.
import { isMainThread } from "node:worker_threads";
import { type ServerSettings, startServer } from "./server.js";

/**
 * The settings in a server's arguments: `--config <file>`, `--config=<file>` or `-c <file>`. Like `slimlint lsp`,
 * it lets other options pass (the client's `--stdio`, `--clientProcessId=…`).
 */
export function serverArguments(args: readonly string[]): ServerSettings | { readonly error: string } {
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith("--config=")) config = arg.slice("--config=".length);
    else if (arg === "--config" || arg === "-c") {
      const value = args[++i];
      if (value === undefined) return { error: `option '${arg} <file>' argument missing` };
      config = value;
    }
  }
  return { config };
}

if (isMainThread) {
  const settings = serverArguments(process.argv.slice(2));
  if ("error" in settings) {
    process.stderr.write(`slimlint: ${settings.error}\n`);
    process.exit(2);
  }
  startServer(process.stdin, process.stdout, settings);
}
