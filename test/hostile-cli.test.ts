// Hostile input and writes through the built CLI (issue "Unbreakable and linear"): files that are not
// files, planted links, closed or full output, control characters, broken configs. Each case: a clear
// message, the documented exit code, no stack trace, no hang, and the other files still linted.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  truncateSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Rule } from "../src/engine/rule.js";
import { fixWith } from "../src/engine/fix.js";
import { rules } from "../src/index.js";
import { BIN, CLEAN, run, scratchDir } from "./cli-helpers.js";

const UNTAGGED = "FROM golang\n"; // IM001: a file with a finding
const TWO_FINDINGS = "FROM golang\nEXPOSE 8080/TCP\n"; // IM001 and DF011 (warnings)
const FIXABLE =
  "FROM golang:1.23-alpine AS b\nRUN go build -o /out/app .\n" +
  'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n';
const FIXED = FIXABLE.replace("RUN go build -o", 'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o');
const T = { timeout: 20_000 };
const linted = (stdout: string) => [
  ...new Set(
    stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(":")[0]),
  ),
];
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
const mkfifo = (path: string) => expect(spawnSync("mkfifo", [path]).status).toBe(0);
/** Preloaded into the CLI to reach failure paths no input reaches (test/support/fault-injection.cjs). */
const FAULTS = new URL("./support/fault-injection.cjs", import.meta.url).pathname;

describe("not a regular file (1)", () => {
  it("a FIFO and a link to /dev/zero named on the command line: reported, exit 2, the other file linted", T, () => {
    const dir = scratchDir({ "ok/Dockerfile": UNTAGGED });
    mkdirSync(join(dir, "fifo"));
    mkfifo(join(dir, "fifo/Dockerfile"));
    symlinkSync("/dev/zero", join(dir, "zero.Dockerfile"));
    const r = run(["-f", "compact", "fifo/Dockerfile", "zero.Dockerfile", "ok/Dockerfile"], dir, { timeout: 15_000 });
    expect(r.code).toBe(2);
    expect(linted(r.stdout)).toEqual(["ok/Dockerfile"]);
    expect(r.stderr).toBe(
      "slimlint: fifo/Dockerfile: is not a regular file (a FIFO)\nslimlint: zero.Dockerfile: is not a regular file (a character device)\n",
    );
  });

  it("a FIFO and a link to /dev/zero found by a directory walk are reported, not waited on", T, () => {
    const dir = scratchDir({ "a/Dockerfile": UNTAGGED });
    mkdirSync(join(dir, "b"));
    mkfifo(join(dir, "b/Dockerfile"));
    mkdirSync(join(dir, "c"));
    symlinkSync("/dev/zero", join(dir, "c/Dockerfile"));
    const r = run(["-f", "compact", "."], dir, { timeout: 15_000 });
    expect(r.code).toBe(2);
    expect(linted(r.stdout)).toEqual(["a/Dockerfile"]);
    expect(r.stderr).toBe(
      "slimlint: b/Dockerfile: is not a regular file (a FIFO)\nslimlint: c/Dockerfile: is not a regular file (a character device)\n",
    );
  });

  it("a Dockerfile over the size cap is refused before it is read", T, () => {
    const dir = scratchDir({ Dockerfile: UNTAGGED, "big/Dockerfile": "" });
    truncateSync(join(dir, "big/Dockerfile"), 17 * 1024 * 1024); // sparse: no disk used
    const r = run(["-f", "compact", "big/Dockerfile", "Dockerfile"], dir);
    expect(r.code).toBe(2);
    expect(linted(r.stdout)).toEqual(["Dockerfile"]);
    expect(r.stderr).toBe("slimlint: big/Dockerfile: is larger than 16 MB\n");
  });

  it("standard input that never ends (/dev/zero) stops at the cap", T, () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const r = spawnSync(process.execPath, [BIN, "-"], { stdio: [zero, "pipe", "pipe"], encoding: "utf8", timeout: 15_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("slimlint: -: is larger than 16 MB\n");
    } finally {
      closeSync(zero);
    }
  });

  it("a FIFO as --config: exit 2 naming it, nothing linted", T, () => {
    const dir = scratchDir({ Dockerfile: UNTAGGED });
    mkfifo(join(dir, "config.yaml"));
    const r = run(["--config", "config.yaml", "Dockerfile"], dir, { timeout: 15_000 });
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: `slimlint: ${join(dir, "config.yaml")}: is not a regular file (a FIFO)\n` });
  });

  it("a FIFO as go.mod or .dockerignore in the context: said, exit 2, the Dockerfile still linted", T, () => {
    const dir = scratchDir({ "svc/Dockerfile": UNTAGGED });
    mkfifo(join(dir, "svc/go.mod"));
    mkfifo(join(dir, "svc/.dockerignore"));
    const r = run(["-f", "compact", "svc/Dockerfile"], dir, { timeout: 15_000 });
    expect(r.code).toBe(2);
    expect(linted(r.stdout)).toEqual(["svc/Dockerfile"]);
    expect(r.stderr.split("\n").filter(Boolean).sort()).toEqual([
      "slimlint: svc/.dockerignore: is not a regular file (a FIFO); linted without it",
      "slimlint: svc/go.mod: is not a regular file (a FIFO); linted without it",
    ]);
  });
});

describe("--fix writes safely (2)", () => {
  it("a symlinked Dockerfile: its target is fixed and the link stays a link", T, () => {
    const dir = scratchDir({ "real/Dockerfile": FIXABLE });
    symlinkSync("real/Dockerfile", join(dir, "Dockerfile"));
    expect(run(["--fix", "Dockerfile"], dir)).toMatchObject({ code: 0, stderr: "" });
    expect(lstatSync(join(dir, "Dockerfile")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "Dockerfile"))).toBe("real/Dockerfile");
    expect(readFileSync(join(dir, "real/Dockerfile"), "utf8")).toBe(FIXED);
    expect(readdirSync(join(dir, "real"))).toEqual(["Dockerfile"]);
  });

  it("links planted at the temp names a previous version used are never written through", T, () => {
    const dir = scratchDir({ Dockerfile: FIXABLE, "victim.txt": "keep me\n" });
    // The old temp name was `.Dockerfile.slimlint-<pid>.tmp`: plant one for every pid the CLI may get next.
    const last = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim();
    for (let pid = Number(last) + 1; pid < Number(last) + 300; pid++)
      symlinkSync(join(dir, "victim.txt"), join(dir, `.Dockerfile.slimlint-${pid}.tmp`));
    expect(run(["--fix", "Dockerfile"], dir)).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(dir, "victim.txt"), "utf8")).toBe("keep me\n");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(FIXED);
    expect(lstatSync(join(dir, "Dockerfile")).isFile()).toBe(true);
  });

  it("the temp file is created exclusively (O_EXCL, which refuses any planted path) under a random name", T, () => {
    const dir = scratchDir({ "a/Dockerfile": FIXABLE, "b/Dockerfile": FIXABLE });
    const log = join(dir, "opens.log");
    const env = { ...process.env, NO_COLOR: "1", NODE_OPTIONS: `--require ${FAULTS}`, SLIMLINT_TEST_OPEN_LOG: log };
    for (const file of ["a/Dockerfile", "b/Dockerfile"]) expect(run(["--fix", file], dir, { env })).toMatchObject({ code: 0, stderr: "" });
    const opens = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as [string, string]);
    expect(opens.map(([, flags]) => flags)).toEqual(["wx", "wx"]);
    const names = opens.map(([path]) => path.slice(path.lastIndexOf("/") + 1));
    for (const name of names) expect(name).toMatch(/^\.Dockerfile\.slimlint-[0-9a-f]{16}\.tmp$/);
    expect(names[0]).not.toBe(names[1]);
  });

  it("a write that fails midway (over the file size limit) leaves the file as it was and no temp file", T, () => {
    // `ulimit -f` makes the write of the temp file fail with EFBIG once it has been created and partly written.
    const padded = `${FIXABLE}${"# a comment that makes the fixed file longer than the limit\n".repeat(200)}`;
    const dir = scratchDir({ Dockerfile: padded });
    const r = spawnSync("bash", ["-c", `ulimit -f 4; exec "${process.execPath}" "${BIN}" --fix -f compact Dockerfile`], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 15_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("slimlint: Dockerfile: fixes not written: file too large (over the process's file size limit, ulimit -f)\n");
    expect(r.stdout).toContain("Dockerfile:2:5:"); // the findings of the unfixed file are still reported
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(padded);
    expect(readdirSync(dir)).toEqual(["Dockerfile"]);
  });

  it("a read-only (0444) file is reported, not rewritten", T, () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    chmodSync(join(dir, "Dockerfile"), 0o444);
    const r = run(["--fix", "-f", "compact", "Dockerfile"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slimlint: Dockerfile: fixes not written: is read-only (no write permission); not rewritten\n");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(FIXABLE);
    expect(r.stdout).toContain("Dockerfile:2:5:"); // the findings of the unfixed file are still reported
  });

  it("hard links keep sharing the fixed file", T, () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    linkSync(join(dir, "Dockerfile"), join(dir, "other.Dockerfile"));
    expect(run(["--fix", "Dockerfile"], dir)).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(dir, "other.Dockerfile"), "utf8")).toBe(FIXED);
    expect(statSync(join(dir, "other.Dockerfile")).ino).toBe(statSync(join(dir, "Dockerfile")).ino);
  });

  it.runIf(process.getuid?.() === 0)("the owner is kept when root fixes another user's file", T, () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    chownSync(join(dir, "Dockerfile"), 65534, 65534);
    expect(run(["--fix", "Dockerfile"], dir)).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(FIXED);
    expect(statSync(join(dir, "Dockerfile"))).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it("a rule that fails while fixing is reported with the fix result", () => {
    const fail = () => {
      throw new Error("boom");
    };
    const broken: Rule = { ...(rules[0] as Rule), id: "XX999", name: "broken", check: fail };
    const result = fixWith([...rules, broken], FIXABLE);
    expect(result.text).toBe(FIXED);
    expect(result.ruleErrors).toEqual([{ ruleId: "XX999", message: "boom" }]);
  });

  it("a rule that fails during --fix: said on stderr, exit 2, the other rules' fixes written", T, () => {
    const dir = scratchDir({ Dockerfile: `${FIXABLE}EXPOSE 8080/TCP\n` });
    const env = { ...process.env, NO_COLOR: "1", NODE_OPTIONS: `--require ${FAULTS}`, SLIMLINT_TEST_THROWING_RULE: "DF011" };
    const r = run(["--fix", "-f", "compact", "Dockerfile"], dir, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slimlint: internal error in rule DF011 on Dockerfile: planted failure\n");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(`${FIXED}EXPOSE 8080/TCP\n`);
  });
});

describe("output (4)", () => {
  // Far more output than a pipe buffer holds.
  const many = () => scratchDir({ Dockerfile: `FROM golang:1.23\n${"EXPOSE eighty\n".repeat(5000)}`, "b/Dockerfile": UNTAGGED });

  it("a reader that goes away (`| head -1`) ends the output quietly; the exit code still tells", T, () => {
    const dir = many();
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" . | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 15_000,
    });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe("status=1\n");
  });

  it("a full disk on standard output: said once, exit 2", T, () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, "-f", "compact", "."], {
        cwd: many(),
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
        timeout: 15_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("slimlint: cannot write to standard output: no space left on device\n");
    } finally {
      closeSync(full);
    }
  });

  const hostile = 'FROM golang:1.23\nEXPOSE 80\u001b]0;owned\u0007\u001b[2J\nLABEL note="\u202eevil"\n'; // DF011 quotes the EXPOSE
  const rawControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e]/;

  it("control characters from the Dockerfile never reach the terminal raw", T, () => {
    const dir = scratchDir({ Dockerfile: hostile });
    for (const format of ["text", "compact", "github"]) {
      const r = run(["-f", format, "Dockerfile"], dir, { env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("");
      expect(r.stdout).not.toMatch(rawControl);
      expect(r.stdout).toContain("\\x1b]0;owned\\x07");
    }
  });

  it("control characters in a file name never reach the terminal raw", T, () => {
    const dir = scratchDir({ "evil\u001b[31m.Dockerfile": UNTAGGED, "bad\u001b[2J.Dockerfile": new Uint8Array([0, 1, 2]) });
    const r = run(["-f", "compact", "."], dir);
    expect(r.stdout + r.stderr).not.toMatch(rawControl);
    expect(r.stdout).toContain("evil\\x1b[31m.Dockerfile:1:6:");
    expect(r.stderr).toContain("bad\\x1b[2J.Dockerfile: is a binary file");
  });

  it.each(["checkstyle", "junit"])("%s stays well-formed XML 1.0 with control characters in messages", (format) => {
    const dir = scratchDir({ Dockerfile: hostile.replace("\u001b]0;owned\u0007", "\u0001\u000b") });
    const r = run(["-f", format, "Dockerfile"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(r.stdout).toContain("\\x01\\x0b");
  });
});

describe("configs (5)", () => {
  it("a bad config in one subdirectory is reported for its files; the others are linted", T, () => {
    const dir = scratchDir({ "a/.slimlint.yaml": "rules:\n  NOPE: off\n", "a/Dockerfile": UNTAGGED, "b/Dockerfile": UNTAGGED });
    const r = run(["-f", "compact", "."], dir);
    expect(r.code).toBe(2);
    expect(linted(r.stdout)).toEqual(["b/Dockerfile"]);
    expect(r.stderr).toBe(
      'slimlint: a/.slimlint.yaml:2: unknown rule "NOPE" in rules (see `slimlint rules`); the Dockerfiles it applies to were not linted\n',
    );
  });

  it("YAML anchors, aliases and merge keys work", T, () => {
    const config = "rules:\n  IM001: &quiet off\n  <<: { expose-invalid: *quiet }\n";
    const dir = scratchDir({ ".slimlint.yaml": config, Dockerfile: TWO_FINDINGS });
    expect(run(["-f", "compact", "--no-config", "Dockerfile"], dir).stdout).toMatch(/\[IM001\][\s\S]*\[DF011\]/);
    const r = run(["-f", "compact", "Dockerfile"], dir);
    expect(r.stderr).toBe("");
    expect(r).toMatchObject({ code: 0, stdout: "" });
  });

  it("a .slimlint.json with a byte order mark is read", T, () => {
    const dir = scratchDir({ ".slimlint.json": '\uFEFF{ "rules": { "IM001": "off" } }\n', Dockerfile: UNTAGGED });
    const r = run(["-f", "compact", "Dockerfile"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("[IM001]");
  });

  it("config discovery follows a symlinked directory to its repository's config", T, () => {
    const repo = scratchDir({ ".slimlint.yaml": "rules:\n  IM001: off\n", "deploy/Dockerfile": TWO_FINDINGS });
    const elsewhere = scratchDir({});
    symlinkSync(join(repo, "deploy"), join(elsewhere, "deploy"));
    const r = run(["-f", "compact", "deploy/Dockerfile"], elsewhere);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("deploy/Dockerfile:2:8: warning:");
    expect(r.stdout).not.toContain("[IM001]");
    expect(run(["-f", "compact", "--no-config", "deploy/Dockerfile"], elsewhere).stdout).toContain("[IM001]");
  });
});

describe("the CLI's share of parser agreement (6)", () => {
  it.each([
    [
      "UTF-16 with a byte order mark",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UNTAGGED, "utf16le")]),
      "is UTF-16 (little-endian, with a byte order mark) text; Docker reads Dockerfiles as UTF-8: save it as UTF-8",
    ],
    [
      "UTF-16 without one",
      Buffer.from(UNTAGGED, "utf16le"),
      "is UTF-16 (little-endian) text; Docker reads Dockerfiles as UTF-8: save it as UTF-8",
    ],
  ])("%s is named as UTF-16", (_name, bytes, message) => {
    const dir = scratchDir({ Dockerfile: bytes });
    expect(run(["Dockerfile"], dir)).toMatchObject({ code: 2, stderr: `slimlint: Dockerfile: ${message}\n` });
  });

  it("--context must be a directory", () => {
    const dir = scratchDir({ Dockerfile: CLEAN });
    expect(run(["--context", "Dockerfile", "Dockerfile"], dir)).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "slimlint: --context Dockerfile: not a directory (the build context is a directory)\n",
    });
  });

  it("--rule __proto__=off is a usage error, not silently accepted", () => {
    const dir = scratchDir({ Dockerfile: CLEAN });
    const r = run(["--rule", "__proto__=off", "Dockerfile"], dir);
    expect(r).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'slimlint: --rule __proto__=off: unknown rule "__proto__" (see `slimlint rules`)\n',
    });
    noStack(r.stderr);
  });
});
