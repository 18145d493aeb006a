import { defineRule, md } from "../src/engine/rule.js";
import { splitAssignment } from "../src/shell/commands.js";

/** Name words that say "credential"; names that merely point at one (…_FILE, …_PATH) are fine. */
const SECRET_WORDS = new Set(["TOKEN", "SECRET", "PASSWORD", "PASSWD", "APIKEY", "CREDENTIALS", "CREDENTIAL"]);
const SECRET_PAIRS = new Set(["API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "SECRET_KEY", "AUTH_KEY", "CLIENT_SECRET"]);
const POINTER_WORDS = new Set(["FILE", "PATH", "DIR", "URL", "ENDPOINT", "NAME", "ID", "HEADER", "TYPE"]);
const SECRET_VALUE = /^(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[\w-]{10,}|sk-[A-Za-z0-9]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)/;

function secretName(name: string): boolean {
  const words = name.toUpperCase().split(/[_\-.]+/).filter(Boolean);
  if (words.some((w) => POINTER_WORDS.has(w))) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.some((w, i) => i + 1 < words.length && SECRET_PAIRS.has(`${w}_${words[i + 1]}`));
}

export default defineRule({
  id: "SE003",
  name: "secret-in-arg-env",
  severity: "warning",
  summary: "ARG or ENV carries what looks like a credential",
  rationale: md`
    ARG and ENV values are stored in the image: ENV in its configuration for anyone who pulls it, ARG in
    the build history (\`docker history\`) and in provenance attestations. A token passed that way to
    download private Go modules outlives the build. BuildKit secret mounts
    (\`RUN --mount=type=secret,id=…\`) give the build the value without writing it anywhere.`,
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
  equivalents: ["SecretsUsedInArgOrEnv"],
  tags: ["security"],
  precision: "high",
  check(model, ctx) {
    for (const instruction of model.parsed.instructions) {
      if (instruction.kind !== "ARG" && instruction.kind !== "ENV") continue;
      const words = instruction.kind === "ENV" && instruction.words[0] && !splitAssignment(instruction.words[0]) ? instruction.words.slice(0, 1) : instruction.words;
      for (const word of words) {
        const assignment = splitAssignment(word);
        const name = assignment?.name ?? word.value;
        const value = assignment?.value.value ?? "";
        if (!secretName(name) && !SECRET_VALUE.test(value)) continue;
        ctx.report({
          at: word.span,
          message: `${instruction.kind} \`${name}\` looks like a credential, and ${instruction.kind === "ENV" ? "ENV values ship in the image's configuration" : "ARG values are kept in the build history and provenance"}. Pass it as a BuildKit secret instead: \`RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} …\`.`,
        });
      }
    }
  },
});
