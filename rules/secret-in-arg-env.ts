import { defineRule, md } from "../src/engine/rule.js";
import type { Model } from "../src/model/build.js";
import type { Instruction } from "../src/parse/types.js";
import { splitAssignment } from "../src/shell/commands.js";

/** Last name segments that say "credential"; a name is judged by what it ends with (`HSM_PIN`, not `HSM_TOKEN_LABEL`). */
const SECRET_ENDINGS = new Set(["TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "PIN", "APIKEY", "PASSPHRASE"]);
const SECRET_NAMES = new Set(["AUTH", "AWS_ACCESS_KEY_ID"]);
/** `…_KEY` names that hold public material. */
const PUBLIC_KEYS = /(^|_)PUBLIC_KEY$|(^|_)PUB_KEY$/;
const SECRET_VALUE = new RegExp(
  String.raw`^(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[\w-]{10,}|` +
    "sk-[A-Za-z0-9]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)",
);
/** Values that cannot be a credential: empty, a boolean, a path. */
const HARMLESS_VALUE = /^$|^(true|false|yes|no|on|off|0|1)$|^(\/|\.\/|~\/)/i;

function secretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_NAMES.has(upper)) return true;
  if (PUBLIC_KEYS.test(upper)) return false;
  const words = upper.split(/[_\-.]+/).filter(Boolean);
  const last = words[words.length - 1];
  return words.length > 1 && last !== undefined && SECRET_ENDINGS.has(last);
}

/**
 * What to do instead: a build-time value comes from a BuildKit secret; an ENV is read by the container when
 * it runs, which a build secret cannot supply: it is injected at run time.
 */
const instead = (kind: string, name: string) =>
  kind === "ENV"
    ? `give it to the container when it runs (\`docker run -e ${name}\`, a Kubernetes Secret) instead of baking it into the image`
    : `pass it as a BuildKit secret: \`RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} …\``;
/** A RUN after the instruction expands the variable: the value is needed while building. */
function usedByLaterRun(model: Model, instruction: Instruction, name: string): boolean {
  return model.commands.some(
    (c) =>
      c.run.instruction.index > instruction.index &&
      [...c.command.words, ...c.command.assignments.map((a) => a.value)].some(
        (w) => w.hasExpansion && w.parts.some((p) => p.kind === "variable" && p.name === name),
      ),
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const where = (kind: string) =>
  kind === "ENV" ? "ENV values ship in the image's configuration" : "ARG values are kept in the build history and provenance";

export default defineRule({
  id: "SE003",
  name: "secret-in-arg-env",
  severity: "warning",
  summary: "ARG or ENV carries what looks like a credential",
  rationale: md`
    ARG and ENV values are stored in the image: ENV in its configuration for anyone who pulls it, ARG in
    the build history (\`docker history\`) and in provenance attestations. A token passed that way to
    download private Go modules outlives the build. BuildKit secret mounts
    (\`RUN --mount=type=secret,id=…\`) give the build the value without writing it anywhere.

    A name is judged by its last segment (\`*_TOKEN\`, \`*_PASSWORD\`, \`*_SECRET\`, \`*_KEY\`, \`*_PIN\`, plus
    \`AUTH\` and \`AWS_ACCESS_KEY_ID\`): \`HSM_TOKEN_LABEL\` names a token, it is none. Booleans, empty values
    and paths are not credentials. A value written in the file itself is told to be removed and rotated.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      ARG GITHUB_TOKEN
      RUN git config --global url."https://\${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN go mod download`,
  },
  fix: "none",
  equivalents: ["DL3064", "SecretsUsedInArgOrEnv"],
  tags: ["security"],
  precision: "high",
  check(model, ctx) {
    for (const instruction of [...model.instructionsOf("ARG"), ...model.instructionsOf("ENV")]) {
      const words =
        instruction.kind === "ENV" && instruction.words[0] && !splitAssignment(instruction.words[0])
          ? instruction.words.slice(0, 1)
          : instruction.words;
      for (const word of words) {
        const assignment = splitAssignment(word);
        const name = assignment?.name ?? word.value;
        const value = assignment?.value.value ?? "";
        const literal = assignment !== undefined && !assignment.value.hasExpansion && value !== "";
        if (SECRET_VALUE.test(value)) {
          ctx.report({
            at: word.span,
            message:
              `${instruction.kind} \`${name}\` holds what looks like a real credential, ` +
              `written in the Dockerfile and ${where(instruction.kind)}. Remove it, rotate the credential, ` +
              `then ${instead(instruction.kind === "ENV" && !usedByLaterRun(model, instruction, name) ? "ENV" : "ARG", name)}.`,
          });
          continue;
        }
        if (!secretName(name) || (assignment !== undefined && !assignment.value.hasExpansion && HARMLESS_VALUE.test(value))) continue;
        ctx.report({
          at: word.span,
          message: literal
            ? `${instruction.kind} \`${name}\` sets a credential in the Dockerfile itself, and ${where(instruction.kind)}. ` +
              `If it is real, remove it and rotate it, ` +
              `then ${instead(instruction.kind === "ENV" && !usedByLaterRun(model, instruction, name) ? "ENV" : "ARG", name)}.`
            : `${instruction.kind} \`${name}\` looks like a credential, and ${where(instruction.kind)}. ` +
              `${capitalize(instead(instruction.kind === "ENV" && !usedByLaterRun(model, instruction, name) ? "ENV" : "ARG", name))}.`,
        });
      }
    }
  },
});
