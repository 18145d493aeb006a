// The shared edits fixes are made of (src/engine/edits.ts).
import { describe, expect, it } from "vitest";
import { addWordAfter, insertAfter, insertBefore, keywordInCaseOf, removeWord } from "../src/engine/edits.js";
import { applyEdits } from "../src/engine/fix.js";
import { SourceFile } from "../src/text/source.js";

const word = (text: string, value: string, from = 0) => {
  const start = text.indexOf(value, from);
  return { span: { start, end: start + value.length } };
};

describe("shared edits", () => {
  it("insert before and after a word", () => {
    const text = "RUN apk add curl";
    expect(applyEdits(text, [insertAfter(word(text, "add"), " --no-cache")])).toBe("RUN apk add --no-cache curl");
    expect(applyEdits(text, [insertBefore(word(text, "apk"), "X=1 ")])).toBe("RUN X=1 apk add curl");
  });

  it("add a word in shell form and in an exec-form array", () => {
    const shell = "RUN go build -o /app .";
    expect(applyEdits(shell, [addWordAfter(word(shell, "build"), "-trimpath", false)])).toBe("RUN go build -trimpath -o /app .");
    const exec = 'RUN ["go", "build", "-o", "/app", "."]';
    expect(applyEdits(exec, [addWordAfter(word(exec, '"build"'), "-trimpath", true)])).toBe(
      'RUN ["go", "build", "-trimpath", "-o", "/app", "."]',
    );
  });

  it("write a keyword in the case of the one it replaces", () => {
    expect([keywordInCaseOf("add", "COPY"), keywordInCaseOf("ADD", "copy"), keywordInCaseOf("Add", "COPY")]).toEqual([
      "copy",
      "COPY",
      "COPY",
    ]);
  });

  it("remove a word with the blanks before it, or its whole continuation line", () => {
    const inline = "RUN go build -a -o /app .";
    expect(applyEdits(inline, [removeWord(new SourceFile(inline), "\\", word(inline, "-a").span)])).toBe("RUN go build -o /app .");
    const continued = "RUN go build \\\n    -a \\\n    -o /app .";
    expect(applyEdits(continued, [removeWord(new SourceFile(continued), "\\", word(continued, "-a").span)])).toBe(
      "RUN go build \\\n    -o /app .",
    );
    // The escape character of the file decides what continues a line.
    const backtick = "RUN go build `\n    -a `\n    -o /app .";
    expect(applyEdits(backtick, [removeWord(new SourceFile(backtick), "`", word(backtick, "-a").span)])).toBe(
      "RUN go build `\n    -o /app .",
    );
  });
});
