import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/model/stages.js";
import { hasLabelType, labelKeyProblem, labelPairs, type LabelPair } from "../src/model/labels.js";
import type { LabelType } from "../src/model/types.js";

/** What a value of each type looks like, for messages. */
const TYPE_EXAMPLES: Record<LabelType, string> = {
  url: "an absolute URL such as `https://github.com/acme/app`",
  rfc3339: "an RFC 3339 date-time such as `2024-05-01T12:00:00Z`",
  spdx: "an SPDX license expression such as `Apache-2.0` or `MIT OR Apache-2.0`",
  hash: "a git commit hash in lower-case hex (7 to 40 digits, or 64)",
  semver: "a semantic version such as `1.4.2` (no `v` prefix)",
  email: "an e-mail address such as `team@example.com`",
  text: "any text",
};

/**
 * The key sits in a reverse-DNS namespace whose own part follows the guidelines (`operators.operatorframework.io.`
 * before `metrics.project_layout`); Docker's reserved namespaces are not someone else's.
 */
function inForeignNamespace(key: string): boolean {
  const dot = key.lastIndexOf(".");
  if (dot <= 0) return false;
  const namespace = key.slice(0, dot);
  return /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/.test(namespace) && labelKeyProblem(`${namespace}.x`) === undefined;
}

/** A label key Docker's guidelines accept, from one that breaks them by case or `_` only; undefined when that is not enough. */
function suggestedKey(key: string): string | undefined {
  const candidate = key.toLowerCase().replace(/_/g, "-");
  return candidate !== key && labelKeyProblem(candidate) === undefined ? candidate : undefined;
}

export default defineRule({
  id: "DF025",
  name: "label-schema",
  severity: "warning",
  summary: "Labels break the configured label schema, or a label key breaks Docker's key guidelines",
  rationale: md`
    With \`labelSchema\` in .slimlint.yaml (label key → \`url\`, \`rfc3339\`, \`spdx\`, \`hash\`,
    \`semver\`, \`email\` or \`text\`), the final image must carry each label of the schema (set in its
    stage or a stage it is built on), and every LABEL that sets one must give it a non-empty value of
    that type; with \`strictLabels: true\`, a LABEL that sets a key the schema does not name is reported
    too. A value that holds a variable (\`$VCS_REF\`) is known only at build time and is not checked.
    Registries and scanners read these labels (source, revision, licenses), and a malformed one is
    as good as none. These schema findings are warnings; each message names its problem (missing,
    superfluous, empty, or not of its type) and the label.

    Without a schema the rule only checks label keys against Docker's guidelines, at \`info\`, and not in a
    namespace another spec owns (\`operators.operatorframework.io.metrics.project_layout\` is named by
    operator-sdk, and tools look it up as written): lower-case
    letters, digits, \`.\` and \`-\`, starting with a letter and ending with a letter or digit, no \`..\`
    or \`--\`, and not in the reserved \`com.docker.*\`, \`io.docker.*\` or \`org.dockerproject.*\`
    namespaces.

    Types are checked as hadolint does, with two differences that avoid false reports: \`spdx\` checks
    the expression's grammar (\`MIT License\` is not one) but not SPDX's list of license ids, and
    \`hash\` accepts any abbreviation of 7 to 40 hex digits and SHA-256 commits.`,
  examples: {
    bad: md`
      # .slimlint.yaml: labelSchema: {org.opencontainers.image.source: url, org.opencontainers.image.licenses: spdx}
      FROM gcr.io/distroless/static-debian13:nonroot
      LABEL org.opencontainers.image.source="github.com/acme/app"`,
    good: md`
      # .slimlint.yaml: labelSchema: {org.opencontainers.image.source: url, org.opencontainers.image.licenses: spdx}
      FROM gcr.io/distroless/static-debian13:nonroot
      LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
            org.opencontainers.image.licenses="Apache-2.0"`,
    labelSchema: { "org.opencontainers.image.source": "url", "org.opencontainers.image.licenses": "spdx" },
  },
  problems: {
    key: "a label key breaks Docker's key guidelines",
    missing: "a label the schema requires is missing",
    empty: "a label the schema requires is empty",
    type: "a label value is not of its schema type",
    superfluous: "a label the schema does not name (strictLabels)",
  },
  fix: "none",
  equivalents: ["DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"],
  tags: ["hygiene"],
  precision: "high",
  check(model, ctx) {
    const pairs: LabelPair[] = model.instructionsOf("LABEL").flatMap(labelPairs);
    for (const pair of pairs) {
      const problem = pair.key === undefined ? undefined : labelKeyProblem(pair.key);
      if (pair.key === undefined || problem === undefined) continue;
      // A key in a namespace another spec owns (`operators.operatorframework.io.metrics.project_layout`,
      // `com.redhat.license_terms`) is named by that spec: tools look it up as written, so it is left alone.
      if (inForeignNamespace(pair.key)) continue;
      const suggestion = suggestedKey(pair.key);
      ctx.report({
        problem: "key",
        at: pair.word.span,
        severity: "info",
        message: `Label key \`${pair.key}\` does not follow Docker's label key guidelines: ${problem}. ${
          suggestion ? `Write \`${suggestion}\`` : "Use a reverse-DNS key such as `org.opencontainers.image.title` or `com.example.team`"
        }, which tools that filter on labels handle alike.`,
      });
    }

    const policy = model.labelPolicy;
    if (!policy) return;
    const schema = new Map(Object.entries(policy.schema));
    for (const pair of pairs) {
      if (pair.key === undefined) continue;
      const type = schema.get(pair.key);
      if (type === undefined) {
        if (policy.strict) {
          ctx.report({
            problem: "superfluous",
            at: pair.word.span,
            message:
              `Superfluous label \`${pair.key}\`: strictLabels is on and the labelSchema in .slimlint.yaml does not name it. ` +
              `Remove the label, or add \`${pair.key}\` with its type to labelSchema.`,
          });
        }
        continue;
      }
      if (pair.value === undefined) continue;
      if (pair.value.trim() === "") {
        ctx.report({
          problem: "empty",
          at: pair.word.span,
          message:
            `Empty label \`${pair.key}\`: the labelSchema in .slimlint.yaml requires it as ${TYPE_EXAMPLES[type]}, ` +
            `and an empty value tells registries and scanners nothing. Give it a value, or remove the LABEL.`,
        });
      } else if (!hasLabelType(pair.value, type)) {
        // `Jane Doe <jane@example.com>`: the address inside the angle brackets is the e-mail the type asks for.
        const address = type === "email" ? /<([^<>]+)>\s*$/.exec(pair.value)?.[1] : undefined;
        const instead =
          address !== undefined && hasLabelType(address, "email") ? `Write \`${pair.key}=${address}\`` : "Write a value of that form";
        ctx.report({
          problem: "type",
          at: pair.word.span,
          message:
            `Label \`${pair.key}\` is not of its schema type ${type}: \`${pair.value}\` is not ${TYPE_EXAMPLES[type]}, ` +
            `which the labelSchema in .slimlint.yaml requires. ${instead}.`,
        });
      }
    }

    // The labels the final image carries: set in its stage or in a stage it is built on (`FROM build AS final`).
    const final = model.finalStage;
    if (!final) return;
    const carried = new Set(
      stageChain(final)
        .flatMap((s) => s.instructionsOf("LABEL").flatMap(labelPairs))
        .map((p) => p.keyText),
    );
    // A key written with a variable could be any of them: the missing ones are unknown.
    if ([...carried].some((k) => k.includes("$"))) return;
    for (const [key, type] of schema) {
      if (carried.has(key)) continue;
      ctx.report({
        problem: "missing",
        at: final.from.keyword.span,
        message:
          `Missing label \`${key}\`: the labelSchema in .slimlint.yaml requires it on the image, and neither this final stage nor a ` +
          `stage it is built on sets it. Add \`LABEL ${key}=…\` with ${TYPE_EXAMPLES[type]}.`,
      });
    }
  },
});
