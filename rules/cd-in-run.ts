import { defineRule, md } from "../src/engine/rule.js";

export default defineRule({
  id: "DF003",
  name: "cd-in-run",
  severity: "warning",
  summary: "A RUN changes directory with `cd` instead of using WORKDIR",
  rationale: md`
    \`cd\` lasts only until the end of its RUN, and a relative \`go build -o\` or \`COPY --from\` path later
    depends on which RUN last changed directory. WORKDIR sets the directory for every following
    instruction and for \`go build\`'s output, visibly. For a one-off, \`go build -C dir\` does the same
    without a shell.`,
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
    for (const command of model.commands) {
      if (command.name !== "cd" || !command.program) continue;
      const target = command.args[0]?.value ?? "~";
      ctx.report({
        at: { start: command.program.span.start, end: (command.args[0] ?? command.program).span.end },
        message: `\`cd ${target}\` lasts only until this RUN ends, so later relative paths depend on it silently. Use \`WORKDIR ${target}\` before the RUN (or \`go build -C ${target}\`).`,
      });
    }
  },
});
