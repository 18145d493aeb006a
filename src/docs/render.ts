// Rule documentation rendered from rule metadata: docs/rules.md (index) and docs/rules/<name>.md.
// `npm run docs` writes them, `npm run docs:check` (and a test) fails when they are stale, and
// `slimlint explain` prints the same page in the terminal.
import type { Rule } from "../engine/rule.js";
import { renderMigration } from "./migration.js";

export const GENERATED = "<!-- Generated from rule metadata by `npm run docs`. Do not edit. -->";

const fixLabel = (rule: Rule) =>
  rule.fix === "none" ? "no" : rule.fix.safety === "varies" ? "yes (safe or unsafe)" : `yes (${rule.fix.safety})`;

export function renderRulePage(rule: Rule): string {
  const hadolint = rule.equivalents.filter((e) => /^DL\d+$/.test(e));
  const buildkit = rule.equivalents.filter((e) => !/^DL\d+$/.test(e));
  const lines = [
    GENERATED,
    `# ${rule.id} ${rule.name}`,
    "",
    `${rule.optIn ? `Default: off (opt in with \`--rule ${rule.id}=${rule.severity}\`)` : `Severity: ${rule.severity}`} · ` +
      `Fixable: ${fixLabel(rule)} · Tags: ${rule.tags.join(", ")} · Source: \`rules/${rule.name}.ts\``,
    "",
    "## What it does",
    "",
    `${rule.summary}.`,
    "",
    "## Why it matters for Go images",
    "",
    rule.rationale,
    "",
    "## Example",
    "",
    "```dockerfile",
    rule.examples.bad,
    "```",
    "",
    "## Use instead",
    "",
    "```dockerfile",
    rule.examples.good,
    "```",
    "",
    "## Fix",
    "",
    rule.fix === "none"
      ? "No automatic fix."
      : `${
          rule.fix.safety === "varies"
            ? "Safe or unsafe, case by case"
            : rule.fix.safety === "safe"
              ? "Safe (applied by `--fix`)"
              : "Unsafe (applied by `--fix --unsafe-fixes`)"
        }. ${rule.fix.description}`,
    "",
    "## Suppressing",
    "",
    `On the line above the instruction: \`# slimlint ignore=${rule.id}\` (or \`${rule.name}\`); for the whole file: ` +
      `\`# slimlint global ignore=${rule.id}\`; in \`.slimlint.yaml\`: \`rules: { ${rule.id}: off }\`.`,
    ...(rule.problems ? problemLines(rule.id, rule.problems) : []),
    ...(hadolint.length > 0 ? ["", `\`# hadolint ignore=${hadolint.join(",")}\` is honoured too.`] : []),
    ...(buildkit.length > 0 ? ["", `BuildKit's \`# check=skip=${buildkit.join(",")}\` is honoured too.`] : []),
    "",
    "## Equivalents",
    "",
    rule.equivalents.length === 0
      ? "None: no other linter checks this."
      : `hadolint: ${hadolint.join(", ") || "none"}. BuildKit (\`docker build --check\`): ${buildkit.join(", ") || "none"}.`,
    "",
  ];
  return lines.join("\n");
}

/** The problem keys a rule reports: each finding carries one (JSON `problem`, SARIF `properties.problem`). */
function problemLines(id: string, problems: Readonly<Record<string, string>>): string[] {
  return [
    "",
    `Each finding names which problem it is (\`problem\` in JSON, \`properties.problem\` in SARIF), and a comment can suppress one ` +
      `of them: \`# slimlint ignore=${id}/${Object.keys(problems)[0]}\`.`,
    "",
    "| problem | what |",
    "| --- | --- |",
    ...Object.entries(problems).map(([key, what]) => `| \`${key}\` | ${what} |`),
  ];
}

function renderRuleIndex(rules: readonly Rule[]): string {
  const lines = [
    GENERATED,
    "# slimlint rules",
    "",
    "| id | name | default level | fixable | summary |",
    "| --- | --- | --- | --- | --- |",
    ...rules.map(
      (r) => `| ${r.id} | [${r.name}](rules/${r.name}.md) | ${r.defaultLevel} | ${fixLabel(r)} | ${r.summary.replace(/\|/g, "\\|")} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

/** Every generated file, by path relative to the repository root. */
export function renderDocs(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>([
    ["docs/rules.md", renderRuleIndex(rules)],
    ["docs/hadolint-migration.md", renderMigration(rules, GENERATED)],
  ]);
  for (const rule of rules) files.set(`docs/rules/${rule.name}.md`, renderRulePage(rule));
  return files;
}
