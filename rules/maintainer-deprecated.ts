import { defineRule, md } from "../src/engine/rule.js";
import { keywordInCaseOf } from "../src/engine/edits.js";

export default defineRule({
  id: "DF004",
  name: "maintainer-deprecated",
  severity: "warning",
  summary: "MAINTAINER is deprecated",
  rationale: md`
    MAINTAINER was deprecated in Docker 1.13 and sets a field tools no longer read. The OCI label
    \`org.opencontainers.image.authors\` is what registries, scanners and \`docker inspect\` show.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      MAINTAINER Jane Doe <jane@example.com>`,
    good: md`
      FROM alpine:3.20
      LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"`,
  },
  fix: {
    safety: "unsafe",
    description:
      'Replaces the instruction with `LABEL org.opencontainers.image.authors="…"`. Unsafe: the image\'s legacy Author field is no ' +
      "longer set, which a tool might still read.",
  },
  equivalents: ["DL4000", "MaintainerDeprecated"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    for (const instruction of model.instructionsOf("MAINTAINER")) {
      const who = instruction.args.text.trim();
      const quoted = JSON.stringify(who);
      const keyword = keywordInCaseOf(instruction.keyword.value, "LABEL");
      ctx.report({
        at: instruction.keyword.span,
        message:
          `MAINTAINER is deprecated and its field is no longer shown by registries or scanners. Use the OCI label: ` +
          `\`LABEL org.opencontainers.image.authors=${quoted}\`.`,
        fix:
          who.includes("\n") || who === ""
            ? undefined
            : {
                description: "Replace MAINTAINER with LABEL org.opencontainers.image.authors",
                safety: "unsafe",
                edits: [
                  {
                    span: { start: instruction.keyword.span.start, end: instruction.args.sourceOffset(instruction.args.text.length) },
                    text: `${keyword} org.opencontainers.image.authors=${quoted}`,
                  },
                ],
              },
      });
    }
  },
});
