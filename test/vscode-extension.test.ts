// The VS Code extension (editors/vscode), tested without VS Code: its bundle is loaded with a stand-in for
// the `vscode` module and a recording stand-in for vscode-languageclient, and the server it would start
// is started the same way and answers the LSP handshake.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LspClient } from "../bench/lsp-client.mjs";
import { bundleExtension, typeCheck } from "../scripts/bundle-vscode.mjs";
import { BIN, CLEAN, scratchDir } from "./cli-helpers.js";

const ROOT = new URL("..", import.meta.url).pathname;
const SHIPPED = join(ROOT, "editors/vscode/dist/extension.js");

interface Recorded {
  readonly id: string;
  readonly name: string;
  readonly serverOptions: { command: string; args: string[]; options?: { shell?: boolean } };
  readonly clientOptions: { documentSelector: unknown[] };
  running: boolean;
  stopped: boolean;
}

/** A fresh copy of the extension, loaded against stand-ins for VS Code and the client library. */
function loadExtension(bundle: string, workspaceFolder: string | undefined, settings: Record<string, string>, failStart = false) {
  const clients: Recorded[] = [];
  const errors: string[] = [];
  const configListeners: ((event: { affectsConfiguration(section: string): boolean }) => Promise<void>)[] = [];
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
      if (failStart) throw new Error(`spawn ${this.serverOptions.command} ENOENT`);
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
  const stubs: Record<string, unknown> = { vscode, "vscode-languageclient/node": { LanguageClient } };
  const moduleInternals = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const realLoad = moduleInternals._load;
  moduleInternals._load = function (request: string, ...rest: unknown[]) {
    return request in stubs ? stubs[request] : realLoad.call(this, request, ...rest);
  };
  const require = createRequire(import.meta.url);
  try {
    delete require.cache[bundle];
    const extension = require(bundle) as { activate(context: { subscriptions: unknown[] }): Promise<void>; deactivate(): Promise<void> };
    return { extension, clients, errors, configListeners, context: { subscriptions: [] as unknown[] } };
  } finally {
    moduleInternals._load = realLoad;
  }
}

describe("the VS Code extension", () => {
  const dir = scratchDir({ "svc/Dockerfile": CLEAN, "workspace/Dockerfile": CLEAN });
  const testBundle = join(dir, "extension-test.js");
  const clients: LspClient[] = [];
  beforeAll(async () => {
    typeCheck();
    await bundleExtension();
    await bundleExtension({ outfile: testBundle, external: ["vscode-languageclient/node"] });
  }, 60_000);
  afterAll(() => {
    for (const client of clients) client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ships one self-contained file: only vscode and Node's own modules are required at run time", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "editors/vscode/package.json"), "utf8"));
    expect(manifest.main).toBe("./dist/extension.js");
    expect(manifest.activationEvents).toEqual(["onLanguage:dockerfile"]);
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual(["slimlint.path", "slimlint.trace.server"]);
    const required = new Set([...readFileSync(SHIPPED, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    for (const name of required) expect(name === "vscode" || Module.isBuiltin(name ?? ""), String(name)).toBe(true);
    expect(required.has("vscode")).toBe(true);
  });

  it("is documented with its real settings and the .vsix name vsce gives it", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "editors/vscode/package.json"), "utf8"));
    const guide = readFileSync(join(ROOT, "docs/editors.md"), "utf8");
    for (const setting of Object.keys(manifest.contributes.configuration.properties)) expect(guide).toContain(`| \`${setting}\` |`);
    expect(guide).toContain(`code --install-extension editors/vscode/${manifest.name}-${manifest.version}.vsix`);
    const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(rootManifest.scripts["package:vscode"]).toMatch(/^cd editors\/vscode && npx --yes @vscode\/vsce@\d+ package$/);
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

  it("without slimlint.path, starts the workspace's node_modules/.bin/slimlint, else slimlint on PATH", async () => {
    const bare = loadExtension(testBundle, join(dir, "workspace"), {});
    await bare.extension.activate(bare.context);
    expect(bare.clients[0]?.serverOptions.command).toBe("slimlint");

    const local = join(dir, "workspace/node_modules/.bin/slimlint");
    mkdirSync(join(dir, "workspace/node_modules/.bin"), { recursive: true });
    writeFileSync(local, "#!/bin/sh\n");
    const withLocal = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "  " });
    await withLocal.extension.activate(withLocal.context);
    expect(withLocal.clients[0]?.serverOptions.command).toBe(local);

    const relative = loadExtension(testBundle, join(dir, "workspace"), { "slimlint.path": "tools/slimlint" });
    await relative.extension.activate(relative.context);
    expect(relative.clients[0]?.serverOptions.command).toBe(join(dir, "workspace/tools/slimlint"));
  });

  it("restarts the server when slimlint.path changes, and only then", async () => {
    const settings: Record<string, string> = { "slimlint.path": "/first/slimlint" };
    const loaded = loadExtension(testBundle, undefined, settings);
    await loaded.extension.activate(loaded.context);
    const [changed] = loaded.configListeners;
    await changed?.({ affectsConfiguration: (section) => section === "editor.fontSize" });
    expect(loaded.clients).toHaveLength(1);

    settings["slimlint.path"] = "/second/slimlint";
    await changed?.({ affectsConfiguration: (section) => "slimlint.path".startsWith(section) });
    expect(loaded.clients).toHaveLength(2);
    expect(loaded.clients[0]?.stopped).toBe(true);
    expect(loaded.clients[1]?.serverOptions.command).toBe("/second/slimlint");
    expect(loaded.clients[1]?.running).toBe(true);
  });

  it("says what to do when the server cannot start", async () => {
    const loaded = loadExtension(testBundle, undefined, { "slimlint.path": "/nowhere/slimlint" }, true);
    await loaded.extension.activate(loaded.context);
    expect(loaded.errors).toEqual([
      'slimlint: cannot start "/nowhere/slimlint lsp --stdio" (spawn /nowhere/slimlint ENOENT). Install slimlint or set slimlint.path.',
    ]);
  });

  it("the command it computes answers the LSP handshake with quick fixes and hover, and lints", async () => {
    const loaded = loadExtension(testBundle, dir, { "slimlint.path": BIN });
    await loaded.extension.activate(loaded.context);
    const { command, args } = loaded.clients[0]?.serverOptions ?? { command: "", args: [] };
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
});
