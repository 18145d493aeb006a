// The language server end to end: a child process spoken to over stdio, as an editor does.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LspClient } from "../bench/lsp-client.mjs";
import { lint } from "../src/index.js";
import { findShellCheck } from "../src/shellcheck/runner.js";
import { VERSION } from "../src/version.js";
import { BIN, run, scratchDir } from "./cli-helpers.js";

const TEXT =
  "FROM golang:1.23-alpine AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n" +
  "FROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02\n" +
  'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';

describe("slimlint lsp", () => {
  const dir = scratchDir({ "svc/Dockerfile": TEXT });
  const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
  const client = new LspClient(process.execPath, [BIN, "lsp", "--stdio"], { cwd: dir });
  const codes = (params: { diagnostics: { code: string }[] }) => params.diagnostics.map((d) => d.code).sort();
  afterAll(() => {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("initializes with incremental sync, quick fixes and hover", async () => {
    const result = await client.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    expect(result.capabilities).toMatchObject({
      textDocumentSync: { openClose: true, change: 2 },
      codeActionProvider: { codeActionKinds: ["quickfix", "source.fixAll.slimlint"] },
      hoverProvider: true,
    });
    expect(result.serverInfo).toEqual({ name: "slimlint", version: VERSION });
    client.notify("initialized", {});
    await client.waitFor("client/registerCapability");
  });

  it("publishes diagnostics on open, with precise ranges, severity and a code linking to the docs", async () => {
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text: TEXT } });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
    expect(params.version).toBe(1);
    expect(codes(params)).toEqual(["GO003", "GO004"]);
    expect(params.diagnostics.find((d: { code: string }) => d.code === "GO004")).toEqual({
      range: { start: { line: 1, character: 18 }, end: { line: 1, character: 26 } },
      severity: 2,
      code: "GO004",
      codeDescription: { href: expect.stringMatching(/docs\/rules\/go-trimpath-missing\.md$/) },
      source: "slimlint",
      message: expect.stringContaining("-trimpath"),
    });
  });

  it("re-lints on change, coalescing a burst of changes into one lint of the last version", async () => {
    const since = client.notifications.length;
    // Five incremental edits in one burst: insert " -trimpath" one word at a time.
    const pieces = [" -t", "rim", "pa", "t", "h"];
    let character = 26;
    client.notifyAll(
      pieces.map((text, i) => {
        const change = { range: { start: { line: 1, character }, end: { line: 1, character } }, text };
        character += text.length;
        return ["textDocument/didChange", { textDocument: { uri, version: 2 + i }, contentChanges: [change] }] as const;
      }),
    );
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 6, 10_000, since);
    expect(codes(params)).toEqual(["GO003"]);
    const published = client.notifications.slice(since).filter((n) => n.method === "textDocument/publishDiagnostics");
    expect(published.map((n) => n.params.version)).toEqual([6]);
  });

  it("offers quick fixes as code actions, the safe one preferred, plus fix-all", async () => {
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 1, character: 18 }, end: { line: 1, character: 18 } },
      context: { diagnostics: [] },
    });
    const quick = actions.find((a: { kind: string }) => a.kind === "quickfix");
    expect(quick).toMatchObject({
      title: "Add -s -w to -ldflags [GO003]",
      isPreferred: true,
      diagnostics: [{ code: "GO003" }],
      edit: {
        changes: {
          [uri]: [{ range: { start: { line: 1, character: 26 }, end: { line: 1, character: 26 } }, newText: ' -ldflags="-s -w"' }],
        },
      },
    });
    const fixAll = actions.find((a: { kind: string }) => a.kind === "source.fixAll.slimlint");
    expect(fixAll.edit.changes[uri][0].newText).toContain('go build -ldflags="-s -w" -trimpath -o /out/app .');
  });

  it("offers to disable a rule for the instruction with a # slimlint ignore comment that does suppress it", async () => {
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 1, character: 18 }, end: { line: 1, character: 18 } },
      context: { diagnostics: [] },
    });
    const disable = actions.find((a: { title: string }) => a.title === "Disable GO003 go-ldflags-unstripped for this instruction");
    expect(disable).toMatchObject({
      kind: "quickfix",
      diagnostics: [{ code: "GO003" }],
      edit: {
        changes: {
          [uri]: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: "# slimlint ignore=GO003\n" }],
        },
      },
    });
    expect(disable.isPreferred).toBeUndefined();
    // Applied, the comment suppresses exactly that finding.
    const lines = TEXT.replace("go build -o", "go build -trimpath -o").split("\n");
    lines.splice(1, 0, "# slimlint ignore=GO003");
    expect(lint(lines.join("\n")).findings.map((f) => f.ruleId)).toEqual([]);
    expect(lint(TEXT.replace("go build -o", "go build -trimpath -o")).findings.map((f) => f.ruleId)).toEqual(["GO003"]);
  });

  it("shows the rule's summary and rationale on hover", async () => {
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 20 } });
    expect(hover.contents.kind).toBe("markdown");
    expect(hover.contents.value).toMatch(/^\*\*GO003 go-ldflags-unstripped\*\*: A shipped Go binary keeps its symbol table/);
    expect(hover.contents.value).toContain("[Documentation](");
    expect(await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
  });

  it("re-lints on save", async () => {
    const since = client.notifications.length;
    client.notify("textDocument/didSave", { textDocument: { uri } });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000, since);
    expect(codes(params)).toEqual(["GO003"]);
  });

  it("honours the nearest config and reloads it when it changes", async () => {
    const since = client.notifications.length;
    writeFileSync(join(dir, ".slimlint.yaml"), "rules:\n  GO003: off\n  GO007: off\n");
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, ".slimlint.yaml")).href, type: 1 }] });
    // The lint of the save may still publish its ShellCheck pass (with GO003) before the server reads the
    // change: wait for the publish without GO003, which only the new config gives (else this times out).
    const { params } = await client.waitFor(
      "textDocument/publishDiagnostics",
      (p) => p.uri === uri && !codes(p).includes("GO003"),
      10_000,
      since,
    );
    expect(params.diagnostics).toEqual([]);
  });

  it("leaves what the config turns off out of fix-all", async () => {
    // GO003 (unstripped binary) is off: its fix is not offered, and fix-all has nothing left to do.
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [] },
    });
    expect(actions).toEqual([]);
  });

  it("resolves a document's options as the CLI does: the config's build contexts and suppression setting", async () => {
    // deploy/ has no go.mod: the config names the repository root as its build context, whose go.mod wants
    // Go 1.24 (GO010), and turns suppression comments off (DF012 stays). The CLI must agree.
    const deployed = TEXT.replace(
      "RUN CGO",
      "WORKDIR /src\nCOPY go.mod ./\nRUN go mod download\n# slimlint ignore=DF012\nCOPY . .\nRUN CGO",
    ).replace("golang:1.23", "golang:1.21");
    writeFileSync(join(dir, "go.mod"), "module x\n\ngo 1.24\n");
    writeFileSync(
      join(dir, ".slimlint.yaml"),
      'rules:\n  GO003: off\n  GO004: off\n  GO007: off\nallowInlineIgnores: false\ncontexts:\n  "deploy/**": "."\n',
    );
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, ".slimlint.yaml")).href, type: 2 }] });
    const deployUri = pathToFileURL(join(dir, "deploy/Dockerfile")).href;
    const since = client.notifications.length;
    client.notify("textDocument/didOpen", { textDocument: { uri: deployUri, languageId: "dockerfile", version: 1, text: deployed } });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === deployUri, 10_000, since);
    expect(codes(params)).toEqual(["DF012", "GO010"]);
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy/Dockerfile"), deployed);
    const cli = JSON.parse(run(["-f", "json", "deploy/Dockerfile"], dir).stdout) as { ruleId: string }[];
    expect(cli.map((f) => f.ruleId).sort()).toEqual(codes(params));
  });

  it("publishes nothing for a file the config's ignore globs name, as the CLI skips it", async () => {
    writeFileSync(join(dir, ".slimlint.yaml"), 'ignore: ["legacy/**"]\n');
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, ".slimlint.yaml")).href, type: 2 }] });
    const legacy = pathToFileURL(join(dir, "legacy/Dockerfile")).href;
    const since = client.notifications.length;
    client.notify("textDocument/didOpen", { textDocument: { uri: legacy, languageId: "dockerfile", version: 1, text: TEXT } });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === legacy, 10_000, since);
    expect(params.diagnostics).toEqual([]);
    // The same text elsewhere is linted.
    expect(lint(TEXT).findings.length).toBeGreaterThan(0);
  });

  it.skipIf(!findShellCheck())("publishes the other rules' findings first, then again with ShellCheck's", async () => {
    const scripted = pathToFileURL(join(dir, "scripted/Dockerfile")).href;
    const since = client.notifications.length;
    client.notify("textDocument/didOpen", {
      textDocument: { uri: scripted, languageId: "dockerfile", version: 1, text: TEXT.replace("RUN CGO", "RUN cd /tmp; ls\nRUN CGO") },
    });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === scripted, 10_000, since);
    expect(codes(params)).not.toContain("SC2164");
    const second = await client.waitFor(
      "textDocument/publishDiagnostics",
      (p) => p.uri === scripted && codes(p).includes("SC2164"),
      10_000,
      since + 1,
    );
    expect(codes(second.params)).toEqual([...codes(params), "SC2164"].sort());
  });

  it("shuts down cleanly", async () => {
    expect(await client.shutdown()).toBe(0);
    expect(client.stderr).toBe("");
  });
});

describe("slimlint lsp --config", () => {
  // The nearer config makes IM001 (an image without a tag) an error; other.yaml, the one given, turns it off.
  const dir = scratchDir({ "svc/.slimlint.yaml": "rules:\n  IM001: error\n", "other.yaml": "rules:\n  IM001: off\n" });
  const clients: LspClient[] = [];
  const uri = pathToFileURL(join(dir, "svc/Dockerfile")).href;
  const text = "FROM golang\n";
  afterAll(() => {
    for (const client of clients) client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function started(args: readonly string[]): Promise<LspClient> {
    const client = new LspClient(process.execPath, [BIN, "lsp", "--stdio", ...args], { cwd: dir });
    clients.push(client);
    const capabilities = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };
    await client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities });
    client.notify("initialized", {});
    return client;
  }
  const opened = async (client: LspClient, at = uri) => {
    const since = client.notifications.length;
    client.notify("textDocument/didOpen", { textDocument: { uri: at, languageId: "dockerfile", version: 1, text } });
    return (await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === at, 10_000, since)).params;
  };
  const shown = (client: LspClient) =>
    client.notifications.filter((n) => n.method === "window/showMessageRequest" || n.method === "window/showMessage");

  it("without it, the nearest config applies (the control case)", async () => {
    const client = await started([]);
    const params = await opened(client);
    expect(params.diagnostics.map((d: { code: string; severity: number }) => [d.code, d.severity])).toEqual([["IM001", 1]]);
    expect(await client.shutdown()).toBe(0);
  });

  it("uses the given file for every document instead of the nearest one, watches it and reloads it when it is saved", async () => {
    const client = await started(["--config", "other.yaml"]);
    const registered = await client.waitFor("client/registerCapability");
    expect(registered.params.registrations[0].registerOptions.watchers).toEqual([{ globPattern: "**/other.yaml" }]);
    expect((await opened(client)).diagnostics).toEqual([]);
    writeFileSync(join(dir, "other.yaml"), "rules:\n  IM001: warning\n");
    const since = client.notifications.length;
    client.notify("textDocument/didSave", { textDocument: { uri: pathToFileURL(join(dir, "other.yaml")).href } });
    const { params } = await client.waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri, 10_000, since);
    expect(params.diagnostics.map((d: { code: string; severity: number }) => [d.code, d.severity])).toEqual([["IM001", 2]]);
    writeFileSync(join(dir, "other.yaml"), "rules:\n  IM001: off\n");
    expect(shown(client)).toEqual([]);
    expect(await client.shutdown()).toBe(0);
    expect(client.stderr).toBe("");
  });

  it("says once that a missing file cannot be read, lints every document with the defaults, and goes on serving", async () => {
    const client = await started(["--config=missing.yaml"]);
    const other = pathToFileURL(join(dir, "build.Dockerfile")).href;
    for (const at of [uri, other]) {
      const params = await opened(client, at);
      // The defaults: IM001 is a warning, neither the nearer config's error nor absent.
      expect(params.diagnostics.map((d: { code: string; severity: number }) => [d.code, d.severity])).toEqual([["IM001", 2]]);
    }
    expect(shown(client).map((n) => n.params.message)).toEqual([
      `slimlint: ${join(dir, "missing.yaml")}: cannot be read (no such file or directory)`,
    ]);
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 6 } });
    expect(hover.contents.value).toContain("IM001");
    expect(await client.shutdown()).toBe(0);
  });
});
