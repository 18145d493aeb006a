import { defineRule, md } from "../src/engine/rule.js";
import { mountCovers } from "../src/model/run.js";

export default defineRule({
  id: "DF007",
  name: "apt-get-hygiene",
  severity: "info",
  summary: "`apt-get install` without `-y` or `--no-install-recommends`, or with the package lists left in the layer",
  rationale: md`
    Without \`-y\`, apt-get asks for confirmation and a build has nobody to answer. Without
    \`--no-install-recommends\` it pulls recommended packages nobody asked for (often tens of MB). And
    /var/lib/apt/lists stays in the layer unless the same RUN removes it: a later RUN cannot.`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install ca-certificates`,
    good: md`
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*`,
  },
  fix: { safety: "safe", description: "Adds `-y` after `install`. Safe: the build cannot answer the prompt anyway. The other two points are left to you." },
  equivalents: ["DL3014", "DL3015", "DL3009"],
  tags: ["size", "hygiene"],
  precision: "very-high",
  check(model, ctx) {
    for (const run of model.stages.flatMap((s) => s.runs)) {
      const cacheMount = mountCovers(run, "/var/lib/apt/lists");
      const cleaned = run.commands.some((c) => c.name === "rm" && c.args.some((w) => w.value.startsWith("/var/lib/apt/lists")));
      for (const command of run.commands) {
        const install = command.args.find((w) => w.value === "install");
        if ((command.name !== "apt-get" && command.name !== "apt") || !install || !command.program) continue;
        const at = { start: command.program.span.start, end: install.span.end };
        const flags = command.args.map((w) => w.value);
        // -y, or combined short options such as -qy.
        const yes = flags.some((f) => f === "--yes" || f === "--assume-yes" || /^-[a-z]*y[a-z]*$/i.test(f));
        if (!yes) {
          ctx.report({
            at,
            message: "`apt-get install` without -y waits for a confirmation nobody can give in a build, so the RUN fails. Write `apt-get install -y …`.",
            fix: run.instruction.json ? undefined : { description: "Add -y", safety: "safe", edits: [{ span: { start: install.span.end, end: install.span.end }, text: " -y" }] },
          });
        }
        if (!flags.includes("--no-install-recommends")) {
          ctx.report({ at, message: "`apt-get install` without --no-install-recommends also installs recommended packages nobody asked for, often tens of MB. Add `--no-install-recommends`." });
        }
        if (!cleaned && !cacheMount) {
          ctx.report({ at, message: "The apt package lists stay in this layer: a later RUN cannot remove them. End this RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a cache mount on /var/lib/apt)." });
        }
      }
    }
  },
});
