import { defineRule, md } from "../src/engine/rule.js";
import { splitAssignment } from "../src/shell/commands.js";

export default defineRule({
  id: "DF014",
  name: "legacy-key-value-format",
  severity: "warning",
  summary: "ENV or LABEL uses the legacy `KEY value` form instead of `KEY=value`",
  rationale: md`
    \`ENV KEY value\` sets one variable to the whole rest of the line, spaces included, while
    \`ENV KEY=value\` can set several and quotes its values the way the shell does. Mixing the two reads
    ambiguously (\`ENV GOFLAGS -trimpath -mod=mod\` sets one variable), and Docker has deprecated the
    legacy form.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine
      ENV CGO_ENABLED 0`,
    good: md`
      FROM golang:1.23-alpine
      ENV CGO_ENABLED=0`,
  },
  fix: "none",
  equivalents: ["LegacyKeyValueFormat"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    // ONBUILD triggers too: the form is the instruction's own, whatever the child image holds.
    const triggers = model.triggers.filter((t) => t.kind === "ENV" || t.kind === "LABEL");
    for (const instruction of [...model.instructionsOf("ENV"), ...model.instructionsOf("LABEL"), ...triggers]) {
      const [first, ...rest] = instruction.words;
      if (!first || rest.length === 0 || splitAssignment(first) || first.value.includes("=")) continue;
      const value = rest.map((w) => w.value).join(" ");
      // Inside double quotes the file's escape character (`\` or a backtick) escapes `"` and itself.
      const escape = model.parsed.escape;
      const quoted = /^[\w./:@-]+$/.test(value)
        ? value
        : `"${value.replace(/["\\`]/g, (c) => (c === '"' || c === escape ? escape + c : c))}"`;
      ctx.report({
        at: instruction.keyword.span,
        message:
          `\`${instruction.kind} ${first.value} …\` uses the deprecated \`KEY value\` form, which takes the whole rest of the line ` +
          `as one value. Write \`${instruction.kind} ${first.value}=${quoted}\`.`,
      });
    }
  },
});
