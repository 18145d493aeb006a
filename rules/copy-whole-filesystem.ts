import { defineRule, md } from "../src/engine/rule.js";
import { imageFacts, type ImageFacts } from "../src/images/knowledge.js";
import { parseImageRef } from "../src/images/ref.js";
import { normalizePath } from "../src/model/paths.js";
import type { CopyInfo } from "../src/model/types.js";

/** Images with an operating system's filesystem: a package database, /etc, libc, maybe a toolchain. */
const OS_SIZES = new Set(["small", "distro", "sdk"]);

/** The root image facts of what `--from` names: a stage of this file or an image; undefined when unknown. */
function sourceFacts(copy: CopyInfo): ImageFacts | undefined {
  if (copy.fromStage) return copy.fromStage.base;
  if (copy.from === undefined || copy.from.includes("$")) return undefined;
  const ref = parseImageRef(copy.from);
  return ref ? imageFacts(ref) : undefined;
}

export default defineRule({
  id: "DF029",
  name: "copy-whole-filesystem",
  severity: "warning",
  summary: "`COPY --from=… / /` copies a whole operating system image over this stage",
  rationale: md`
    \`COPY --from=builder / /\` copies every file of the builder (its package database, /etc/passwd,
    libc, the Go toolchain, module and build caches) over the filesystem of this stage. The image grows
    by the whole builder, and the stage's own /etc and package state are replaced by the builder's, so
    its package manager and users no longer match what its base image says. Copy only the files the
    image needs. Copying \`/\` of a stage or image that only carries files (a scratch-based export
    stage, a helper image such as tonistiigi/xx) is how those are meant to be used, and copying into a
    scratch stage flattens an image on purpose: neither is reported.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS builder
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .

      FROM alpine:3.20
      COPY --from=builder / /
      ENTRYPOINT ["/out/app"]`,
    good: md`
      FROM golang:1.23-alpine AS builder
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .

      FROM alpine:3.20
      COPY --from=builder /out/app /usr/local/bin/app
      ENTRYPOINT ["/usr/local/bin/app"]`,
  },
  fix: "none",
  equivalents: ["DL3067"],
  tags: ["size", "correctness"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      // Copying everything into an empty stage flattens an image on purpose.
      if (stage.base.family === "scratch") continue;
      for (const copy of stage.copies) {
        if (copy.kind !== "COPY" || copy.from === undefined || copy.sources.length !== 1) continue;
        const source = copy.sources[0];
        if (source?.kind !== "path" || source.value === undefined || normalizePath(`/${source.value}`) !== "/") continue;
        if (copy.destinationPath !== "/") continue;
        const facts = sourceFacts(copy);
        if (facts?.size === undefined || !OS_SIZES.has(facts.size)) continue;
        const what = copy.fromStage ? `stage \`${copy.from}\` (${facts.family})` : `the ${facts.family} image`;
        ctx.report({
          at: copy.fromFlag?.span ?? copy.instruction.keyword.span,
          message:
            `This copies the whole filesystem of ${what} over this stage: its package database, /etc/passwd, ` +
            `libc and any toolchain and caches come along and replace this stage's own. Copy only the files the image needs, e.g. ` +
            `\`COPY --from=${copy.from} /path/to/app /usr/local/bin/app\`.`,
        });
      }
    }
  },
});
