// DF026's levels: a trigger Docker refuses fails this build (error); an unknown one fails the child's (warning).
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

const findings = (text: string) =>
  lint(text)
    .findings.filter((f) => f.ruleId === "DF026")
    .map((f) => [f.start.line, f.start.column, f.severity, f.message.slice(0, 40)]);

describe("DF026 levels", () => {
  it("is an error for ONBUILD ONBUILD, FROM and MAINTAINER, a warning for a keyword that is no instruction", () => {
    expect(findings("FROM alpine:3.20\nONBUILD onbuild RUN x\nONBUILD FROM alpine\nONBUILD COPYY . /src\nONBUILD FOO bar\n")).toEqual([
      [2, 9, "error", "Docker refuses `ONBUILD onbuild` while i"],
      [3, 9, "error", "Docker refuses `ONBUILD FROM` while it r"],
      [4, 9, "warning", "`COPYY` is not a Dockerfile instruction:"],
      [5, 9, "warning", "`FOO` is not a Dockerfile instruction: D"],
    ]);
  });
});
