import { defineRule, md } from "../src/engine/rule.js";
import type { Model } from "../src/model/build.js";
import { isWithin } from "../src/model/paths.js";
import type { Stage } from "../src/model/types.js";
import type { Instruction } from "../src/parse/types.js";

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
        const names = [user.user, ...(stage.base.family === "scratch" && user.group !== undefined ? [user.group] : [])].filter((n) => n !== "" && !numeric(n));
        const missing = names.find((name) => !mayExist(model, stage, name, user.instruction));
        if (!missing) continue;
        ctx.report({ at: user.word.span, message: message(stage, missing, user.user) });
      }
    }
  },
});

/** The name may be in /etc/passwd when the USER runs; false only when we are sure it is not. */
function mayExist(model: Model, stage: Stage, name: string, instruction: Instruction): boolean {
  if (stage.base.users === undefined || stage.base.users.includes(name)) return true;
  // A script, `make` or a tool we do not model may have created the user.
  if (stage.opaqueBefore(instruction)) return true;
  if (stage.parent && endUsers(model, stage.parent).may(name)) return true;
  const first = firstPasswdChange(model, stage);
  if (first !== undefined && first < instruction.index) return true;
  return stage.createdUsers === "unknown" || stage.createdUsers.has(name) || stage.packages.length > 0;
}

const NOBODY_ADDED = { may: () => false };

/**
 * Which users a stage may have added by its end, through the stages it is built on: /etc/passwd copied in
 * or written, packages installed (their scripts add users), a RUN we could not read, adduser/useradd.
 * Computed once per stage.
 */
function endUsers(model: Model, stage: Stage): { may(name: string): boolean } {
  return model.viewOf("user-unresolvable/end-users", stage, (s): { may(name: string): boolean } => {
    const parent = s.parent ? endUsers(model, s.parent) : undefined;
    const any = s.createdUsers === "unknown" || s.packages.length > 0 || firstPasswdChange(model, s) !== undefined;
    const created = s.createdUsers;
    // A stage that adds nothing shares its parent's answer: long FROM chains stay linear.
    return !any && created !== "unknown" && created.size === 0
      ? (parent ?? NOBODY_ADDED)
      : { may: (name) => any || (created !== "unknown" && created.has(name)) || parent?.may(name) === true };
  });
}

/** The first instruction of a stage that may change /etc/passwd, by index. */
function firstPasswdChange(model: Model, stage: Stage): number | undefined {
  return model.viewOf("user-unresolvable/passwd-changes", stage, (s) => firstPasswdChangeIn(s));
}

function firstPasswdChangeIn(stage: Stage): number | undefined {
  const touches = (path: string | undefined) => path === undefined || isWithin("/etc/passwd", path) || isWithin(path, "/etc/passwd");
  const indexes = [
    ...stage.copies.filter((c) => touches(c.destinationPath)).map((c) => c.instruction.index),
    ...stage.runs
      .filter((r) => r.incomplete || r.commands.some((c) => c.command.words.some((w) => w.value.includes("/etc/passwd")) || c.command.redirects.some((d) => d.target?.value.includes("/etc/passwd"))))
      .map((r) => r.instruction.index),
  ];
  return indexes.length === 0 ? undefined : Math.min(...indexes);
}

function message(stage: Stage, name: string, user: string): string {
  const family = stage.base.family;
  if (family === "scratch") {
    return `\`USER ${user}\` cannot be resolved: scratch has no /etc/passwd, so the container fails to start with "unable to find user ${name}". Use a numeric ID (\`USER 65532:65532\`), or copy /etc/passwd from the builder.`;
  }
  if (family.startsWith("distroless") || family.startsWith("chainguard")) {
    return `\`USER ${user}\` is not in ${family}'s /etc/passwd (it has root, nonroot and nobody): the container fails to start with "unable to find user ${name}". Use \`USER nonroot:nonroot\` or a numeric ID.`;
  }
  const add = stage.base.packageManager === "apk" ? `RUN adduser -D ${name}` : `RUN useradd --system ${name}`;
  return `\`USER ${user}\` does not exist in ${family} and no adduser/useradd in this stage creates it: the container fails to start with "unable to find user ${name}". Create it first (\`${add}\`) or use a numeric ID.`;
}
