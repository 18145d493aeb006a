import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/golang/build.js";
import type { RunInfo } from "../src/model/types.js";

export default defineRule({
  id: "DF008",
  name: "pipefail-missing",
  severity: "warning",
  summary: "A RUN pipes commands without `pipefail`, so a failure before the last `|` is ignored",
  rationale: md`
    A shell pipeline succeeds when its last command does. \`wget -O- https://… | tar -xz\` with a failed
    download, or \`go test ./... | tee report.txt\` with failing tests, builds a broken image without a
    word. With \`pipefail\` the pipeline fails when any part fails, and so does the build.`,
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
        if (!run.script || pipefailShell(run)) continue;
        let pipefail = false;
        for (const command of run.commands) {
          if (command.name === "set" && command.args.some((w, i) => /^-[a-zA-Z]*o$/.test(w.value) && command.args[i + 1]?.value === "pipefail")) pipefail = true;
          if (pipefail || command.command.pipePosition !== 1) continue;
          const shell = stage.base.packageManager === "apt" ? '["/bin/bash", "-o", "pipefail", "-c"]' : '["/bin/sh", "-o", "pipefail", "-c"]';
          ctx.report({
            at: command.command.span,
            message: `This pipeline succeeds whenever its last command does, so a failure before the \`|\` is ignored and the build goes on. Add \`SHELL ${shell}\` before the RUN (or start it with \`set -o pipefail &&\`).`,
          });
        }
      }
    }
  },
});

/** A SHELL with `-o pipefail` is in effect for this RUN (in its stage before it, or in a stage it is built on). */
function pipefailShell(run: RunInfo): boolean {
  for (const stage of stageChain(run.stage)) {
    const shells = stage.instructions.filter((i) => i.kind === "SHELL" && (stage !== run.stage || i.index < run.instruction.index));
    const last = shells[shells.length - 1];
    if (last) return (last.json ?? []).some((w, i, all) => w.value === "-o" && all[i + 1]?.value === "pipefail") || (last.json ?? []).some((w) => w.value === "-opipefail");
  }
  return false;
}
