// Suppression comments, handled centrally: slimlint's own, hadolint's and BuildKit's.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

// These files are about suppression comments; GO007, GO009, IM003 and IM004 would also report on
// them, so they are switched off here.
const OTHERS_OFF = { GO007: "off", GO009: "off", IM003: "off", IM004: "off" } as const;
const ids = (text: string) => lint(text, { rules: OTHERS_OFF }).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`);
const BUILD = "RUN CGO_ENABLED=0 go build -ldflags=-s -o /out/app .";
// A CMD makes the image a runtime image, which the runtime rules judge.
const CMD = 'CMD ["/out/app"]';

describe("suppressions", () => {
  it("ignore= silences the named rules on the next instruction only", () => {
    const text = ["FROM golang:1.23-alpine", "# slimlint ignore=GO004", BUILD, BUILD, CMD].join("\n");
    expect(ids(text)).toEqual(["1:6 SE001", "4:19 GO004"]);
  });

  it("accepts rule names and several codes, with text after them", () => {
    const text = [
      "FROM golang:1.23-alpine",
      "# slimlint ignore=go-trimpath-missing, GO007 -- built for a tool image",
      "RUN go build -ldflags=-s -o /out/app .",
      CMD,
    ].join("\n");
    expect(ids(text)).toEqual(["1:6 SE001"]);
  });

  it("global ignore= silences the rule in the whole file", () => {
    const text = ["# slimlint global ignore=GO004,SE001", "FROM golang:1.23-alpine", BUILD, BUILD, CMD].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("honours hadolint's codes for the rules that name them as equivalents", () => {
    const text = [
      "# hadolint ignore=DL3006",
      "FROM golang AS b",
      "# hadolint ignore=DL3007,SC2086",
      "FROM alpine:latest",
      "USER nobody",
    ].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("honours BuildKit's check=skip directive for mapped rules, and leaves unmapped names alone", () => {
    const text = ["# check=skip=SomeBuildKitCheck", "FROM golang:1.23-alpine", "USER nobody"].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("reports unknown rule ids and suppressions that suppress nothing, at the code", () => {
    const text = ["FROM alpine:3.20", "# slimlint ignore=GO999,GO004", "USER nobody"].join("\n");
    const findings = lint(text, { rules: OTHERS_OFF }).findings;
    expect(findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId} ${f.severity}`)).toEqual([
      "2:19 suppression info",
      "2:25 suppression info",
    ]);
    expect(findings[0]?.message).toMatch(/^`GO999` in this suppression is not a slimlint rule/);
    expect(findings[1]?.message).toMatch(/^This suppression of GO004 suppresses nothing/);
  });

  it("RULE/problem silences that problem of a rule only, and says when the key is not one of the rule's", () => {
    const text = [
      "FROM alpine:3.20 AS Build",
      "# slimlint ignore=DF010/duplicate",
      "FROM alpine:3.20 AS build",
      "# slimlint ignore=DF010/casing",
      "FROM alpine:3.20 AS Build",
      "# slimlint ignore=DF010/typo, GO004/x",
      "USER nobody",
    ].join("\n");
    const findings = lint(text, { rules: OTHERS_OFF }).findings;
    // Line 5's name is a duplicate (the problem DF010 reports there): suppressing its casing hides nothing.
    expect(findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}${f.problem ? `/${f.problem}` : ""}`)).toEqual([
      "1:21 DF010/casing",
      "4:19 suppression",
      "5:21 DF010/duplicate",
      "6:19 suppression",
      "6:31 suppression",
    ]);
    expect(findings[1]?.message).toMatch(/^This suppression of DF010\/casing suppresses nothing: the rule reports no such problem/);
    expect(findings[3]?.message).toMatch(
      new RegExp(
        "^`DF010\\/typo` in this suppression is not a problem of DF010, so it suppresses nothing\\. " +
          "Its problems are `DF010\\/duplicate`, `DF010\\/reserved`, `DF010\\/casing`",
      ),
    );
    expect(findings[4]?.message).toMatch(
      /^`GO004\/x` in this suppression is not a problem of GO004, so it suppresses nothing\. GO004 reports one problem: write `GO004`/,
    );
  });

  it("does not call a suppression unused when its rule is switched off", () => {
    const text = ["FROM alpine:3.20", "# slimlint ignore=GO004", "USER nobody"].join("\n");
    expect(lint(text, { rules: { ...OTHERS_OFF, GO004: "off" } }).findings).toEqual([]);
  });
});

describe("hadolint ids covered since issue 10", () => {
  const all = (text: string) => lint(text, { rules: OTHERS_OFF }).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`);

  it("DL3022 and DL3023 suppress RT005, DL3024 and DL3063 DF010, DL3064 SE003", () => {
    const text = [
      "FROM golang:1.23-alpine AS build",
      "COPY --from=build /a /b",
      "COPY --from=3 /a /b",
      "FROM alpine:3.20 AS build",
      "ENV API_TOKEN=abc123def",
      "FROM alpine:3.20 AS scratch",
      "USER nobody",
    ].join("\n");
    expect(all(text)).toEqual(["2:6 RT005", "3:6 RT005", "4:21 DF010", "5:5 SE003", "6:21 DF010"]);
    const ignored = [
      "FROM golang:1.23-alpine AS build",
      "# hadolint ignore=DL3023",
      "COPY --from=build /a /b",
      "# hadolint ignore=DL3022",
      "COPY --from=3 /a /b",
      "# hadolint ignore=DL3024",
      "FROM alpine:3.20 AS build",
      "# hadolint ignore=DL3064",
      "ENV API_TOKEN=abc123def",
      "# hadolint ignore=DL3063",
      "FROM alpine:3.20 AS scratch",
      "USER nobody",
    ].join("\n");
    expect(all(ignored)).toEqual([]);
  });

  it("DL3061 suppresses only DF000's instruction-before-FROM problem, not another syntax error", () => {
    const text = ["# hadolint ignore=DL3061", "RUN echo hi", "FROM alpine:3.20", "# hadolint ignore=DL3061", "RUNN x", "USER nobody"].join(
      "\n",
    );
    expect(all(text)).toEqual(["5:1 DF000"]);
  });

  it("a file-level check=skip=NoEmptyContinuation hides the empty-line warning and no build failure", () => {
    const text = ["# check=skip=NoEmptyContinuation", "FROM alpine:3.20", "RUNN x", "RUN echo a && \\", "", "  echo b", "USER nobody"].join(
      "\n",
    );
    expect(all(text)).toEqual(["3:1 DF000"]);
    const skipAll = ["# check=skip=all", "FROM alpine:3.20", "RUNN x", "RUN echo a && \\", "", "  echo b", "USER nobody"].join("\n");
    expect(all(skipAll)).toEqual(["3:1 DF000"]);
  });
});

describe("BuildKit's per-instruction check=skip (Dockerfile 1.21+)", () => {
  const all = (text: string) => lint(text, { rules: OTHERS_OFF }).findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId}`);
  const STAGE = ["FROM alpine:3.20", "USER nobody"];

  it("skips the named checks on the next instruction only, text after a space being a remark", () => {
    const text = [...STAGE, "# check=skip=JSONArgsRecommended // a shell is wanted here", "CMD echo a", "CMD echo b"].join("\n");
    // DF005 (MultipleInstructionsDisallowed) is not named: it stays; the second CMD keeps its DF001.
    expect(all(text)).toEqual(["4:1 DF005", "5:1 DF001"]);
  });

  it("takes several names and all, and the first check comment above the instruction decides", () => {
    expect(all([...STAGE, "# check=skip=MaintainerDeprecated,JSONArgsRecommended", "MAINTAINER me", "CMD echo a"].join("\n"))).toEqual([
      "5:1 DF001",
    ]);
    expect(all([...STAGE, "# check=skip=all", "MAINTAINER me", "MAINTAINER you"].join("\n"))).toEqual(["5:1 DF004"]);
    // Blank lines and other comments in between keep it; a second check comment is not read.
    expect(
      all([...STAGE, "# check=skip=MaintainerDeprecated", "", "# the author", "# check=skip=all", "MAINTAINER me"].join("\n")),
    ).toEqual([]);
    expect(all([...STAGE, "# check=skip=JSONArgsRecommended", "# check=skip=MaintainerDeprecated", "MAINTAINER me"].join("\n"))).toEqual([
      "5:1 DF004",
    ]);
  });

  it("is cut off by an empty # line, ignored when BuildKit cannot read it, and case-sensitive", () => {
    expect(all([...STAGE, "# check=skip=MaintainerDeprecated", "#", "MAINTAINER me"].join("\n"))).toEqual(["5:1 DF004"]);
    expect(all([...STAGE, "# check=skip=MaintainerDeprecated;bogus=1", "MAINTAINER me"].join("\n"))).toEqual(["4:1 DF004"]);
    // BuildKit splits the options in at most three: the third, `error=true;skip=…`, is not a boolean.
    expect(all([...STAGE, "# check=skip=MaintainerDeprecated;experimental=all;error=true;skip=all", "MAINTAINER me"].join("\n"))).toEqual([
      "4:1 DF004",
    ]);
    expect(all([...STAGE, "# check=skip=MaintainerDeprecated;experimental=all;error=true", "MAINTAINER me"].join("\n"))).toEqual([]);
    expect(all([...STAGE, "# check=skip=maintainerdeprecated", "MAINTAINER me"].join("\n"))).toEqual(["4:1 DF004"]);
    expect(all([...STAGE, "# check = skip=MaintainerDeprecated;error=true", "MAINTAINER me"].join("\n"))).toEqual([]);
  });

  it("does not reach past a comment line inside a continued instruction", () => {
    const text = [...STAGE, "RUN echo a && \\", "# check=skip=MaintainerDeprecated", "  echo b", "MAINTAINER me"].join("\n");
    expect(all(text)).toEqual(["6:1 DF004"]);
  });

  it("works on FROM (below the directives, which a blank line ends)", () => {
    const named = ["", "FROM alpine:3.20 AS Build", "USER nobody"];
    expect(all(named.join("\n"))).toEqual(["2:21 DF010"]);
    expect(all(["", "# check=skip=StageNameCasing", ...named.slice(1)].join("\n"))).toEqual([]);
  });
});
