// Bad input through the built CLI: a clear one-line message, the documented exit code, no stack trace,
// no hang, and the other files still linted and reported.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLEAN, run, scratchDir, tempDir } from "./cli-helpers.js";

const GOOD_WITH_FINDING = "FROM golang\n"; // IM001 + SE001
const files = (stdout: string) => [...new Set(JSON.parse(stdout).map((r: { file: string }) => r.file))];
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);

describe("bad input", () => {
  it("a binary file: reported, exit 2, the other file still linted", () => {
    const dir = scratchDir({
      "bin/Dockerfile": new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0]),
      "ok/Dockerfile": GOOD_WITH_FINDING,
    });
    const r = run(["-f", "json", "bin/Dockerfile", "ok/Dockerfile"], dir);
    expect(r.code).toBe(2);
    expect(files(r.stdout)).toEqual(["ok/Dockerfile"]);
    expect(r.stderr).toBe("slimlint: bin/Dockerfile: is a binary file, not a Dockerfile (it contains NUL bytes)\n");
  });

  it("invalid UTF-8: reported, exit 2", () => {
    const dir = scratchDir({ Dockerfile: new Uint8Array([...Buffer.from('FROM golang:1.23\nLABEL x="'), 0xc3, 0x28, 0x22, 0x0a]) });
    expect(run(["Dockerfile"], dir)).toMatchObject({
      code: 2,
      stderr: "slimlint: Dockerfile: is not valid UTF-8 text; save it as UTF-8\n",
    });
  });

  it("a UTF-8 BOM and CRLF line endings: linted at the same positions as plain LF", () => {
    const text = "FROM golang AS b\nUSER app\n";
    const dir = scratchDir({ "lf/Dockerfile": text, "bom/Dockerfile": `\uFEFF${text.replace(/\n/g, "\r\n")}` });
    const rows = JSON.parse(run(["-f", "json", "lf/Dockerfile", "bom/Dockerfile"], dir).stdout) as {
      file: string;
      line: number;
      column: number;
      ruleId: string;
    }[];
    const at = (file: string) => rows.filter((r) => r.file === file).map((r) => `${r.line}:${r.column} ${r.ruleId}`);
    expect(at("bom/Dockerfile")).toEqual(at("lf/Dockerfile"));
    expect(at("lf/Dockerfile")).toContain("1:6 IM001");
  });

  it.each([
    ["an unterminated heredoc", "FROM golang:1.23-alpine\nRUN <<EOF\ngo build .\n", "2:5: error: Heredoc `EOF` is never closed"],
    ["a lone backslash at the end of the file", "FROM scratch\nUSER 65532\nRUN echo \\", "3:1: error: This RUN is run by /bin/sh"],
    // BuildKit refuses it ("file with no instructions"): an error now, no longer a clean file.
    ["an empty file", "", "1:1: error: This file has no instructions"],
  ])("%s: reported as findings, never a crash", (_name, text, expected) => {
    const dir = scratchDir({ Dockerfile: text });
    const r = run(["-f", "compact", "Dockerfile"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Dockerfile:${expected}`);
  });

  it("`# escape=` with a backtick: continuation lines follow it", () => {
    const dir = scratchDir({
      Dockerfile:
        '# escape=`\nFROM golang:1.23-alpine AS b\nRUN CGO_ENABLED=0 go build `\n    -o C:\\out\\app.exe .\nCMD ["C:\\out\\app.exe"]\n',
    });
    const rows = JSON.parse(run(["-f", "json", "Dockerfile"], dir).stdout).map(
      (r: { line: number; ruleId: string }) => `${r.line} ${r.ruleId}`,
    );
    expect(rows).toEqual(["2 GO009", "2 IM003", "2 SE001", "3 GO003", "3 GO004"]);
  });

  it("a missing file and a directory without Dockerfiles: exit 2 after the rest is reported", () => {
    const dir = scratchDir({ "ok/Dockerfile": GOOD_WITH_FINDING, "empty/README.md": "nothing\n" });
    const r = run(["-f", "json", "missing/Dockerfile", "ok/Dockerfile", "empty"], dir);
    expect(r.code).toBe(2);
    expect(files(r.stdout)).toEqual(["ok/Dockerfile"]);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      "slimlint: missing/Dockerfile: no such file or directory",
      "slimlint: empty: no Dockerfile found in this directory (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*)",
    ]);
    noStack(r.stderr);
  });

  describe("unreadable files and configs (run as an unprivileged user, as root reads anything)", () => {
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // A copy of the self-contained binary in a world-readable place, wherever this checkout lives.
    const install = tempDir("slimlint-bin-");
    mkdirSync(join(install, "bin"));
    mkdirSync(join(install, "dist"));
    const root = new URL("..", import.meta.url).pathname;
    copyFileSync(join(root, "bin/slimlint.cjs"), join(install, "bin/slimlint.cjs"));
    copyFileSync(join(root, "dist/slimlint-bundle.cjs"), join(install, "dist/slimlint-bundle.cjs"));
    for (const d of [install, join(install, "bin"), join(install, "dist")]) chmodSync(d, 0o755);
    const runAs = (args: string[], cwd: string) => {
      const r = spawnSync(process.execPath, [join(install, "bin/slimlint.cjs"), ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        ...asNobody,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const world = (files: Record<string, string>) => {
      const dir = scratchDir(files);
      chmodSync(dir, 0o755);
      return dir;
    };

    it("an unreadable Dockerfile: exit 2, the other file still linted", () => {
      const dir = world({ "a/Dockerfile": GOOD_WITH_FINDING, "b/Dockerfile": CLEAN });
      chmodSync(join(dir, "a"), 0o755);
      chmodSync(join(dir, "b"), 0o755);
      chmodSync(join(dir, "a/Dockerfile"), 0o000);
      chmodSync(join(dir, "b/Dockerfile"), 0o644);
      const r = runAs(["a/Dockerfile", "b/Dockerfile"], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("✔ No problems in 1 file\n");
      expect(r.stderr).toBe("slimlint: a/Dockerfile: permission denied\n");
    });

    it("a file --fix cannot write: reported, exit 2, and left exactly as it was", () => {
      const text = 'FROM golang:1.23-alpine\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n';
      const dir = world({ Dockerfile: text });
      chmodSync(join(dir, "Dockerfile"), 0o644); // readable, but the directory is not writable for this user
      const r = runAs(["--fix", "Dockerfile"], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("slimlint: Dockerfile: fixes not written: permission denied\n");
      expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(text);
      expect(readdirSync(dir)).toEqual(["Dockerfile"]);
    });

    it("an unreadable config: exit 2 naming it", () => {
      const dir = world({ Dockerfile: CLEAN, ".slimlint.yaml": "rules: {}\n" });
      chmodSync(join(dir, "Dockerfile"), 0o644);
      chmodSync(join(dir, ".slimlint.yaml"), 0o000);
      const r = runAs(["Dockerfile"], dir);
      expect(r).toMatchObject({
        code: 2,
        stdout: "",
        stderr: "slimlint: .slimlint.yaml: cannot be read (permission denied); the Dockerfiles it applies to were not linted\n",
      });
    });
  });
});
