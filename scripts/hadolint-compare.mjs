// node scripts/hadolint-compare.mjs DIR: how much of hadolint's output slimlint covers. Runs hadolint
// (`-f json --no-fail`, an empty config so no user or project config applies) on every file of DIR and
// slimlint (dist/, so `npm run build` first) with every rule enabled (the rules that ship off at `info`),
// then prints, per hadolint code, how many findings hadolint has and how many of them slimlint reports in
// the same instruction (hadolint reports at an instruction's first line; slimlint at the exact line) with a
// rule whose `equivalents` name the code (ShellCheck codes: a finding with that SC id), and the overall share.
// DL1000 (hadolint could not parse the file) is counted apart: it is hadolint's failure, not a finding.
//
//   node scripts/hadolint-compare.mjs DIR [--hadolint PATH] [--lint-options FILE.mjs] [--out unmatched.tsv] [--jobs N]
//                                         [--hadolint-cache FILE.json] [--same-line]
//
// --hadolint: the binary (default: $HADOLINT, else `hadolint` on PATH). --lint-options: a module whose default
// export (an object, or a function returning one, possibly async) is merged into the options of every lint
// call, e.g. a ShellCheck runner. --out: every hadolint finding slimlint does not cover (file, line, code,
// message), for review; never commit it (messages quote the files). --hadolint-cache: hadolint's findings are
// read from FILE when it exists, else written to it (hadolint takes minutes on a large corpus; delete the file
// when hadolint or the corpus changes). --same-line: count a finding as covered only on hadolint's line, not
// anywhere in the same instruction. Not part of `npm test`.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { lint, rules } from "../dist/src/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    hadolint: { type: "string", default: process.env.HADOLINT || "hadolint" },
    "lint-options": { type: "string" },
    out: { type: "string", default: "hadolint-unmatched.tsv" },
    jobs: { type: "string", default: "2" },
    "hadolint-cache": { type: "string" },
    "same-line": { type: "boolean", default: false },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error("usage: node scripts/hadolint-compare.mjs DIR [--hadolint PATH] [--lint-options FILE.mjs] [--out FILE] [--jobs N]");
  process.exit(2);
}

let extra = {};
if (values["lint-options"]) {
  const loaded = (await import(pathToFileURL(resolve(values["lint-options"])).href)).default;
  extra = typeof loaded === "function" ? await loaded() : loaded;
}
// Every rule on: the ones that ship off at info.
const levels = Object.fromEntries(rules.filter((r) => r.defaultLevel === "off").map((r) => [r.id, "info"]));
const options = { ...extra, rules: { ...levels, ...(extra.rules ?? {}) } };

// hadolint with an empty configuration, so a ~/.config/hadolint.yaml or ./.hadolint.yaml changes nothing.
const scratch = mkdtempSync(join(tmpdir(), "hadolint-compare-"));
const emptyConfig = join(scratch, "hadolint.yaml");
writeFileSync(emptyConfig, "{}\n");
const hadolint = (file) =>
  new Promise((done) => {
    execFile(
      values.hadolint,
      ["-c", emptyConfig, "-f", "json", "--no-fail", file],
      { cwd: scratch, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error && !stdout) return done({ error: `${error.message.split("\n")[0]} ${stderr}`.trim() });
        try {
          done({ findings: JSON.parse(stdout || "[]") });
        } catch {
          done({ error: `not JSON: ${stdout.slice(0, 200)}` });
        }
      },
    );
  });

const files = readdirSync(dir)
  .filter((name) => statSync(join(dir, name)).isFile())
  .sort();
const cache = values["hadolint-cache"];
const cached = cache && existsSync(cache) ? new Map(Object.entries(JSON.parse(readFileSync(cache, "utf8")))) : undefined;
const peerFindings = new Map();
const failures = [];
let next = cached ? files.length : 0;
if (cached) for (const name of files) if (cached.has(name)) peerFindings.set(name, cached.get(name));
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.jobs) || 1) }, async () => {
    while (next < files.length) {
      const name = files[next++];
      const result = await hadolint(join(dir, name));
      if (result.error) failures.push(`${name}: hadolint: ${result.error}`);
      else peerFindings.set(name, result.findings);
    }
  }),
);
const hadolintTime = performance.now() - started;
if (cache && !cached) writeFileSync(cache, JSON.stringify(Object.fromEntries(peerFindings)));

// Per hadolint code: [findings, covered].
const perCode = new Map();
const unmatched = [];
let parseFailures = 0;
for (const name of files) {
  const found = peerFindings.get(name);
  if (!found) continue;
  const text = readFileSync(join(dir, name), "utf8");
  const result = lint(text, { ...options, path: name.replaceAll("__", "/") });
  for (const e of result.ruleErrors) failures.push(`${name}: ${e.ruleId} threw: ${e.message}`);
  // The instruction of each line (1-based), so a finding on a continuation line meets hadolint's first line.
  const instructionOfLine = [];
  for (const instruction of result.model.parsed.instructions) {
    const first = result.model.source.position(instruction.span.start).line;
    const last = result.model.source.position(Math.max(instruction.span.start, instruction.span.end - 1)).line;
    for (let line = first; line <= last; line++) instructionOfLine[line] = instruction.index;
  }
  const where = (line) =>
    values["same-line"] || instructionOfLine[line] === undefined ? `line ${line}` : `instruction ${instructionOfLine[line]}`;
  const slimlint = result.findings.map((f) => ({
    where: where(f.start.line),
    rule: rules.find((r) => r.id === f.ruleId),
    ruleId: f.ruleId,
  }));
  for (const peer of found) {
    if (peer.code === "DL1000") {
      parseFailures++;
      continue;
    }
    const at = where(peer.line);
    const covered = slimlint.some((f) => f.where === at && (f.ruleId === peer.code || f.rule?.equivalents.includes(peer.code)));
    const row = perCode.get(peer.code) ?? [0, 0];
    row[0]++;
    if (covered) row[1]++;
    else unmatched.push([name, peer.line, peer.code, peer.message.replace(/[\t\r\n]+/g, " ")].join("\t"));
    perCode.set(peer.code, row);
  }
}
rmSync(scratch, { recursive: true, force: true });

const covering = (code) =>
  rules
    .filter((r) => r.equivalents.includes(code))
    .map((r) => r.id)
    .join(",") || (/^SC\d+$/.test(code) ? "SC" : "-");
const pct = (a, b) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
console.log(
  `${files.length} files; hadolint ${cached ? `from ${cache}` : `${(hadolintTime / 1000).toFixed(1)} s`}; ${parseFailures} DL1000 ` +
    `(hadolint could not parse the file) left out`,
);
console.log("code    hadolint  slimlint  share   rule");
let total = 0;
let hit = 0;
for (const [code, [n, covered]] of [...perCode].sort(([a, x], [b, y]) => y[0] - x[0] || (a < b ? -1 : 1))) {
  total += n;
  hit += covered;
  console.log(
    `${code.padEnd(7)} ${String(n).padStart(8)}  ${String(covered).padStart(8)}  ${pct(covered, n).padStart(6)}  ${covering(code)}`,
  );
}
console.log(`total   ${String(total).padStart(8)}  ${String(hit).padStart(8)}  ${pct(hit, total).padStart(6)}`);
writeFileSync(values.out, `${["file\tline\tcode\tmessage", ...unmatched].join("\n")}\n`);
console.log(`hadolint findings slimlint does not cover: ${values.out}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
