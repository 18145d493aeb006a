import { defineRule, md } from "../src/engine/rule.js";
import { insertAfter } from "../src/engine/edits.js";
import { expandWord } from "../src/model/scope.js";
import type { ShellWord } from "../src/shell/words.js";

/** Bytes per /var/log/lastlog record on 64-bit Linux (glibc's struct lastlog). */
const LASTLOG_RECORD = 292;
const LARGE_UID = 100000;

/** `-u N`, `-uN`, `--uid N`, `--uid=N`: the word holding the UID and its text. */
function uidOf(args: readonly ShellWord[]): { word: ShellWord; text: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if ((w.value === "-u" || w.value === "--uid") && args[i + 1]) return { word: args[i + 1] as ShellWord, text: "" };
    if (/^--uid=/.test(w.value)) return { word: w, text: "--uid=" };
    if (/^-u\d/.test(w.value)) return { word: w, text: "-u" };
  }
  return undefined;
}

const size = (bytes: number) => (bytes >= 1e9 ? `${Math.round(bytes / 1e9)} GB` : `${Math.round(bytes / 1e6)} MB`);

export default defineRule({
  id: "DF027",
  name: "useradd-large-uid",
  severity: "info",
  summary: "`useradd` with a large UID and without `-l`",
  rationale: md`
    \`useradd\` records every new user in /var/log/lastlog, a file indexed by UID: for UID 100000 it
    writes at an offset of about 29 MB, for UID 1000000000 about 290 GB. On disk the file is sparse, but an
    image layer stores it in full, so the image grows by that much or the build runs out of space.
    \`useradd -l\` (\`--no-log-init\`) skips the lastlog and faillog entries; a container needs neither.

    Reported when the UID is known (written, or from a variable with a value) and at least 100000; a UID
    from a build argument without a default is not guessed at.`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN useradd -u 1000000 app`,
    good: md`
      FROM debian:bookworm-slim
      RUN useradd -l -u 1000000 app`,
  },
  fix: { safety: "safe", description: "Adds `-l` after `useradd`. Safe: it only skips the lastlog and faillog entries of the new user." },
  equivalents: ["DL3046"],
  tags: ["size"],
  precision: "very-high",
  check(model, ctx) {
    for (const command of model.commands) {
      if (command.name !== "useradd" || !command.program) continue;
      if (command.args.some((w) => w.value === "--no-log-init" || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(w.value))) continue;
      const uid = uidOf(command.args);
      if (!uid) continue;
      const expanded = expandWord(uid.word, command.vars, "unknown");
      const value = expanded?.slice(uid.text.length);
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < LARGE_UID) continue;
      const program = command.program;
      ctx.report({
        at: uid.word.span,
        message:
          `\`useradd\` with UID ${value} and without \`-l\` writes /var/log/lastlog up to an offset of ` +
          `about ${size(Number(value) * LASTLOG_RECORD)}, which the image layer stores in full. ` +
          `Write \`useradd -l\` (\`--no-log-init\`).`,
        fix: command.run.instruction.json ? undefined : { description: "Add -l", safety: "safe", edits: [insertAfter(program, " -l")] },
      });
    }
  },
});
