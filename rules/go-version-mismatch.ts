import { defineRule, md } from "../src/engine/rule.js";
import { goCommandsByStage, goModGoVersion, goSetting, type GoCommand } from "../src/golang/build.js";
import { stageChain } from "../src/model/stages.js";
import { imageArg } from "../src/model/image-advice.js";
import { compareGoVersions } from "../src/images/knowledge.js";
import type { Stage } from "../src/model/types.js";

/** GOTOOLCHAIN is set to something other than the golang images' `local` (or to an unknown value): go may fetch a newer toolchain. */
function mayFetchToolchain(command: GoCommand): boolean {
  const binding = goSetting(command, "GOTOOLCHAIN");
  return binding !== undefined && binding.value !== "local";
}

export default defineRule({
  id: "GO010",
  name: "go-version-mismatch",
  severity: "error",
  summary: "The builder's Go version is older than go.mod's `go` line",
  rationale: md`
    Since Go 1.21 the \`go\` line of go.mod is a minimum: an older toolchain refuses the module ("go.mod
    requires go >= 1.23"), and the \`golang\` images set \`GOTOOLCHAIN=local\`, so they do not download a
    newer one. The image tag and go.mod drift apart when one is bumped without the other; the build then
    fails in CI, not on the laptop that has a newer Go. A \`toolchain\` line alone is not compared: it
    only suggests a toolchain, and under GOTOOLCHAIN=local the image's Go builds any module whose \`go\`
    line it satisfies. Nor is a build that sets GOTOOLCHAIN to anything but \`local\`: the go command
    then downloads the toolchain go.mod asks for.`,
  examples: {
    bad: md`
      # go.mod in the build context says: go 1.23
      FROM golang:1.22-alpine AS build
      COPY . .
      RUN go build -o /out/app .`,
    good: md`
      # go.mod in the build context says: go 1.23
      FROM golang:1.23-alpine AS build
      COPY . .
      RUN go build -o /out/app .`,
    context: { known: true, goMod: "module example.com/app\n\ngo 1.23\n", hasGoSum: true },
  },
  fix: "none",
  equivalents: [],
  tags: ["go", "correctness"],
  precision: "high",
  check(model, ctx) {
    const required = goModGoVersion(model.context.known ? model.context.goMod : undefined);
    if (!required) return;
    // Report at the image each builder comes from, once, even when several stages built on it run go.
    const byRoot = new Map<Stage | undefined, GoCommand[]>();
    for (const [stage, commands] of goCommandsByStage(model)) {
      const root = stageChain(stage).at(-1);
      byRoot.set(root, [...(byRoot.get(root) ?? []), ...commands]);
    }
    for (const [stage, commands] of byRoot) {
      if (commands.some(mayFetchToolchain)) continue;
      const builder = stage?.base.goVersion;
      if (!stage || !builder || !stage.imageWord) continue;
      // A tag without a patch (golang:1.23) is the newest 1.23.x: only major.minor can be compared.
      const older =
        builder.patch === undefined
          ? builder.major < required.major || (builder.major === required.major && builder.minor < required.minor)
          : compareGoVersions(builder, required) < 0;
      if (!older) continue;
      ctx.report({
        at: stage.imageWord.span,
        message:
          `This builder has Go ${builder.text}, but go.mod says \`go ${required.text}\`: the go command refuses the module ` +
          `("go.mod requires go >= ${required.text}") and GOTOOLCHAIN=local keeps it from fetching a newer one. ` +
          `${newerImage(stage, builder.text, builder.patch === undefined ? `${required.major}.${required.minor}` : required.text)}.`,
      });
    }
  },
});

/** Where to write the newer version: the ARG default that holds it, or the FROM, keeping the image's variant. */
function newerImage(stage: Stage, version: string, wanted: string): string {
  const arg = imageArg(stage, version);
  if (arg?.value?.includes(version)) return `Raise the ARG's default: \`ARG ${arg.name}=${arg.value.replace(version, wanted)}\``;
  const image = stage.imageText ?? stage.image?.text;
  if (image?.includes(`:${version}`)) return `Use \`FROM ${image.replace(`:${version}`, `:${wanted}`)}\``;
  return `Use a Go ${wanted} image, e.g. \`golang:${wanted}-alpine\``;
}
