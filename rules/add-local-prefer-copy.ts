import { defineRule, md } from "../src/engine/rule.js";
import { keywordInCaseOf } from "../src/engine/edits.js";
import type { CopySource } from "../src/model/types.js";

/** Flags COPY does not accept: with one of them, rewriting the keyword would break the build. */
const ADD_ONLY_FLAGS = new Set(["checksum", "keep-git-dir", "unpack"]);
/** Names of files ADD unpacks: tar archives, compressed or not, and Alpine packages (gzipped tar streams). */
const ARCHIVE_NAME = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst)|apk|gz|bz2|xz)$/i;

/** Written as a directory: ADD copies its content and unpacks nothing inside it. */
const isDirectory = (s: CopySource) => s.value !== undefined && (s.value.endsWith("/") || s.value === "." || s.value === "..");
const isPlainLocal = (s: CopySource) => s.kind === "path" && !s.word.hasExpansion && !ARCHIVE_NAME.test(s.word.value);

export default defineRule({
  id: "DF009",
  name: "add-local-prefer-copy",
  severity: "warning",
  summary: "ADD used where every source is a plain local file",
  rationale: md`
    ADD also downloads URLs and unpacks local tar archives. When every source is a plain local path, COPY
    says exactly what happens, and a reader need not wonder which of ADD's extra behaviours was meant;
    a file that happens to be a tar archive is not unpacked by surprise either.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      ADD go.mod go.sum ./`,
    good: md`
      FROM golang:1.23-alpine
      COPY go.mod go.sum ./`,
  },
  fix: {
    safety: "varies",
    description: md`
      Replaces ADD with COPY (safe for \`ADD --unpack=false\`, whose flag it drops). Otherwise unsafe: Docker decides \
whether to unpack a local source by its content, not
      its name, so a tar archive saved without an archive extension is unpacked by ADD but copied as is by
      COPY. Not offered when the instruction uses a flag only ADD accepts.`,
  },
  equivalents: ["DL3020"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    for (const copy of model.stages.flatMap((s) => s.copies)) {
      if (
        copy.kind !== "ADD" ||
        copy.wordsSplitByBuildKit ||
        copy.from !== undefined ||
        copy.sources.length === 0 ||
        !copy.sources.every(isPlainLocal)
      )
        continue;
      const keyword = copy.instruction.keyword;
      const copyKeyword = keywordInCaseOf(keyword.value, "COPY");
      // `ADD --unpack=false` is COPY already: without the flag COPY accepts, the two do the same.
      const noUnpack = copy.instruction.flags.find((f) => f.name === "unpack" && f.value === "false");
      if (noUnpack) {
        const others = copy.instruction.flags.filter((f) => f !== noUnpack);
        const text = model.source.text;
        let end = noUnpack.span.end;
        while (text[end] === " " || text[end] === "\t") end++;
        ctx.report({
          at: keyword.span,
          message:
            `\`ADD --unpack=false\` copies ${copy.sources.map((s) => s.word.value).join(", ")} as is, ` +
            `which is what COPY does (COPY has no --unpack flag). Write \`COPY\` without the flag.`,
          fix: others.every((f) => !ADD_ONLY_FLAGS.has(f.name))
            ? {
                description: "Replace ADD --unpack=false with COPY",
                safety: "safe",
                edits: [
                  { span: keyword.span, text: copyKeyword },
                  { span: { start: noUnpack.span.start, end }, text: "" },
                ],
              }
            : undefined,
        });
        continue;
      }
      const rewritable = copy.instruction.flags.every((f) => !ADD_ONLY_FLAGS.has(f.name));
      ctx.report({
        at: keyword.span,
        message: copy.sources.every(isDirectory)
          ? `ADD of a local directory (${copy.sources.map((s) => s.word.value).join(", ")}) does exactly what COPY does; ` +
            `ADD makes readers look for a download or an archive. Write \`COPY\` instead of \`ADD\`.`
          : // No claim that a source is an archive: extensionless names are often directories (`ADD scripts /app/scripts`).
            `ADD of local paths (${copy.sources.map((s) => s.word.value).join(", ")}) makes readers check whether it downloads or ` +
            `unpacks something; for plain files and directories it does what COPY does, and COPY says so. ` +
            `Write \`COPY\` instead of \`ADD\`.`,
        fix: rewritable
          ? { description: "Replace ADD with COPY", safety: "unsafe", edits: [{ span: keyword.span, text: copyKeyword }] }
          : undefined,
      });
    }
  },
});
