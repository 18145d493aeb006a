import { defineRule, md } from "../src/engine/rule.js";
import { goBuilds, isShipped } from "../src/golang/build.js";

export default defineRule({
  id: "GO011",
  name: "go-hardcoded-target-platform",
  severity: "warning",
  summary: "A cross-compiling builder hard-codes GOARCH (or a non-linux GOOS) instead of using TARGETARCH/TARGETOS",
  rationale: md`
    \`FROM --platform=$BUILDPLATFORM\` runs the builder on the build machine's platform and cross-compiles
    for each target, which is fast. That only works if the build asks for the target: with
    \`GOARCH=amd64\` written in, the arm64 image of a multi-platform build gets an amd64 binary and fails
    with \`exec format error\`. BuildKit passes \`TARGETOS\`/\`TARGETARCH\` for exactly this.

    \`ARG TARGETARCH=amd64\` in the stage breaks the same way: a default given to an automatic platform ARG
    wins over the automatic value (docker/buildx#510), so \`GOARCH=\${TARGETARCH}\` is amd64 for every
    platform. That ARG is reported, and its fix removes the default.`,
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
    description:
      "Replaces the value with `${TARGETARCH}` / `${TARGETOS}` when the stage declares those ARGs, or removes the default of " +
      "`ARG TARGETARCH=amd64`. Unsafe: a build meant for one architecture only would now follow the target.",
  },
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "high",
  check(model, ctx) {
    const reportedArgs = new Set<number>();
    for (const build of goBuilds(model)) {
      // Where the binary runs decides: a build whose binary never reaches the final image cannot fail there.
      if (!isShipped(build, model)) continue;
      const stage = build.stage;
      const runAt = build.info.run.instruction;
      const cross = stage.platform?.value?.includes("BUILDPLATFORM") === true;
      // `ARG TARGETARCH` in the stage: the binding is BuildKit's automatic one, or the ARG's own default.
      const declared = (name: string) =>
        stage.scopeAt(runAt).get(name)?.at !== undefined || stage.scopeAt(runAt).get(name)?.kind === "builtin";
      if (!cross && !declared("TARGETOS") && !declared("TARGETARCH")) continue;
      for (const [name, target] of [
        ["GOARCH", "TARGETARCH"],
        ["GOOS", "TARGETOS"],
      ] as const) {
        const binding = build.setting(name);
        if (!binding?.at || binding.value === undefined) continue;
        // `GOARCH=${TARGETARCH}` is right, unless `ARG TARGETARCH=amd64` gave the automatic ARG a default:
        // BuildKit then uses the default for every platform (docker/buildx#510). That ARG is the cause.
        const platformArg = binding.from?.find((v) => v === target || v === "TARGETPLATFORM");
        if (platformArg) {
          const arg = build.info.vars.get(platformArg);
          if (arg?.kind !== "arg" || arg.value === undefined || arg.at === undefined || reportedArgs.has(arg.at.start)) continue;
          // `ARG TARGETOS=linux` is what every Linux target gets anyway.
          if (platformArg === "TARGETOS" && arg.value === "linux") continue;
          reportedArgs.add(arg.at.start);
          ctx.report({
            at: arg.at,
            message:
              `\`ARG ${platformArg}=${arg.value}\` gives BuildKit's automatic platform ARG a default, ` +
              `and a default wins over the automatic value: every platform of a multi-platform build gets ${arg.value}, ` +
              `and the others fail with "exec format error". Declare it without one: \`ARG ${platformArg}\`.`,
            fix: { description: `Remove the default of ${platformArg}`, safety: "unsafe", edits: [{ span: arg.at, text: platformArg }] },
          });
          continue;
        }
        if (binding.from !== undefined && binding.from.length > 0) continue; // from another variable: not hard-coded here
        // GOOS=linux is what every Linux image target needs: not worth a warning. Another GOOS is a
        // deliberate cross-build (a Windows .exe exported from a scratch stage) unless the image runs it.
        if (name === "GOOS" && (binding.value === "linux" || model.purpose !== "runtime")) continue;
        const inline = build.info.command.assignments.find((a) => a.name === name && a.word.span.start === binding.at?.start);
        ctx.report({
          at: binding.at,
          message:
            name === "GOOS"
              ? `\`GOOS=${binding.value}\` builds a binary for ${binding.value}, which this Linux image cannot run: ` +
                `it fails with "exec format error". ` +
                `Use \`GOOS=\${TARGETOS}\`${declared("TARGETOS") ? "" : " (and `ARG TARGETOS` in this stage)"}.`
              : `\`${name}=${binding.value}\` is hard-coded in a builder that cross-compiles for the target platform, ` +
                `so the other platforms of a multi-platform build get a binary for ${binding.value} and fail with "exec format ` +
                `error". Use \`${name}=\${${target}}\`${declared(target) ? "" : ` (and \`ARG ${target}\` in this stage)`}.`,
          fix:
            inline && declared(target)
              ? { description: `Use \${${target}}`, safety: "unsafe", edits: [{ span: inline.value.span, text: `\${${target}}` }] }
              : undefined,
        });
      }
    }
  },
});
