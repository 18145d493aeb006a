// npm run corpus -- DIR: the ecosystem check. Lints every file of DIR in one process (no config, no
// build context: the corpus files stand alone), prints findings per rule and severity, and writes a TSV
// of every finding. The committed baseline (corpus/baseline.tsv) holds names, lines and rule ids only,
// never a file's text; `--diff` lists what appeared and disappeared since it, `--update` rewrites it,
// and `--review TSV` counts how many findings of a hand review are still reported.
//
//   npm run corpus -- ../corpus-real [--out findings.tsv] [--diff] [--update] [--review review.tsv]
//                    [--all-rules] [--rule ID=LEVEL]... [--shellcheck]
//
// `--all-rules` runs the rules that ship off too, at `info`; `--rule ID=LEVEL` (repeatable) sets one rule's level,
// after --all-rules. Either makes the run differ from the baseline's (default levels): do not --update with them.
// --shellcheck runs the SC rule with the shellcheck on PATH (the baseline is made without it).
//
// Exit status: 0 clean; 1 a rule threw or a file could not be read; 2 usage.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { lint, rules } from "../dist/src/index.js";
import { createShellCheckRunner } from "../dist/src/shellcheck/runner.js";

const ROOT = new URL("..", import.meta.url).pathname;
const BASELINE = join(ROOT, "corpus/baseline.tsv");
const BASELINE_HEADER = "file\tline\tcolumn\trule\tseverity";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string", default: "corpus-findings.tsv" },
    diff: { type: "boolean", default: false },
    update: { type: "boolean", default: false },
    review: { type: "string" },
    "all-rules": { type: "boolean", default: false },
    rule: { type: "string", multiple: true, default: [] },
    shellcheck: { type: "boolean", default: false },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error(
    "usage: npm run corpus -- DIR [--out FILE] [--diff] [--update] [--review REVIEW.tsv] [--all-rules] [--rule ID=LEVEL]... [--shellcheck]",
  );
  process.exit(2);
}

const levels = {};
if (values["all-rules"]) for (const rule of rules) if (rule.defaultLevel === "off") levels[rule.id] = "info";
for (const option of values.rule) {
  const [id, level] = option.split("=");
  if (!id || !level) {
    console.error(`--rule ${option}: expected ID=LEVEL, e.g. --rule DF022=info`);
    process.exit(2);
  }
  levels[id] = level;
}
try {
  lint("", { rules: levels });
} catch (error) {
  console.error(`--rule: ${error.message}`);
  process.exit(2);
}
if (values.update && (Object.keys(levels).length > 0 || values.shellcheck)) {
  console.error(
    "--update writes the baseline of the default levels without ShellCheck: run it without --all-rules, --rule and --shellcheck",
  );
  process.exit(2);
}

const files = readdirSync(dir)
  .filter((name) => statSync(join(dir, name)).isFile())
  .sort();
const findings = [];
const failures = [];
const shellcheckStats = { spawns: 0, millis: 0 };
const shellcheck = values.shellcheck ? createShellCheckRunner({ stats: shellcheckStats }) : undefined;
if (shellcheck && !shellcheck.binary()) {
  console.error("--shellcheck: no shellcheck on PATH");
  process.exit(2);
}
const started = performance.now();
for (const name of files) {
  let text;
  try {
    text = readFileSync(join(dir, name), "utf8");
  } catch (error) {
    failures.push(`${name}: cannot read: ${error.message}`);
    continue;
  }
  try {
    const result = lint(text, { path: name.replaceAll("__", "/"), rules: levels, shellcheck });
    for (const e of result.ruleErrors) failures.push(`${name}: ${e.ruleId} threw: ${e.message}`);
    for (const f of result.findings)
      findings.push({ file: name, line: f.start.line, column: f.start.column, rule: f.ruleId, severity: f.severity, message: f.message });
  } catch (error) {
    failures.push(`${name}: lint crashed: ${error.stack ?? error}`);
  }
}
const elapsed = performance.now() - started;

const oneLine = (s) => s.replace(/[\t\r\n]+/g, " ");
writeFileSync(
  values.out,
  `${[
    "file\tline\tcolumn\trule\tseverity\tmessage",
    ...findings.map((f) => [f.file, f.line, f.column, f.rule, f.severity, oneLine(f.message)].join("\t")),
  ].join("\n")}\n`,
);

// Counts per rule and severity.
const byRule = new Map();
for (const f of findings) {
  const row = byRule.get(f.rule) ?? { error: 0, warning: 0, info: 0, files: new Set() };
  row[f.severity]++;
  row.files.add(f.file);
  byRule.set(f.rule, row);
}
console.log(`${files.length} files, ${findings.length} findings in ${(elapsed / 1000).toFixed(1)} s; TSV: ${values.out}`);
if (shellcheck) console.log(`shellcheck: ${shellcheckStats.spawns} processes, ${(shellcheckStats.millis / 1000).toFixed(1)} s`);
console.log("rule    error  warning  info  files");
for (const [rule, row] of [...byRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(
    `${rule.padEnd(6)} ${String(row.error).padStart(6)} ${String(row.warning).padStart(8)} ` +
      `${String(row.info).padStart(5)} ${String(row.files.size).padStart(6)}`,
  );
}
const totals = { error: 0, warning: 0, info: 0 };
for (const f of findings) totals[f.severity]++;
console.log(`total  ${String(totals.error).padStart(6)} ${String(totals.warning).padStart(8)} ${String(totals.info).padStart(5)}`);

const key = (f) => `${f.file}\t${f.line}\t${f.column}\t${f.rule}`;
const baselineRows = (f) => `${key(f)}\t${f.severity}`;

if (values.diff) {
  let old = [];
  try {
    old = readFileSync(BASELINE, "utf8").trim().split("\n").slice(1).filter(Boolean);
  } catch {
    console.error(`no baseline at ${BASELINE}: run with --update first`);
    process.exit(2);
  }
  const oldSet = new Set(old);
  const now = new Map(findings.map((f) => [baselineRows(f), f]));
  const appeared = [...now.keys()].filter((k) => !oldSet.has(k));
  const disappeared = old.filter((k) => !now.has(k));
  console.log(`\n--diff against corpus/baseline.tsv: ${appeared.length} appeared, ${disappeared.length} disappeared`);
  for (const k of appeared) {
    const f = now.get(k);
    console.log(`+ ${f.rule} ${f.severity} ${f.file}:${f.line}:${f.column} ${oneLine(f.message)}`);
  }
  for (const k of disappeared) {
    const [file, line, column, rule, severity] = k.split("\t");
    console.log(`- ${rule} ${severity} ${file}:${line}:${column}`);
  }
}

if (values.review) {
  // A review row is still reported when the same file has a finding of the same rule on the same line.
  const reported = new Set(findings.map((f) => `${f.rule}\t${f.file}\t${f.line}`));
  const rows = readFileSync(values.review, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"));
  const counts = {};
  const still = [];
  for (const [rule, file, line, verdict, reason] of rows) {
    const c = (counts[verdict] ??= { total: 0, reported: 0 });
    c.total++;
    if (reported.has(`${rule}\t${file}\t${line}`)) {
      c.reported++;
      if (verdict !== "TP") still.push(`${verdict} ${rule} ${file}:${line} (${reason})`);
    } else if (verdict === "TP") {
      // Not the same line: say whether the rule now reports elsewhere in the file (GO011 moved to the ARG
      // that causes it) or another rule reports that line (IM003 folded into IM002: one finding per FROM).
      const elsewhere = findings.filter((f) => f.file === file && f.rule === rule).map((f) => f.line);
      const sameLine = [...new Set(findings.filter((f) => f.file === file && String(f.line) === line).map((f) => f.rule))];
      const where =
        elsewhere.length > 0
          ? `; ${rule} now on line ${[...new Set(elsewhere)].join(", ")}`
          : sameLine.length > 0
            ? `; line ${line} reported by ${sameLine.join(", ")}`
            : "";
      still.push(`lost TP ${rule} ${file}:${line}${where}`);
    }
  }
  console.log(`\nreview ${values.review}:`);
  for (const [verdict, c] of Object.entries(counts)) console.log(`  ${verdict}: ${c.reported} of ${c.total} still reported`);
  for (const line of still) console.log(`  ${line}`);
}

if (values.update) {
  writeFileSync(BASELINE, `${[BASELINE_HEADER, ...findings.map(baselineRows)].join("\n")}\n`);
  console.log(`baseline written: ${BASELINE} (${findings.length} rows)`);
}

if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
