import { defineRule, md } from "../src/engine/rule.js";
import { goBuilds } from "../src/golang/build.js";

export default defineRule({
  id: "GO011",
  name: "go-hardcoded-target-platform",
  severity: "warning",
  summary: "A cross-compiling builder hard-codes GOARCH (or a non-linux GOOS) instead of using TARGETARCH/TARGETOS",
  rationale: md`
    \`FROM --platform=$BUILDPLATFORM\` runs the builder on the build machine's platform and cross-compiles
    for each target, which is fast. That only works if the build asks for the target: with
    \`GOARCH=amd64\` written in, the arm64 image of a multi-platform build gets an amd64 binary and fails
    with \`exec format error\`. BuildKit passes \`TARGETOS\`/\`TARGETARCH\` for exactly this.`,
  examples: {
    bad: md`
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
      ARG TARGETOS TARGETARCH
      RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .`,
    good: md`
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
      ARG TARGETOS TARGETARCH
      RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .`,
  },
  fix: {
    safety: "unsafe",
    description: "Replaces the value with `${TARGETARCH}` / `${TARGETOS}` when the stage declares those ARGs. Unsafe: a build meant for one architecture only would now follow the target.",
  },
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "high",
  check(model, ctx) {
    for (const build of goBuilds(model)) {
      const stage = build.stage;
      const cross = stage.platform?.value?.includes("BUILDPLATFORM") === true;
      const declared = (name: string) => stage.instructions.some((i) => i.kind === "ARG" && i.index < build.info.run.instruction.index && i.words.some((w) => w.value.split("=")[0] === name));
      if (!cross && !declared("TARGETOS") && !declared("TARGETARCH")) continue;
      for (const [name, target] of [["GOARCH", "TARGETARCH"], ["GOOS", "TARGETOS"]] as const) {
        const binding = build.setting(name);
        if (!binding?.at || binding.value === undefined || binding.value.includes("$")) continue;
        // GOOS=linux is what every Linux image target needs: not worth a warning.
        if (name === "GOOS" && binding.value === "linux") continue;
        const inline = build.info.command.assignments.find((a) => a.name === name && a.word.span.start === binding.at?.start);
        ctx.report({
          at: binding.at,
          message: `\`${name}=${binding.value}\` is hard-coded in a builder that cross-compiles for the target platform, so the other platforms of a multi-platform build get a ${binding.value} binary and fail with "exec format error". Use \`${name}=\${${target}}\` (and \`ARG ${target}\` in this stage).`,
          fix: inline && declared(target) ? { description: `Use \${${target}}`, safety: "unsafe", edits: [{ span: inline.value.span, text: `\${${target}}` }] } : undefined,
        });
      }
    }
  },
});
