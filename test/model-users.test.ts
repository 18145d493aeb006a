// userMayExist: the users a stage's /etc/passwd may hold at an instruction (SE002 USER, RT007 COPY --chown).
import { describe, expect, it } from "vitest";
import { buildModel } from "../src/model/build.js";
import { UNKNOWN_CONTEXT } from "../src/model/types.js";
import { userMayExist } from "../src/model/users.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";

/** Whether `name` may exist at the last instruction of the last stage. */
function mayExist(name: string, ...lines: string[]): boolean {
  const m = buildModel(parseDockerfile(`${lines.join("\n")}\n`), UNKNOWN_CONTEXT);
  const stage = m.stages[m.stages.length - 1]!;
  return userMayExist(m, stage, name, stage.instructions[stage.instructions.length - 1]!);
}

describe("userMayExist", () => {
  it("knows the users of known bases and nothing more", () => {
    expect(mayExist("app", "FROM scratch", "USER app")).toBe(false);
    expect(mayExist("nonroot", "FROM gcr.io/distroless/static-debian12", "USER nonroot")).toBe(true);
    expect(mayExist("app", "FROM gcr.io/distroless/static-debian12", "USER app")).toBe(false);
    expect(mayExist("nobody", "FROM alpine:3.20", "USER nobody")).toBe(true);
    expect(mayExist("www-data", "FROM debian:bookworm-slim", "USER www-data")).toBe(true);
    expect(mayExist("app", "FROM ghcr.io/example/base:1", "USER app")).toBe(true);
  });

  it("lets earlier adduser/useradd, installed packages, opaque steps and a copied /etc/passwd add users", () => {
    expect(mayExist("app", "FROM alpine:3.20", "RUN adduser -D app", "USER app")).toBe(true);
    expect(mayExist("other", "FROM alpine:3.20", "RUN adduser -D app", "USER other")).toBe(false);
    expect(mayExist("app", "FROM alpine:3.20", "ARG NAME", "RUN adduser -D $NAME", "USER app")).toBe(true);
    expect(mayExist("postgres", "FROM alpine:3.20", "RUN apk add --no-cache postgresql", "USER postgres")).toBe(true);
    expect(mayExist("app", "FROM alpine:3.20", "RUN ./setup.sh", "USER app")).toBe(true);
    expect(mayExist("app", "FROM scratch", "COPY --from=alpine:3.20 /etc/passwd /etc/passwd", "USER app")).toBe(true);
    expect(mayExist("app", "FROM alpine:3.20", "RUN echo 'app:x:1000:1000::/:/sbin/nologin' >> /etc/passwd", "USER app")).toBe(true);
  });

  it("looks before the instruction for opaque steps and /etc/passwd writes, and through the stages a stage is built on", () => {
    const m = buildModel(parseDockerfile("FROM alpine:3.20\nUSER app\nRUN ./setup.sh\nUSER app\n"), UNKNOWN_CONTEXT);
    const stage = m.stages[0]!;
    expect(userMayExist(m, stage, "app", stage.instructions[0]!)).toBe(false);
    expect(userMayExist(m, stage, "app", stage.instructions[2]!)).toBe(true);
    // adduser counts wherever it is in the stage (USER before it is a different mistake).
    expect(mayExist("app", "FROM alpine:3.20", "USER app", "RUN adduser -D app")).toBe(true);
    // …unless the question is about the moment of the instruction (COPY --chown).
    const late = buildModel(
      parseDockerfile("FROM alpine:3.20\nCOPY --chown=app a /a\nRUN adduser -D app && apk add nginx\nCOPY --chown=app b /b\n"),
      UNKNOWN_CONTEXT,
    );
    const s0 = late.stages[0]!;
    expect(userMayExist(late, s0, "app", s0.instructions[0]!, "before")).toBe(false);
    expect(userMayExist(late, s0, "app", s0.instructions[0]!, "stage")).toBe(true);
    expect(userMayExist(late, s0, "app", s0.instructions[2]!, "before")).toBe(true);
    expect(userMayExist(late, s0, "nginx", s0.instructions[2]!, "before")).toBe(true);
    expect(mayExist("app", "FROM alpine:3.20 AS base", "RUN adduser -D app", "FROM base", "USER app")).toBe(true);
    expect(mayExist("app", "FROM alpine:3.20 AS base", "RUN adduser -D other", "FROM base", "USER app")).toBe(false);
  });
});
