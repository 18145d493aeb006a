// The shell layer: words with unquoted values and spans, assignments, separators, control keywords.
import { describe, expect, it } from "vitest";
import { MappedText } from "../src/text/mapped-text.js";
import { parseShell } from "../src/shell/commands.js";

const parse = (text: string) => parseShell(MappedText.contiguous(text, { start: 0, end: text.length }));
const commandWords = (text: string) => parse(text).commands.map((c) => c.words.map((w) => w.value));

describe("shell parsing", () => {
  it("splits commands on && || ; | & and newlines", () => {
    expect(commandWords("a 1 && b 2 || c; d | e & f\ng")).toEqual([["a", "1"], ["b", "2"], ["c"], ["d"], ["e"], ["f"], ["g"]]);
    const cmds = parse("curl -s x | sh && echo done").commands;
    expect(cmds.map((c) => [c.pipeline, c.pipePosition, c.after])).toEqual([
      [0, 0, ""],
      [0, 1, "|"],
      [1, 0, "&&"],
    ]);
  });

  it("reads quotes, escapes and keeps expansions as written", () => {
    const [cmd] = parse(`echo 'a b' "c $HOME d" e\\ f \${X:-y} $(date) \`id\``).commands;
    expect(cmd!.words.map((w) => w.value)).toEqual(["echo", "a b", "c $HOME d", "e f", "${X:-y}", "$(date)", "`id`"]);
    expect(cmd!.words.map((w) => w.hasExpansion)).toEqual([false, false, true, false, true, true, true]);
    expect(cmd!.words[4]!.parts[0]).toMatchObject({ kind: "variable", name: "X", operator: ":-", operand: "y" });
  });

  it("separates VAR=value prefixes from the command", () => {
    const [cmd] = parse('CGO_ENABLED=0 GOFLAGS="-trimpath -mod=mod" go build').commands;
    expect(cmd!.assignments.map((a) => [a.name, a.value.value])).toEqual([
      ["CGO_ENABLED", "0"],
      ["GOFLAGS", "-trimpath -mod=mod"],
    ]);
    expect(cmd!.words.map((w) => w.value)).toEqual(["go", "build"]);
  });

  it("finds commands inside if/then/else, loops, subshells and groups", () => {
    const script =
      "if [ -f x ]; then go build -o a .; else go build -o b .; fi; for p in a b; do go install ./$p; done; " +
      "(cd sub && go vet); { go test; }";
    const goCommands = commandWords(script).filter((w) => w[0] === "go");
    expect(goCommands).toEqual([
      ["go", "build", "-o", "a", "."],
      ["go", "build", "-o", "b", "."],
      ["go", "install", "./$p"],
      ["go", "vet"],
      ["go", "test"],
    ]);
  });

  it("does not split on operators inside $(…) or quotes", () => {
    expect(commandWords('git config url."https://$(cat /run/secrets/t | tr -d x)@h/".insteadOf "a;b"')).toEqual([
      ["git", "config", "url.https://$(cat /run/secrets/t | tr -d x)@h/.insteadOf", "a;b"],
    ]);
  });

  it("marks case … esac and open quotes as incomplete instead of guessing", () => {
    expect(parse("case $x in a) go build;; esac").incomplete).toBe(true);
    expect(parse("echo 'open").incomplete).toBe(true);
    expect(parse("echo ok").incomplete).toBe(false);
  });

  it("treats # as a comment only at the start of a word", () => {
    expect(commandWords("echo a#b # comment\necho c")).toEqual([
      ["echo", "a#b"],
      ["echo", "c"],
    ]);
  });
});

describe("subshells and tested commands", () => {
  it("counts the ( … ) subshells around each command", () => {
    expect(parse("a && (cd /tmp && b) && c").commands.map((c) => [c.words[0]?.value, c.subshell])).toEqual([
      ["a", 0],
      ["cd", 1],
      ["b", 1],
      ["c", 0],
    ]);
  });

  it("marks the commands an if, while or ! tests, also inside the ( … ) it opens, and not the body", () => {
    const tested = (text: string) => parse(text).commands.map((c) => [c.words[0]?.value, c.condition]);
    expect(tested("if ! (dpkg -l | grep -q x); then echo missing; fi")).toEqual([
      ["dpkg", true],
      ["grep", true],
      ["echo", false],
    ]);
    expect(tested("while read l | tr a b; do c | d; done")).toEqual([
      ["read", true],
      ["tr", true],
      ["c", false],
      ["d", false],
    ]);
  });

  it("marks the commands that run only in some cases: if and loop bodies, nested ones, and after ||", () => {
    const branched = (text: string) => parse(text).commands.map((c) => [c.words[0]?.value ?? c.assignments[0]?.name, c.branched]);
    expect(branched("A=1 && if test x; then B=2; elif test y; then if z; then C=3; fi; else exit 1; fi && use $B || D=4; after")).toEqual([
      ["A", false],
      ["test", false],
      ["B", true],
      ["test", true],
      ["z", true],
      ["C", true],
      ["exit", true],
      ["use", false],
      ["D", true],
      ["after", false],
    ]);
    // The `for f in …` header is not a command of its own.
    expect(branched("for f in a b; do X=$f; done; y")).toEqual([
      ["X", true],
      ["y", false],
    ]);
  });
});
