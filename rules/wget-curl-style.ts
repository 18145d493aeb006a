import { defineRule, md } from "../src/engine/rule.js";
import type { CommandInfo } from "../src/model/types.js";

/** Programs that do nothing useful in a build: interactive, or acting on a machine a build does not have. */
const POINTLESS: Readonly<Record<string, string>> = {
  shutdown: "there is no machine to shut down in a build",
  reboot: "there is no machine to reboot in a build",
  halt: "there is no machine to halt in a build",
  vim: "an editor needs a terminal, which a build does not have",
  vi: "an editor needs a terminal, which a build does not have",
  nano: "an editor needs a terminal, which a build does not have",
  top: "it is interactive and a build has no terminal",
  free: "it reports the memory of the build machine, not of the image",
  ifconfig: "it reports the build's network, not the container's",
};

/** wget options that keep its progress bar out of the log (DL3047's list). */
const quietWget = (c: CommandInfo) =>
  c.args.some((w) => {
    const v = w.value;
    return (
      v.startsWith("--progress") ||
      v === "-q" ||
      v === "--quiet" ||
      v === "-nv" ||
      v === "--no-verbose" ||
      v === "-o" ||
      v.startsWith("--output-file") ||
      v === "-a" ||
      v.startsWith("--append-output") ||
      /^-[a-zA-Z]*q/.test(v)
    );
  });

export default defineRule({
  id: "DF030",
  name: "wget-curl-style",
  severity: "info",
  optIn: true,
  summary: "`wget` without a quiet progress option, `wget` and `curl` installed in one stage, or a command that does nothing in a build",
  rationale: md`
    Style points hadolint makes, off by default:

    - \`wget\` without \`-q\`, \`-nv\` or \`--progress=dot:giga\` writes its progress bar into the build log,
      thousands of lines for a large download (DL3047).
    - A stage that installs both \`curl\` and \`wget\` needs only one (DL4001). Judged per stage, and only
      for packages the stage installs: busybox's wget on alpine and the curl and wget of golang's Debian
      images come with the base.
    - \`shutdown\`, \`vim\`, \`top\`, \`free\`, \`ifconfig\` and the like do nothing useful in a build, and
      \`service … start\` as the last command of a RUN starts a process that ends with the RUN (DL3001).
      \`ssh\`, \`ps\`, \`kill\` and \`mount\` are left alone: builds use them on purpose (\`ssh\` with a
      forwarded agent, stopping a helper process a RUN started).`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN wget https://example.com/tool.tar.gz`,
    good: md`
      FROM debian:bookworm-slim
      RUN wget -q https://example.com/tool.tar.gz`,
  },
  problems: {
    "wget-progress": "`wget` without a quiet progress option (DL3047)",
    "curl-and-wget": "`wget` and `curl` both installed in one stage (DL4001)",
    "pointless-command": "a command that does nothing in a build: `shutdown`, `service … start` last, … (DL3001)",
  },
  fix: "none",
  equivalents: ["DL3047", "DL4001", "DL3001"],
  tags: ["hygiene"],
  precision: "medium",
  check(model, ctx) {
    for (const stage of model.stages) {
      // Both tools installed by this stage: one is enough. A tool the base image already has (busybox wget on
      // alpine, curl and wget on golang's Debian images) costs nothing, so using both is no finding.
      const curl = stage.packages.find((p) => p.name === "curl");
      const wget = stage.packages.find((p) => p.name === "wget");
      // Judged by what the stage's RUNs download with: tools installed for the container's own use (a
      // HEALTHCHECK, an operator's shell) are not this stage's downloads, and slimlint cannot tell which is needed.
      const runs = (name: string) => stage.runs.flatMap((r) => r.commands).find((c) => c.name === name);
      const runtimeUse = [stage.healthcheck, stage.entrypoint, stage.cmd].some(
        (x) => x?.program !== undefined && /(^|\/)(curl|wget)$/.test(x.program),
      );
      const usesBoth = runs("curl") !== undefined && runs("wget") !== undefined;
      // With a script or `make` in the stage, the other tool may be what it downloads with.
      if (curl && wget && !runtimeUse && (usesBoth || ((runs("curl") || runs("wget")) && !stage.opaqueBefore()))) {
        const second = curl.command.command.span.start > wget.command.command.span.start ? curl : wget;
        const usedCurl = runs("curl");
        const usedWget = runs("wget");
        const keep =
          usedCurl && usedWget ? (usedCurl.command.span.start < usedWget.command.span.start ? "curl" : "wget") : usedCurl ? "curl" : "wget";
        const drop = keep === "curl" ? "wget" : "curl";
        const how = keep === "curl" ? "`curl -fsSLO URL`" : "`wget -q URL`";
        ctx.report({
          problem: "curl-and-wget",
          at: second.command.program?.span ?? second.command.command.span,
          message:
            usedCurl && usedWget
              ? `This stage installs both \`curl\` and \`wget\` and downloads with both; one tool is enough. ` +
                `Write the downloads with \`${keep}\` (${how}) and install only it.`
              : `This stage installs both \`curl\` and \`wget\` but its RUNs download only with \`${keep}\`. ` +
                `Install only \`${keep}\` and drop \`${drop}\`.`,
          peers: ["DL4001"],
        });
      }
      for (const run of stage.runs) {
        for (const [i, command] of run.commands.entries()) {
          const name = command.name;
          if (!command.program || name === undefined) continue;
          if (name === "wget" && !quietWget(command)) {
            ctx.report({
              problem: "wget-progress",
              at: command.program.span,
              message:
                "`wget` without a quiet option writes its progress bar into the build log, thousands of lines for a large " +
                "download. Write `wget -q …` (or `wget --progress=dot:giga …` with GNU wget).",
              peers: ["DL3047"],
            });
          }
          const why = POINTLESS[name];
          if (why) {
            ctx.report({
              problem: "pointless-command",
              at: command.program.span,
              message: `\`${name}\` in a RUN does nothing useful: ${why}. Remove it from the RUN.`,
              peers: ["DL3001"],
            });
          } else if (name === "service" && i === run.commands.length - 1 && command.args[1]?.value === "start") {
            ctx.report({
              problem: "pointless-command",
              at: command.program.span,
              message:
                "`service … start` as the last command of a RUN starts a process that ends with the RUN; " +
                "nothing of it reaches the image. Start the service in the ENTRYPOINT or CMD instead.",
              peers: ["DL3001"],
            });
          }
        }
      }
    }
  },
});
