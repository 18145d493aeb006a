import { defineRule, md } from "../src/engine/rule.js";
import { INSTRUCTIONS } from "../src/parse/buildkit.js";
import { editDistance } from "../src/text/distance.js";

/** The triggers BuildKit's ONBUILD parser refuses, with its own words for each. */
const REFUSED: Record<string, { readonly docker: string; readonly instead: string }> = {
  ONBUILD: {
    docker: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
    instead:
      "Write the trigger once (`ONBUILD RUN …`); an image built on the child that needs its own trigger must declare " +
      "it in the child's Dockerfile",
  },
  FROM: {
    docker: "FROM isn't allowed as an ONBUILD trigger",
    instead: "A child image chooses its base with its own FROM: remove this line, or make it a stage of this file",
  },
  MAINTAINER: {
    docker: "MAINTAINER isn't allowed as an ONBUILD trigger",
    instead: 'Set the author on this image instead: `LABEL org.opencontainers.image.authors="…"`, or `ONBUILD LABEL …` for child images',
  },
};

export default defineRule({
  id: "DF026",
  name: "onbuild-problems",
  severity: "error",
  summary: "ONBUILD wraps ONBUILD, FROM or MAINTAINER, which Docker refuses, or a keyword that is no instruction",
  rationale: md`
    ONBUILD stores an instruction that runs when another image is built \`FROM\` this one. Docker's
    Dockerfile parser refuses three triggers while it reads *this* file, before anything runs:
    \`ONBUILD ONBUILD\` ("Chaining ONBUILD via \`ONBUILD ONBUILD\` isn't allowed"), \`ONBUILD FROM\` and
    \`ONBUILD MAINTAINER\` ("… isn't allowed as an ONBUILD trigger"). The build fails, whichever
    stage is the target.

    A trigger whose keyword is not an instruction (\`ONBUILD RUNN …\`) passes this build, since Docker
    stores the trigger's text unread, and fails every image built on this one: a warning.

    Other triggers are checked by the rules that judge an instruction on its own form (DF014, the
    legacy \`ENV key value\` form, also fires on \`ONBUILD ENV key value\`); rules that need the stage's
    WORKDIR, USER, files or variables stay silent on triggers, which run in the child's build.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      ONBUILD FROM alpine:3.20
      ONBUILD COPY . /src`,
    good: md`
      FROM golang:1.23-alpine
      ONBUILD COPY . /src
      ONBUILD RUN go build -o /out/app ./cmd/app`,
  },
  problems: {
    "refused-trigger": "ONBUILD wraps ONBUILD, FROM or MAINTAINER, which Docker refuses",
    "unknown-trigger": "ONBUILD wraps a keyword that is no instruction (child images fail)",
  },
  fix: "none",
  equivalents: ["DL3043"],
  tags: ["correctness", "syntax"],
  precision: "very-high",
  check(model, ctx) {
    for (const onbuild of model.instructionsOf("ONBUILD")) {
      const trigger = onbuild.trigger;
      if (trigger?.kind === "UNKNOWN") {
        const written = trigger.keyword.value.toUpperCase();
        const guess = [...INSTRUCTIONS].find((known) => editDistance(written, known) <= 2);
        ctx.report({
          problem: "unknown-trigger",
          at: trigger.keyword.span,
          severity: "warning",
          message:
            `\`${trigger.keyword.value}\` is not a Dockerfile instruction: Docker stores this trigger without reading it, and every ` +
            `image built FROM this one fails on it ("unknown instruction"). ${
              guess ? `Did you mean \`${onbuild.keyword.value} ${guess}\`?` : "Write a trigger such as `ONBUILD COPY . /src`."
            }`,
        });
        continue;
      }
      const refused = trigger && REFUSED[trigger.kind];
      if (!trigger || !refused) continue;
      ctx.report({
        problem: "refused-trigger",
        at: trigger.keyword.span,
        message:
          `Docker refuses \`${onbuild.keyword.value} ${trigger.keyword.value}\` while it reads this file ("${refused.docker}"), ` +
          `so the build fails. ${refused.instead}.`,
      });
    }
  },
});
