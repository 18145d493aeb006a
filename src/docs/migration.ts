// docs/hadolint-migration.md: every hadolint, BuildKit and ShellCheck id, the slimlint rule that covers it
// (from the rules' `equivalents`), and for the rest why slimlint reports nothing (src/docs/peer-ids.ts).
import type { Rule } from "../engine/rule.js";
import { BUILDKIT_CHECKS, HADOLINT_IDS, NOT_COVERED, PENDING, type PeerId, QUIETER, SHELLCHECK_ID } from "./peer-ids.js";

/** The rules naming a peer id; for ShellCheck's `SC####`, the rules naming any SC code or with the id `SC`. */
export function coveringRules(rules: readonly Rule[], id: string): Rule[] {
  if (id === SHELLCHECK_ID) return rules.filter((r) => r.id === "SC" || r.equivalents.some((e) => /^SC(\d+|#+)$/.test(e)));
  return rules.filter((r) => r.equivalents.includes(id));
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

function row(rules: readonly Rule[], peer: PeerId, withLevel: boolean): string {
  const covering = coveringRules(rules, peer.id);
  const slimlint =
    covering.length > 0
      ? covering.map((r) => `[${r.id}](rules/${r.name}.md) ${r.name} (${r.defaultLevel})`).join(", ")
      : PENDING[peer.id] !== undefined
        ? `pending: ${PENDING[peer.id]}`
        : "—";
  const notes = covering.length > 0 ? (QUIETER[peer.id] ?? "") : (NOT_COVERED[peer.id] ?? "");
  const title = peer.note ? `${peer.title} (${peer.note})` : peer.title;
  return `| ${peer.id} | ${cell(title)} |${withLevel ? ` ${peer.level ?? ""} |` : ""} ${slimlint} | ${cell(notes)} |`;
}

export function renderMigration(rules: readonly Rule[], generated: string): string {
  return [
    generated,
    "# Migrating from hadolint and `docker build --check`",
    "",
    "- `slimlint init --from-hadolint` turns `.hadolint.yaml` into the equivalent `.slimlint.yaml` (see",
    "  [usage](usage.md#configuration)).",
    "- Suppression comments keep working: `# hadolint ignore=DL3006` and BuildKit's `# check=skip=…` (at the top",
    "  of the file, or above one instruction) silence the slimlint rules that name those ids below.",
    "- `slimlint explain DL3006` shows the rule that replaces an id; `slimlint rules --format json` lists every",
    "  rule's `equivalents` and default level.",
    "- A rule whose default level is `off` ships off because teams routinely switch its peer off; enable it",
    "  with `--rule ID=warning` or `rules: {ID: warning}`.",
    "",
    "The notes say where slimlint is deliberately quieter than the peer on an id it covers, and why it reports",
    "nothing for an id no rule covers. `scripts/hadolint-compare.mjs` measures the overlap on a directory of",
    "Dockerfiles (see [design](design.md#comparing-with-hadolint)).",
    "",
    "## hadolint",
    "",
    "| hadolint | check | hadolint level | slimlint | notes |",
    "| --- | --- | --- | --- | --- |",
    ...HADOLINT_IDS.map((p) => row(rules, p, true)),
    "",
    "## ShellCheck (through hadolint)",
    "",
    "| id | check | slimlint | notes |",
    "| --- | --- | --- | --- |",
    row(rules, { id: SHELLCHECK_ID, title: "ShellCheck's findings on RUN scripts" }, false),
    "",
    "## BuildKit (`docker build --check`)",
    "",
    "| check | what | slimlint | notes |",
    "| --- | --- | --- | --- |",
    ...BUILDKIT_CHECKS.map((p) => row(rules, p, false)),
    "",
  ].join("\n");
}
