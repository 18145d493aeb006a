import { defineRule, md } from "../src/engine/rule.js";
import { imageArgAt, imagePinning, pinnedWriting, shownFrom, versionTagAdvised } from "../src/model/image-advice.js";

export default defineRule({
  id: "IM001",
  name: "image-untagged",
  severity: "warning",
  summary: "FROM names an image without a tag or digest",
  rationale: md`
    An image without a tag means \`:latest\`, whatever that is on the day of the build. The same Dockerfile
    then builds a different Go toolchain or base from one week to the next, and a release can break with
    no change on your side. A version tag (or better, a digest) makes the build repeatable. A registry
    port is not a tag: \`registry:5000/app\` is still untagged. A one-word name no Docker Hub official image has \
(\`build_deps:latest\`) is an image built locally or earlier in the
    pipeline, which no tag here pins: it is left alone.`,
  examples: {
    bad: md`
      FROM golang AS build
      FROM gcr.io/distroless/static-debian13`,
    good: md`
      FROM golang:1.23-alpine AS build
      FROM gcr.io/distroless/static-debian13:nonroot`,
  },
  fix: "none",
  equivalents: ["DL3006"],
  tags: ["reproducibility"],
  precision: "very-high",
  check(model, ctx) {
    // A dev container is rebuilt on the developer's machine, not shipped: pinning is not its concern.
    if (model.purpose === "dev") return;
    for (const stage of model.stages) {
      const image = stage.image;
      // distroless and chainguard publish no version tags: a digest pins them, which is IM003's advice.
      if (!image || !stage.imageWord || imagePinning(stage) !== "untagged" || !versionTagAdvised(stage)) continue;
      const shown = stage.imageText ?? image.text;
      const argAt = imageArgAt(stage, image.text);
      const at = argAt ?? stage.imageWord.span;
      if (stage.base.pinnedName) {
        ctx.report({
          at,
          message:
            `\`FROM ${shown}\` names no Debian release, so it moves to the next one when it ships and can break without any change ` +
            `of yours. Name the release: \`FROM ${stage.base.pinnedName}\` (and pin its digest).`,
        });
        continue;
      }
      // `${BASE_PREFIX}busybox`: the tag goes after the reference as written, keeping the ARG that picks the registry.
      ctx.report({
        at,
        message:
          `${shownFrom(stage, argAt)} has no tag, so it means \`${shown}:latest\`: the build changes whenever that image is updated ` +
          `and can break without any change of yours. Pin a version tag or a digest: ` +
          `\`${pinnedWriting(stage, argAt, ":<version>")}\` or \`${pinnedWriting(stage, argAt, "@sha256:<digest>")}\`.`,
      });
    }
  },
});
