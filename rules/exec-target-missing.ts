import { defineRule, md } from "../src/engine/rule.js";
import { stageFiles } from "../src/model/filesystem.js";
import { isWithin, resolvePath } from "../src/model/paths.js";
import type { Instruction, Word } from "../src/parse/types.js";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const SHELL_TOOLS = new Set(["sh", "bash", "ash", "dash", "curl", "wget"]);

/** The program word of an exec-form ENTRYPOINT, CMD or HEALTHCHECK CMD. */
function program(instruction: Instruction): Word | undefined {
  if (instruction.kind === "ENTRYPOINT" || instruction.kind === "CMD") return instruction.json?.[0];
  return instruction.healthcheck?.kind === "CMD" ? instruction.healthcheck.json?.[0] : undefined;
}

export default defineRule({
  id: "RT003",
  name: "exec-target-missing",
  severity: "error",
  summary: "The exec-form ENTRYPOINT/CMD/HEALTHCHECK runs a program the image cannot contain",
  rationale: md`
    On scratch every file comes from a COPY or ADD, so the image's contents are known exactly. An
    ENTRYPOINT that names a path nothing put there (the binary copied to /app but run as /server, a
    relative \`./main\` resolved against the wrong WORKDIR) builds fine and fails at start with \`exec
    /server: no such file or directory\`. Likewise \`curl\`, \`wget\` and \`sh\` in a health check do not exist
    on distroless or chainguard/static.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/server"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    if (!final) return;
    const files = stageFiles(final);
    const own = final.instructions;
    const last = (kind: string) => [...own].reverse().find((i) => i.kind === kind);
    // With an ENTRYPOINT, CMD only supplies its arguments. Only a stage's last HEALTHCHECK counts.
    const targets = [last("ENTRYPOINT") ?? last("CMD"), last("HEALTHCHECK")].filter((i): i is Instruction => i !== undefined);
    for (const runs of targets) {
      const word = program(runs);
      if (!word || word.value === "" || word.value.includes("$")) continue;
      const scope = final.scopeAt(runs);
      const candidates = word.value.includes("/")
        ? [resolvePath(word.value, final.workdirAt(runs))]
        : (scope.get("PATH")?.value ?? DEFAULT_PATH).split(":").map((dir) => resolvePath(`${dir}/${word.value}`, "/"));
      if (candidates.some((c) => c === undefined)) continue;
      const paths = candidates as string[];
      const shown = runs.kind === "HEALTHCHECK" ? "HEALTHCHECK CMD" : runs.kind;
      if (files.complete) {
        if (paths.some((c) => files.mayExist(c))) continue;
        const where = word.value.includes("/") ? (paths[0] as string) : `any PATH directory (${paths.length} searched)`;
        const copied = files.roots.slice(0, 3).join(", ") || "nothing";
        const fails = runs.kind === "HEALTHCHECK" ? "every health check fails and the container is marked unhealthy" : "the container fails";
        ctx.report({
          at: word.span,
          message: `\`${shown} ["${word.value}", …]\` runs ${where}, but nothing in this ${final.base.family} image puts a file there (it holds: ${copied}): ${fails} with "exec ${word.value}: no such file or directory". Point it at the copied binary, or copy the binary to ${word.value}.`,
        });
        continue;
      }
      // A base image with files of its own: only shell tools it is known not to have.
      const tool = word.value.slice(word.value.lastIndexOf("/") + 1);
      const copiedIn = paths.some((c) => files.roots.some((r) => isWithin(c, r) || isWithin(r, c)));
      if (final.base.shell !== false || !SHELL_TOOLS.has(tool) || copiedIn || own.some((i) => i.kind === "RUN")) continue;
      const fails = runs.kind === "HEALTHCHECK" ? "every health check fails" : "the container fails at start";
      ctx.report({
        at: word.span,
        message: `\`${word.value}\` does not exist in ${final.base.family}, which has no shell and no tools: ${fails}. Run the service's own binary (a \`health\` subcommand for health checks) or copy a static tool in.`,
      });
    }
  },
});
