// The language server against clients that misbehave: URIs it cannot map to a file, notifications with
// the wrong shape, changes without text or version, requests after shutdown, a client that goes away.
// Each case drives the built server over stdio.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LspClient } from "../bench/lsp-client.mjs";
import { BIN, scratchDir } from "./cli-helpers.js";

const TEXT =
  "FROM golang:1.23-alpine AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n" +
  "FROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02\n" +
  'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
const INVALID_REQUEST = -32600;

const codes = (params: { diagnostics: { code: string }[] }) => params.diagnostics.map((d) => d.code).sort();

describe("slimlint lsp with hostile input", () => {
  const dir = scratchDir({ "svc/Dockerfile": TEXT });
  const clients: LspClient[] = [];
  afterAll(() => {
    for (const client of clients) client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function started(processId: number | null = process.pid): Promise<LspClient> {
    const client = new LspClient(process.execPath, [BIN, "lsp", "--stdio"], { cwd: dir });
    clients.push(client);
    await client.request("initialize", { processId, rootUri: pathToFileURL(dir).href, capabilities: {} });
    client.notify("initialized", {});
    return client;
  }

  /** A request's answer, or a clear failure when the server has exited instead. */
  function answered(client: LspClient, method: string, params: unknown): Promise<unknown> {
    const exited = client.exited.then((code) => {
      throw new Error(`the server exited (code ${code}): ${client.stderr}`);
    });
    return Promise.race([client.request(method, params), exited]);
  }

  const open = (client: LspClient, uri: unknown, text: unknown = TEXT, version: unknown = 1) =>
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version, text } });

  it("lints documents whose URI has no usable path (UNC host, encoded slash, bad escape) without config or context", async () => {
    const client = await started();
    for (const uri of ["file://host/share/Dockerfile", "file:///srv/a%2Fb/Dockerfile", "file:///a%zz/Dockerfile"]) {
      const since = client.notifications.length;
      open(client, uri);
      const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000, since);
      expect(codes(params), uri).toEqual(["GO003", "GO004"]);
      const hover = (await answered(client, "textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 20 } })) as {
        contents: { value: string };
      };
      expect(hover.contents.value).toContain("GO003");
    }
    expect(client.stderr).toBe("");
  });

  it("refuses notifications with a non-string uri or text, and goes on serving", async () => {
    const client = await started();
    const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
    open(client, uri);
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    open(client, 42);
    open(client, { path: "/etc/passwd" });
    open(client, `${uri}.other`, 42);
    open(client, `${uri}.other`, null);
    client.notify("textDocument/didOpen", null);
    client.notify("textDocument/didChange", { textDocument: { uri: 7, version: 2 }, contentChanges: [{ text: "FROM x\n" }] });
    client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: 42 }] });
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: "a" }, end: null }, text: "x" }],
    });
    client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: "all of it" });
    client.notify("textDocument/didClose", { textDocument: { uri: null } });
    client.notify("textDocument/didSave", null);
    client.send({ jsonrpc: "2.0", method: "$/cancelRequest" });
    const hover = (await answered(client, "textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 20 } })) as {
      contents: { value: string };
    };
    expect(hover.contents.value).toContain("GO003");
    // The refused changes left the text as it was; a valid change is applied and linted.
    const since = client.notifications.length;
    const at = { line: 1, character: 26 };
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: at, end: at }, text: " -trimpath" }],
    });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 3, 10_000, since);
    expect(codes(params)).toEqual(["GO003"]);
    const other = client.notifications.filter((n) => n.method === "textDocument/publishDiagnostics" && n.params.uri !== uri);
    expect(other).toEqual([]);
    const logged = client.notifications.filter((n) => n.method === "window/logMessage").map((n) => n.params.message as string);
    expect(logged).toContain("slimlint: didOpen without a string textDocument.uri");
    expect(logged).toContain(`slimlint: didOpen of ${uri}.other without a string text`);
    expect(logged.filter((m) => m.includes("malformed contentChanges"))).toHaveLength(3);
    expect(client.stderr).toBe("");
    expect(await client.shutdown()).toBe(0);
  });

  it("keeps re-linting a document after a didChange with empty contentChanges", async () => {
    const client = await started();
    const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
    open(client, uri);
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [] });
    // Insert " -trimpath" after `go build`: GO004 goes away.
    const at = { line: 1, character: 26 };
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: at, end: at }, text: " -trimpath" }],
    });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 3);
    expect(codes(params)).toEqual(["GO003"]);
  });

  it("lints a didChange without version (published without one) and the changes after it", async () => {
    const client = await started();
    const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
    open(client, uri);
    await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    // GO003's quick fix, sent without a version.
    const since = client.notifications.length;
    const at = { line: 1, character: 26 };
    client.notify("textDocument/didChange", {
      textDocument: { uri },
      contentChanges: [{ range: { start: at, end: at }, text: ' -ldflags="-s -w"' }],
    });
    const unversioned = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000, since);
    expect(unversioned.params.version).toBeUndefined();
    expect(codes(unversioned.params)).toEqual(["GO004"]);
    client.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: TEXT }] });
    const back = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 3);
    expect(codes(back.params)).toEqual(["GO003", "GO004"]);
  });

  it("answers every request after shutdown with InvalidRequest, and exits 0 on exit", async () => {
    const client = await started();
    expect(await client.request("shutdown", null)).toBeNull();
    const refusal = (method: string, params: unknown) =>
      client.request(method, params).then(
        () => "answered",
        (error: { code?: number }) => error.code,
      );
    expect(
      await refusal("textDocument/hover", { textDocument: { uri: "file:///x/Dockerfile" }, position: { line: 0, character: 0 } }),
    ).toBe(INVALID_REQUEST);
    expect(
      await refusal("textDocument/codeAction", {
        textDocument: { uri: "file:///x/Dockerfile" },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
    ).toBe(INVALID_REQUEST);
    expect(await refusal("workspace/unknownRequest", {})).toBe(INVALID_REQUEST);
    expect(await refusal("initialize", { processId: null, capabilities: {} })).toBe(INVALID_REQUEST);
    expect(await refusal("shutdown", null)).toBe(INVALID_REQUEST);
    client.notify("exit", null);
    expect(await client.exited).toBe(0);
    expect(client.stderr).toBe("");
  });

  it("exits 1 on exit without shutdown", async () => {
    const client = await started();
    client.notify("exit", null);
    expect(await client.exited).toBe(1);
  });

  it("ends when its input closes, even while the client's process lives", async () => {
    const gone = await started(process.pid);
    gone.endInput();
    const timeout = new Promise((resolve) => setTimeout(() => resolve("still running"), 8_000));
    expect(await Promise.race([gone.exited, timeout])).toBe(1);
    const after = await started(process.pid);
    await after.request("shutdown", null);
    after.endInput();
    expect(await Promise.race([after.exited, timeout])).toBe(0);
  });

  it("shows a broken config once and lints without it", async () => {
    const configDir = scratchDir({ "svc/Dockerfile": TEXT, "svc/build.Dockerfile": TEXT, "svc/.slimlint.yaml": "rules: [oops\n" });
    try {
      const client = new LspClient(process.execPath, [BIN, "lsp", "--stdio"], { cwd: configDir });
      clients.push(client);
      await client.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
      for (const name of ["svc/Dockerfile", "svc/build.Dockerfile"]) {
        const uri = pathToFileURL(join(configDir, name)).href;
        open(client, uri);
        const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
        expect(codes(params)).toEqual(["GO003", "GO004"]);
      }
      const shown = client.notifications.filter((n) => n.method === "window/showMessageRequest" || n.method === "window/showMessage");
      expect(shown).toHaveLength(1);
      expect(shown[0]?.params.message).toMatch(/^slimlint: .*\.slimlint\.yaml:\d+: not valid YAML/);
      expect(await client.shutdown()).toBe(0);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it("a FIFO as config, go.mod or .dockerignore beside the document: said once, linted without it, never a hang", async () => {
    const fifoDir = scratchDir({ "svc/Dockerfile": TEXT });
    try {
      for (const name of ["svc/.slimlint.yaml", "svc/go.mod", "svc/.dockerignore"])
        expect(spawnSync("mkfifo", [join(fifoDir, name)]).status).toBe(0);
      const client = new LspClient(process.execPath, [BIN, "lsp", "--stdio"], { cwd: fifoDir });
      clients.push(client);
      await client.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
      const uri = pathToFileURL(join(fifoDir, "svc/Dockerfile")).href;
      open(client, uri);
      const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000);
      expect(codes(params)).toEqual(["GO003", "GO004"]);
      const shown = client.notifications.filter((n) => n.method === "window/showMessageRequest" || n.method === "window/showMessage");
      expect(shown.map((n) => n.params.message)).toEqual([
        expect.stringMatching(/^slimlint: .*\.slimlint\.yaml: is not a regular file \(a FIFO\)$/),
        `slimlint: ${join(fifoDir, "svc/go.mod")}: is not a regular file (a FIFO); linted without it`,
        `slimlint: ${join(fifoDir, "svc/.dockerignore")}: is not a regular file (a FIFO); linted without it`,
      ]);
      // Said once: a later lint of the document reads the context from the cache and says nothing new.
      client.notify("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: `${TEXT}# edited\n` }],
      });
      await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 2, 10_000);
      const shownLater = client.notifications.filter((n) => n.method === "window/showMessageRequest" || n.method === "window/showMessage");
      expect(shownLater).toHaveLength(3);
      expect(await client.shutdown()).toBe(0);
    } finally {
      rmSync(fifoDir, { recursive: true, force: true });
    }
  });
});
