// Rules whose fix safety "varies" decide it per case, from facts of the model.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { fixtureFiles } from "./fixtures.js";

const safeties = (text: string, ruleId: string, context = { known: false }) =>
  lint(text, { context })
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.fix?.safety);

describe("fix safety", () => {
  it("GO001: safe where the builder has no C compiler (cgo already off), unsafe where cgo is on", () => {
    const build = (image: string) =>
      `FROM ${image} AS b\nRUN go build -trimpath -ldflags=-s -o /out/app .\nFROM gcr.io/distroless/base-debian12\n` +
      `COPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n`;
    expect(safeties(build("golang:1.23-alpine"), "GO001")).toEqual(["safe"]);
    expect(safeties(build("golang:1.23"), "GO001")).toEqual(["unsafe"]);
  });

  it("GO006: safe only when the build context is known to hold go.sum", async () => {
    const [withSum] = (await fixtureFiles("go-sum-not-copied", "bad")).filter((f) => f.name.endsWith("bad-context-with-sum"));
    expect(withSum?.context).toMatchObject({ known: true, hasGoSum: true });
    expect(safeties(withSum!.text, "GO006", withSum!.context as { known: boolean })).toEqual(["safe"]);
    expect(safeties(withSum!.text, "GO006")).toEqual(["unsafe"]);
  });
});
