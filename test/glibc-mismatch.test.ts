// GO002 and GO001 on a cgo build whose glibc is newer than the runtime image's: the message names both
// releases and the "GLIBC_2.34 not found" failure, and advice never sends the binary to an older glibc.
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";

const dockerfile = (builder: string, cgo: string, runtime: string) =>
  [
    `FROM ${builder} AS build`,
    "WORKDIR /src",
    "COPY . .",
    `RUN ${cgo}go build -trimpath -ldflags="-s -w" -o /out/app .`,
    `FROM ${runtime}`,
    "COPY --from=build /out/app /app",
    "USER nobody",
    'ENTRYPOINT ["/app"]',
    "",
  ].join("\n");
const messages = (text: string, id: string) =>
  lint(text, { rules: { [id]: "warning" } })
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

describe("a cgo binary built on glibc 2.34+ shipped on an older glibc", () => {
  it("GO002 names both releases and the symbol-version failure, and suggests a new-enough base or the runtime's release", () => {
    const [message] = messages(dockerfile("golang:1.23-bookworm", "CGO_ENABLED=1 ", "debian:bullseye-slim"), "GO002");
    expect(message).toContain("glibc 2.31, older than the builder's glibc 2.36");
    expect(message).toContain("GLIBC_2.34' not found");
    expect(message).toContain("gcr.io/distroless/base-debian13, which has glibc 2.41");
    expect(message).toContain("build on bullseye");
  });

  it("GO002 is an error only when cgo linking is certain (-race), as for other libc mismatches", () => {
    const race = lint(dockerfile("golang:1.22", "", "gcr.io/distroless/base-debian11").replace("go build", "go build -race"), {
      rules: { GO002: "error" },
    });
    expect(race.findings.filter((f) => f.ruleId === "GO002").map((f) => f.severity)).toEqual(["error"]);
    const chosen = lint(dockerfile("golang:1.22", "CGO_ENABLED=1 ", "gcr.io/distroless/base-debian11"), {});
    expect(chosen.findings.filter((f) => f.ruleId === "GO002").map((f) => f.severity)).toEqual(["warning"]);
  });

  it("GO001 says where the binary would not start", () => {
    const [message] = messages(dockerfile("golang:1.23", "", "ubuntu:20.04"), "GO001");
    expect(message).toContain("it runs on ubuntu, which has glibc 2.31, older than the builder's glibc 2.36 or newer");
  });

  it("is silent when the runtime's glibc is as new, or either release is unknown", () => {
    for (const [builder, runtime] of [
      ["golang:1.22-bullseye", "debian:bullseye-slim"],
      ["golang:1.23-bookworm", "ubuntu:22.04"],
      ["golang:1.20", "debian:bullseye-slim"],
      ["golang:1.23-bookworm", "debian:stable-slim"],
    ] as const) {
      expect(messages(dockerfile(builder, "CGO_ENABLED=1 ", runtime), "GO002"), `${builder} → ${runtime}`).toEqual([]);
    }
  });
});
