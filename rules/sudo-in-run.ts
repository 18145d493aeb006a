import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/model/stages.js";
import type { Instruction } from "../src/parse/types.js";
import type { Stage, UserInfo } from "../src/model/types.js";

const isRoot = (user: string) => user === "root" || user === "0";

/**
 * The USER in effect before an instruction: this stage's last USER before it, else the stages it is built on, else the
 * base image's default.
 */
function userBefore(stage: Stage, instruction: Instruction): { user: string | undefined; from: UserInfo | undefined } {
  for (const s of stageChain(stage)) {
    const users = s === stage ? s.users.filter((u) => u.instruction.span.start < instruction.span.start) : s.users;
    const last = users[users.length - 1];
    if (last) return { user: last.user, from: last };
  }
  return { user: stage.base.defaultUser, from: undefined };
}

export default defineRule({
  id: "DF016",
  name: "sudo-in-run",
  severity: "warning",
  summary: "`sudo` runs a command in a RUN",
  rationale: md`
    Docker runs each RUN as the USER in effect, without a terminal and without a password to type. As root,
    \`sudo\` changes nothing; as another user, it works only if the image carries sudo and a sudoers rule,
    and that setuid binary then stays in the image for anyone who gets a shell in the container. USER
    switches users for the build visibly: \`USER root\` before the RUN that needs root, and back after it.

    Only \`sudo\` run as a command counts: not the word inside a quoted string, an \`echo\`, or a package
    name (\`apt-get install sudo\`).`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN sudo apt-get update`,
    good: md`
      FROM debian:bookworm-slim
      RUN apt-get update`,
  },
  fix: "none",
  equivalents: ["DL3004"],
  tags: ["security", "hygiene"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        // One finding per RUN, at its first sudo: the advice (drop it, or USER root) is the same for all of them.
        const sudos = run.commands.filter((c) => c.name === "sudo" && c.program);
        const command = sudos[0];
        if (command?.program) {
          const { user, from } = userBefore(stage, run.instruction);
          const asOther = command.args.findIndex((w) => w.value === "-u" || w.value === "--user");
          const target = asOther === -1 ? undefined : command.args[asOther + 1]?.value;
          let message: string;
          if (target !== undefined && !isRoot(target)) {
            message =
              `\`sudo -u ${target}\` in a RUN needs sudo and a sudoers rule in the image, which then stays there as a setuid binary. ` +
              `Put the commands in their own RUN after \`USER ${target}\`, and switch back with USER after it.`;
          } else if (user !== undefined && isRoot(user)) {
            const why = from
              ? `\`USER ${from.user ?? ""}\` on line ${from.instruction.line}`
              : `${stage.base.family} runs as root by default`;
            message =
              `This RUN already runs as root (${why}), so \`sudo\` changes nothing and only needs a setuid binary in ` +
              `the image. Drop \`sudo\`.`;
          } else if (user !== undefined && from) {
            message =
              `This RUN runs as \`${user}\` (USER on line ${from.instruction.line}), and \`sudo\` works only with sudo and a sudoers ` +
              `rule in the image, which stay there for anyone with a shell in the container. Put \`USER root\` before this RUN and ` +
              `\`USER ${user}\` after it, and drop \`sudo\`.`;
          } else {
            message =
              "Docker runs a RUN as the USER in effect; `sudo` works only with sudo and a sudoers rule in the image, " +
              "which stay there for anyone with a shell in the container. Drop `sudo` if this stage runs as root; " +
              "otherwise put `USER root` before this RUN and switch back after it.";
          }
          const more = sudos.length > 1 ? ` (used ${sudos.length} times in this RUN)` : "";
          ctx.report({ at: command.program.span, message: message.replace(/\.$/, `${more}.`) });
        }
      }
    }
  },
});
