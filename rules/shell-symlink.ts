import { defineRule, md } from "../src/engine/rule.js";
import { finalChain } from "../src/model/stages.js";
import { resolvePath } from "../src/model/paths.js";
import { expandWord } from "../src/model/scope.js";

const SH = new Set(["/bin/sh", "/usr/bin/sh"]);
const SHELLS = /(^|\/)(bash|dash|ash|zsh|ksh|mksh|busybox)$/;

export default defineRule({
  id: "DF028",
  name: "shell-symlink",
  severity: "warning",
  summary: "A RUN replaces /bin/sh with a link to another shell",
  rationale: md`
    \`ln -sf /bin/bash /bin/sh\` changes the shell of every later RUN without saying so where the RUNs are
    written, and of every \`#!/bin/sh\` script in the image, which were written for the shell the
    distribution ships. The SHELL instruction sets the shell for the RUNs that follow, visibly, and leaves
    the image's /bin/sh alone.

    Reported only where the base image is known to have a /bin/sh (Debian, Ubuntu, Alpine, golang, …) and
    no SHELL is set: a link that creates /bin/sh where there was none (\`ln -s /busybox/sh /bin/sh\` on a
    distroless \`:debug\` image) provides a shell rather than replacing one. Judged in the final image and the
    stages it is built on: a build stage may link sh to bash on purpose, to copy that shell into the image as
    its \`sh\`, which SHELL cannot do.`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN ln -sf /bin/bash /bin/sh`,
    good: md`
      FROM debian:bookworm-slim
      SHELL ["/bin/bash", "-c"]`,
  },
  fix: "none",
  equivalents: ["DL4005"],
  tags: ["hygiene"],
  precision: "high",
  check(model, ctx) {
    // Judged where the link ships: the final image and the stages it is built on. A build stage may link
    // sh to bash on purpose to stage that shell for the image (copied out as `sh`), which SHELL cannot do.
    const shipped = finalChain(model);
    for (const stage of model.stages) {
      if (!shipped.has(stage) || stage.base.shell !== true || stage.base.family.startsWith("distroless")) continue;
      for (const run of stage.runs) {
        if (stage.shellAt(run.instruction).custom) continue;
        for (const command of run.commands) {
          if (command.name !== "ln" || !command.program) continue;
          const values = command.args.map((w) => expandWord(w, command.vars, "unknown"));
          const options = values.filter((v) => v?.startsWith("-"));
          if (
            !options.some((o) => o === "--symbolic" || /^-[a-zA-Z]*s/.test(o ?? "")) ||
            options.some((o) => o === "-t" || o?.startsWith("--target-directory"))
          )
            continue;
          const operands = values.filter((v) => !v?.startsWith("-"));
          if (operands.length !== 2) continue;
          const [source, link] = operands;
          if (source === undefined || link === undefined) continue;
          const linkPath = resolvePath(link, command.cwd);
          if (linkPath === undefined || !SH.has(linkPath) || !SHELLS.test(source)) continue;
          const shell = source.startsWith("/") ? source : (resolvePath(source, "/bin") ?? source);
          ctx.report({
            at: command.program.span,
            message:
              `\`ln ${options.join(" ")} ${source} ${link}\` replaces ${stage.base.family}'s /bin/sh, silently changing the shell of ` +
              `every later RUN and of the image's \`#!/bin/sh\` scripts. Set the shell for the RUNs instead: ` +
              `\`SHELL ["${shell}", "-c"]\`.`,
          });
        }
      }
    }
  },
});
