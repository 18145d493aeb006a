import { defineRule, md } from "../src/engine/rule.js";
import { insertAfter } from "../src/engine/edits.js";
import { stageChain } from "../src/model/stages.js";
import { mountCovers } from "../src/model/run.js";
import type { CommandInfo, DockerfileModel, RunInfo, Stage } from "../src/model/types.js";

const isApt = (c: CommandInfo) => (c.name === "apt-get" || c.name === "apt") && c.program !== undefined;

/** The first later RUN, in this stage or one built on it, that installs with apt and runs no update of its own. */
function laterInstallWithoutUpdate(model: DockerfileModel, stage: Stage, after: RunInfo): RunInfo | undefined {
  const stages = model.stages.filter((s) => stageChain(s).includes(stage));
  for (const s of stages) {
    for (const run of s.runs) {
      if (s === stage && run.instruction.line <= after.instruction.line) continue;
      const apt = run.commands.filter(isApt);
      const firstInstall = apt.findIndex((c) => c.args.some((w) => w.value === "install"));
      const updates = apt.some((c) => c.args.some((w) => w.value === "update"));
      if (firstInstall !== -1 && !apt.slice(0, firstInstall).some((c) => c.args.some((w) => w.value === "update"))) return run;
      // A later `apt-get update` writes the lists anew: what installs after it reads those, not these.
      if (updates) {
        if (s === stage) return undefined;
        break;
      }
    }
  }
  return undefined;
}

export default defineRule({
  id: "DF007",
  name: "apt-get-hygiene",
  severity: "info",
  summary: "`apt-get install` without `-y` or `--no-install-recommends`, or with the package lists left in the layer",
  rationale: md`
    Without \`-y\`, apt-get asks for confirmation and a build has nobody to answer. Without
    \`--no-install-recommends\` it pulls recommended packages nobody asked for (often tens of MB). And
    /var/lib/apt/lists stays in the layer unless the same RUN removes it: a later RUN cannot.

    The lists are reported at the RUN that runs \`apt-get update\` (the one that writes them); the size
    advice (recommends, lists) only for the final stage and the stages it is built on, whose layers ship,
    and not in dev containers.
    \`-qq\`, \`-o APT::Install-Recommends=false\` and cache or tmpfs mounts on the lists count.`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install ca-certificates`,
    good: md`
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*`,
  },
  problems: {
    lists: "`apt-get update` leaves the package lists in a shipped layer",
    yes: "`apt-get install` without `-y`",
    recommends: "`apt-get install` without `--no-install-recommends` in a shipped layer",
  },
  fix: {
    safety: "safe",
    description: "Adds `-y` after `install`. Safe: the build cannot answer the prompt anyway. The other two points are left to you.",
  },
  equivalents: ["DL3014", "DL3015", "DL3009"],
  tags: ["size", "hygiene"],
  precision: "very-high",
  check(model, ctx) {
    // Size advice (recommends, lists) matters only for layers the final image is built on, and not for a dev container.
    const shippedLayers = new Set(model.finalStage && model.purpose !== "dev" ? stageChain(model.finalStage) : []);
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        const listsKept =
          !mountCovers(run, "/var/lib/apt/lists") &&
          !run.commands.some((c) => c.name === "rm" && c.args.some((w) => w.value.startsWith("/var/lib/apt/lists")));
        for (const command of run.commands) {
          if ((command.name !== "apt-get" && command.name !== "apt") || !command.program) continue;
          const tool = command.name;
          const flags = command.args.map((w) => w.value);
          const update = command.args.find((w) => w.value === "update");
          if (update && shippedLayers.has(stage) && listsKept) {
            // A later RUN that installs without its own update reads these lists: removing them here would break it.
            const reader = laterInstallWithoutUpdate(model, stage, run);
            ctx.report({
              problem: "lists",
              at: { start: command.program.span.start, end: update.span.end },
              message: reader
                ? `\`${tool} update\` writes the package lists into this layer, and the RUN on line ${reader.instruction.line} ` +
                  `installs from them, so they stay in the image. Give each RUN that installs its own \`apt-get update\` and end it ` +
                  `with \`&& rm -rf /var/lib/apt/lists/*\`.`
                : `\`${tool} update\` writes the package lists into this layer, and a later RUN cannot remove them. ` +
                  `End this RUN with \`&& rm -rf /var/lib/apt/lists/*\` (or put a cache mount on /var/lib/apt/lists).`,
            });
          }
          const install = command.args.find((w) => w.value === "install");
          if (!install) continue;
          const at = { start: command.program.span.start, end: install.span.end };
          // -y, -qq (implies it), combined short options such as -qy, or the apt option itself.
          const yes = flags.some(
            (f) =>
              f === "--yes" ||
              f === "--assume-yes" ||
              f === "-qq" ||
              /^-[a-z]*y[a-z]*$/i.test(f) ||
              /^APT::Get::Assume-Yes=(true|1)$/i.test(f),
          );
          if (!yes) {
            ctx.report({
              problem: "yes",
              at,
              message:
                `\`${tool} install\` without -y waits for a confirmation nobody can give in a build, ` +
                `so the RUN fails whenever it must install more than you named. Write \`${tool} install -y …\`.`,
              fix: run.instruction.json ? undefined : { description: "Add -y", safety: "safe", edits: [insertAfter(install, " -y")] },
            });
          }
          const noRecommends =
            flags.includes("--no-install-recommends") || flags.some((f) => /^APT::Install-Recommends=(false|0)$/i.test(f));
          if (!noRecommends && shippedLayers.has(stage)) {
            // curl, wget and git bring the CA bundle only as a recommended package: dropping recommends must not drop HTTPS.
            const caBundleKept = stage.base.caBundle === true || stage.packagesAtEnd.some((p) => p.name === "ca-certificates");
            const keepCaBundle = caBundleKept
              ? ""
              : ", and name `ca-certificates` among the packages if anything in the image uses HTTPS: " +
                "it often arrives only as a recommended package (of curl, wget, git)";
            ctx.report({
              problem: "recommends",
              at,
              message:
                `\`${tool} install\` without --no-install-recommends also installs recommended packages nobody asked for, ` +
                `often tens of MB, into the final image. Add \`--no-install-recommends\`${keepCaBundle}.`,
            });
          }
        }
      }
    }
  },
});
