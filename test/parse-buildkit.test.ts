// The parser reads a Dockerfile as BuildKit's parser does (moby/buildkit frontend/dockerfile/parser):
// lines end at LF only, leading white space is Go's unicode.IsSpace, heredoc openers are BuildKit's,
// `# escape=` needs a value, a file needs an instruction, and a line may hold at most 65535 bytes.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { fix, lint } from "../src/index.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";
import { run, scratchDir } from "./cli-helpers.js";

const at = (text: string) => lint(text).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`);
const syntax = (text: string) =>
  lint(text)
    .findings.filter((f) => f.ruleId === "DF000")
    .map((f) => `${f.start.line}:${f.start.column} ${f.message}`);

const scratch: string[] = [];
const dirWith = (files: Record<string, string>) => {
  const dir = scratchDir(files);
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("line endings: BuildKit splits lines at LF only", () => {
  const lines = ["FROM golang:1.23-alpine AS build", "RUN go build -o /out/app .", "USER 65532", 'ENTRYPOINT ["/out/app"]', ""];

  it("a file with lone CR line breaks (classic Mac OS) gets one clear error at 1:1 and nothing else", () => {
    const findings = lint(lines.join("\r")).findings;
    expect(findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`)).toEqual(["1:1 DF000"]);
    expect(findings[0]?.message).toMatch(
      /^This file uses CR line endings \(classic Mac OS\): Docker splits lines at LF only, so it reads the file as one long line/,
    );
  });

  it("CR line breaks with a final LF (added by a tool) are still CR line breaks", () => {
    expect(at(`${lines.join("\r")}\n`)).toEqual(["1:1 DF000"]);
  });

  it("CRLF and LF files get the same findings at the same positions", () => {
    expect(at(lines.join("\r\n"))).toEqual(at(lines.join("\n")));
    expect(syntax(lines.join("\r\n"))).toEqual([]);
  });

  it("a lone CR inside a line does not shift the positions of what follows", () => {
    const text = 'FROM golang:1.23-alpine AS build\nLABEL a="x\ry"\nRUNN go build\n';
    expect(syntax(text).map((s) => s.slice(0, 4))).toEqual(["3:1 "]);
  });
});

describe("line continuations: BuildKit's pattern `([^E])E[ \\t]*$|^E[ \\t]*$`", () => {
  it("ends the line at an escaped escape character (`trailing\\\\`), with the default and a backtick escape", () => {
    const kinds = (text: string) => parseDockerfile(text).instructions.map((i) => `${i.kind} ${i.args.text}`);
    expect(kinds("FROM scratch\nENV C trailing\\\\backslash\\\\\nENV D next\n")).toEqual([
      "FROM scratch",
      "ENV C trailing\\\\backslash\\\\",
      "ENV D next",
    ]);
    expect(kinds("# escape=`\nFROM scratch\nENV C a``\nENV D next\n")).toEqual(["FROM scratch", "ENV C a``", "ENV D next"]);
    // One escape continues, also after blanks and on a line of its own.
    expect(kinds("FROM scratch\nENV C a \\\n  b\nRUN \\\n\\\n  true\n")).toEqual(["FROM scratch", "ENV C a   b", "RUN true"]);
  });
});

describe("heredocs: openers as BuildKit's heredocsFromLine finds them", () => {
  it("`RUN let x=1<<2` is not a heredoc: no unclosed-heredoc error, the next lines stay instructions", () => {
    const text = "FROM alpine:3.20\nRUN let x=1<<2\nRUN cat<<EOF\nUSER nobody\n";
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => [i.kind, i.heredocs.length])).toEqual([
      ["FROM", 0],
      ["RUN", 0],
      ["RUN", 0],
      ["USER", 0],
    ]);
    expect(parsed.problems).toEqual([]);
    expect(syntax(text)).toEqual([]);
  });

  it("`RUN let x=1<<2`: the RUN's shell is read normally", () => {
    const run = lint("FROM alpine:3.20\nRUN let x=1<<2 && cd /src && make\nUSER nobody\n").model.stages[0]?.runs[0];
    expect(run?.commands.map((c) => c.name)).toEqual(["let", "cd", "make"]);
  });

  // BuildKit's own cases (parser_heredoc_test.go TestHeredocsFromLine, TestParseHeredocHelpers).
  it.each([
    ["RUN <<EOF", ["EOF"]],
    ["RUN <<-EOF", ["EOF"]],
    // BuildKit's lexer joins only blanks right after `<<` to the next word: `<<-` and `EOF` stay two
    // words, so this is no heredoc (its TestHeredocsFromLine lists it, but asserts nothing for an empty result).
    ["RUN <<- EOF", []],
    ["RUN << -EOF", ["-EOF"]],
    ["RUN <<'EOF'", ["EOF"]],
    ["RUN 4<<EOF", ["EOF"]],
    ["RUN <<EOF <<EOF2", ["EOF", "EOF2"]],
    ["RUN '<<EOF'", []],
    ['RUN "<<EOF"', []],
    ['RUN <<EO"F"', ["EOF"]],
    ["RUN <<'one two'", ["one two"]],
    ["RUN <<$EOF", ["$EOF"]],
    ["RUN <<  EOF  > foo", ["EOF"]],
    ["RUN <<<EOF", []],
    ["RUN <<", []],
    ['RUN ["<<EOF"]', []],
    ["USER <<EOF", []],
    ["ONBUILD RUN <<EOF", ["EOF"]],
  ])("%s opens %j", (line, names) => {
    const text = `FROM alpine:3.20\n${line}\n${names.join("\n")}\n`;
    expect(parseDockerfile(text).instructions[1]?.heredocs.map((h) => h.delimiter)).toEqual(names);
  });

  it("a quoted delimiter is not expanded; the body ends at the delimiter line, CRs at its end ignored", () => {
    const parsed = parseDockerfile("FROM alpine:3.20\nCOPY <<'EOF' /etc/motd\nhello\nEOF\r\r\nUSER nobody\n");
    expect(parsed.instructions[1]?.heredocs[0]).toMatchObject({ delimiter: "EOF", quoted: true, terminated: true });
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "COPY", "USER"]);
  });
});

describe("leading white space: BuildKit trims Go's unicode.IsSpace", () => {
  it("`\\v`, `\\f`, NBSP and NEL before a keyword are trimmed, and columns stay right", () => {
    const text = '\vFROM golang:1.23-alpine AS build\n\fRUN go build -o /out/app .\n\u00a0USER 65532\n\u0085CMD ["/out/app"]\n';
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => [i.kind, parsed.source.position(i.keyword.span.start)])).toEqual([
      ["FROM", { line: 1, column: 2 }],
      ["RUN", { line: 2, column: 2 }],
      ["USER", { line: 3, column: 2 }],
      ["CMD", { line: 4, column: 2 }],
    ]);
    expect(syntax(text)).toEqual([]);
    expect(at(text)).toEqual(at(text.replace(/^[\v\f\u00a0\u0085]/gm, " ")));
  });

  it("`\\v` and `\\f` end a keyword, as BuildKit's [\\t\\v\\f\\r ] does", () => {
    const parsed = parseDockerfile("FROM\valpine:3.20\nUSER\f65532\n");
    expect(parsed.instructions.map((i) => [i.kind, i.args.text])).toEqual([
      ["FROM", "alpine:3.20"],
      ["USER", "65532"],
    ]);
  });
});

describe("parser directives: BuildKit's regexp needs a value", () => {
  it("`# escape=` with no value is a comment: the escape stays a backslash", () => {
    const text = "# escape=\nFROM alpine:3.20\nRUN echo a \\\n  b\nUSER nobody\n";
    const parsed = parseDockerfile(text);
    expect(parsed.escape).toBe("\\");
    expect(parsed.directives).toEqual([]);
    expect(parsed.comments.map((c) => c.text)).toEqual(["escape="]);
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "RUN", "USER"]);
    expect(syntax(text)).toEqual([]);
  });

  it('`# escape= ` (a space) is a directive with the value " ", which Docker refuses', () => {
    expect(syntax("# escape= \nFROM alpine:3.20\n")).toEqual([expect.stringMatching(/^1:10 Invalid escape directive ` `/)]);
  });
});

describe('a file with no instructions: BuildKit\'s "file with no instructions"', () => {
  it.each([
    ["an empty file", ""],
    ["only blank lines", "\n  \n\t\n"],
    ["only comments", "# builds nothing yet\n\n# TODO\n"],
    ["only directives", "# syntax=docker/dockerfile:1\n"],
    ["only a byte-order mark", "\uFEFF"],
  ])("%s: one error at 1:1", (_name, text) => {
    expect(lint(text).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId} ${f.severity}`)).toEqual(["1:1 DF000 error"]);
    expect(syntax(text)[0]).toMatch(/^1:1 This file has no instructions, so Docker refuses to build it/);
  });

  it("a file whose only instructions are unknown has instructions (BuildKit reads them, then refuses them)", () => {
    expect(syntax("FORM alpine\n").map((s) => s.slice(0, 4))).toEqual(["1:1 ", "1:1 "]);
    expect(syntax("FORM alpine\n").join("\n")).not.toContain("no instructions");
  });
});

describe("line length: BuildKit's scanner reads at most 65535 bytes a line", () => {
  const withLine = (line: string) => `FROM alpine:3.20\nRUN apk add git\n${line}\nUSER nobody\n`;

  it("a line over the limit is an error at that line; nothing from there on is read", () => {
    const text = withLine(`RUN echo ${"x".repeat(70_000)}`);
    expect(syntax(text)).toEqual([expect.stringMatching(/^3:1 Line 3 is longer than 65535 bytes, the most Docker reads in one line/)]);
    const parsed = parseDockerfile(text);
    expect(parsed.instructions.map((i) => i.kind)).toEqual(["FROM", "RUN"]);
    expect(
      lint(text)
        .findings.filter((f) => f.start.line >= 3)
        .map((f) => f.ruleId),
    ).toEqual(["DF000"]);
  });

  it("counts UTF-8 bytes, the line break excluded: 65535 bytes pass, 65536 do not", () => {
    const comment = (bytes: number) => `#${"x".repeat(bytes - 1)}`;
    expect(syntax(withLine(comment(65_535)))).toEqual([]);
    expect(syntax(withLine(comment(65_535)).replace(/\n/g, "\r\n")).map((s) => s.slice(0, 4))).toEqual(["3:1 "]);
    expect(syntax(withLine(comment(65_536))).map((s) => s.slice(0, 4))).toEqual(["3:1 "]);
    // 32768 two-byte characters: 65536 bytes in 32768 UTF-16 code units.
    expect(syntax(withLine(`#${"é".repeat(32_767)}x`)).map((s) => s.slice(0, 4))).toEqual(["3:1 "]);
    expect(syntax(withLine(`#${"é".repeat(32_767)}`))).toEqual([]);
  });

  it("fixes before the long line still apply, and the fix loop keeps the one syntax error", () => {
    const result = fix(withLine(`RUN echo ${"x".repeat(70_000)}`));
    expect(result.text.startsWith("FROM alpine:3.20\nRUN apk add --no-cache git\n")).toBe(true);
    expect(result.findings.filter((f) => f.ruleId === "DF000")).toHaveLength(1);
  });
});

describe("through the built CLI", () => {
  const compact = (text: string) => {
    const r = run(["-f", "compact", "Dockerfile"], dirWith({ Dockerfile: text }));
    return { ...r, lines: r.stdout.split("\n").filter((l) => l.startsWith("Dockerfile:")) };
  };

  it("lone CR line breaks: one error at 1:1, exit 1", () => {
    const r = compact("FROM golang:1.23-alpine AS build\rRUN go build -o /out/app .\rUSER 65532\r");
    expect(r).toMatchObject({ code: 1, stderr: "" });
    expect(r.lines).toEqual([expect.stringMatching(/^Dockerfile:1:1: error: This file uses CR line endings \(classic Mac OS\)/)]);
  });

  it("`RUN let x=1<<2`, `\\v` before a keyword, `# escape=`: no syntax error", () => {
    const r = compact("# escape=\n\vFROM alpine:3.20\nRUN let x=1<<2 \\\n  && echo $x\nUSER nobody\n");
    expect(r.stderr).toBe("");
    expect(r.lines.filter((l) => l.includes("DF000"))).toEqual([]);
  });

  it("`\\v`, `\\f`, NBSP and NEL before a keyword: findings at the same positions as with a space", () => {
    const rows = (text: string) => compact(text).lines.map((l) => l.split(" ")[0]);
    const text = "\vFROM golang AS b\n\fUSER app\n\u00a0EXPOSE 80/TCP\n\u0085EXPOSE 81/TCP\n";
    expect(compact(text).stderr).toBe("");
    expect(rows(text)).toEqual(rows(text.replace(/^[\v\f\u00a0\u0085]/gm, " ")));
    expect(rows(text)).toEqual(expect.arrayContaining(["Dockerfile:1:7:", "Dockerfile:3:9:", "Dockerfile:4:9:"]));
  });

  it("a comment-only file: the no-instructions error at 1:1, exit 1", () => {
    const r = compact("# nothing here yet\n");
    expect(r).toMatchObject({ code: 1, stderr: "" });
    expect(r.lines).toEqual([expect.stringMatching(/^Dockerfile:1:1: error: This file has no instructions/)]);
  });

  it("a line over 64 KiB: one error at that line, and the output stays one short line", () => {
    const r = compact(`FROM alpine:3.20\nRUN echo ${"x".repeat(100_000)}\nUSER nobody\n`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const long = r.lines.filter((l) => l.includes("DF000"));
    expect(long).toEqual([expect.stringMatching(/^Dockerfile:2:1: error: Line 2 is longer than 65535 bytes/)]);
    expect(Math.max(...r.stdout.split("\n").map((l) => l.length))).toBeLessThan(1000);
  });
});

describe("cost grows linearly with the input", () => {
  const best = (f: () => void) => {
    const times = [0, 1, 2, 3, 4, 5, 6].map(() => {
      const start = process.cpuUsage();
      f();
      const used = process.cpuUsage(start);
      return used.user + used.system;
    });
    return Math.min(...times);
  };
  // The shapes that exercise BuildKit's lexing of one instruction line (src/parse/buildkit.ts). n is large
  // enough that both sizes are past V8's young-generation size (below it, n and 4n differ in GC regime, not
  // in algorithm); warm-up runs and the best of seven keep JIT warm-up out of the ratio, and CPU time (not
  // wall time) keeps out the other processes of a busy machine.
  it.each([
    // Continuation lines join into one instruction line, and keep each physical line under 64 KiB.
    [
      "quoted words and ${…} expansions in one RUN with a heredoc",
      12_000,
      (n: number) => `FROM alpine:3.20\nRUN cat ${'"a b" \'c\' ${x:-"y z"} \\\n'.repeat(n / 4)}<<EOF\nEOF\n`,
    ],
    [
      "heredoc openers in one RUN, each with its body",
      48_000,
      (n: number) => `FROM alpine:3.20\nRUN cat ${"<<E \\\n".repeat(n)}  >/dev/null\n${"line\nE\n".repeat(n)}`,
    ],
  ] as const)(
    "%s: 4n parse in < 6× the time of n (n = %d)",
    (_shape, n, make) => {
      const small = make(n);
      const large = make(4 * n);
      for (let i = 0; i < 3; i++) {
        parseDockerfile(small);
        parseDockerfile(large);
      }
      const parsed = parseDockerfile(large);
      expect(parsed.problems).toEqual([]);
      expect(parsed.instructions[1]?.heredocs.length).toBeGreaterThan(0);
      // Linear shapes measure 3.7–4.8 alone and once 6.3 right after the integration suites (GC threads count in
      // CPU time); a quadratic shape measures 16. The limit is the scaling test's (test/scaling.test.ts), and so is
      // the retry: a noisy measurement is taken again, at most five times, which a quadratic cost never passes.
      let ratio = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 5 && ratio >= 6; attempt++)
        ratio = Math.min(ratio, best(() => parseDockerfile(large)) / best(() => parseDockerfile(small)));
      expect(ratio).toBeLessThan(6);
    },
    30_000,
  );
});
