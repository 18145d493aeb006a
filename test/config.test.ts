// Configuration: discovery (nearest wins), --config, --no-config, validation with file/line/key, init.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/config.js";
import { rules } from "../src/index.js";
import { DIGEST, run, scratchDir } from "./cli-helpers.js";

// GO004 (no -trimpath) and SE001 (distroless without :nonroot runs as root): two warnings the config tests switch on and off.
const BAD =
  `FROM golang:1.23-alpine AS b\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build ` +
  `CGO_ENABLED=0 go build -ldflags=-s -o /out/app .\nFROM gcr.io/distroless/static-debian12@${DIGEST}\n` +
  `COPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n`;

describe("config loading", () => {
  it("reads YAML and JSON, by rule id or name", async () => {
    const dir = scratchDir({
      ".slimlint.yaml":
        'rules:\n  GO004: off\n  final-user-root: info\nfailOn: error\ntrustedRegistries: [docker.io, gcr.io]\nignore: ["testdata/**"]\n',
      "j/.slimlint.json": '{ "rules": { "GO004": "error" }, "failOn": "never" }',
    });
    expect(await loadConfig(join(dir, ".slimlint.yaml"), rules)).toMatchObject({
      rules: { GO004: "off", "final-user-root": "info" },
      failOn: "error",
      trustedRegistries: ["docker.io", "gcr.io"],
      ignore: ["testdata/**"],
    });
    expect(await loadConfig(join(dir, "j/.slimlint.json"), rules)).toMatchObject({ rules: { GO004: "error" }, failOn: "never" });
  });

  it.each([
    [
      "unknown key",
      "rules: {}\nfailon: error\n",
      ':2: unknown key "failon" (expected one of rules, failOn, trustedRegistries, ignore, contexts, allowInlineIgnores, ' +
        "labelSchema, strictLabels)",
    ],
    ["unknown rule", "rules:\n  GO004: off\n  GO999: off\n", ':3: unknown rule "GO999" in rules'],
    ["bad level", "rules:\n  GO004: loud\n", ':2: bad level "loud" for rules.GO004'],
    ["bad failOn", "failOn: sometimes\n", ':1: bad value "sometimes" for failOn'],
    ["not a list", "ignore: testdata\n", ':1: "ignore" must be a list of strings'],
    ["malformed YAML", "rules:\n  GO004: off\nfailOn: error\nfailOn: warning\n", ":4: not valid YAML"],
    ["malformed JSON", '{\n  "rules": {\n    "GO004": "off",\n  }\n}\n', ":4: not valid JSON", ".slimlint.json"],
    ["not a mapping", "- GO004\n", ":1: the configuration must be a mapping"],
    [
      "a label type slimlint does not know",
      "labelSchema:\n  org.opencontainers.image.source: uri\n",
      ':2: bad type "uri" for labelSchema.org.opencontainers.image.source (expected url, rfc3339, spdx, hash, semver, email, text)',
    ],
    ["a label schema that is a list", "labelSchema: [maintainer]\n", ':1: "labelSchema" must map label keys to a type'],
    ["strictLabels that is not a boolean", "strictLabels: yes please\n", ':1: "strictLabels" must be true or false'],
  ])("rejects %s with the file, line and key", async (_name, text, expected, name = ".slimlint.yaml") => {
    const dir = scratchDir({ [name]: text });
    const error = await loadConfig(join(dir, name), rules).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${join(dir, name)}${expected}`);
  });

  it("accepts an empty file", async () => {
    const dir = scratchDir({ ".slimlint.yml": "" });
    expect(await loadConfig(join(dir, ".slimlint.yml"), rules)).toMatchObject({ rules: {}, ignore: [] });
  });
});

describe("config on the command line", () => {
  it("uses the nearest config above each file", () => {
    const dir = scratchDir({
      ".slimlint.yaml": "rules:\n  GO004: off\n",
      "svc/Dockerfile": BAD,
      "svc/api/.slimlint.yaml": "rules:\n  SE001: off\n",
      "svc/api/Dockerfile": BAD,
    });
    const rows = JSON.parse(run(["-f", "json", "."], dir).stdout).map((r: { file: string; ruleId: string }) => `${r.file} ${r.ruleId}`);
    expect(rows).toEqual(["svc/Dockerfile SE001", "svc/api/Dockerfile GO004"]);
  });

  it("takes --config for every file, ignores configs with --no-config, and lets --rule and --fail-on win", () => {
    const dir = scratchDir({
      ".slimlint.yaml": "rules:\n  GO004: off\nfailOn: never\n",
      "other.yaml": "rules:\n  SE001: off\n",
      Dockerfile: BAD,
    });
    const ids = (args: string[]) =>
      JSON.parse(run(["-f", "json", ...args, "Dockerfile"], dir).stdout).map((r: { ruleId: string }) => r.ruleId);
    expect(ids([])).toEqual(["SE001"]);
    expect(run(["Dockerfile"], dir).code).toBe(0); // failOn: never
    expect(ids(["--config", "other.yaml"])).toEqual(["SE001", "GO004"].filter((id) => id !== "SE001"));
    expect(ids(["--no-config"]).sort()).toEqual(["GO004", "SE001"]);
    expect(ids(["--rule", "GO004=warning"]).sort()).toEqual(["GO004", "SE001"]);
    expect(run(["--fail-on", "warning", "Dockerfile"], dir).code).toBe(1);
  });

  it("does not lint paths its ignore globs name", () => {
    const dir = scratchDir({ ".slimlint.yaml": 'ignore: ["testdata/**"]\n', Dockerfile: BAD, "testdata/x/Dockerfile": "FROM golang\n" });
    const files = JSON.parse(run(["-f", "json", "."], dir).stdout).map((r: { file: string }) => r.file);
    expect(new Set(files)).toEqual(new Set(["Dockerfile"]));
  });

  it("exits 2 naming the file and line for a bad or unreadable config, without a stack trace", () => {
    const dir = scratchDir({ ".slimlint.yaml": "rules:\n  GO999: off\n", Dockerfile: BAD });
    const bad = run(["Dockerfile"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'slimlint: .slimlint.yaml:2: unknown rule "GO999" in rules (see `slimlint rules`); the Dockerfiles it applies to were not linted\n',
    );
    const missing = run(["--config", "nope.yaml", "Dockerfile"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`slimlint: ${join(dir, "nope.yaml")}: cannot be read (no such file or directory)\n`);
  });

  it("writes a commented starter with init, and refuses to overwrite one", () => {
    const dir = scratchDir({ Dockerfile: BAD });
    expect(run(["init"], dir)).toMatchObject({ code: 0, stdout: "Wrote .slimlint.yaml\n" });
    expect(readFileSync(join(dir, ".slimlint.yaml"), "utf8")).toContain("# yaml-language-server: $schema=");
    expect(run(["Dockerfile"], dir).code).toBe(1); // the starter is valid and changes nothing
    expect(run(["init"], dir)).toMatchObject({
      code: 2,
      stderr: "slimlint: .slimlint.yaml already exists here; edit it, remove it first, or pass --force to replace it\n",
    });
    expect(existsSync(join(dir, ".slimlint.yaml"))).toBe(true);
  });
});

describe("init --from-hadolint", () => {
  const HADOLINT = [
    "failure-threshold: style",
    "format: json",
    "ignored: [DL3002, DL4003, DL3022, DL3023, DL3010, SC2086]",
    "override:",
    "  error: [DL3006]",
    "  info: [DL3007, DL3025]",
    "  style: [DL4006]",
    "trustedRegistries:",
    "  - docker.io",
    '  - "*.gcr.io"',
    "  - gcr.io",
    "",
  ].join("\n");
  const printConfig = (dir: string) => JSON.parse(run(["--print-config", "Dockerfile"], dir).stdout);

  it("writes the equivalent .slimlint.yaml, which slimlint then reads", () => {
    const dir = scratchDir({ ".hadolint.yaml": HADOLINT, Dockerfile: BAD });
    expect(run(["init", "--from-hadolint"], dir)).toMatchObject({
      code: 0,
      stdout: "Wrote .slimlint.yaml from .hadolint.yaml\n",
      stderr: "",
    });
    const text = readFileSync(join(dir, ".slimlint.yaml"), "utf8");
    // Every hadolint id of SE001 is ignored: off. DF005 also stands for DL4004 and DL3012: it stays on, and the
    // file says so. RT005 reports only certain build failures: it stays on too.
    expect(text).toContain("\n  SE001: off   # hadolint ignored DL3002\n");
    expect(text).toMatch(/\n {2}# DF005: off {3}# hadolint ignored DL4003; DF005 also reports DL4004, DL3012, so it stays on/);
    expect(text).toMatch(/\n {2}# RT005: off {3}# hadolint ignored DL3022, DL3023; RT005 reports only certain build failures/);
    expect(text).toContain("# No slimlint rule reports DL3010:");
    expect(text).toContain("# ShellCheck ids SC2086:");
    expect(text).toContain(
      "# slimlint compares registries exactly: list the registries *.gcr.io stood for.\ntrustedRegistries: [docker.io, gcr.io]\n",
    );
    expect(text).toContain("# Not carried over: format");
    expect(printConfig(dir)).toMatchObject({
      config: ".slimlint.yaml",
      rules: { SE001: "off", IM001: "error", IM002: "info", DF001: "info", DF008: "info" },
      failOn: "info",
      trustedRegistries: ["docker.io", "gcr.io"],
      allowInlineIgnores: true,
    });
  });

  it("takes the hadolint file named, or .hadolint.yml; no-fail and disable-ignore-pragma carry over", () => {
    const dir = scratchDir({
      "ci/hadolint.yaml": "no-fail: true\nfailure-threshold: error\ndisable-ignore-pragma: true\n",
      Dockerfile: BAD,
    });
    expect(run(["init", "--from-hadolint", "ci/hadolint.yaml"], dir)).toMatchObject({
      code: 0,
      stdout: "Wrote .slimlint.yaml from ci/hadolint.yaml\n",
    });
    expect(printConfig(dir)).toMatchObject({ rules: {}, failOn: "never", allowInlineIgnores: false });
    const yml = scratchDir({ ".hadolint.yml": "ignored:\n  - DL3006\n  - DL3007\n", Dockerfile: BAD });
    expect(run(["init", "--from-hadolint"], yml)).toMatchObject({ code: 0, stdout: "Wrote .slimlint.yaml from .hadolint.yml\n" });
    expect(printConfig(yml)).toMatchObject({ rules: { IM001: "off", IM002: "off" } });
  });

  it("writes hadolint's label schema under slimlint's names", () => {
    const dir = scratchDir({
      ".hadolint.yaml": "label-schema:\n  author: text\n  org.opencontainers.image.source: url\nstrict-labels: true\n",
    });
    expect(run(["init", "--from-hadolint"], dir).code).toBe(0);
    expect(readFileSync(join(dir, ".slimlint.yaml"), "utf8")).toContain(
      "labelSchema:\n  author: text\n  org.opencontainers.image.source: url\n\nstrictLabels: true\n",
    );
  });

  it("refuses to overwrite a config unless --force, and says what is wrong with a bad or missing hadolint file", () => {
    const dir = scratchDir({ ".hadolint.yaml": "ignored: [DL3002]\n", ".slimlint.yaml": "failOn: error\n" });
    expect(run(["init", "--from-hadolint"], dir)).toMatchObject({
      code: 2,
      stderr: "slimlint: .slimlint.yaml already exists here; edit it, remove it first, or pass --force to replace it\n",
    });
    expect(readFileSync(join(dir, ".slimlint.yaml"), "utf8")).toBe("failOn: error\n");
    expect(run(["init", "--from-hadolint", "--force"], dir)).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, ".slimlint.yaml"), "utf8")).toContain("SE001: off");
    const json = scratchDir({ ".hadolint.yaml": "ignored: [DL3002]\n", ".slimlint.json": "{}" });
    expect(run(["init", "--from-hadolint", "--force"], json)).toMatchObject({
      code: 2,
      stderr:
        "slimlint: .slimlint.json already exists here and would still be read after a new .slimlint.yaml; edit it, or remove it first\n",
    });
    const none = scratchDir({});
    expect(run(["init", "--from-hadolint"], none)).toMatchObject({
      code: 2,
      stderr:
        "slimlint: no .hadolint.yaml or .hadolint.yml here; name hadolint's configuration: " +
        "slimlint init --from-hadolint path/to/hadolint.yaml\n",
    });
    const bad = scratchDir({ ".hadolint.yaml": "override:\n  fatal: [DL3002]\n" });
    expect(run(["init", "--from-hadolint"], bad)).toMatchObject({
      code: 2,
      stderr: 'slimlint: .hadolint.yaml: "override.fatal" is not a hadolint level (error, warning, info, style)\n',
    });
    expect(existsSync(join(bad, ".slimlint.yaml"))).toBe(false);
    const broken = scratchDir({ ".hadolint.yaml": "ignored: [DL3002\n" });
    expect(run(["init", "--from-hadolint"], broken)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^slimlint: \.hadolint\.yaml: not valid YAML: /),
    });
  });
});
