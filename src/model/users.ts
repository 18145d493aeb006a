// Which user names a stage's /etc/passwd may hold at an instruction: what USER (SE002) and `COPY --chown`
// (RT007) need. Unknown is "may": only a name that certainly cannot be there is reported.
import { isWithin } from "./paths.js";
import { createdUserNames } from "./run.js";
import type { DockerfileModel, Stage } from "./types.js";
import type { Instruction } from "../parse/types.js";

/**
 * The name may be in the stage's /etc/passwd when `instruction` runs; false only when slimlint is sure it is
 * not: the base image's users are known, no opaque step ran, no stage it is built on and no earlier
 * instruction of this stage may have added users (/etc/passwd copied or written, packages installed, an
 * adduser/useradd naming it or a name that could not be read).
 */
export function userMayExist(
  model: DockerfileModel,
  stage: Stage,
  name: string,
  instruction: Instruction,
  order: "stage" | "before" = "stage",
): boolean {
  if (stage.base.users === undefined || stage.base.users.includes(name)) return true;
  // A script, `make` or a tool we do not model may have created the user.
  if (stage.opaqueBefore(instruction)) return true;
  if (stage.parent && endUsers(model, stage.parent).may(name)) return true;
  const first = firstPasswdChange(model, stage);
  if (first !== undefined && first < instruction.index) return true;
  // "stage": an adduser anywhere in the stage counts (USER takes effect at run time); "before": only one that ran
  // before the instruction (`COPY --chown` looks the name up when it copies).
  if (order === "stage") return stage.createdUsers === "unknown" || stage.createdUsers.has(name) || stage.packages.length > 0;
  const added = usersAdded(model, stage);
  return Math.min(added.anyone, added.byName.get(name) ?? Infinity) < instruction.index;
}

/**
 * Where a stage's RUNs may add users, by instruction index, computed once per stage: `anyone` is the first
 * RUN that installs a package or runs an adduser/useradd whose names cannot be read; `byName` the first that
 * adds each name.
 */
function usersAdded(model: DockerfileModel, stage: Stage): { anyone: number; byName: ReadonlyMap<string, number> } {
  return model.viewOf("users/added", stage, (s) => {
    let anyone = Infinity;
    for (const p of s.packages) anyone = Math.min(anyone, p.command.run.instruction.index);
    const byName = new Map<string, number>();
    for (const run of s.runs) {
      const at = run.instruction.index;
      for (const command of run.commands) {
        const names = createdUserNames(command);
        if (names === undefined) anyone = Math.min(anyone, at);
        else for (const n of names) if (!byName.has(n)) byName.set(n, at);
      }
    }
    return { anyone, byName };
  });
}

const NOBODY_ADDED = { may: () => false };

/**
 * Which users a stage may have added by its end, through the stages it is built on: /etc/passwd copied in
 * or written, packages installed (their scripts add users), a RUN we could not read, adduser/useradd.
 * Computed once per stage.
 */
function endUsers(model: DockerfileModel, stage: Stage): { may(name: string): boolean } {
  return model.viewOf("users/end-users", stage, (s): { may(name: string): boolean } => {
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
function firstPasswdChange(model: DockerfileModel, stage: Stage): number | undefined {
  return model.viewOf("users/passwd-changes", stage, (s) => firstPasswdChangeIn(s));
}

function firstPasswdChangeIn(stage: Stage): number | undefined {
  const touches = (path: string | undefined) => path === undefined || isWithin("/etc/passwd", path) || isWithin(path, "/etc/passwd");
  const indexes = [
    ...stage.copies.filter((c) => touches(c.destinationPath)).map((c) => c.instruction.index),
    ...stage.runs
      .filter(
        (r) =>
          r.incomplete ||
          r.commands.some(
            (c) =>
              c.command.words.some((w) => w.value.includes("/etc/passwd")) ||
              c.command.redirects.some((d) => d.target?.value.includes("/etc/passwd")),
          ),
      )
      .map((r) => r.instruction.index),
  ];
  return indexes.length === 0 ? undefined : Math.min(...indexes);
}

/**
 * The USER the stage runs as at its end, from its own USER instructions or the stages it is built on;
 * undefined when none sets one (the base image's user applies) or its value is unknown.
 */
export function writtenUser(stage: Stage): string | undefined {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    const last = s.users[s.users.length - 1];
    if (last) return last.user;
  }
  return undefined;
}

/**
 * The distroless tag to suggest for an image: `:nonroot` only when the image already runs as a non-root
 * USER. For an image that runs as root, switching the user is SE001's advice, and a program that writes
 * where root owns (its WORKDIR `/`) would fail under it, so the suggested base keeps root.
 */
export function distrolessTagFor(stage: Stage): "" | ":nonroot" {
  const user = writtenUser(stage);
  return user !== undefined && user !== "root" && user !== "0" ? ":nonroot" : "";
}
