import { defineRule, md } from "../src/engine/rule.js";
import type { CommandInfo, RunInfo, Stage } from "../src/model/types.js";

/** A RUN's commands by pipeline, each with its place in the RUN: one pass, not one per pipeline. */
function commandsByPipeline(run: RunInfo): Map<number, { info: CommandInfo; at: number }[]> {
  const byPipeline = new Map<number, { info: CommandInfo; at: number }[]>();
  run.commands.forEach((info, at) => {
    const list = byPipeline.get(info.command.pipeline);
    if (list) list.push({ info, at });
    else byPipeline.set(info.command.pipeline, [{ info, at }]);
  });
  return byPipeline;
}

/** Advice that works with the image's /bin/sh: dash (Debian, Ubuntu) rejects `-o pipefail`; busybox ash and bash accept it. */
function pipefailAdvice(stage: Stage, run: RunInfo): string {
  const shell = run.shell[0] ?? "";
  if (/(^|\/)bash$/.test(shell)) return `Add \`-o pipefail\` to the SHELL: \`SHELL ["${shell}", "-o", "pipefail", "-c"]\``;
  if (stage.base.shellKind === "dash")
    return 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN (Debian\'s /bin/sh is dash, which has no pipefail)';
  if (stage.base.shellKind === "busybox")
    return 'Add `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` before the RUN (or start it with `set -o pipefail &&`)';
  return (
    'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN where the image has bash, ' +
    'or `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` where /bin/sh is busybox (alpine); a dash /bin/sh (Debian) rejects `-o pipefail`'
  );
}

export default defineRule({
  id: "DF008",
  name: "pipefail-missing",
  severity: "warning",
  summary: "A RUN pipes commands without `pipefail`, so a failure before the last `|` is ignored",
  rationale: md`
    A shell pipeline succeeds when its last command does. \`wget -O- https://… | tar -xz\` with a failed
    download, or \`go test ./... | tee report.txt\` with failing tests, builds a broken image without a
    word. With \`pipefail\` the pipeline fails when any part fails, and so does the build.

    A SHELL with pipefail in any spelling (\`-o pipefail\`, \`-eo pipefail\`, \`-opipefail\`, inherited from
    a parent stage) and an earlier \`set -o pipefail\` in the RUN count. A pipeline fed only by \`echo\` or
    \`printf\` is not reported, nor one followed by \`;\` or a new line without \`set -e\`: the shell goes on
    whatever the pipeline returns, so pipefail alone would change nothing. On Debian-based images /bin/sh
    is dash, which rejects \`set -o pipefail\`: the advice there is a bash SHELL.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      RUN go test ./... | tee /tmp/test.log`,
    good: md`
      FROM golang:1.23-alpine
      SHELL ["/bin/ash", "-o", "pipefail", "-c"]
      RUN go test ./... | tee /tmp/test.log`,
  },
  fix: "none",
  equivalents: ["DL4006"],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        if (!run.script) continue;
        const pipelines = commandsByPipeline(run);
        for (const command of run.commands) {
          // A pipeline that is tested (`if ! (dpkg -l | grep -q x)`) takes a branch either way: nothing is hidden.
          if (command.pipefail || command.command.pipePosition !== 1 || command.command.condition) continue;
          // `echo … | cmd` cannot fail before the pipe: pipefail would catch nothing.
          const pipeline = pipelines.get(command.command.pipeline) ?? [];
          const last = pipeline.reduce((max, { info }) => Math.max(max, info.command.pipePosition), 0);
          if (pipeline.every(({ info }) => info.command.pipePosition === last || info.name === "echo" || info.name === "printf")) continue;
          const first = pipeline.find(({ info }) => info.command.pipePosition === 0)?.info ?? command;
          const endAt = pipeline.find(({ info }) => info.command.pipePosition === last);
          const end = endAt?.info ?? command;
          // `a | b; c` without `set -e`: the list goes on whatever the pipeline returns, so pipefail would change nothing.
          const next = run.commands[(endAt?.at ?? run.commands.indexOf(command)) + 1];
          if (next && !end.errexit && (next.command.after === ";" || next.command.after === "\n" || next.command.after === "&")) continue;
          ctx.report({
            at: { start: first.command.span.start, end: end.command.span.end },
            message:
              `This pipeline succeeds whenever its last command does, so a failure before the \`|\` is ignored and the build goes ` +
              `on. ${pipefailAdvice(stage, run)}.`,
          });
        }
      }
    }
  },
});
