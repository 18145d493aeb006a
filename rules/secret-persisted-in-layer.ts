import { defineRule, md } from "../src/engine/rule.js";
import type { CommandInfo } from "../src/model/types.js";

export default defineRule({
  id: "SE004",
  name: "secret-persisted-in-layer",
  severity: "warning",
  summary: "A RUN writes secret-mount content into a file that stays in the layer",
  rationale: md`
    A BuildKit secret mount exists only while its RUN runs, which is the whole point: the token to fetch
    private Go modules never lands in the image. Writing it somewhere persistent undoes that: \`git config
    --global url."https://$(cat /run/secrets/token)@github.com/"…\` stores it in ~/.gitconfig, a redirect
    stores it in ~/.netrc, and the layer ships it. Use the secret in the same command instead
    (\`GIT_CONFIG_PARAMETERS\`, \`GOPRIVATE\` plus a credential helper, or \`--mount=type=secret,env=…\`).`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN --mount=type=secret,id=github_token \\
          git config --global url."https://$(cat /run/secrets/github_token)@github.com/".insteadOf "https://github.com/" && \\
          go mod download`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \\
          GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=url.https://x-access-token:\${GITHUB_TOKEN}@github.com/.insteadOf \
GIT_CONFIG_VALUE_0=https://github.com/ \\
          go mod download`,
  },
  fix: "none",
  equivalents: [],
  tags: ["security"],
  precision: "high",
  check(model, ctx) {
    for (const run of model.stages.flatMap((s) => s.runs)) {
      const secrets = run.mounts.filter((m) => m.type === "secret");
      if (secrets.length === 0) continue;
      const envNames = secrets.map((m) => m.env).filter((e): e is string => e !== undefined);
      const paths = secrets.map((m) => m.target ?? `/run/secrets/${m.id ?? ""}`);
      const usesSecret = (command: CommandInfo) =>
        command.command.words.some(
          (w) =>
            paths.some((p) => w.value.includes(p)) ||
            w.value.includes("/run/secrets/") ||
            (w.hasExpansion && w.parts.some((part) => part.kind === "variable" && envNames.includes(part.name))),
        );
      for (const command of run.commands) {
        if (!usesSecret(command)) continue;
        const persisted =
          (command.name === "git" &&
            command.args[0]?.value === "config" &&
            command.args.some((w) => w.value === "--global" || w.value === "--system")) ||
          command.command.redirects.some(
            (r) =>
              (r.op.endsWith(">") || r.op.endsWith(">>")) &&
              r.target !== undefined &&
              !/^\/dev\/(null|stdout|stderr)$/.test(r.target.value),
          ) ||
          ((command.name === "cp" || command.name === "tee" || command.name === "install") &&
            command.args.some((w) => !w.value.startsWith("-") && !w.value.includes("/run/secrets/")));
        if (!persisted) continue;
        const where = command.name === "git" ? "~/.gitconfig" : "a file";
        ctx.report({
          at: command.command.span,
          message:
            `This command writes the mounted secret into ${where}, which stays in the layer and ships with the image: ` +
            `the secret mount protected nothing. Use the secret only within the command, e.g. \`--mount=type=secret,id=…,env=TOKEN\` ` +
            `with GIT_CONFIG_* variables instead of \`git config --global\`.`,
        });
      }
    }
  },
});
