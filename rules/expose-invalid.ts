import { defineRule, md } from "../src/engine/rule.js";
import { expandWord } from "../src/model/scope.js";

export default defineRule({
  id: "DF011",
  name: "expose-invalid",
  severity: "warning",
  summary: "EXPOSE names a port outside 0–65535, not a number, or a protocol not written in lower case",
  rationale: md`
    EXPOSE documents the ports the service listens on, and orchestrators and \`docker run -P\` read it.
    A port that cannot exist, a host mapping (\`8080:80\`, which belongs to \`docker run -p\`) or a
    protocol in upper case (Docker expects \`tcp\`/\`udp\`) makes that documentation wrong or the build fail.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      EXPOSE 80800 8080/TCP`,
    good: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      EXPOSE 8080/tcp 9090`,
  },
  problems: {
    "host-mapping": "a host port mapping (`8080:80`), which only `docker run -p` can make",
    "not-a-port": "a value that is not a port, range or port/protocol",
    range: "a port outside 0–65535",
    "protocol-case": "a protocol not written in lower case",
  },
  fix: "none",
  equivalents: ["DL3011", "ExposeInvalidFormat", "ExposeProtoCasing"],
  tags: ["correctness"],
  precision: "very-high",
  check(model, ctx) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructionsOf("EXPOSE")) {
        for (const word of instruction.words) {
          const value = expandWord(word, stage.scopeAt(instruction), "unknown");
          if (value === undefined) continue;
          // What the file shows: the word, and its value when a variable gives it.
          const shown = word.hasExpansion ? `\`EXPOSE ${word.value}\` (\`${value}\`)` : `\`EXPOSE ${value}\``;
          // A literal that is no port fails the build (BuildKit: "invalid containerPort"); a variable's value
          // may be overridden with --build-arg.
          const certain = !word.hasExpansion;
          const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(value);
          if (!m) {
            // `8080:80` or `127.0.0.1:8080:80`: Docker exposes the container port and ignores the host part.
            const mapping = /^(?:[\d.]+:)?\d+:(\d+(?:-\d+)?(?:\/\w+)?)$/.exec(value);
            if (mapping) {
              ctx.report({
                problem: "host-mapping",
                at: word.span,
                message:
                  `${shown} maps a host port, which only \`docker run -p\` can do: Docker exposes the container port (${mapping[1]}) ` +
                  `and ignores the rest. Write \`EXPOSE ${mapping[1]}\` and publish with \`-p\`.`,
              });
            } else {
              ctx.report({
                problem: "not-a-port",
                at: word.span,
                severity: certain ? "error" : undefined,
                message:
                  `${shown} is not a port${certain ? ", so the build fails" : ""}: write a number, a range or a number/protocol, ` +
                  `e.g. \`EXPOSE 8080/tcp\`.`,
              });
            }
            continue;
          }
          const ports = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])].filter((p): p is number => p !== undefined);
          if (ports.some((p) => p > 65535)) {
            ctx.report({
              problem: "range",
              at: word.span,
              severity: certain ? "error" : undefined,
              message:
                `${shown} is outside the port range 0–65535${certain ? ", so the build fails" : ", so no client can reach it"}. ` +
                `Use the port the service listens on, e.g. \`EXPOSE 8080\`.`,
            });
          } else if (m[3] !== undefined && m[3] !== m[3].toLowerCase()) {
            ctx.report({
              problem: "protocol-case",
              at: word.span,
              message:
                `\`EXPOSE ${value}\`: Docker expects the protocol in lower case. ` +
                `Write \`EXPOSE ${m[1]}${m[2] ? `-${m[2]}` : ""}/${m[3].toLowerCase()}\`.`,
            });
          }
        }
      }
    }
  },
});
