// --fix, --unsafe-fixes, --fix-dry-run and standard input, through the built CLI.
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { FIXTURES, run, scratchDir } from "./cli-helpers.js";

const seeds = readdirSync(join(FIXTURES, "seeds")).filter((f) => f.startsWith("journey-") || f.startsWith("cgo-"));

describe("--fix on the seeds' bad examples", () => {
  it.each(seeds)("%s: fixed findings are gone on re-lint, and a second --fix changes nothing", (name) => {
    const original = readFileSync(join(FIXTURES, "seeds", name), "utf8");
    const dir = scratchDir({ Dockerfile: original });
    const before = lint(original).findings.filter((f) => f.fix);
    expect(before.length).toBeGreaterThanOrEqual(0);
    const first = run(["--fix", "--unsafe-fixes", "-f", "json", "Dockerfile"], dir);
    expect([0, 1]).toContain(first.code);
    const fixed = readFileSync(join(dir, "Dockerfile"), "utf8");
    const after = lint(fixed).findings;
    expect(after.filter((f) => f.fix)).toEqual([]);
    expect(after.filter((f) => f.ruleId === "DF000")).toEqual([]);
    // The report printed after fixing is the report of the fixed file.
    expect(JSON.parse(first.stdout).map((r: { ruleId: string }) => r.ruleId)).toEqual(after.map((f) => f.ruleId));
    const second = run(["--fix", "--unsafe-fixes", "Dockerfile"], dir);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(fixed);
    expect(second.stderr).toBe("");
  });
});

describe("fix modes", () => {
  const TEXT =
    "FROM golang:1.23-alpine AS b\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\n" +
    'COPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n';

  it("--fix applies safe fixes only and keeps the file's mode", () => {
    const dir = scratchDir({ Dockerfile: TEXT });
    chmodSync(join(dir, "Dockerfile"), 0o640);
    run(["--fix", "Dockerfile"], dir);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(
      TEXT.replace("RUN go build -o", 'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o'),
    );
    expect(statSync(join(dir, "Dockerfile")).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["Dockerfile"]); // no temporary file left behind
  });

  it("--fix-dry-run prints a unified diff, changes nothing, and exits 1 when there is something to fix", () => {
    const dir = scratchDir({ Dockerfile: TEXT });
    const r = run(["--fix-dry-run", "Dockerfile"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("--- a/Dockerfile\n+++ b/Dockerfile\n");
    expect(r.stdout).toContain('-RUN go build -o /out/app .\n+RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\n');
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(TEXT);
    expect(run(["--fix-dry-run", "--rule", "GO001=off", "--rule", "GO003=off", "--rule", "GO004=off", "Dockerfile"], dir)).toMatchObject({
      code: 0,
      stdout: "",
    });
  });

  it("refuses --unsafe-fixes on its own", () => {
    expect(run(["--unsafe-fixes", "Dockerfile"], scratchDir({ Dockerfile: TEXT }))).toMatchObject({
      code: 2,
      stderr: "slimlint: --unsafe-fixes goes with --fix or --fix-dry-run\n",
    });
  });
});

describe("standard input", () => {
  it("lints - under the --stdin-filename name, with that directory's config", () => {
    const dir = scratchDir({ "svc/.slimlint.yaml": "rules:\n  SE001: off\n" });
    const r = run(["-f", "json", "--stdin-filename", "svc/Dockerfile", "-"], dir, { input: 'FROM golang\nCOPY app /app\nCMD ["/app"]\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).map((x: { file: string; ruleId: string }) => `${x.file} ${x.ruleId}`)).toEqual([
      "svc/Dockerfile GO009",
      "svc/Dockerfile IM001",
    ]);
  });

  it("with --fix, writes the fixed text to stdout and the report to stderr", () => {
    const r = run(["--fix", "-f", "compact", "-"], scratchDir({}), {
      input: 'FROM golang:1.23-alpine\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n',
    });
    expect(r.stdout).toBe(
      'FROM golang:1.23-alpine\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\nCMD ["/out/app"]\n',
    );
    expect(
      r.stderr
        .split("\n")
        .filter(Boolean)
        .map((l) => /^-:(\d+:\d+): \w+: .* \[(\w+)\]$/.exec(l)?.slice(1).join(" ")),
    ).toEqual(["1:6 GO009", "1:6 IM003", "1:6 SE001"]);
  });
});
