// Dockerfiles that grow along one dimension (issue 11, point 7): each shape makes an input of n units.
// Used by test/scaling.test.ts and scripts/scaling.mjs (the 8k/16k/32k measurements).

const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join("\n");

/** One RUN of n shell commands, one per continuation line. */
const oneRun = (n: number, command: (i: number) => string): string => `RUN ${lines(n, (i) => `${command(i)} && \\`)}\n    true`;

export const SHAPES: Readonly<Record<string, (n: number) => string>> = {
  "ENV lines": (n) => `FROM alpine:3.20\n${lines(n, (i) => `ENV V${i}=x`)}\n`,
  ARGs: (n) => `FROM alpine:3.20\n${lines(n, (i) => `ARG V${i}=x`)}\n`,
  "global ARGs": (n) => `${lines(n, (i) => `ARG V${i}=x`)}\nFROM alpine:3.20\n`,
  "ENV chain": (n) => `FROM alpine:3.20\nENV V0=x\n${lines(n, (i) => `ENV V${i + 1}=$V${i}`)}\n`,
  "exports in one RUN": (n) => `FROM alpine:3.20\n${oneRun(n, (i) => `export V${i}=x`)}\n`,
  "chained FROM stages": (n) => `FROM alpine:3.20 AS s0\n${lines(n, (i) => `FROM s${i} AS s${i + 1}`)}\n`,
  "cd in one RUN": (n) => `FROM alpine:3.20\n${oneRun(n, (i) => `cd d${i}`)}\n`,
  "RUNs (DF008)": (n) => `FROM alpine:3.20\n${lines(n, (i) => `RUN wget -O- https://example.com/f${i}.tgz | tar -xz`)}\n`,
  "go builds": (n) =>
    `FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build\nARG TARGETARCH\nWORKDIR /src\n` +
    `COPY . .\n${lines(n, (i) => `RUN GOARCH=arm64 go build -o /out/app${i} ./cmd/app${i}`)}\nFROM scratch\n` +
    `COPY --from=build /out/ /bin/\n`,
  "builds x COPY --from": (n) =>
    `${lines(n, (i) => `FROM golang:1.23-alpine AS b${i}\nRUN go build -o /out/app${i} .`)}\n` +
    `FROM scratch\n${lines(n, (i) => `COPY --from=b${i} /out/app${i} /bin/app${i}`)}\nENTRYPOINT ["/bin/app0"]\n`,
  "relative WORKDIRs": (n) => `FROM alpine:3.20\n${lines(n, (i) => `WORKDIR w${i}`)}\n`,
  suppressions: (n) => `FROM alpine:3.20\n${lines(n, (i) => `# slimlint ignore=DF004\nMAINTAINER m${i}`)}\n`,
  "instruction keywords on one RUN's lines": (n) => `FROM alpine:3.20\n${oneRun(n, (i) => `ENV V${i}=x`)}\n`,
  "pipelines in one RUN": (n) => `FROM alpine:3.20\n${oneRun(n, (i) => `wget -O- https://example.com/f${i}.tgz | tar -xz`)}\n`,
  "plain RUNs": (n) => `FROM alpine:3.20\n${lines(n, (i) => `RUN echo ${i}`)}\n`,
  "chained FROM stages with ENV": (n) => `FROM alpine:3.20 AS s0\n${lines(n, (i) => `FROM s${i} AS s${i + 1}\nENV V${i}=x`)}\n`,
  "chained FROM stages with RUNs": (n) =>
    `FROM alpine:3.20 AS s0\n${lines(n, (i) => `FROM s${i} AS s${i + 1}\nRUN apk add --no-cache p${i}`)}\n`,
  "one builder x COPY --from": (n) =>
    `FROM golang:1.23-alpine AS build\n${lines(n, (i) => `RUN go build -o /out/app${i} ./cmd/app${i}`)}\n` +
    `FROM scratch\n${lines(n, (i) => `COPY --from=build /out/app${i} /bin/app${i}`)}\nENTRYPOINT ["/bin/app0"]\n`,
  // One physical line each: BuildKit refuses a line over 64 KiB (DF000 and nothing else), which these reach
  // at ~9,000 (FROM) and ~5,000 (ENV) units, so their 8k/16k/32k figures in scripts/scaling.mjs time that refusal.
  "findings on one long FROM": (n) => `FROM alpine:3.20${"$U".repeat(0)}${Array.from({ length: n }, (_, i) => `$U${i}`).join("")}\n`,
  "findings on one long line": (n) => `FROM alpine:3.20\nENV ${lines(n, (i) => `A${i}=$U${i}`).replaceAll("\n", " ")}\n`,
};
