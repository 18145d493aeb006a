// The VS Code extension (editors/vscode), tested without VS Code: its bundle is loaded with a stand-in for
// the `vscode` module and a recording stand-in for vscode-languageclient, and the server it would start
// is started the same way and answers the LSP handshake.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LspClient } from "../bench/lsp-client.mjs";
import { bundleExtension, bundleServer, SERVER, typeCheck } from "../scripts/bundle-vscode.mjs";
import { BIN, CLEAN, scratchDir } from "./cli-helpers.js";

const ROOT = new URL("..", import.meta.url).pathname;
const EXTENSION_DIR = join(ROOT, "editors/vscode");
const SHIPPED = join(EXTENSION_DIR, "dist/extension.js");
const BUNDLED_SERVER = join(EXTENSION_DIR, SERVER);
/** vscode-languageclient's TransportKind. */
const TransportKind = { stdio: 0, ipc: 1, pipe: 2 } as const;

/** What the extension hands vscode-languageclient: an executable, or a Node module the client forks. */
type ServerOptions =
  | { command: string; args: string[]; options?: { shell?: boolean }; module?: undefined }
  | { module: string; args: string[]; transport: number; command?: undefined };

interface Recorded {
  readonly id: string;
  readonly name: string;
  readonly serverOptions: ServerOptions;
  readonly clientOptions: { documentSelector: unknown[] };
  running: boolean;
  stopped: boolean;
}

/** A fresh copy of the extension, loaded against stand-ins for VS Code and the client library. */
function loadExtension(bundle: string, workspaceFolder: string | undefined, settings: Record<string, string>, failStart = false) {
  type Listener = (event: { affectsConfiguration(section: string): boolean }) => Promise<void>;
  const clients: Recorded[] = [];
  const errors: string[] = [];
  const configListeners: Listener[] = [];
  const vscode = {
    workspace: {
      workspaceFolders: workspaceFolder === undefined ? undefined : [{ uri: { fsPath: workspaceFolder } }],
      getConfiguration: (section: string) => ({
        get: (key: string, fallback: unknown) => settings[`${section}.${key}`] ?? fallback,
      }),
      onDidChangeConfiguration: (listener: (typeof configListeners)[number]) => {
        configListeners.push(listener);
        return { dispose: () => undefined };
      },
    },
    window: { showErrorMessage: async (message: string) => void errors.push(message) },
  };
  class LanguageClient implements Recorded {
    running = false;
    stopped = false;
    constructor(
      readonly id: string,
      readonly name: string,
      readonly serverOptions: Recorded["serverOptions"],
      readonly clientOptions: Recorded["clientOptions"],
    ) {
      clients.push(this);
    }
    async start() {
      if (failStart) throw new Error(`spawn ${this.serverOptions.command ?? process.execPath} ENOENT`);
      this.running = true;
    }
    isRunning() {
      return this.running;
    }
    async stop() {
      this.running = false;
      this.stopped = true;
    }
  }
  const stubs: Record<string, unknown> = { vscode, "vscode-languageclient/node": { LanguageClient, TransportKind } };
  const moduleInternals = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const realLoad = moduleInternals._load;
  moduleInternals._load = function (request: string, ...rest: unknown[]) {
    return request in stubs ? stubs[request] : realLoad.call(this, request, ...rest);
  };
  const require = createRequire(import.meta.url);
  try {
    delete require.cache[bundle];
    const extension = require(bundle) as {
      activate(context: { subscriptions: unknown[]; extensionPath: string }): Promise<void>;
      deactivate(): Promise<void>;
    };
    const context = { subscriptions: [] as unknown[], extensionPath: EXTENSION_DIR };
    return { extension, clients, errors, configListeners, context };
  } finally {
    moduleInternals._load = realLoad;
  }
}

/** A configuration change of `key`, answering affectsConfiguration as VS Code does (the key or a section above it). */
const changeOf = (key: string) => ({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });

/** The modules a bundle requires or imports: in the .vsix, which has no node_modules, only Node's and vscode may be. */
function requiredModules(file: string): Set<string> {
  return new Set([...readFileSync(file, "utf8").matchAll(/\b(?:require|import)\("([^"]+)"\)/g)].map((m) => m[1] as string));
}

describe("the VS Code extension", () => {
  const dir = scratchDir({
    "svc/Dockerfile": CLEAN,
    "workspace/Dockerfile": CLEAN,
    // The nearer config turns IM001 on; the one slimlint.config names turns it off.
    "configured/svc/.slimlint.yaml": "rules:\n  IM001: error\n",
    "configured/ci/slimlint.yaml": "rules:\n  IM001: off\n",
  });
  const testBundle = join(dir, "extension-test.js");
  const clients: LspClient[] = [];
  beforeAll(async () => {
    typeCheck();
    await bundleExtension();
    await bundleServer();
    await bundleExtension({ outfile: testBundle, external: ["vscode-languageclient/node"] });
  }, 60_000);
  afterAll(() => {
    for (const client of clients) client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ships two self-contained files, the extension and slimlint's language server: only vscode and Node's modules are required", () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, "package.json"), "utf8"));
    expect(manifest.main).toBe("./dist/extension.js");
    expect(manifest.activationEvents).toEqual(["onLanguage:dockerfile"]);
    const settings = Object.keys(manifest.contributes.configuration.properties).sort();
    expect(settings).toEqual(["slimlint.config", "slimlint.path", "slimlint.trace.server"]);
    const required = requiredModules(SHIPPED);
    for (const name of required) expect(name === "vscode" || Module.isBuiltin(name), name).toBe(true);
    expect(required.has("vscode")).toBe(true);
    const serverRequires = requiredModules(BUNDLED_SERVER);
    for (const name of serverRequires) expect(Module.isBuiltin(name), name).toBe(true);
    expect(serverRequires.has("node:worker_threads")).toBe(true);
    // vsce packs what .vscodeignore lets through: both bundles.
    const kept = readFileSync(join(EXTENSION_DIR, ".vscodeignore"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("!"));
    expect(kept).toEqual(expect.arrayContaining(["!dist/extension.js", `!${SERVER}`]));
  });

  it("is documented with its real settings, the .vsix name vsce gives it, and the server version it contains", () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, "package.json"), "utf8"));
    const guide = readFileSync(join(ROOT, "docs/editors.md"), "utf8");
    for (const setting of Object.keys(manifest.contributes.configuration.properties)) expect(guide).toContain(`| \`${setting}\` |`);
    expect(guide).toContain(`code --install-extension editors/vscode/${manifest.name}-${manifest.version}.vsix`);
    const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(rootManifest.scripts["package:vscode"]).toMatch(/^cd editors\/vscode && npx --yes @vscode\/vsce@\d+ package$/);
    // The bundled server is built from the same checkout: its version is the root package's.
    expect(guide).toContain(`contains slimlint's language server (slimlint ${rootManifest.version}`);
    expect(guide).toMatch(/^ {6}└─ slimlint-lsp\.cjs \[[\d.]+ KB\]$/m);
    expect(guide).not.toContain("There is no setting for the config file");
  });

  it("activates: a language client for Dockerfiles starting '<slimlint.path> lsp --stdio'", async () => {
    const loaded = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "/opt/slimlint/bin/slimlint" });
    await loaded.extension.activate(loaded.context);
    expect(loaded.clients).toHaveLength(1);
    const [client] = loaded.clients;
    expect(client?.id).toBe("slimlint");
    expect(client?.serverOptions.command).toBe("/opt/slimlint/bin/slimlint");
    expect(client?.serverOptions.args).toEqual(["lsp", "--stdio"]);
    expect(client?.clientOptions.documentSelector).toEqual([
      { language: "dockerfile" },
      { pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}" },
    ]);
    expect(client?.running).toBe(true);
    expect(loaded.context.subscriptions).toHaveLength(1);
    await loaded.extension.deactivate();
    expect(client?.stopped).toBe(true);
  });

  it("chooses slimlint.path, else the workspace's node_modules/.bin/slimlint, else the server bundled in the extension", async () => {
    const bare = loadExtension(testBundle, join(dir, "workspace"), {});
    await bare.extension.activate(bare.context);
    const bundled = { module: BUNDLED_SERVER, args: [], transport: TransportKind.stdio };
    expect(bare.clients[0]?.serverOptions).toEqual(bundled);
    expect(existsSync(BUNDLED_SERVER)).toBe(true);

    const noFolder = loadExtension(testBundle, undefined, {});
    await noFolder.extension.activate(noFolder.context);
    expect(noFolder.clients[0]?.serverOptions).toEqual(bundled);

    const local = join(dir, "workspace/node_modules/.bin/slimlint");
    mkdirSync(join(dir, "workspace/node_modules/.bin"), { recursive: true });
    writeFileSync(local, "#!/bin/sh\n");
    const withLocal = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "  " });
    await withLocal.extension.activate(withLocal.context);
    expect(withLocal.clients[0]?.serverOptions).toEqual({ command: local, args: ["lsp", "--stdio"], options: { shell: false } });

    const onPath = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "slimlint" });
    await onPath.extension.activate(onPath.context);
    expect(onPath.clients[0]?.serverOptions.command).toBe("slimlint");

    const relative = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "tools/slimlint" });
    await relative.extension.activate(relative.context);
    expect(relative.clients[0]?.serverOptions.command).toBe(join(dir, "workspace/tools/slimlint"));
  });

  it("passes slimlint.config as --config, a relative path from the first workspace folder, to either server", async () => {
    const workspaceDir = join(dir, "configured");
    const relative = loadExtension(testBundle, workspaceDir, { "slimlint.config": "ci/slimlint.yaml" });
    await relative.extension.activate(relative.context);
    const config = join(workspaceDir, "ci/slimlint.yaml");
    expect(relative.clients[0]?.serverOptions).toEqual({
      module: BUNDLED_SERVER,
      args: ["--config", config],
      transport: TransportKind.stdio,
    });

    const withPath = loadExtension(testBundle, workspaceDir, { "slimlint.path": BIN, "slimlint.config": " /etc/slimlint.yaml " });
    await withPath.extension.activate(withPath.context);
    expect(withPath.clients[0]?.serverOptions.args).toEqual(["lsp", "--stdio", "--config", "/etc/slimlint.yaml"]);

    const blank = loadExtension(testBundle, workspaceDir, { "slimlint.config": "  " });
    await blank.extension.activate(blank.context);
    expect(blank.clients[0]?.serverOptions.args).toEqual([]);

    // Without a folder, a relative path is left to the server, which takes it from its working directory.
    const noFolder = loadExtension(testBundle, undefined, { "slimlint.config": "slimlint.yaml" });
    await noFolder.extension.activate(noFolder.context);
    expect(noFolder.clients[0]?.serverOptions.args).toEqual(["--config", "slimlint.yaml"]);
  });

  it("on Windows, runs the workspace's .cmd shim through cmd.exe with the paths in its command line quoted", async () => {
    const workspaceDir = join(dir, "my workspace");
    const shim = join(workspaceDir, "node_modules/.bin/slimlint.cmd");
    mkdirSync(join(workspaceDir, "node_modules/.bin"), { recursive: true });
    writeFileSync(shim, "@echo off\r\n");
    const platform = Object.getOwnPropertyDescriptor(process, "platform") as PropertyDescriptor;
    Object.defineProperty(process, "platform", { value: "win32" });
    try {
      const loaded = loadExtension(testBundle, workspaceDir, { "slimlint.config": "ci/slimlint.yaml" });
      await loaded.extension.activate(loaded.context);
      expect(loaded.clients[0]?.serverOptions).toEqual({
        command: `"${shim}"`,
        args: ["lsp", "--stdio", "--config", `"${join(workspaceDir, "ci/slimlint.yaml")}"`],
        options: { shell: true },
      });
    } finally {
      Object.defineProperty(process, "platform", platform);
    }
  });

  it("restarts the server when slimlint.path or slimlint.config changes, and only then", async () => {
    const settings: Record<string, string> = { "slimlint.path": "/first/slimlint" };
    const loaded = loadExtension(testBundle, undefined, settings);
    await loaded.extension.activate(loaded.context);
    const [changed] = loaded.configListeners;
    await changed?.(changeOf("editor.fontSize"));
    await changed?.(changeOf("slimlint.trace.server"));
    expect(loaded.clients).toHaveLength(1);

    settings["slimlint.path"] = "/second/slimlint";
    await changed?.(changeOf("slimlint.path"));
    expect(loaded.clients).toHaveLength(2);
    expect(loaded.clients[0]?.stopped).toBe(true);
    expect(loaded.clients[1]?.serverOptions.command).toBe("/second/slimlint");
    expect(loaded.clients[1]?.running).toBe(true);

    settings["slimlint.config"] = "/etc/slimlint.yaml";
    await changed?.(changeOf("slimlint.config"));
    expect(loaded.clients).toHaveLength(3);
    expect(loaded.clients[1]?.stopped).toBe(true);
    expect(loaded.clients[2]?.serverOptions.args).toEqual(["lsp", "--stdio", "--config", "/etc/slimlint.yaml"]);
    expect(loaded.clients[2]?.running).toBe(true);
  });

  it("says what to do when the server cannot start", async () => {
    const loaded = loadExtension(testBundle, undefined, { "slimlint.path": "/nowhere/slimlint" }, true);
    await loaded.extension.activate(loaded.context);
    expect(loaded.errors).toEqual([
      'slimlint: cannot start "/nowhere/slimlint lsp --stdio" (spawn /nowhere/slimlint ENOENT). Install slimlint or set slimlint.path.',
    ]);
    const bundled = loadExtension(testBundle, undefined, { "slimlint.config": "/etc/slimlint.yaml" }, true);
    await bundled.extension.activate(bundled.context);
    expect(bundled.errors).toEqual([
      `slimlint: cannot start the bundled server ${BUNDLED_SERVER} --config /etc/slimlint.yaml (spawn ${process.execPath} ENOENT). ` +
        "Reinstall the extension, or set slimlint.path.",
    ]);
  });

  it("the command it computes answers the LSP handshake with quick fixes and hover, and lints", async () => {
    const loaded = loadExtension(testBundle, dir, { "slimlint.path": BIN });
    await loaded.extension.activate(loaded.context);
    const { command = "", args } = loaded.clients[0]?.serverOptions ?? { args: [] };
    expect([command, ...args]).toEqual([BIN, "lsp", "--stdio"]);

    const server = new LspClient(command, args, { cwd: dir });
    clients.push(server);
    const capabilities = { textDocument: { codeAction: { resolveSupport: { properties: ["edit"] } } } };
    const answer = await server.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities });
    expect(answer.serverInfo.name).toBe("slimlint");
    expect(answer.capabilities.hoverProvider).toBe(true);
    expect(answer.capabilities.codeActionProvider.codeActionKinds).toContain("quickfix");
    server.notify("initialized", {});
    const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
    server.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text: "FROM golang\n" } });
    const published = await server.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000);
    expect(published.params.diagnostics.map((d: { code: string }) => d.code)).toContain("IM001");
    expect(await server.shutdown()).toBe(0);
  });

  it("the bundled server, forked as the client forks a module, answers the handshake and lints with slimlint.config", async () => {
    const workspaceDir = join(dir, "configured");
    const loaded = loadExtension(testBundle, workspaceDir, { "slimlint.config": "ci/slimlint.yaml" });
    await loaded.extension.activate(loaded.context);
    const options = loaded.clients[0]?.serverOptions;
    expect(options?.module).toBe(BUNDLED_SERVER);
    // vscode-languageclient forks the module with VS Code's Node, in the workspace folder, appending these two.
    const args = [...(options?.args ?? []), "--stdio", `--clientProcessId=${process.pid}`];
    const server = new LspClient(process.execPath, [options?.module ?? "", ...args], { cwd: workspaceDir });
    clients.push(server);
    const rootUri = pathToFileURL(workspaceDir).href;
    const answer = await server.request("initialize", { processId: process.pid, rootUri, capabilities: {} });
    const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(answer.serverInfo).toEqual({ name: "slimlint", version: rootManifest.version });
    server.notify("initialized", {});
    // svc/.slimlint.yaml would turn IM001 on; ci/slimlint.yaml, the one given, turns it off.
    const uri = pathToFileURL(join(workspaceDir, "svc/Dockerfile")).href;
    const text = [
      "FROM golang:1.23-alpine AS build",
      "RUN CGO_ENABLED=0 go build -o /out/app .",
      "FROM golang",
      "COPY --from=build /out/app /app",
    ]
      .concat('ENTRYPOINT ["/app"]', "")
      .join("\n");
    server.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
    const published = await server.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000);
    const codes = published.params.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toContain("GO004");
    expect(codes).not.toContain("IM001");
    expect(await server.shutdown()).toBe(0);
    expect(server.stderr).toBe("");
  });
});
