import { defineRule, md } from "../src/engine/rule.js";
import { imageArgAt, imagePinning, isChannelTag, versionTagAdvised, shownFrom } from "../src/model/image-advice.js";
import { goModGoVersion } from "../src/golang/build.js";

/** `golang:alpine` → `golang:1.23-alpine`, keeping the variant, with go.mod's version when the build context has one. */
function goExample(tag: string, goMod: string | undefined): string {
  const variant = tag === "latest" ? "" : `-${tag}`;
  const v = goModGoVersion(goMod);
  return v
    ? ` such as \`golang:${v.major}.${v.minor}${variant}\` (go.mod says go ${v.major}.${v.minor})`
    : ` that names your go.mod's Go version, \`golang:1.N${variant}\``;
}

export default defineRule({
  id: "IM002",
  name: "image-floating-tag",
  severity: "warning",
  summary: "FROM uses a floating tag: `latest`, or a variant tag without a version (`golang:alpine`, `alpine:edge`)",
  rationale: md`
    \`latest\`, \`edge\` and version-less variant tags such as \`golang:alpine\` or \`golang:bookworm\` move to
    every new release. A Go toolchain upgrade then arrives unannounced in the middle of an unrelated
    change, with new vet checks, a new minimum go.mod version or a different default. Tag the version you
    tested with (\`golang:1.23-alpine\`) and upgrade on purpose. A one-word name no Docker Hub official image has \
(\`build_deps:latest\`) is an image built locally or earlier in the
    pipeline, which no tag here pins: it is left alone.`,
  examples: {
    bad: md`
      FROM golang:alpine AS build
      FROM alpine:latest`,
    good: md`
      FROM golang:1.23-alpine AS build
      FROM alpine:3.20`,
  },
  fix: "none",
  equivalents: ["DL3007"],
  tags: ["reproducibility"],
  precision: "very-high",
  check(model, ctx) {
    if (model.purpose === "dev") return;
    for (const stage of model.stages) {
      const image = stage.image;
      // distroless `latest`/`nonroot` are the only tags there are; a digest pins them (IM003).
      if (!image || !stage.imageWord || image.tag === undefined || imagePinning(stage) !== "floating" || !versionTagAdvised(stage))
        continue;
      const what = image.tag === "latest" ? "`latest`" : `\`${image.tag}\`, which names no version,`;
      const example =
        stage.base.goToolchain && image.repository === "golang"
          ? goExample(image.tag, model.context.known ? model.context.goMod : undefined)
          : "";
      const argAt = imageArgAt(stage, image.tag);
      const moves = isChannelTag(image.tag) ? "with every new build" : "to every new release";
      if (stage.base.pinnedName) {
        ctx.report({
          at: argAt ?? stage.imageWord.span,
          message:
            `${shownFrom(stage, argAt)} names no Debian release, so it moves to the next one when it ships: ` +
            `the same Dockerfile builds different images over time. Name the release: ` +
            `\`FROM ${stage.base.pinnedName}:${image.tag}\` (and pin its digest).`,
        });
        continue;
      }
      ctx.report({
        at: argAt ?? stage.imageWord.span,
        message:
          `${shownFrom(stage, argAt)} uses the tag ${what} so it moves ${moves}: the same Dockerfile builds different ` +
          `images over time. Use a versioned tag${example}, or a digest.`,
      });
    }
  },
});
