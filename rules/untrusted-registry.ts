import { defineRule, md } from "../src/engine/rule.js";
import { parseImageRef, registryOf } from "../src/images/ref.js";

export default defineRule({
  id: "IM005",
  name: "untrusted-registry",
  severity: "warning",
  summary: "With `trustedRegistries` configured, an image comes from another registry",
  rationale: md`
    A team that pulls base images only from registries it trusts (its own mirror, gcr.io, cgr.dev) says
    so with \`trustedRegistries\` in .slimlint.yaml. An image from anywhere else, in FROM or in
    \`COPY --from\`, then bypasses that policy, and with it the scanning and mirroring that come with it.`,
  examples: {
    bad: md`
      # .slimlint.yaml: trustedRegistries: [gcr.io]
      FROM quay.io/example/golang:1.23`,
    good: md`
      # .slimlint.yaml: trustedRegistries: [gcr.io]
      FROM gcr.io/distroless/static-debian13:nonroot`,
    trustedRegistries: ["gcr.io"],
  },
  fix: "none",
  equivalents: ["DL3026"],
  tags: ["security"],
  precision: "very-high",
  check(model, ctx) {
    const trusted = model.trustedRegistries;
    if (!trusted) return;
    const allowed = (registry: string) => trusted.some((t) => t === registry || (t === "docker.io" && registry === "docker.io"));
    const message = (image: string, registry: string) =>
      `\`${image}\` comes from ${registry}, which is not in trustedRegistries (${trusted.join(", ")}). ` +
      `Use an image from a trusted registry, or add ${registry} to trustedRegistries in .slimlint.yaml.`;
    for (const stage of model.stages) {
      if (stage.image && stage.imageWord && stage.base.family !== "scratch" && !allowed(registryOf(stage.image))) {
        ctx.report({ at: stage.imageWord.span, message: message(stage.image.text, registryOf(stage.image)) });
      }
      for (const copy of stage.copies) {
        if (!copy.fromFlag || copy.fromStage || copy.from === undefined || /^\d+$/.test(copy.from) || copy.from.includes("$")) continue;
        const ref = parseImageRef(copy.from);
        if (ref && !allowed(registryOf(ref))) ctx.report({ at: copy.fromFlag.span, message: message(copy.from, registryOf(ref)) });
      }
    }
  },
});
