import { defineRule, md, type Fix } from "../src/engine/rule.js";
import { goBuilds, goSetting, type GoCommand } from "../src/golang/build.js";
import type { Binding } from "../src/model/types.js";

/** `7`, `6,softfloat`: what Go accepts (the `,softfloat`/`,hardfloat` suffix since Go 1.22). */
const VALID = /^[567]$/;
const WITH_FLOAT = /^[567],(softfloat|hardfloat)$/;

export default defineRule({
  id: "GO014",
  name: "go-goarm-variant",
  severity: "error",
  summary: "GOARM is set to a platform variant (`v7`, `${TARGETVARIANT}`) where Go takes a bare number (`7`)",
  rationale: md`
    GOARM takes \`5\`, \`6\` or \`7\` (since Go 1.22 optionally followed by \`,softfloat\` or \`,hardfloat\`).
    The platform variant BuildKit passes in \`TARGETVARIANT\` is spelled \`v6\`/\`v7\`, and
    \`GOARM=\${TARGETVARIANT}\` or \`GOARM=v7\` hands Go a value it rejects. The Go tools (compiler,
    assembler, linker) validate GOARM when they start, whatever GOARCH is, so a \`go build\` or
    \`go install\` that links a binary fails with "invalid GOARM" (an empty GOARM is the default and is fine).

    A literal invalid value (\`GOARM=v7\`, also through an ARG default) fails every build: \`error\`.
    \`GOARM=\${TARGETVARIANT}\` fails only when the image is built for a platform with a variant
    (\`linux/arm/v6\`, \`linux/arm/v7\`, and \`linux/arm\`, which BuildKit normalizes to v7); for amd64 and
    arm64 the variant is empty and the build works, so it is a \`warning\`. Write
    \`GOARM=\${TARGETVARIANT#v}\` in the RUN (the shell strips the \`v\`).

    Only \`go build\` and \`go install\` writing a binary are judged (\`go run\` and \`go test\` may reuse a
    cached binary or result and never start the tools), and only where the setting is visible (ENV, ARG, an inline or \
exported assignment, \`go env -w\`); a TARGETVARIANT the
    stage does not declare with \`ARG\` is empty and is fine.`,
  examples: {
    bad: md`
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
      ARG TARGETOS TARGETARCH TARGETVARIANT
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=\${TARGETVARIANT} go build -o /out/app .`,
    good: md`
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
      ARG TARGETOS TARGETARCH TARGETVARIANT
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=\${TARGETVARIANT#v} go build -o /out/app .`,
  },
  fix: {
    safety: "safe",
    description: md`
      Rewrites a literal \`vN\` to \`N\`, and an inline or exported \`GOARM=\${TARGETVARIANT}\` in a RUN to
      \`GOARM=\${TARGETVARIANT#v}\`. Safe: it changes only values Go rejects. Not offered for ENV and ARG,
      where \`\${VAR#v}\` needs a recent Dockerfile frontend: move the setting into the RUN.`,
  },
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "very-high",
  check(model, ctx) {
    const seen = new Set<number>();
    // A build that writes a binary runs the linker, which rejects an invalid GOARM whatever GOARCH is
    // (compile steps may come from a build cache, and `go run`/`go test` may reuse cached binaries and results).
    for (const command of goBuilds(model)) {
      if (command.mayWriteNothing) continue;
      const goarm = goSetting(command, "GOARM");
      if (!goarm?.at || seen.has(goarm.at.start)) continue;
      const problem = goarmProblem(goarm, command);
      if (!problem) continue;
      seen.add(goarm.at.start);
      const written = model.source.slice(goarm.at);
      const where = `\`go ${command.subcommand}\` on line ${command.info.run.instruction.line}`;
      if (problem.kind === "variant") {
        const inRun = goarm.kind === "inline" || goarm.kind === "export";
        ctx.report({
          at: goarm.at,
          severity: "warning",
          message:
            `\`${written}\` hands Go the platform variant (\`v7\` for linux/arm/v7, \`v6\` for linux/arm/v6), but GOARM takes a bare ` +
            `number: ${where} fails with "invalid GOARM" whenever the image is built for a 32-bit arm platform (for amd64 and arm64 ` +
            `the variant is empty and it works). ${
              inRun
                ? "Write `GOARM=${TARGETVARIANT#v}`."
                : `Drop it from ${goarm.kind === "env" ? "ENV" : goarm.kind === "go-env" ? "`go env -w`" : "the ARG"} and set it in ` +
                  `the RUN, where the shell strips the \`v\`: \`RUN GOARM=\${TARGETVARIANT#v} go build …\`.`
            }`,
          fix: inRun && goarm.valueWord ? replaceValue(goarm, "${TARGETVARIANT#v}", "Strip the v: GOARM=${TARGETVARIANT#v}") : undefined,
        });
        continue;
      }
      const digit = /^v([567])$/.exec(problem.value)?.[1];
      const instead = digit ?? "7";
      ctx.report({
        at: goarm.at,
        message:
          problem.kind === "suffix"
            ? `\`${written}\` sets GOARM to \`${problem.value}\`, but the \`,softfloat\`/\`,hardfloat\` suffix needs Go 1.22 and ` +
              `this builder has Go ${command.stage.base.goVersion?.text ?? "?"}: ${where} fails with "invalid GOARM". ` +
              `Write \`GOARM=${problem.value.slice(0, 1)}\`, or build with Go 1.22 or later.`
            : `\`${written}\` sets GOARM to \`${problem.value}\`, but GOARM takes 5, 6 or 7 and the Go toolchain checks it whatever ` +
              `GOARCH is: ${where} fails with "invalid GOARM". ` +
              `Write \`GOARM=${instead}\`${digit ? "" : " (or 5 or 6, for the ARM version the image targets)"}.`,
        fix:
          digit && goarm.valueWord && !goarm.valueWord.hasExpansion && goarm.kind !== "image"
            ? replaceValue(goarm, digit, `Write GOARM=${digit}`)
            : undefined,
      });
    }
  },
});

type Problem = { kind: "variant" } | { kind: "invalid" | "suffix"; value: string };

function goarmProblem(goarm: Binding, command: GoCommand): Problem | undefined {
  const value = goarm.value;
  if (value !== undefined) {
    if (value === "" || VALID.test(value)) return undefined;
    if (WITH_FLOAT.test(value)) {
      const version = command.stage.base.goVersion;
      return version !== undefined && version.major === 1 && version.minor < 22 ? { kind: "suffix", value } : undefined;
    }
    return { kind: "invalid", value };
  }
  // Unknown value: exactly `${TARGETVARIANT}`, declared in the stage (an undeclared one is empty).
  const parts = goarm.valueWord?.parts ?? [];
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind !== "variable" || only.name !== "TARGETVARIANT" || only.operator !== "") return undefined;
  const declared = goarm.kind === "env" || goarm.kind === "arg" || command.info.vars.get("TARGETVARIANT") !== undefined;
  return declared ? { kind: "variant" } : undefined;
}

function replaceValue(goarm: Binding, text: string, description: string): Fix | undefined {
  const word = goarm.valueWord;
  if (!word) return undefined;
  return { description, safety: "safe", edits: [{ span: word.span, text }] };
}
