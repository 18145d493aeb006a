// RT008 picks its level per finding: error only when the shell certainly runs the swallowed keyword last.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

const findings = (text: string) =>
  lint(text)
    .findings.filter((f) => f.ruleId === "RT008")
    .map((f) => [f.start.line, f.start.column, f.severity]);

describe("RT008 levels", () => {
  it("is an error when the keyword runs as the RUN's last command after && or ;", () => {
    expect(findings('FROM alpine:3.20\nRUN adduser -D app && \\\n    CMD ["/app"]\n')).toEqual([[3, 5, "error"]]);
    expect(findings("FROM alpine:3.20\nRUN true; \\\nWORKDIR /app\n")).toEqual([[3, 1, "error"]]);
  });

  it("is a warning when the build may succeed: an argument of a command, or after ||", () => {
    expect(findings('FROM alpine:3.20\nRUN rm -rf /tmp/x \\\nCMD ["/app"]\n')).toEqual([[3, 1, "warning"]]);
    expect(findings("FROM alpine:3.20\nRUN test -d /app || \\\nUSER 65532\n")).toEqual([[3, 1, "warning"]]);
  });

  it("stays silent on exec-form RUN, on lower-case or quoted words, and when the line holds more shell than the instruction", () => {
    expect(findings("FROM alpine:3.20\nRUN if true; then \\\n  WORKDIR /app; fi\n")).toEqual([]);
    expect(findings('FROM alpine:3.20\nRUN ["sh", "-c", \\\n  "CMD"]\n')).toEqual([]);
    expect(findings("FROM alpine:3.20\nRUN echo \\\n  'COPY a b'\n")).toEqual([]);
    expect(findings("FROM alpine:3.20\nRUN true && \\\n  copy a b\n")).toEqual([]);
  });
});
