// Issue "The first hour", the CLI's truths and directory walks, through the built CLI as a user runs it.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, scratchDir } from "./cli-helpers.js";

const WARNING_ONLY = "FROM golang:1.23\nEXPOSE 8080/TCP\n"; // DF011 (warning) and nothing else
// an error (the user does not exist) and warnings
const ERROR_AND_WARNING = 'FROM golang:1.23\nEXPOSE 8080/TCP\nUSER ghost\nCMD ["/app"]\n';

describe("CLI truths", () => {
  it("-q hides warnings from the report, not from the exit code, and says how many it hid", () => {
    const dir = scratchDir({ Dockerfile: WARNING_ONLY });
    const r = run(["-q", "--fail-on", "warning", "Dockerfile"], dir);
    expect(r).toMatchObject({ code: 1, stderr: "", stdout: "No errors in 1 file; 1 warning hidden by -q\n" });
    expect(run(["-q", "--fail-on", "error", "Dockerfile"], dir)).toMatchObject({
      code: 0,
      stdout: "No errors in 1 file; 1 warning hidden by -q\n",
    });
    expect(run(["-q", "-f", "compact", "Dockerfile"], dir)).toMatchObject({ code: 1, stdout: "" });
  });

  it("-q with errors shows them and counts what it hid", () => {
    const dir = scratchDir({ Dockerfile: ERROR_AND_WARNING });
    const all = run(["-f", "compact", "Dockerfile"], dir).stdout;
    const errors = all.split("\n").filter((l) => l.includes(": error: "));
    const warnings = all.split("\n").filter((l) => l.includes(": warning: "));
    expect(errors.length).toBeGreaterThan(0);
    expect(warnings.length).toBeGreaterThan(0);
    const r = run(["-q", "Dockerfile"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^ {2}\d+:\d+ +warning /m);
    expect(r.stdout).toMatch(/^ {2}\d+:\d+ +error /m);
    expect(r.stdout.trim().split("\n").at(-1)).toBe(
      `✖ ${errors.length} problem${errors.length === 1 ? "" : "s"} (${errors.length} error${errors.length === 1 ? "" : "s"}, ` +
        `0 warnings, 0 info) in 1 file of 1 file; ${warnings.length} warning${warnings.length === 1 ? "" : "s"} hidden by -q`,
    );
  });

  it("a run that linted nothing because of read errors prints no 'No problems in 0 files'", () => {
    const dir = scratchDir({ Dockerfile: new Uint8Array([0, 1, 2]) });
    expect(run(["Dockerfile"], dir)).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "slimlint: Dockerfile: is a binary file, not a Dockerfile (it contains NUL bytes)\n",
    });
  });

  it("a run whose Dockerfiles the config ignores says so instead of 'No problems in 0 files', and exits 0", () => {
    const files = { "gen/Dockerfile": "FROM scratch\n", "gen/b.Dockerfile": "FROM x\n" };
    const dir = scratchDir({ ".slimlint.yaml": 'ignore: ["gen/**"]\n', ...files });
    expect(run(["gen/Dockerfile"], dir)).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "slimlint: nothing linted: the Dockerfile matches the config's ignore globs\n",
    });
    expect(run(["."], dir)).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "slimlint: nothing linted: all 2 Dockerfiles match the config's ignore globs\n",
    });
  });

  it("`slimlint help rules` shows the rules command's help", () => {
    const r = run(["help", "rules"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: slimlint rules \[options\]\n/);
    expect(run(["help"]).stdout).toMatch(/^Usage: slimlint \[options\] \[command\] \[paths\.\.\.\]/);
  });

  it("`explain DL3006` shows the rule that replaces hadolint's check", () => {
    const r = run(["explain", "DL3006"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "DL3006 is covered by slimlint's IM001 image-untagged; suppression comments naming DL3006 keep working.",
    );
    expect(r.stdout).toContain("# IM001 image-untagged");
    expect(run(["explain", "DL9999"])).toMatchObject({ code: 2, stderr: 'slimlint: unknown rule "DL9999" (see `slimlint rules`)\n' });
  });

  it("config validation reports every problem, not only the first", () => {
    const dir = scratchDir({
      ".slimlint.yaml": "rules:\n  NOPE: off\n  GO001: loud\nfailOn: sometimes\nextra: 1\n",
      Dockerfile: WARNING_ONLY,
    });
    const r = run(["Dockerfile"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      'slimlint: .slimlint.yaml:2: unknown rule "NOPE" in rules (see `slimlint rules`)',
      'slimlint: .slimlint.yaml:3: bad level "loud" for rules.GO001 (expected error, warning, info, off)',
      'slimlint: .slimlint.yaml:4: bad value "sometimes" for failOn (expected error, warning, info, never)',
      'slimlint: .slimlint.yaml:5: unknown key "extra" (expected one of rules, failOn, trustedRegistries, ignore, contexts, ' +
        "allowInlineIgnores, labelSchema, strictLabels); the Dockerfiles it applies to were not linted",
    ]);
    const explicit = run(["--config", ".slimlint.yaml", "Dockerfile"], dir);
    expect(explicit.code).toBe(2);
    expect(explicit.stderr.split("\n").filter(Boolean)).toHaveLength(4);
  });
});

describe("directory walks", () => {
  const linted = (stdout: string) =>
    [
      ...new Set(
        stdout
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(":")[0]),
      ),
    ].sort();

  it("skip vendor/ (Go's vendored modules) like node_modules and .git", () => {
    const dir = scratchDir({
      "svc/Dockerfile": WARNING_ONLY,
      "vendor/github.com/x/y/Dockerfile": WARNING_ONLY,
      "svc/vendor/z/Dockerfile": WARNING_ONLY,
      "node_modules/p/Dockerfile": WARNING_ONLY,
    });
    expect(linted(run(["-f", "compact", "."], dir).stdout)).toEqual(["svc/Dockerfile"]);
    // A file named on the command line is linted wherever it is.
    expect(linted(run(["-f", "compact", "vendor/github.com/x/y/Dockerfile"], dir).stdout)).toEqual(["vendor/github.com/x/y/Dockerfile"]);
  });

  it("honour .gitignore files: nested ones, negations, and those above the searched directory up to the repository root", () => {
    const dir = scratchDir({
      ".gitignore": "build/\n*.tmp.Dockerfile\n",
      "app/Dockerfile": WARNING_ONLY,
      "app/build/Dockerfile": WARNING_ONLY,
      "app/scratch.tmp.Dockerfile": WARNING_ONLY,
      "app/.gitignore": "generated/\n!keep.tmp.Dockerfile\n",
      "app/keep.tmp.Dockerfile": WARNING_ONLY,
      "app/generated/Dockerfile": WARNING_ONLY,
      "other/Dockerfile": WARNING_ONLY,
    });
    mkdirSync(join(dir, ".git"));
    expect(linted(run(["-f", "compact", "."], dir).stdout)).toEqual(["app/Dockerfile", "app/keep.tmp.Dockerfile", "other/Dockerfile"]);
    // Searching app/ alone still applies the repository root's .gitignore.
    expect(linted(run(["-f", "compact", "app"], dir).stdout)).toEqual(["app/Dockerfile", "app/keep.tmp.Dockerfile"]);
    // Named explicitly, an ignored file is linted.
    expect(linted(run(["-f", "compact", "app/build/Dockerfile"], dir).stdout)).toEqual(["app/build/Dockerfile"]);
  });

  it("outside a git repository, .gitignore files above the searched directory do not apply", () => {
    const dir = scratchDir({ ".gitignore": "app/\n", "app/svc/Dockerfile": WARNING_ONLY });
    expect(linted(run(["-f", "compact", "app"], dir).stdout)).toEqual(["app/svc/Dockerfile"]);
  });
});

describe("fixes you can find", () => {
  // GO004 (-trimpath, safe fix), GO003 (strip flags, safe fix) and GO001 (CGO_ENABLED=0: unsafe on a builder with a C
  // compiler) on one go build.
  const FIXABLE =
    "FROM golang:1.23 AS b\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\n" +
    'COPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n';

  it("text output marks fixable findings ([*] safe, [unsafe fix]) and the summary counts them", () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    const r = run(["Dockerfile"], dir);
    const marks = r.stdout
      .split("\n")
      .filter((l) => /^ {2}\d+:\d+/.test(l))
      .map((l) => `${l.split(/\s+/).at(-2)} ${l.endsWith("[*]") ? "[*]" : l.endsWith("[unsafe fix]") ? "[unsafe fix]" : "-"}`);
    expect(marks).toEqual(expect.arrayContaining(["GO004 [*]", "GO003 [*]"]));
    const safe = marks.filter((m) => m.endsWith("[*]")).length;
    const unsafe = marks.filter((m) => m.endsWith("[unsafe fix]")).length;
    expect(unsafe).toBeGreaterThan(0);
    expect(r.stdout.trim().split("\n").at(-1)).toBe(`${safe} fixable with --fix (${unsafe} more with --unsafe-fixes).`);
  });

  it("--fix says how many problems it fixed", () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    const r = run(["--fix", "Dockerfile"], dir);
    expect(r.stdout).toMatch(/^Fixed \d+ problems? in 1 file\.$/m);
    expect(Number(/^Fixed (\d+)/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
  });

  it("--fix-dry-run with only unsafe fixes says so instead of printing nothing", () => {
    const dir = scratchDir({ Dockerfile: FIXABLE });
    const r = run(["--fix-dry-run", "--rule", "GO003=off", "--rule", "GO004=off", "Dockerfile"], dir);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(/^slimlint: no safe fixes to apply; \d+ unsafe fix(es)? would apply with --fix-dry-run --unsafe-fixes\n$/);
  });

  it("GO005's unsafe fix adds only the missing `RUN go mod download` when go.mod is already copied alone", () => {
    const text =
      "FROM golang:1.23-alpine AS b\nWORKDIR /src\nCOPY go.mod go.sum ./\nCOPY . .\n" +
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\n';
    const dir = scratchDir({ Dockerfile: text, "go.mod": "module x\n\ngo 1.23\n", "go.sum": "" });
    run(["--fix", "--unsafe-fixes", "--rule", "GO007=off", "Dockerfile"], dir);
    const fixed = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(fixed.split("\n").slice(2, 5)).toEqual(["COPY go.mod go.sum ./", "RUN go mod download", "COPY . ."]);
    expect(fixed.match(/COPY go\.mod/g)).toHaveLength(1);
  });
});

describe("the build context, found", () => {
  const GO_MOD = "module example.com/x\n\ngo 1.24\n";
  // Go 1.22 cannot build a module that says go 1.24: GO010 reports it, but only when it sees go.mod.
  const BUILT_FROM_ROOT =
    "FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n" +
    'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\n' +
    'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
  const rulesOf = (stdout: string) => [
    ...new Set(
      stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => /\[(\w+)\]$/.exec(l)?.[1]),
    ),
  ];
  const repo = (files: Record<string, string>) => {
    const dir = scratchDir({ "go.mod": GO_MOD, "go.sum": "", ...files });
    mkdirSync(join(dir, ".git"));
    return dir;
  };

  it("a Dockerfile under build/package/ that copies go.mod is linted against the repository's go.mod, and --verbose says so", () => {
    const dir = repo({ "build/package/Dockerfile": BUILT_FROM_ROOT });
    const r = run(["-f", "compact", "--verbose", "build/package/Dockerfile"], dir);
    expect(rulesOf(r.stdout)).toContain("GO010");
    expect(r.stderr).toBe(
      "slimlint: build/package/Dockerfile: build context . (the nearest directory above with go.mod: " +
        "the Dockerfile copies go.mod or the whole context, and its own directory has none)\n",
    );
    expect(run(["-f", "compact", "build/package/Dockerfile"], dir).stderr).toBe("");
  });

  it("a Dockerfile that copies neither go.mod nor the whole context keeps its own directory", () => {
    const dir = repo({
      "deploy/Dockerfile":
        "FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY main.go ./\n" +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app main.go\n',
    });
    const r = run(["-f", "compact", "--verbose", "deploy/Dockerfile"], dir);
    expect(rulesOf(r.stdout)).not.toContain("GO010");
    expect(r.stderr).toBe("");
  });

  it("outside a git repository no directory above is guessed", () => {
    const dir = scratchDir({ "go.mod": GO_MOD, "go.sum": "", "build/Dockerfile": BUILT_FROM_ROOT });
    expect(rulesOf(run(["-f", "compact", "build/Dockerfile"], dir).stdout)).not.toContain("GO010");
  });

  it("the config's contexts set the build context per path, and --context wins over them", () => {
    const dir = repo({
      ".slimlint.yaml": 'contexts:\n  "images/**": "."\n',
      "images/api/Dockerfile": BUILT_FROM_ROOT.replace("COPY go.mod go.sum ./\n", ""),
    });
    // The config's contexts come before the guess from the directories above.
    const r = run(["-f", "compact", "--verbose", "images/api/Dockerfile"], dir);
    expect(rulesOf(r.stdout)).toContain("GO010");
    expect(r.stderr).toBe(`slimlint: images/api/Dockerfile: build context . (contexts in ${join(dir, ".slimlint.yaml")})\n`);
    expect(rulesOf(run(["-f", "compact", "--context", "images/api", "images/api/Dockerfile"], dir).stdout)).not.toContain("GO010");
  });
});

describe("hadolint, ESLint and Ruff users' knobs", () => {
  const rows = (stdout: string) => stdout.split("\n").filter(Boolean);

  it("-t/--failure-threshold is hadolint's --fail-on (style = info, none = never), and must agree with --fail-on", () => {
    const dir = scratchDir({ Dockerfile: WARNING_ONLY });
    expect(run(["-t", "error", "Dockerfile"], dir).code).toBe(0);
    expect(run(["--failure-threshold", "style", "Dockerfile"], dir).code).toBe(1);
    expect(run(["-t", "none", "Dockerfile"], dir).code).toBe(0);
    expect(run(["--fail-on", "error", "-t", "warning", "Dockerfile"], dir)).toMatchObject({
      code: 2,
      stderr: "slimlint: --fail-on error and --failure-threshold warning disagree: give one of them\n",
    });
  });

  it("--no-fail exits 0 whatever is found; --max-warnings fails on too many warnings whatever --fail-on says", () => {
    const dir = scratchDir({ Dockerfile: WARNING_ONLY });
    expect(run(["--no-fail", "Dockerfile"], dir).code).toBe(0);
    expect(run(["--fail-on", "error", "--max-warnings", "1", "Dockerfile"], dir)).toMatchObject({ code: 0, stderr: "" });
    expect(run(["--fail-on", "error", "--max-warnings", "0", "Dockerfile"], dir)).toMatchObject({
      code: 1,
      stderr: "slimlint: 1 warning found, more than --max-warnings 0\n",
    });
    expect(run(["--max-warnings", "few", "Dockerfile"], dir)).toMatchObject({
      code: 2,
      stderr: "slimlint: --max-warnings few: expected a whole number, e.g. --max-warnings 0\n",
    });
  });

  it("--trusted-registry adds to the config's trusted registries", () => {
    const dir = scratchDir({
      ".slimlint.yaml": "trustedRegistries: [gcr.io]\n",
      Dockerfile:
        "FROM quay.io/org/tool:1.0 AS t\nFROM gcr.io/distroless/static-debian12:nonroot\n" +
        'COPY --from=t /bin/tool /tool\nENTRYPOINT ["/tool"]\n',
    });
    const untrusted = (args: string[]) =>
      rows(run(["-f", "compact", ...args, "Dockerfile"], dir).stdout).filter((l) => l.includes("quay.io") && l.endsWith("[IM005]"));
    expect(untrusted([])).toHaveLength(1);
    expect(untrusted(["--trusted-registry", "quay.io"])).toHaveLength(0);
  });

  it("--disable-ignore-pragma (config allowInlineIgnores: false) stops honouring suppression comments", () => {
    const text = "# hadolint ignore=DL3006\nFROM golang\n";
    const dir = scratchDir({ Dockerfile: text, "strict/Dockerfile": text, "strict/.slimlint.yaml": "allowInlineIgnores: false\n" });
    const ids = (args: string[], file: string) =>
      rows(run(["-f", "compact", ...args, file], dir).stdout).map((l) => /\[(\w+)\]$/.exec(l)?.[1]);
    expect(ids([], "Dockerfile")).not.toContain("IM001");
    expect(ids(["--disable-ignore-pragma"], "Dockerfile")).toContain("IM001");
    expect(ids([], "strict/Dockerfile")).toContain("IM001");
  });

  it("formats gnu and codeclimate, and tty as another name for text", () => {
    const dir = scratchDir({ Dockerfile: WARNING_ONLY });
    expect(run(["-f", "gnu", "Dockerfile"], dir).stdout).toBe(
      "slimlint:Dockerfile:2.8: warning: `EXPOSE 8080/TCP`: Docker expects the protocol in lower case. Write `EXPOSE 8080/tcp`. [DF011]\n",
    );
    const issues = run(["-f", "codeclimate", "Dockerfile"], dir)
      .stdout.split("\0")
      .filter(Boolean)
      .map((s) => JSON.parse(s));
    expect(issues).toEqual([
      {
        type: "issue",
        check_name: "DF011",
        description: expect.stringContaining("`EXPOSE 8080/TCP`: Docker expects the protocol in lower case"),
        categories: ["Style"],
        location: { path: "Dockerfile", positions: { begin: { line: 2, column: 8 }, end: { line: 2, column: 16 } } },
        severity: "major",
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    expect(run(["-f", "tty", "Dockerfile"], dir).stdout).toBe(run(["-f", "text", "Dockerfile"], dir).stdout);
  });

  it("--statistics counts findings per rule instead of listing them; --print-config shows the configuration a file gets", () => {
    const dir = scratchDir({
      ".slimlint.yaml": "rules:\n  IM003: off\nfailOn: error\n",
      "a/Dockerfile": WARNING_ONLY,
      "b/Dockerfile": WARNING_ONLY,
    });
    expect(run(["--statistics", "."], dir)).toMatchObject({ code: 0, stdout: "2  DF011  expose-invalid\n" });
    expect(JSON.parse(run(["--statistics", "-f", "json", "."], dir).stdout)).toEqual([
      { ruleId: "DF011", ruleName: "expose-invalid", count: 2, fixable: false },
    ]);
    const shown = JSON.parse(run(["--print-config", "a/Dockerfile", "--rule", "GO004=off"], dir).stdout);
    expect(shown).toEqual({
      file: "a/Dockerfile",
      config: ".slimlint.yaml",
      rules: { IM003: "off", GO004: "off" },
      failOn: "error",
      trustedRegistries: null,
      ignore: [],
      contexts: {},
      allowInlineIgnores: true,
      labelSchema: null,
      strictLabels: false,
    });
  });
});
