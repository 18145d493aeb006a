import { defineRule, md } from "../src/engine/rule.js";
import type { RunInfo } from "../src/model/types.js";

/** As hadolint's DL3059 (its tests and 2.12's behaviour): a RUN that already chains commands was split on purpose. */
const MAX_COMMANDS = 1;

/**
 * Commands whose effect lasts until the RUN ends: joined to the next RUN they would change what it does
 * (`cd` moves it, `export`/`set`/`umask`/`source` change its environment, `exec` replaces the shell).
 */
const SHELL_STATE = new Set([
  "cd",
  "pushd",
  "popd",
  "export",
  "set",
  "unset",
  "umask",
  "ulimit",
  "shopt",
  "source",
  ".",
  "exec",
  "exit",
  "trap",
  "alias",
  "eval",
]);

/** The RUN can be joined to a neighbour with `&&`: a short shell-form script whose shell state ends with it. */
function joinable(run: RunInfo): boolean {
  const script = run.script;
  if (!script || script.incomplete || run.instruction.json !== undefined || run.instruction.heredocs.length > 0) return false;
  if (run.commands.length === 0 || run.commands.length > MAX_COMMANDS) return false;
  return run.commands.every(
    (c) => c.name !== undefined && !SHELL_STATE.has(c.name) && c.command.words.length > 0 && c.command.after !== "&",
  );
}

/** Flags as a comparable text: RUNs with different mounts, network or security cannot share one step. */
const flagsKey = (run: RunInfo): string =>
  run.instruction.flags
    .map((f) => `${f.name}=${f.value ?? ""}`)
    .sort()
    .join(" ");

export default defineRule({
  id: "DF024",
  name: "consecutive-run",
  severity: "info",
  summary: "Two single-command RUNs in a row that could be one layer",
  rationale: md`
    Each RUN adds a layer. Two single-command RUNs in a row with the same flags (\`--mount\`, \`--network\`)
    usually belong in one: files the first writes and the second deletes still ship in the first layer,
    and each layer costs a little at push and pull. Splitting can be deliberate (a long install kept
    cached while a quick step after it changes), which is why the rule ships off.

    As hadolint's DL3059, only RUNs of one command each are reported (a RUN that already chains
    commands with \`&&\`, \`;\` or \`|\` was split on purpose), and RUNs with different flags are left
    alone; a comment between the two does not separate them, any other instruction does. Also left
    alone: exec-form and heredoc RUNs, and a first RUN whose shell state would leak into the second
    once joined (\`cd\`, \`export\`, \`set\`, \`umask\`, \`source\`, a background \`&\`).`,
  examples: {
    bad: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates
      RUN adduser -D -u 65532 app`,
    good: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates && \\
          adduser -D -u 65532 app`,
  },
  fix: "none",
  optIn: true,
  equivalents: ["DL3059"],
  tags: ["size", "hygiene"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      const runs = stage.runs;
      for (let i = 1; i < runs.length; i++) {
        const previous = runs[i - 1] as RunInfo;
        const run = runs[i] as RunInfo;
        // Instructions are numbered in file order (comments are not instructions): adjacent numbers, nothing between.
        if (run.instruction.index !== previous.instruction.index + 1) continue;
        if (!joinable(previous) || !joinable(run) || flagsKey(previous) !== flagsKey(run)) continue;
        ctx.report({
          at: run.instruction.keyword.span,
          message:
            `This RUN follows the RUN on line ${previous.instruction.line}${
              run.instruction.flags.length > 0 ? " with the same flags" : ""
            }, and each runs a single command: they make two layers where one would do, and files the first writes stay in its layer ` +
            `even if a later step deletes them. Join them: end line ${model.source.position(previous.instruction.span.end).line} ` +
            `with \`&& ${model.parsed.escape}\` and drop this \`${run.instruction.keyword.value}\`` +
            `${run.instruction.flags.length > 0 ? " with its flags" : ""}.`,
        });
      }
    }
  },
});
