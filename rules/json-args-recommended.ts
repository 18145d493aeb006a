import { defineRule, md } from "../src/engine/rule.js";

export default defineRule({
  id: "DF001",
  name: "json-args-recommended",
  severity: "warning",
  summary: "CMD or ENTRYPOINT in shell form",
  rationale: md`
    The shell form runs the command through \`/bin/sh -c\`. The Go binary then is not PID 1: signals
    such as SIGTERM go to the shell, which does not forward them, so \`docker stop\` waits its full
    timeout and kills the service without a graceful shutdown. On scratch and distroless there is no
    \`/bin/sh\` at all and the container does not start. The exec (JSON) form runs the binary directly.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      COPY app /app
      CMD /app --port 8080`,
    good: md`
      FROM alpine:3.20
      COPY app /app
      CMD ["/app", "--port", "8080"]`,
  },
  fix: "none",
  equivalents: ["DL3025", "JSONArgsRecommended"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if ((instruction.kind !== "CMD" && instruction.kind !== "ENTRYPOINT") || instruction.json || instruction.args.text.trim() === "") continue;
        const words = instruction.words.map((w) => JSON.stringify(w.value)).join(", ");
        ctx.report({
          at: instruction.keyword.span,
          message: `\`${instruction.keyword.value}\` in shell form runs through /bin/sh -c, so the binary is not PID 1 and does not receive SIGTERM (and on images without a shell it never starts). Use the exec form: \`${instruction.kind} [${words}]\`.`,
        });
      }
    }
  },
});
