// The SC rule: ShellCheck on RUN scripts. Most of it is tested with a fake runner (the scripts it is given,
// the comments it returns), so it is tested on every machine; the fixtures run the real `shellcheck` when
// one is on PATH, and are skipped with the reason printed when it is not.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintWith, prefetchShellCheck } from "../src/engine/lint.js";
import { findRule, lint, ruleLevels, rules, UsageError, type Level } from "../src/index.js";
import { sarif } from "../src/report/sarif.js";
import type { ReportContext } from "../src/report/types.js";
import {
  createShellCheckRunner,
  findShellCheck,
  shellCheckMissingReason,
  SHELLCHECK_ENV,
  type RunnerStats,
  type ShellCheckComment,
  type ShellCheckRunner,
  type ShellCheckScript,
} from "../src/shellcheck/runner.js";
import Ajv2020 from "ajv/dist/2020.js";
import { loadConfig } from "../src/config/config.js";
import { FIXTURES, run, scratchDir } from "./cli-helpers.js";
import { expectations, fixtureFiles, positions } from "./fixtures.js";
import { sarifErrors } from "./sarif-schema.js";

const SC = findRule(rules, "shellcheck");

/** A runner that records what it is asked and answers with comments made by `answer` for each script. */
function fakeRunner(answer: (script: ShellCheckScript) => Partial<ShellCheckComment>[] = () => [], present = true) {
  const calls: ShellCheckScript[][] = [];
  let lookups = 0;
  const runner: ShellCheckRunner = {
    binary: () => {
      lookups++;
      return present ? "/usr/bin/shellcheck" : undefined;
    },
    check: (scripts) => {
      calls.push([...scripts]);
      return scripts.map((s) =>
        answer(s).map((c) => ({
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          level: "warning" as const,
          code: 2164,
          message: "Use 'cd ... || exit' or 'cd ... || return' in case cd fails.",
          ...c,
        })),
      );
    },
  };
  return { runner, calls, lookups: () => lookups };
}

/** A comment on the first occurrence of `needle` in the script. */
function at(script: ShellCheckScript, needle: string, comment: Partial<ShellCheckComment> = {}): Partial<ShellCheckComment>[] {
  const index = script.text.indexOf(needle);
  if (index < 0) return [];
  const before = script.text.slice(0, index).split("\n");
  const line = before.length;
  const column = (before[before.length - 1] as string).length + 1;
  return [{ line, column, endLine: line, endColumn: column + needle.length, ...comment }];
}

const scFindings = (text: string, runner: ShellCheckRunner, rulesOption: Record<string, Level> = {}) =>
  lint(text, { shellcheck: runner, rules: rulesOption }).findings.filter((f) => /^SC\d/.test(f.ruleId));

describe("SC shellcheck (with a fake runner)", () => {
  it("is registered as a code family that needs a runner", () => {
    expect(SC?.id).toBe("SC");
    expect(SC?.requires).toBe("shellcheck");
    expect(findRule(rules, "SC2086")).toBe(SC);
    expect(findRule(rules, "sc2086")).toBe(SC);
    expect(findRule(rules, "SC20866")).toBeUndefined();
  });

  it("keeps lint pure: without a runner nothing runs and nothing is reported", () => {
    const fake = fakeRunner((s) => at(s, "cd"));
    expect(lint("FROM debian:bookworm\nRUN cd /x; ls\n").findings.filter((f) => f.ruleId.startsWith("SC"))).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it("looks nothing up for a file without RUN scripts", () => {
    const fake = fakeRunner();
    lint('FROM debian:bookworm\nRUN ["/bin/true"]\nCOPY a /a\n', { shellcheck: fake.runner });
    expect(fake.calls).toEqual([]);
    expect(fake.lookups()).toBe(0);
  });

  it("makes no scripts when the runner has no binary (a run without shellcheck pays nothing for the rule)", () => {
    const fake = fakeRunner(() => [], false);
    lint("FROM debian:bookworm\nRUN echo 1\nRUN echo 2\n", { shellcheck: fake.runner });
    lint("FROM debian:bookworm\nRUN echo 3\n", { shellcheck: fake.runner });
    expect(fake.calls).toEqual([]);
    expect(fake.lookups()).toBe(2);
  });

  it("checks every script of a file in one call", () => {
    const fake = fakeRunner();
    lint("FROM debian:bookworm\nRUN echo 1\nRUN echo 2\nFROM alpine:3.20\nRUN echo 3\n", { shellcheck: fake.runner });
    expect(fake.calls.map((c) => c.map((s) => s.text))).toEqual([["echo 1", "echo 2", "echo 3"]]);
  });

  it("leaves out scripts too long for ShellCheck (its time grows faster than the script), and files of such scripts", () => {
    const fake = fakeRunner();
    const long = `RUN ${"echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaa && ".repeat(1000)}true`;
    lint(`FROM debian:bookworm\n${long}\nRUN echo short\n`, { shellcheck: fake.runner });
    expect(fake.calls.map((c) => c.map((s) => s.text))).toEqual([["echo short"]]);
    const many = Array.from({ length: 20 }, (_, i) => `RUN ${`echo ${i} && `.repeat(1400)}true`).join("\n");
    lint(`FROM debian:bookworm\n${many}\n`, { shellcheck: fake.runner });
    expect(fake.calls).toHaveLength(1);
  });

  it("leaves out a file of more RUN scripts than an editor can wait for (ShellCheck costs ~1.5 ms each)", () => {
    const fake = fakeRunner();
    const runs = (n: number) => Array.from({ length: n }, (_, i) => `RUN echo ${i}`).join("\n");
    lint(`FROM debian:bookworm\n${runs(1000)}\n`, { shellcheck: fake.runner });
    expect(fake.calls).toHaveLength(1);
    lint(`FROM debian:bookworm\n${runs(1001)}\n`, { shellcheck: fake.runner });
    expect(fake.calls).toHaveLength(1);
  });

  it("tells ShellCheck the plain values ARG and ENV give the variables a script uses", () => {
    const fake = fakeRunner();
    lint(
      'FROM debian:bookworm\nARG VERSION=1.2.3\nARG NOVALUE\nENV FLAGS="-a -b" DIR=/srv/app\n' +
        "RUN echo $VERSION $NOVALUE $FLAGS ${DIR} $OTHER\n",
      { shellcheck: fake.runner },
    );
    expect(fake.calls[0]?.map((s) => s.prelude)).toEqual([["VERSION=1.2.3", "NOVALUE=value", "DIR=/srv/app"]]);
  });

  it("picks the dialect from SHELL, then the image's /bin/sh", () => {
    const fake = fakeRunner();
    const text = [
      "FROM debian:bookworm-slim",
      "RUN echo dash",
      "FROM alpine:3.20",
      "RUN echo busybox",
      "FROM example.com/own/image:1",
      "RUN echo unknown",
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      "RUN echo bash",
      'SHELL ["/bin/ksh", "-c"]',
      "RUN echo ksh",
      'SHELL ["pwsh", "-Command"]',
      "RUN echo pwsh",
      'SHELL ["/bin/zsh", "-c"]',
      "RUN echo zsh",
      'RUN ["/bin/echo", "exec"]',
      "",
    ].join("\n");
    lint(text, { shellcheck: fake.runner });
    expect(fake.calls[0]?.map((s) => `${s.dialect} ${s.text}`)).toEqual([
      "dash echo dash",
      "sh echo busybox",
      "sh echo unknown",
      "bash echo bash",
      "ksh echo ksh",
    ]);
  });

  it("checks heredoc scripts in their own dialect and skips other interpreters", () => {
    const fake = fakeRunner();
    const text = [
      "FROM debian:bookworm-slim",
      "RUN <<EOF",
      "#!/bin/bash",
      "echo bash",
      "EOF",
      "RUN bash <<EOF",
      "echo run-by-bash",
      "EOF",
      "RUN <<EOF",
      "echo plain",
      "EOF",
      "RUN <<EOF",
      "#!/usr/bin/env python3",
      "print('x')",
      "EOF",
      "RUN cat <<EOF > /etc/motd",
      "hello",
      "EOF",
      "",
    ].join("\n");
    lint(text, { shellcheck: fake.runner });
    expect(fake.calls[0]?.map((s) => `${s.dialect}|${s.text}`)).toEqual([
      "bash|# /bin/bash\necho bash\n",
      "bash|echo run-by-bash\n",
      "dash|echo plain\n",
      "dash|cat <<EOF > /etc/motd\nhello\nEOF",
    ]);
  });

  it("maps positions back through continuation lines, the escape character, flags and heredocs", () => {
    const fake = fakeRunner((s) => at(s, "cd /srv"));
    const text = [
      "# escape=`", // 1
      "FROM debian:bookworm-slim", // 2
      "RUN --mount=type=cache,target=/x echo a && `", // 3
      "  # a comment line inside the RUN", // 4
      "    cd /srv; ls", // 5
      "RUN <<EOF", // 6
      "echo b", // 7
      "  cd /srv", // 8
      "EOF", // 9
      "RUN --network=none cd /srv; ls", // 10
      "",
    ].join("\n");
    const found = scFindings(text, fake.runner).map((f) => `${f.ruleId} ${f.start.line}:${f.start.column}-${f.end.line}:${f.end.column}`);
    expect(found).toEqual(["SC2164 5:5-5:12", "SC2164 8:3-8:10", "SC2164 10:20-10:27"]);
  });

  it("maps columns counted in code points (ShellCheck's) to the source", () => {
    const fake = fakeRunner((s) => at(s, "cd /srv").map((c) => ({ ...c, column: 11, endColumn: 18 })));
    // "echo 😀 && " is 10 code points but 11 UTF-16 units before `cd`: ShellCheck says column 11; slimlint's columns
    // are code points too (RUN and its space make it 15), and a UTF-16 slip would land on the `d`.
    const [finding] = scFindings("FROM debian:bookworm\nRUN echo 😀 && cd /srv; ls\n", fake.runner);
    expect(finding?.start).toEqual({ line: 2, column: 15 });
    expect(finding?.end).toEqual({ line: 2, column: 22 });
  });

  it("reports errors and warnings by default; info and style at `shellcheck=info`; single codes on and off", () => {
    const fake = fakeRunner((s) => [
      ...at(s, "cd /srv"),
      ...at(s, "$x", { code: 2086, level: "info", message: "Double quote to prevent globbing and word splitting." }),
    ]);
    const text = "FROM debian:bookworm\nARG x\nRUN cd /srv; echo $x\n";
    const ids = (levels: Record<string, Level> = {}) => scFindings(text, fake.runner, levels).map((f) => `${f.ruleId} ${f.severity}`);
    expect(ids()).toEqual(["SC2164 warning"]);
    expect(ids({ shellcheck: "info" })).toEqual(["SC2164 info", "SC2086 info"]);
    expect(ids({ SC2086: "warning" })).toEqual(["SC2164 warning", "SC2086 warning"]);
    expect(ids({ SC2164: "off" })).toEqual([]);
    expect(ids({ sc2164: "error" })).toEqual(["SC2164 error"]);
    expect(ids({ shellcheck: "off", SC2086: "warning" })).toEqual([]);
    expect(ids({ SC: "off" })).toEqual([]);
  });

  it("accepts codes in levels without changing the rule's own level, and rejects bad levels", () => {
    const levels = ruleLevels(rules, { SC2086: "off" });
    expect(levels.get(SC!)).toBe("warning");
    expect(() => ruleLevels(rules, { SC2086: "loud" as Level })).toThrow(UsageError);
  });

  it("gives each finding ShellCheck's code, its wiki page, and a message naming the dialect", () => {
    const fake = fakeRunner((s) => at(s, "cd /srv"));
    const [finding] = scFindings("FROM debian:bookworm\nRUN cd /srv; ls\n", fake.runner);
    expect(finding).toMatchObject({ ruleId: "SC2164", ruleName: "shellcheck", docsUrl: "https://www.shellcheck.net/wiki/SC2164" });
    expect(finding?.message).toBe(
      "ShellCheck SC2164 (checked as dash, /bin/sh in debian): Use 'cd ... || exit' or 'cd ... || return' in case cd fails.",
    );
  });

  it("drops SC2154 for variables the Dockerfile or the image defines", () => {
    const fake = fakeRunner((s) =>
      [...s.text.matchAll(/\$(\w+)/g)].flatMap((m) => at(s, m[0], { code: 2154, message: `${m[1]} is referenced but not assigned.` })),
    );
    const text = [
      "FROM debian:bookworm",
      "ARG version=1",
      "ENV home_dir=/srv",
      "RUN --mount=type=secret,id=t,env=token echo $version $home_dir $token $HOME $typo",
      "FROM example.com/own/image:1",
      "RUN echo $from_image",
      "",
    ].join("\n");
    expect(scFindings(text, fake.runner).map((f) => f.message)).toEqual([expect.stringContaining("typo is referenced but not assigned")]);
  });

  it("drops portability codes for features busybox ash has, and all of them for an unknown /bin/sh", () => {
    const fake = fakeRunner((s) => at(s, "[[", { code: 3010, level: "error", message: "In POSIX sh, [[ ]] is undefined." }));
    const text =
      "FROM alpine:3.20\nRUN [[ -f /x ]]\nFROM example.com/own/image:1\nRUN [[ -f /x ]]\nFROM debian:bookworm\nRUN [[ -f /x ]]\n";
    expect(scFindings(text, fake.runner).map((f) => `${f.ruleId} ${f.start.line}`)).toEqual(["SC3010 6"]);
  });

  it("drops SC3028 for an ARG named like a bash variable, and SC2115 on a literal path", () => {
    const fake = fakeRunner((s) => [
      ...at(s, "${UID}", { code: 3028, message: "In dash, UID is not supported." }),
      ...at(s, "${RANDOM}", { code: 3028, message: "In dash, RANDOM is not supported." }),
      ...at(s, "/usr/bin/*", { code: 2115, message: 'Use "${var:?}" to ensure this never expands to /usr/bin/* .' }),
      ...at(s, "$dir/*", { code: 2115, message: 'Use "${var:?}" to ensure this never expands to /* .' }),
    ]);
    const text =
      "FROM debian:bookworm\nARG UID=1000\nRUN useradd -u ${UID} app && echo ${RANDOM}\nRUN rm -rf /usr/bin/* && rm -rf $dir/*\n";
    expect(scFindings(text, fake.runner).map((f) => `${f.ruleId} ${f.start.line}:${f.start.column}`)).toEqual([
      "SC3028 3:35",
      "SC2115 4:33",
    ]);
  });

  it("honours hadolint and slimlint suppressions of a code, and of the whole rule", () => {
    const fake = fakeRunner((s) => at(s, "cd /srv"));
    const text = [
      "FROM debian:bookworm",
      "# hadolint ignore=SC2164",
      "RUN cd /srv; ls",
      "# slimlint ignore=SC2164",
      "RUN cd /srv; ls",
      "# slimlint ignore=shellcheck",
      "RUN cd /srv; ls",
      "# slimlint ignore=SC",
      "RUN cd /srv; ls",
      "RUN cd /srv; ls",
      "",
    ].join("\n");
    const findings = lint(text, { shellcheck: fake.runner, rules: { DF003: "off" } }).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.start.line}`)).toEqual(["SC2164 10"]);
  });

  it("does not call a ShellCheck code's suppression unused; the rule's is, only when ShellCheck ran", () => {
    const text = "FROM debian:bookworm\n# slimlint ignore=SC2086\nRUN echo ok\n# slimlint ignore=shellcheck\nRUN echo ok\n";
    const ran = lint(text, { shellcheck: fakeRunner().runner }).findings;
    expect(ran.map((f) => `${f.ruleId} ${f.start.line}`)).toEqual(["suppression 4"]);
    const missing = fakeRunner(() => [], false);
    expect(lint(text, { shellcheck: missing.runner }).findings).toEqual([]);
    expect(lint(text).findings).toEqual([]);
  });

  it("writes SARIF with a rule descriptor for each ShellCheck code", () => {
    const fake = fakeRunner((s) => at(s, "cd /srv"));
    const source = "FROM debian:bookworm\nRUN cd /srv; ls\n";
    const findings = lint(source, { shellcheck: fake.runner, rules: { DF003: "off" } }).findings;
    const ctx: ReportContext = { rules: ruleLevels(rules), color: false, version: "0.1.0", root: "/repo", errors: [] };
    const log = JSON.parse(sarif([{ path: "Dockerfile", absolutePath: "/repo/Dockerfile", text: source, findings }], ctx));
    expect(sarifErrors(log)).toEqual([]);
    const run0 = log.runs[0];
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === "SC2164");
    expect(run0.tool.driver.rules[result.ruleIndex]).toMatchObject({ id: "SC2164", helpUri: "https://www.shellcheck.net/wiki/SC2164" });
  });
});

describe("SC in the config", () => {
  it("accepts the rule and single codes in `rules`, in the loader and the JSON schema", async () => {
    const dir = scratchDir({ ".slimlint.yaml": "rules:\n  shellcheck: info\n  SC2086: off\n" });
    const config = await loadConfig(join(dir, ".slimlint.yaml"), rules);
    expect(config.rules).toEqual({ shellcheck: "info", SC2086: "off" });
    const schema = JSON.parse(readFileSync(new URL("../schema/slimlint-config.schema.json", import.meta.url), "utf8")) as object;
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate({ rules: { SC: "off", SC2086: "warning", shellcheck: "info" } })).toBe(true);
    expect(validate({ rules: { SC20866: "off" } })).toBe(false);
  });
});

describe("shellcheck lookup", () => {
  it("honours SLIMLINT_SHELLCHECK=off and a PATH without shellcheck, and says why", () => {
    expect(findShellCheck({ PATH: process.env.PATH, [SHELLCHECK_ENV]: "off" })).toBeUndefined();
    expect(shellCheckMissingReason({ PATH: "/nonexistent", [SHELLCHECK_ENV]: "off" })).toMatch(/SLIMLINT_SHELLCHECK=off/);
    expect(findShellCheck({ PATH: "/nonexistent" })).toBeUndefined();
    expect(shellCheckMissingReason({ PATH: "/nonexistent" })).toMatch(/shellcheck is not on PATH \(apt-get install shellcheck\)/);
    expect(createShellCheckRunner({ env: { PATH: "/nonexistent" } }).check([{ text: "echo", dialect: "sh" }])).toBeUndefined();
  });

  it("`slimlint rules` says when the rule is skipped, in text and JSON", () => {
    const env = { ...process.env, [SHELLCHECK_ENV]: "off" };
    expect(run(["rules"], FIXTURES, { env }).stdout).toMatch(
      /^SC +shellcheck +warning .*\(skipped: SLIMLINT_SHELLCHECK=off turns ShellCheck off\)$/m,
    );
    const rows = JSON.parse(run(["rules", "--format", "json"], FIXTURES, { env }).stdout) as { id: string; skipped?: string }[];
    expect(rows.find((r) => r.id === "SC")?.skipped).toBe("SLIMLINT_SHELLCHECK=off turns ShellCheck off");
    expect(rows.filter((r) => r.skipped !== undefined).map((r) => r.id)).toEqual(["SC"]);
  });
});

const binary = findShellCheck();
const missing = shellCheckMissingReason();
if (!binary) console.warn(`test/shellcheck.test.ts: the tests with the real ShellCheck are skipped: ${missing}`);

describe.skipIf(!binary)(`SC shellcheck with the real binary${binary ? "" : ` (skipped: ${missing})`}`, async () => {
  const bad = await fixtureFiles("shellcheck", "bad");
  const good = await fixtureFiles("shellcheck", "good");
  const only = Object.fromEntries(rules.map((r) => [r.id, r.id === "SC" ? r.severity : "off"] as const));

  it.each(bad.map((f) => [f.name, f] as const))("fires exactly at the marked positions of %s, in one process", (_name, file) => {
    const stats: RunnerStats = { spawns: 0, millis: 0 };
    const result = lint(file.text, { rules: only, shellcheck: createShellCheckRunner({ stats }) });
    expect(result.ruleErrors).toEqual([]);
    const expected = expectations(file.text).filter((e) => /^SC\d/.test(e.ruleId));
    expect(expected.length).toBeGreaterThan(0);
    expect(positions(result.findings)).toEqual(expected);
    expect(stats.spawns).toBe(1);
    for (const finding of result.findings) {
      expect(finding.message).toMatch(/^ShellCheck SC\d{4} \(checked as [^)]+\): .+[.?!]$/);
      expect(finding.message.length).toBeGreaterThan(60);
    }
  });

  it.each(good.map((f) => [f.name, f] as const))("stays silent on %s", (_name, file) => {
    const result = lint(file.text, { rules: only, shellcheck: createShellCheckRunner() });
    expect(result.findings.map((f) => `${f.start.line}:${f.start.column} ${f.message}`)).toEqual([]);
  });

  it("starts a process only for scripts it has not checked before", () => {
    const stats: RunnerStats = { spawns: 0, millis: 0 };
    const runner = createShellCheckRunner({ stats });
    const text = "FROM debian:bookworm\nRUN cd /srv; ls\nRUN echo one\n";
    const first = lint(text, { rules: only, shellcheck: runner }).findings;
    expect(lint(text, { rules: only, shellcheck: runner }).findings).toEqual(first);
    expect(stats.spawns).toBe(1);
    const edited = lint(text.replace("echo one", "cd /tmp; ls"), { rules: only, shellcheck: runner }).findings;
    expect(edited.map((f) => `${f.ruleId} ${f.start.line}`)).toEqual(["SC2164 2", "SC2164 3"]);
    expect(stats.spawns).toBe(2);
  });

  it("checks the scripts of several files in one process ahead of their lints, with the same findings", async () => {
    const texts = Array.from({ length: 6 }, (_, i) => `FROM debian:bookworm\nRUN cd /srv${i}; ls\nRUN echo ${i}\n`);
    const alone = texts.map((text) => lint(text, { rules: only, shellcheck: createShellCheckRunner() }).findings);
    const stats: RunnerStats = { spawns: 0, millis: 0 };
    const runner = createShellCheckRunner({ stats });
    const options = { rules: only, shellcheck: runner };
    const { models, checked } = prefetchShellCheck(
      rules,
      texts.map((text) => ({ text, options })),
    );
    await checked;
    expect(stats.spawns).toBe(1);
    expect(texts.map((text) => lint(text, options).findings)).toEqual(alone);
    expect(alone.flat().map((f) => f.ruleId)).toEqual(Array(6).fill("SC2164"));
    // The models built to collect the scripts serve the lints: the same findings, no new process.
    expect(models).toHaveLength(6);
    expect(texts.map((text, i) => lintWith(rules, text, options, models[i]).findings)).toEqual(alone);
    expect(lintWith(rules, texts[0] as string, options, models[0]).model).toBe(models[0]);
    expect(stats.spawns).toBe(1);
  });

  it("keeps the models of at most 512 KB of a batch's text, and none for one file", async () => {
    const runner = createShellCheckRunner();
    const sized = (kb: number) => `FROM debian:bookworm\n# ${"x".repeat(kb * 1024)}\nRUN ls\n`;
    // 200 KB files fill the 512 KB twice; a 260 KB file is over the prefetch's cap and not collected at all.
    const files = [sized(200), sized(200), sized(200), sized(1), sized(260)].map((text) => ({ text, options: { shellcheck: runner } }));
    const { models, checked } = prefetchShellCheck(rules, files);
    await checked;
    expect(files.map((_, i) => models[i] !== undefined)).toEqual([true, true, false, false, false]);
    expect(prefetchShellCheck(rules, files.slice(0, 1)).models).toEqual([]);
  });

  it("the CLI starts one ShellCheck process for a directory of files, not one per file", () => {
    const dir = scratchDir({
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}/Dockerfile`, `FROM debian:bookworm\nRUN cd /srv${i}; ls\n`])),
      // Levels for other rules and for ShellCheck's codes, as a config gives them.
      ".slimlint.yaml": "rules:\n  DF011: off\n  SC2035: off\n",
    });
    // A stand-in that logs each start, then runs the real binary.
    const log = join(dir, "starts.log");
    const wrapper = join(dir, "shellcheck-logged");
    writeFileSync(wrapper, `#!/bin/sh\necho started >> "${log}"\nexec "${binary}" "$@"\n`, { mode: 0o755 });
    const out = run(["-f", "compact", "."], dir, { env: { ...process.env, NO_COLOR: "1", [SHELLCHECK_ENV]: wrapper } });
    expect(out.stdout.match(/\[SC2164\]/g)).toHaveLength(12);
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("reports the bad fixture's findings through the CLI", () => {
    const out = run(["--format", "json", join("shellcheck", "bad.Dockerfile")], FIXTURES);
    const ids = (JSON.parse(out.stdout) as { ruleId: string }[]).map((f) => f.ruleId).filter((id) => /^SC\d/.test(id));
    expect(ids.sort()).toEqual(
      expectations(readFileSync(join(FIXTURES, "shellcheck", "bad.Dockerfile"), "utf8"))
        .map((e) => e.ruleId)
        .filter((id) => /^SC\d/.test(id))
        .sort(),
    );
  });
});
