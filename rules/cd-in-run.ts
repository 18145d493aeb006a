import { defineRule, md } from "../src/engine/rule.js";
import { resolvePath } from "../src/model/paths.js";
import { createdDirectories } from "../src/model/run.js";
import { expandWord } from "../src/model/scope.js";

/** `/a/b/c`, `/a/b`, `/a`, `/`: the directories a path lies in, itself included. */
function ancestorsOrSelf(path: string): string[] {
  const out = [path];
  for (let p = path; p !== "/" && p.includes("/"); ) {
    p = p.slice(0, p.lastIndexOf("/")) || "/";
    out.push(p);
  }
  return out;
}

export default defineRule({
  id: "DF003",
  name: "cd-in-run",
  severity: "warning",
  summary: "A RUN changes directory with `cd` instead of using WORKDIR",
  rationale: md`
    \`cd\` lasts only until the end of its RUN, and a relative \`go build -o\` or \`COPY --from\` path later
    depends on which RUN last changed directory. WORKDIR sets the directory for every following
    instruction and for \`go build\`'s output, visibly. For a one-off, \`go build -C dir\` does the same
    without a shell.

    Reported once per RUN, and not for a \`cd\` into a directory the same RUN creates (\`mkdir\`,
    \`git clone\`): a WORKDIR could not point there before the RUN; nor inside a \`( … )\` subshell, nor back
    to the WORKDIR. A suggested WORKDIR is always absolute.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      COPY . /src
      RUN cd /src && go build -o /out/app .`,
    good: md`
      FROM golang:1.23-alpine
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .`,
  },
  fix: "none",
  equivalents: ["DL3003"],
  tags: ["hygiene"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        const created = new Set<string>();
        for (const command of run.commands) {
          for (const dir of createdDirectories(command)) created.add(dir);
          if (command.name !== "cd" || !command.program) continue;
          const targetWord = command.args.find((w) => !w.value.startsWith("-"));
          const target = targetWord ? expandWord(targetWord, command.vars, "unknown") : undefined;
          const path = target === undefined ? undefined : resolvePath(target, command.cwd);
          // Into a directory this RUN just made or cloned: nothing before the RUN could be there (as hadolint's users expect).
          if (path !== undefined && ancestorsOrSelf(path).some((dir) => created.has(dir))) continue;
          // Inside `( … )` the cd ends with the subshell; a `cd` back to the WORKDIR restores it.
          const workdir = stage.workdirAt(run.instruction);
          if (command.command.subshell > 0 || (path !== undefined && path === workdir && command.cwd !== workdir)) continue;
          if (path !== undefined && path === workdir) {
            ctx.report({
              at: { start: command.program.span.start, end: (targetWord ?? command.program).span.end },
              message: `\`cd ${targetWord?.value ?? ""}\` changes nothing: the WORKDIR is already ${workdir}. Remove it.`,
            });
            break;
          }
          const written = targetWord?.value ?? "~";
          // For the one command after the cd, its own -C flag does the same where the tool has one.
          const next = run.commands[run.commands.indexOf(command) + 1];
          const sub = next?.name === "go" ? next.args[0]?.value : undefined;
          const dir = path ?? "<dir>";
          const oneCommand =
            sub !== undefined && /^[a-z]+$/.test(sub)
              ? `\`go ${sub} -C ${dir} …\``
              : next?.name === "git" || next?.name === "make"
                ? `\`${next.name} -C ${dir} …\``
                : undefined;
          const instead =
            `Use ${path !== undefined ? `\`WORKDIR ${path}\`` : "an absolute `WORKDIR`"} before the ` +
            `RUN${oneCommand ? ` (or ${oneCommand} for the one command)` : ""}`;
          ctx.report({
            at: { start: command.program.span.start, end: (targetWord ?? command.program).span.end },
            message: `\`cd ${written}\` lasts only until this RUN ends, so later relative paths depend on it silently. ${instead}.`,
          });
          break; // once per RUN
        }
      }
    }
  },
});
