import { defineRule, md } from "../src/engine/rule.js";
import { adviceReference, imageArgAt, imagePinning, tagVariesByArg, versionTagAdvised } from "../src/model/image-advice.js";
import { stageChain } from "../src/model/stages.js";

export default defineRule({
  id: "IM003",
  name: "image-not-digest-pinned",
  severity: "info",
  summary: "The final stage's base image has no `@sha256:` digest",
  rationale: md`
    A tag, even a versioned one, can be moved to another image by whoever controls the registry, and
    distroless and chainguard publish rebuilt images under the same tags. A digest names exactly the bytes
    you tested and scanned; Renovate or Dependabot can keep it current. The final image is the one that
    runs in production, so it is the one worth pinning.

    Judges runtime images. An image whose tag an ARG varies (\`base:$WINDOWS_VERSION\`) varies by design,
    and one digest would end that: it is left alone; an image an ARG names whole is pinned at the ARG's
    default, and one whose registry an ARG chooses (\`\${BASE_PREFIX}alpine:3\`) keeps the ARG in the
    advice. A one-word name no official image has is a local image and is left alone. One finding per FROM: an
    untagged or floating image gets IM001/IM002's advice instead.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM gcr.io/distroless/static-debian13:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02
      COPY app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["reproducibility", "security"],
  precision: "very-high",
  check(model, ctx) {
    const final = model.finalStage;
    // Digest pinning is for the image that is deployed: not for dev containers, CI toolchains or exports.
    if (!final || model.purpose !== "runtime") return;
    // Through `FROM base` stages down to the external image the final one is built on.
    const root = stageChain(final).at(-1);
    if (!root?.image || !root.imageWord) return;
    const pinning = imagePinning(root);
    // One finding per FROM: an untagged or floating image gets IM001/IM002's version-tag advice first.
    if (pinning === undefined || pinning === "digest" || versionTagAdvised(root)) return;
    // `name:$VERSION`: an ARG varies the tag by design (one image per Windows or Go version); one digest would end that.
    if (tagVariesByArg(root)) return;
    const shown = root.imageText ?? root.image.text;
    const argAt = imageArgAt(root, root.image.tag ?? root.image.text);
    // `${BASE_PREFIX}alpine:3` chooses a mirror: the digest goes after the reference as written, keeping the ARG.
    const reference = adviceReference(root, argAt) ?? shown;
    // `:latest@sha256:…` reads as floating: pin the name alone.
    const pinned = root.image.tag === "latest" ? reference.slice(0, reference.lastIndexOf(":")) : reference;
    ctx.report({
      at: argAt ?? root.imageWord.span,
      message:
        `The final image is based on \`${shown}\` without a digest: the tag can be moved to different bytes than the ones you ` +
        `tested. Pin it: \`FROM ${pinned}@sha256:<digest>\`${
          pinned === reference ? " (keep the tag for readers; Renovate or Dependabot can update the digest)" : ""
        }.`,
    });
  },
});
