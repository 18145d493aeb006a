import { defineRule, md } from "../src/engine/rule.js";
import { expandWord } from "../src/model/scope.js";
import type { Stage } from "../src/model/types.js";
import { userMayExist } from "../src/model/users.js";

// BuildKit reads `root` and numbers without looking at /etc/passwd (llb.WithUser's parseUID).
const needsLookup = (id: string) => id !== "" && id !== "root" && !/^\d+$/.test(id);

export default defineRule({
  id: "RT007",
  name: "chown-unknown-user",
  severity: "warning",
  summary: "`COPY/ADD --chown=` names a user the stage's /etc/passwd cannot have",
  rationale: md`
    \`--chown=app:app\` is resolved against the /etc/passwd and /etc/group of the stage being copied into,
    when the COPY runs. When the name is not there (scratch has no /etc/passwd at all, distroless has only
    root, nonroot and nobody, alpine and debian only their own users until an adduser/useradd runs), the
    classic builder fails with "unable to convert uid/gid chown string to host mapping", and BuildKit says
    nothing and gives the files to root (uid 0, gid 0): a program running as a non-root USER then cannot
    write them. Numeric ids always work. The name is judged like SE002's USER: only on known base images,
    and not after a step slimlint cannot see into (a script could add the user). \`--chmod\` takes a mode,
    not a user, and is not judged.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13
      COPY --chown=app:app config.yaml /etc/app/config.yaml`,
    good: md`
      FROM gcr.io/distroless/static-debian13
      COPY --chown=nonroot:nonroot config.yaml /etc/app/config.yaml`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness", "security"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        const flag = copy.instruction.flags.find((f) => f.name === "chown");
        if (!flag) continue;
        const expanded = expandWord(flag.word, stage.scopeAt(copy.instruction), "unknown");
        if (expanded === undefined) continue;
        const value = expanded.slice(expanded.indexOf("=") + 1);
        const colon = value.indexOf(":");
        const user = colon === -1 ? value : value.slice(0, colon);
        const group = colon === -1 ? undefined : value.slice(colon + 1);
        // Group names are judged only where there is no /etc/group at all (scratch): other bases' groups are not listed.
        const names = [user, ...(stage.base.family === "scratch" && group !== undefined ? [group] : [])].filter(needsLookup);
        const missing = names.find((name) => !userMayExist(model, stage, name, copy.instruction, "before"));
        if (missing === undefined) continue;
        ctx.report({ at: flag.span, message: message(stage, value, missing) });
      }
    }
  },
});

function message(stage: Stage, value: string, name: string): string {
  const family = stage.base.family;
  const where =
    family === "scratch"
      ? "scratch has no /etc/passwd"
      : family.startsWith("distroless") || family.startsWith("chainguard")
        ? `${family}'s /etc/passwd has only root, nonroot and nobody`
        : `${family} has no such user and no adduser/useradd before this line creates it`;
  const instead =
    family.startsWith("distroless") || family.startsWith("chainguard")
      ? "`--chown=nonroot:nonroot` or numeric ids"
      : "numeric ids (`--chown=65532:65532`)";
  return (
    `\`--chown=${value}\` names ${name}, but ${where}: BuildKit silently gives the files to root (uid 0) ` +
    `and the classic builder fails ("unable to convert uid/gid chown string to host mapping"). Use ${instead}, ` +
    `or create the user first.`
  );
}
