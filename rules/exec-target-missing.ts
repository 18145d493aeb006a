import { defineRule, md } from "../src/engine/rule.js";
import { stageFiles } from "../src/model/filesystem.js";
import { isWithin, resolvePath } from "../src/model/paths.js";
import { stageChain } from "../src/model/stages.js";
import type { CopyInfo, RuntimeCommand, Stage } from "../src/model/types.js";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const SHELL_TOOLS = new Set(["sh", "bash", "ash", "dash", "curl", "wget"]);

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
    on distroless or chainguard/static.

    The ENTRYPOINT, CMD and HEALTHCHECK in effect count, also when inherited from a stage the final one is
    built on (\`FROM runtime\`), resolved against the image's final WORKDIR and PATH. A target that is a
    directory the image copied into (\`COPY app /app/\` then \`ENTRYPOINT ["/app"]\`, or a directory's
    contents: \`COPY --from=build /out/ /app\`) fails too.`,
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
    const chain = stageChain(final);
    // With an ENTRYPOINT, CMD only supplies its arguments. Both may come from a stage the final one is built on.
    const targets = [final.entrypoint ?? final.cmd, final.healthcheck].filter(
      (c): c is RuntimeCommand => c !== undefined && c.json !== undefined,
    );
    for (const runs of targets) {
      const word = runs.json?.[0];
      // A WebAssembly module (`--platform wasi/wasm`) is loaded by the wasm runtime from the image root, not exec'd.
      if (!word || word.value === "" || word.value.includes("$") || word.value.endsWith(".wasm")) continue;
      // The container resolves a relative program against the image's WORKDIR, and a bare name along its PATH.
      const candidates = word.value.includes("/")
        ? [resolvePath(word.value, final.endWorkdir)]
        : (final.endEnv.get("PATH")?.value ?? DEFAULT_PATH).split(":").map((dir) => resolvePath(`${dir}/${word.value}`, "/"));
      if (candidates.some((c) => c === undefined)) continue;
      const paths = candidates as string[];
      const instruction = runs.instruction;
      const shown = instruction.kind === "HEALTHCHECK" ? "HEALTHCHECK CMD" : instruction.kind;
      const inherited = runs.stage === final ? "" : " (the final stage inherits it)";
      const fails =
        instruction.kind === "HEALTHCHECK" ? "every health check fails and the container is marked unhealthy" : "the container fails";
      if (files.complete) {
        const directory = word.value.includes("/") ? copiedDirectory(chain, paths[0] as string) : undefined;
        if (directory) {
          // One file copied into the directory: its name there is the source's name.
          const only = directory.sources.length === 1 ? directory.sources[0]?.value : undefined;
          const inside =
            only !== undefined && !only.endsWith("/") && only !== "."
              ? `${paths[0]}/${only.slice(only.lastIndexOf("/") + 1)}`
              : `${paths[0]}/<binary>`;
          ctx.report({
            at: word.span,
            message:
              `\`${shown} ["${word.value}", …]\`${inherited} runs ${paths[0]}, ` +
              `which is a directory here (line ${directory.instruction.line} copies into it): ${fails} with "permission denied". ` +
              `Point it at the binary inside: \`${inside}\`.`,
          });
          continue;
        }
        if (paths.some((c) => files.mayExist(c))) continue;
        const where = word.value.includes("/") ? (paths[0] as string) : `any PATH directory (${paths.length} searched)`;
        const copied = files.roots.slice(0, 3).join(", ") || "nothing";
        ctx.report({
          at: word.span,
          message:
            `\`${shown} ["${word.value}", …]\`${inherited} runs ${where}, but nothing in this ${final.base.family} image puts a file ` +
            `there (it holds: ${copied}): ${fails} with "exec ${word.value}: no such file or directory". ` +
            `Point it at the copied binary, or copy the binary to ${word.value}.`,
        });
        continue;
      }
      // A base image with files of its own: only shell tools it is known not to have.
      const tool = word.value.slice(word.value.lastIndexOf("/") + 1);
      const copiedIn = paths.some((c) => files.roots.some((r) => isWithin(c, r) || isWithin(r, c)));
      if (final.base.shell !== false || !SHELL_TOOLS.has(tool) || copiedIn || chain.some((s) => s.runs.length > 0)) continue;
      ctx.report({
        at: word.span,
        message: `\`${word.value}\`${inherited} does not exist in ${final.base.family}, which has no shell and no tools: ${
          instruction.kind === "HEALTHCHECK"
            ? "every health check fails. Check with the service's own binary (a `health` subcommand) or copy a static tool in."
            : "the container fails at start. Run the service's binary directly, in exec form without a shell, or copy a static tool in."
        }`,
      });
    }
  },
});

/**
 * The COPY that makes `path` a directory: its destination was written as one (`/app/`, several sources),
 * or every source is written as a directory (`.`, `out/`, `/out/`), whose contents a COPY puts into the
 * destination; and no copy may put a file there.
 */
function copiedDirectory(chain: readonly Stage[], path: string): CopyInfo | undefined {
  const copies = chain.flatMap((s) => s.copies);
  const atPath = copies.filter((c) => c.destinationPath === path);
  if (atPath.length === 0 || atPath.some((c) => !makesDirectory(c))) return undefined;
  return atPath[0];
}

function makesDirectory(copy: CopyInfo): boolean {
  if (copy.destinationIsDir) return true;
  return (
    copy.sources.length > 0 &&
    copy.sources.every((s) => s.kind === "path" && s.value !== undefined && (s.value === "." || s.value.endsWith("/")))
  );
}
