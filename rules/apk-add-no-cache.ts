import { defineRule, md } from "../src/engine/rule.js";
import { insertAfter } from "../src/engine/edits.js";
import { stageChain } from "../src/model/stages.js";
import { mountCovers } from "../src/model/run.js";

export default defineRule({
  id: "DF006",
  name: "apk-add-no-cache",
  severity: "info",
  summary: "`apk add` without `--no-cache` leaves the package index in the layer",
  rationale: md`
    \`apk add\` keeps the downloaded package index under /var/cache/apk, and a later \`rm\` in another RUN
    cannot take it out of the layer already written. \`--no-cache\` fetches the index, installs, and keeps
    nothing: smaller layers, and no stale index that tempts a later RUN to skip \`apk update\`.

    Judged in the final stage and the stages it is built on: a builder stage's layers are not shipped,
    and a dev container's size is nobody's concern.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      RUN apk update && apk add ca-certificates`,
    good: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates`,
  },
  fix: {
    safety: "safe",
    description: "Adds `--no-cache` after `apk add`. Safe: the same packages are installed; only the cache is not kept.",
  },
  equivalents: ["DL3019"],
  tags: ["size", "hygiene"],
  precision: "very-high",
  check(model, ctx) {
    // Only layers the final image is built on ship; a builder's apk index is thrown away with it.
    const shippedLayers = model.finalStage && model.purpose !== "dev" ? stageChain(model.finalStage) : [];
    for (const run of shippedLayers.flatMap((s) => s.runs)) {
      // A cache mount on the apk cache keeps it out of the layer on purpose.
      if (mountCovers(run, "/var/cache/apk") || mountCovers(run, "/etc/apk/cache")) continue;
      const cleaned = run.commands.some((c) => c.name === "rm" && c.args.some((w) => w.value.startsWith("/var/cache/apk")));
      if (cleaned) continue;
      let updated = false;
      for (const command of run.commands) {
        const update = command.args.find((w) => w.value === "update");
        if (command.name === "apk" && update && command.program) {
          // `--no-cache` on a later `apk add` does not remove the index `apk update` wrote.
          ctx.report({
            at: { start: command.program.span.start, end: update.span.end },
            // `apk upgrade` needs an index too: --no-cache gives it one without keeping it.
            message: run.commands.some((c) => c.name === "apk" && c.args.some((w) => w.value === "upgrade"))
              ? "`apk update` writes the package index into this layer, and a later RUN cannot take it out. " +
                "Drop it and give the apk commands after it `--no-cache` (`apk upgrade --no-cache`, `apk add --no-cache …`): " +
                "they fetch the index themselves and keep nothing."
              : "`apk update` writes the package index into this layer, and a later RUN cannot take it out. Drop it: " +
                "`apk add --no-cache …` fetches the index itself and keeps nothing.",
          });
          updated = true;
          continue;
        }
        const add = command.args.find((w) => w.value === "add");
        // After `apk update` the index is there whatever this add does: the update's finding says what to change.
        if (command.name !== "apk" || !add || !command.program || updated || command.args.some((w) => w.value === "--no-cache")) continue;
        ctx.report({
          at: { start: command.program.span.start, end: add.span.end },
          message:
            "`apk add` without --no-cache leaves the package index in this layer (a later `rm` cannot take it out). " +
            "Write `apk add --no-cache …`.",
          fix: run.instruction.json
            ? undefined
            : { description: "Add --no-cache", safety: "safe", edits: [insertAfter(add, " --no-cache")] },
        });
      }
    }
  },
});
