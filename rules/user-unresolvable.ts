import { defineRule, md } from "../src/engine/rule.js";
import type { Stage } from "../src/model/types.js";
import { userMayExist } from "../src/model/users.js";

const numeric = (id: string) => /^\d+$/.test(id);

export default defineRule({
  id: "SE002",
  name: "user-unresolvable",
  severity: "error",
  summary: "USER names a user that the stage's /etc/passwd cannot have",
  rationale: md`
    A user name is looked up in the image's /etc/passwd when the container starts. scratch has no
    /etc/passwd at all, distroless has only root, nonroot and nobody, and alpine or debian know only the
    users of the base plus those an adduser/useradd creates. A name that is not there stops the container
    at start with \`unable to find user\`, after the image was built and pushed. A numeric ID always works.`,
  examples: {
    bad: md`
      FROM scratch
      COPY app /app
      USER appuser
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM scratch
      COPY app /app
      USER 65532:65532
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness", "security"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const user of stage.users) {
        if (user.user === undefined || !user.word) continue;
        const names = [user.user, ...(stage.base.family === "scratch" && user.group !== undefined ? [user.group] : [])].filter(
          (n) => n !== "" && !numeric(n),
        );
        const missing = names.find((name) => !userMayExist(model, stage, name, user.instruction));
        if (!missing) continue;
        ctx.report({ at: user.word.span, message: message(stage, missing, user.user, missing !== user.user) });
      }
    }
  },
});

/** `isGroup`: the user is numeric or known and the group is the name that cannot be found. */
function message(stage: Stage, name: string, user: string, isGroup: boolean): string {
  const family = stage.base.family;
  if (family === "scratch" && isGroup) {
    return (
      `\`USER ${user}:${name}\` names group ${name}, but scratch has no /etc/group, so the container fails to start with "unable to ` +
      `find group ${name}". Use a numeric group (\`USER ${user}:${numeric(user) ? user : "65532"}\`), ` +
      `or copy /etc/group from the builder.`
    );
  }
  if (family === "scratch") {
    return (
      `\`USER ${user}\` cannot be resolved: scratch has no /etc/passwd, so the container fails to start with "unable to find ` +
      `user ${name}". Use a numeric ID (\`USER 65532:65532\`), or copy /etc/passwd from the builder.`
    );
  }
  if (family.startsWith("distroless") || family.startsWith("chainguard")) {
    return (
      `\`USER ${user}\` is not in ${family}'s /etc/passwd (it has root, nonroot and nobody): the container fails to start with ` +
      `"unable to find user ${name}". Use \`USER nonroot:nonroot\` or a numeric ID.`
    );
  }
  const add = stage.base.packageManager === "apk" ? `RUN adduser -D ${name}` : `RUN useradd --system ${name}`;
  return (
    `\`USER ${user}\` does not exist in ${family} and no adduser/useradd in this stage creates it: the container fails to start with ` +
    `"unable to find user ${name}". Create it first (\`${add}\`) or use a numeric ID.`
  );
}
