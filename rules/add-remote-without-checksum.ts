import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/model/stages.js";
import { isWindowsImage } from "../src/images/knowledge.js";
import { isCacheBuster } from "../src/model/cache-buster.js";
import { movingRef } from "../src/model/downloads.js";
import type { CopySource } from "../src/model/types.js";

/**
 * The advice that works for this URL: a checksum for a fixed one, pinning first for a moving one, per-value checks for
 * one built from variables.
 */
function message(source: CopySource): string {
  const unverified = `\`ADD ${source.word.value}\` downloads without a checksum, so whatever the server returns goes into the \
image unverified.`;
  if (source.word.hasExpansion) {
    return (
      `${unverified} The URL changes with its variables, so one \`--checksum\` cannot cover every value: ` +
      `download it in a RUN and check it against the release's published checksums (\`sha256sum -c\`), ` +
      `or pass the expected checksum as a build argument with the version.`
    );
  }
  const ref = movingRef(source.value);
  if (ref) {
    return (
      `\`ADD ${source.word.value}\` downloads without a checksum from a moving ref (\`${ref}\`), so whatever it points at today goes ` +
      `into the image unverified, and a checksum alone would break the build when it moves. Point the URL at a commit or a dated ` +
      `release, then add \`--checksum=sha256:<sha256 of the file>\`.`
    );
  }
  return `${unverified} Pin it: \`ADD --checksum=sha256:<sha256 of the file> ${source.word.value} …\`.`;
}

export default defineRule({
  id: "SE006",
  name: "add-remote-without-checksum",
  severity: "warning",
  summary: "`ADD https://…` downloads without `--checksum`",
  rationale: md`
    \`ADD\` of a URL fetches whatever the server returns at build time. Without \`--checksum=sha256:…\`
    nothing checks that it is the file you reviewed: a compromised or changed download goes straight into
    the image, and two builds of the same commit can differ. BuildKit verifies the checksum and fails the
    build on a mismatch.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      ADD https://example.com/tool-v1.2.3.tar.gz /tmp/tool.tgz`,
    good: md`
      FROM alpine:3.20
      ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
https://example.com/tool-v1.2.3.tar.gz /tmp/tool.tgz`,
  },
  fix: "none",
  equivalents: [],
  tags: ["security", "reproducibility"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        if (copy.kind !== "ADD" || copy.instruction.flags.some((f) => f.name === "checksum")) continue;
        for (const source of copy.sources) {
          if (source.kind !== "url" || isCacheBuster(source.value, copy.destinationPath)) continue;
          // Windows images are built without BuildKit, which `ADD --checksum` needs.
          if (isWindowsImage(stageChain(stage).at(-1)?.imageText)) continue;
          ctx.report({ at: source.word.span, message: message(source) });
        }
      }
    }
  },
});
