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
    const text = ["FROM golang:1.23-alpine", "# slimlint ignore=go-trimpath-missing, GO007 -- built for a tool image", "RUN go build -ldflags=-s -o /out/app .", CMD].join("\n");
    expect(ids(text)).toEqual(["1:6 SE001"]);
  });

  it("global ignore= silences the rule in the whole file", () => {
    const text = ["# slimlint global ignore=GO004,SE001", "FROM golang:1.23-alpine", BUILD, BUILD, CMD].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("honours hadolint's codes for the rules that name them as equivalents", () => {
    const text = ["# hadolint ignore=DL3006", "FROM golang AS b", "# hadolint ignore=DL3007,SC2086", "FROM alpine:latest", "USER nobody"].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("honours BuildKit's check=skip directive for mapped rules, and leaves unmapped names alone", () => {
    const text = ["# check=skip=SomeBuildKitCheck", "FROM golang:1.23-alpine", "USER nobody"].join("\n");
    expect(ids(text)).toEqual([]);
  });

  it("reports unknown rule ids and suppressions that suppress nothing, at the code", () => {
    const text = ["FROM alpine:3.20", "# slimlint ignore=GO999,GO004", "USER nobody"].join("\n");
    const findings = lint(text, { rules: OTHERS_OFF }).findings;
    expect(findings.map((f) => `${f.start.line}:${f.start.column} ${f.ruleId} ${f.severity}`)).toEqual(["2:19 suppression info", "2:25 suppression info"]);
    expect(findings[0]?.message).toMatch(/^`GO999` in this suppression is not a slimlint rule/);
    expect(findings[1]?.message).toMatch(/^This suppression of GO004 suppresses nothing/);
  });

  it("does not call a suppression unused when its rule is switched off", () => {
    const text = ["FROM alpine:3.20", "# slimlint ignore=GO004", "USER nobody"].join("\n");
    expect(lint(text, { rules: { ...OTHERS_OFF, GO004: "off" } }).findings).toEqual([]);
  });
});
