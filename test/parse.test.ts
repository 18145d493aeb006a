// The parser: exact spans, flags, directives, heredocs, CRLF, escape, and the quirks of dockerfile-ast (which it
// used to rely on) kept out. Agreement with BuildKit's parser point by point: test/parse-buildkit.test.ts.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";
import { parseShell } from "../src/shell/commands.js";

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe("dockerfile-ast quirks stay out", () => {
  it("keeps a quoted -ldflags value as one word (getArguments() splits it)", () => {
    const text = 'FROM golang:1.23\nRUN go build -ldflags="-s -w" -o /out/app .\n';
    const run = parseDockerfile(text).instructions[1];
    const words = parseShell(run!.args).commands[0]!.words;
    expect(words.map((w) => w.value)).toEqual(["go", "build", "-ldflags=-s -w", "-o", "/out/app", "."]);
    expect(slice(text, words[2]!.span)).toBe('-ldflags="-s -w"');
  });

  it("keeps inner spaces of JSON-form values (getJSONValue() drops them)", () => {
    const text = 'FROM alpine:3.20\nCOPY ["my file.txt", "/dst/"]\nCMD ["echo", "a b"]\n';
    const [, copy, cmd] = parseDockerfile(text).instructions;
    expect(copy!.json?.map((w) => w.value)).toEqual(["my file.txt", "/dst/"]);
    expect(cmd!.json?.map((w) => w.value)).toEqual(["echo", "a b"]);
    expect(slice(text, cmd!.json![1]!.span)).toBe('"a b"');
  });

  it("keeps heredoc body lines out of the arguments", () => {
    const text = "FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nhello\nEOF\nUSER nobody\n";
    const parsed = parseDockerfile(text);
    const copy = parsed.instructions[1]!;
    expect(copy.words.map((w) => w.value)).toEqual(["<<EOF", "/etc/app.conf"]);
    expect(copy.heredocs[0]!.body.text).toBe("hello\n");
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "COPY", "USER"]);
  });

  it("sees `<< 'EOF'` with a space as a heredoc, so its body is not read as instructions", () => {
    const text = "FROM alpine:3.20\nRUN cat << 'EOF' > /etc/motd\nFROM not-an-instruction\nRUNN neither\nEOF\nUSER nobody\n";
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "RUN", "USER"]);
    const heredoc = parsed.instructions[1]!.heredocs[0]!;
    expect(heredoc).toMatchObject({ delimiter: "EOF", quoted: true, terminated: true });
    expect(heredoc.body.text).toBe("FROM not-an-instruction\nRUNN neither\n");
    expect(parsed.problems).toEqual([]);
  });
});

describe("parser", () => {
  it("gives exact spans and 1-based lines with CRLF line endings", () => {
    const text = "FROM golang:1.23 AS build\r\nRUN go build \\\r\n    -o /out/app .\r\nUSER nobody\r\n";
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => [i.kind, i.line])).toEqual([
      ["FROM", 1],
      ["RUN", 2],
      ["USER", 4],
    ]);
    const words = parseShell(parsed.instructions[1]!.args).commands[0]!.words;
    expect(words.map((w) => w.value)).toEqual(["go", "build", "-o", "/out/app", "."]);
    expect(parsed.source.position(words[2]!.span.start)).toEqual({ line: 3, column: 5 });
  });

  it("follows `# escape=` with a backtick: backtick continues lines, backslash is literal", () => {
    const text = "# escape=`\nFROM alpine:3.20\nCOPY C:\\app `\n  C:\\dst\\\n";
    const parsed = parseDockerfile(text);
    expect(parsed.escape).toBe("`");
    expect(parsed.instructions[1]!.words.map((w) => w.value)).toEqual(["C:\\app", "C:\\dst\\"]);
  });

  it("exposes HEALTHCHECK's own command: exec form with spans, shell form as text, NONE", () => {
    const text =
      'FROM scratch\nHEALTHCHECK --interval=5s cmd ["/app", "health"]\nHEALTHCHECK CMD /app health\nHEALTHCHECK none\nCMD ["/app"]\n';
    const [, exec, shell, none, cmd] = parseDockerfile(text).instructions;
    const health = exec?.healthcheck;
    expect(health?.kind).toBe("CMD");
    const json = health?.kind === "CMD" ? health.json : undefined;
    expect(json?.map((w) => w.value)).toEqual(["/app", "health"]);
    expect(slice(text, json![0]!.span)).toBe('"/app"');
    expect(shell?.healthcheck?.kind === "CMD" ? [shell.healthcheck.args.text, shell.healthcheck.json] : undefined).toEqual([
      "/app health",
      undefined,
    ]);
    expect(none?.healthcheck).toEqual({ kind: "NONE" });
    expect(cmd?.healthcheck).toBeUndefined();
  });

  it("parses flags, including --mount options", () => {
    const text = "FROM alpine:3.20\nRUN --mount=type=cache,target=/go/pkg/mod,sharing=locked --network=none go env\n";
    const run = parseDockerfile(text).instructions[1]!;
    expect(run.flags.map((f) => f.name)).toEqual(["mount", "network"]);
    expect(Object.fromEntries(run.flags[0]!.options)).toEqual({ type: "cache", target: "/go/pkg/mod", sharing: "locked" });
    expect(run.args.text).toBe("go env");
  });

  it("reads parser directives", () => {
    const text = "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n";
    expect(parseDockerfile(text).directives.map((d) => [d.name, d.value])).toEqual([
      ["syntax", "docker/dockerfile:1"],
      ["check", "skip=JSONArgsRecommended"],
    ]);
  });

  it("reads a leading `# hadolint ignore=…` as a comment, not a directive (dockerfile-ast does the latter)", () => {
    const parsed = parseDockerfile("# hadolint ignore=DL3006\n# syntax=docker/dockerfile:1\nFROM golang\n");
    expect(parsed.directives).toEqual([]);
    expect(parsed.comments.map((c) => c.text)).toEqual(["hadolint ignore=DL3006", "syntax=docker/dockerfile:1"]);
    const directives = parseDockerfile(
      "# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\n\n# escape=\\\nFROM golang\n",
    ).directives;
    expect(directives.map((d) => d.name)).toEqual(["syntax", "escape", "check"]);
  });

  it("drops comment lines inside a continued instruction, as Docker does", () => {
    const text = "FROM alpine:3.20\nRUN apk add \\\n  # the git client\n  git\n";
    const run = parseDockerfile(text).instructions[1]!;
    expect(parseShell(run.args).commands[0]!.words.map((w) => w.value)).toEqual(["apk", "add", "git"]);
  });

  it("ignores a UTF-8 byte-order mark", () => {
    const parsed = parseDockerfile("\uFEFFFROM alpine:3.20\n");
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM"]);
    expect(parsed.problems).toEqual([]);
  });

  it("reports an unterminated heredoc and a lone escape at the end of the file without throwing", () => {
    // The parser reports data; DF000 (rules/dockerfile-syntax.ts) writes the words.
    expect(parseDockerfile("FROM alpine:3.20\nRUN <<EOF\necho hi\n").problems).toEqual([
      { code: "unterminated-heredoc", name: "EOF", span: { start: 21, end: 26 } },
    ]);
    expect(lint("FROM alpine:3.20\nRUN <<EOF\necho hi\n").findings.find((f) => f.ruleId === "DF000")?.message).toMatch(
      /^Heredoc `EOF` is never closed/,
    );
    expect(parseDockerfile("FROM alpine:3.20\nRUN echo \\").instructions[1]!.args.text).toBe("echo ");
  });

  it("finds an unknown instruction and suggests the nearest one", () => {
    expect(parseDockerfile("FROM alpine:3.20\nCOPPY a b\n").problems).toMatchObject([{ code: "unknown-instruction", keyword: "COPPY" }]);
    expect(lint("FROM alpine:3.20\nCOPPY a b\n").findings.find((f) => f.ruleId === "DF000")?.message).toContain("Did you mean `COPY`?");
  });
});

describe("physical lines and ONBUILD triggers", () => {
  it("keeps the source range of each physical line read, comment lines inside a continuation left out", () => {
    const text = 'FROM alpine:3.20\nRUN a && \\\n# note\n    b \\\n  CMD ["/app"]\nUSER nobody\n';
    const run = parseDockerfile(text).instructions[1]!;
    expect(run.lines.map((l) => slice(text, l))).toEqual(["RUN a && ".slice(3), "    b ", '  CMD ["/app"]']);
    expect(parseDockerfile("FROM alpine:3.20\n").instructions[0]!.lines.map((l) => slice("FROM alpine:3.20\n", l))).toEqual([
      " alpine:3.20",
    ]);
  });

  it("parses the instruction ONBUILD wraps, with its flags, words and spans in the file", () => {
    const text =
      "FROM golang:1.23\nONBUILD COPY --chown=app go.mod \\\n  go.sum ./\nONBUILD run go build\n" +
      'ONBUILD ONBUILD RUN x\nONBUILD CMD ["/app"]\n';
    const [, copy, run, nested, cmd] = parseDockerfile(text).instructions;
    const trigger = copy!.trigger!;
    expect(trigger).toMatchObject({ kind: "COPY", line: 2 });
    expect(slice(text, trigger.keyword.span)).toBe("COPY");
    expect(trigger.flags.map((f) => [f.name, f.value])).toEqual([["chown", "app"]]);
    expect(trigger.words.map((w) => slice(text, w.span))).toEqual(["go.mod", "go.sum", "./"]);
    expect(trigger.lines.map((l) => slice(text, l))).toEqual(["COPY --chown=app go.mod ", "  go.sum ./"]);
    expect(run!.trigger).toMatchObject({ kind: "RUN", keyword: { value: "run" } });
    expect(run!.trigger!.args.text).toBe("go build");
    expect(nested!.trigger!.kind).toBe("ONBUILD");
    expect(nested!.trigger!.trigger!.kind).toBe("RUN");
    expect(cmd!.trigger!.json?.map((w) => w.value)).toEqual(["/app"]);
    expect(parseDockerfile(text).instructions[0]!.trigger).toBeUndefined();
  });

  it("gives a heredoc under ONBUILD to the trigger that opens it", () => {
    const text = "FROM alpine:3.20\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER nobody\n";
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "ONBUILD", "USER"]);
    expect(parsed.instructions[1]!.trigger!.heredocs[0]!.body.text).toBe("echo hi\n");
  });
});

describe("what BuildKit's parser and flag reader refuse", () => {
  const codes = (text: string) => parseDockerfile(`FROM alpine:3.20\n${text}\n`).problems.map((p) => p.code);

  it.each([
    // Exec forms whose elements are not all strings (BuildKit: "json-not-strings").
    ['CMD ["a", 42, "b"]', ["json-not-strings"]],
    ['RUN ["a", {"c": "d"}]', ["json-not-strings"]],
    ['ENTRYPOINT ["a", ["c"]]', ["json-not-strings"]],
    ['SHELL ["a", true]', ["json-not-strings"]],
    ["VOLUME [null]", ["json-not-strings"]],
    ['COPY ["a", 1, "/b"]', ["json-not-strings"]],
    // Go's encoding/json fails on a number beyond float64: BuildKit takes the shell form instead.
    ["CMD [1e999]", []],
    // Not JSON at all (trailing text): shell form, no parse error.
    ['CMD ["a"] b', []],
    ['CMD ["a", "b"]', []],
    ["EXPOSE [8080]", []],
    // Flags an instruction does not take (BuildKit: "unknown flag").
    ["COPY --user=me a /b", ["unknown-flag"]],
    ["ADD --from=alpine /a /b", ["unknown-flag"]],
    ["RUN --cache=off true", ["unknown-flag"]],
    ["HEALTHCHECK --intervall=5s CMD true", ["unknown-flag"]],
    ["COPY --chown=1 --chmod=755 --link --parents --exclude=x --from=b a /b", []],
    ["ADD --keep-git-dir --checksum=sha256:0 --unpack=false --exclude=x a /b", []],
    ["RUN --mount=type=cache,target=/x --network=none --security=insecure --device=x true", []],
    ["RUN -- --anything", ["empty-command"]],
  ])("%s", (line, expected) => expect(codes(line)).toEqual(expected));

  it("leaves flags alone under a frontend other than Docker's", () => {
    const problems = (syntax: string) =>
      parseDockerfile(`# syntax=${syntax}\nFROM alpine:3.20\nCOPY --user=me a /b\n`).problems.map((p) => p.code);
    expect(problems("docker/dockerfile:1")).toEqual(["unknown-flag"]);
    expect(problems("docker.io/docker/dockerfile-upstream:master-labs")).toEqual(["unknown-flag"]);
    expect(problems("example.com/my/frontend:1")).toEqual([]);
  });
});
