import { defineRule, md } from "../src/engine/rule.js";
import type { ShellWord } from "../src/shell/words.js";
import type { Scope, Stage } from "../src/model/types.js";
import type { InstructionKind } from "../src/parse/types.js";

/** Instructions whose arguments Docker expands itself (RUN's are the shell's business). */
const EXPANDED = new Set<InstructionKind>(["ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]);
const ALWAYS_DEFINED = new Set(["PATH", "HOME", "HOSTNAME"]);

function plainVariables(word: ShellWord): string[] {
  // `${X:-default}` and friends handle an unset X on purpose.
  return word.parts.flatMap((p) => (p.kind === "variable" && p.operator === "" && /^[A-Za-z_]/.test(p.name) ? [p.name] : []));
}

export default defineRule({
  id: "DF013",
  name: "undefined-variable",
  severity: "warning",
  summary: "An instruction uses a variable no ARG or ENV defines (or FROM uses an ARG that has no value)",
  rationale: md`
    Docker expands an undefined variable to the empty string, silently. \`COPY --from=build /out/$BINARY /app\`
    with a misspelt or stage-local ARG copies the whole /out directory; \`FROM golang:\${GO_VERSION}\` with
    an ARG declared without a default becomes \`golang:\`, which fails to build. ARGs declared before the
    first FROM are visible to FROM lines only, and must be declared again inside a stage to be used there.`,
  examples: {
    bad: md`
      ARG GO_VERSION=1.23
      FROM golang:\${GO_VERSION}-alpine AS build
      WORKDIR /src/\${APP}`,
    good: md`
      ARG GO_VERSION=1.23
      FROM golang:\${GO_VERSION}-alpine AS build
      ARG APP=server
      WORKDIR /src/\${APP}`,
  },
  problems: {
    "from-undeclared": "FROM uses a variable no ARG before the first FROM declares",
    "from-no-default": "FROM uses a global ARG without a default",
    undefined: "an instruction uses a variable no ARG or ENV in scope defines",
  },
  fix: "none",
  equivalents: ["DL3044", "UndefinedVar", "UndefinedArgInFrom", "InvalidDefaultArgInFrom"],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    for (const stage of model.stages) {
      if (stage.imageWord) {
        for (const name of plainVariables(stage.imageWord)) {
          const binding = model.globalArgs.get(name);
          if (!binding) {
            ctx.report({
              problem: "from-undeclared",
              at: stage.imageWord.span,
              message:
                `\`$${name}\` in FROM is not an ARG declared before the first FROM, so it expands to nothing. Declare it at the top: ` +
                `\`ARG ${name}=<default>\`.`,
            });
          } else if (binding.kind === "arg" && binding.value === undefined) {
            ctx.report({
              problem: "from-no-default",
              at: stage.imageWord.span,
              message:
                `ARG \`${name}\` has no default, so without --build-arg this FROM expands to an invalid image name. Give it one: ` +
                `\`ARG ${name}=<default>\`.`,
            });
          }
        }
      }
      // An image we do not know may define any variable in its environment.
      if (stage.base.family === "unknown") continue;
      for (const kind of EXPANDED)
        for (const instruction of stage.instructionsOf(kind)) {
          const scope = stage.scopeAt(instruction);
          const words = [...instruction.flags.map((f) => flagWord(f.value ?? "", f.span)), ...(instruction.json ? [] : instruction.words)];
          for (const word of words) {
            for (const name of plainVariables(word)) {
              if (defined(name, scope, stage)) continue;
              const global = model.globalArgs.get(name) && model.globalArgs.get(name)?.kind === "arg";
              ctx.report({
                problem: "undefined",
                at: word.span,
                message:
                  `\`$${name}\` is not defined in this stage, ` +
                  `so Docker expands it to nothing${global ? ": an ARG before the first FROM is visible to FROM lines only" : ""}. ` +
                  `Declare it first: \`ARG ${name}\` (or \`ENV ${name}=…\`).`,
              });
            }
          }
        }
    }
  },
});

function defined(name: string, scope: Scope, stage: Stage): boolean {
  return ALWAYS_DEFINED.has(name) || scope.has(name) || Object.hasOwn(stage.base.env, name);
}

/** A flag's value as a word, for its variables (spans point at the whole flag). */
function flagWord(value: string, span: { start: number; end: number }): ShellWord {
  const parts: ShellWord["parts"][number][] = [];
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*)(\}|(?=[^A-Za-z0-9_]|$))/g;
  for (let m = re.exec(value); m; m = re.exec(value))
    parts.push({ kind: "variable", name: m[1] as string, operator: "", operand: "", text: m[0], quoted: false });
  return { value, span, parts, quoted: false, hasExpansion: parts.length > 0 };
}
