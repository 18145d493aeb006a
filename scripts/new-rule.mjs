// npm run new-rule -- ID name [--severity error|warning|info] [--tag TAG]… [--opt-in] [--root DIR]
//
// Writes the three things every rule needs and registers it (docs/adding-a-rule.md explains the rest):
//   rules/<name>.ts                      the rule: metadata and a check() that reports nothing yet
//   fixtures/<name>/bad.Dockerfile       where it must fire (an `# expect:` marker per finding)
//   fixtures/<name>/good.Dockerfile      near misses where it must stay silent
//   rules/index.ts                       one import and one entry in the registry
// Refuses an id or a name already taken, and never overwrites a file. Exit status: 0 written, 2 refused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const SEVERITIES = ["error", "warning", "info"];
const TAGS = ["go", "security", "correctness", "size", "reproducibility", "cache", "hygiene", "syntax"];

function refuse(message) {
  console.error(`new-rule: ${message}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    severity: { type: "string", default: "warning" },
    tag: { type: "string", multiple: true },
    "opt-in": { type: "boolean", default: false },
    root: { type: "string", default: new URL("..", import.meta.url).pathname },
  },
});
const [id, name] = positionals;
if (!id || !name || positionals.length !== 2) refuse("usage: npm run new-rule -- ID name [--severity warning] [--tag hygiene] [--opt-in]");
if (!/^(GO|IM|SE|RT|DF)\d{3}$/.test(id)) refuse(`"${id}" is not a rule id: two letters of GO, IM, SE, RT, DF and three digits (DF031)`);
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) refuse(`"${name}" is not a rule name: kebab-case, such as copy-whole-filesystem`);
if (!SEVERITIES.includes(values.severity)) refuse(`--severity must be one of ${SEVERITIES.join(", ")}`);
const tags = values.tag ?? [
  id.startsWith("GO") ? "go" : id.startsWith("SE") ? "security" : id.startsWith("RT") ? "correctness" : "hygiene",
];
for (const tag of tags) if (!TAGS.includes(tag)) refuse(`--tag ${tag} is not one of ${TAGS.join(", ")}`);

const root = values.root;
const registryPath = join(root, "rules", "index.ts");
const registry = readFileSync(registryPath, "utf8");
const rulePath = join(root, "rules", `${name}.ts`);
const fixtureDir = join(root, "fixtures", name);
if (existsSync(rulePath) || existsSync(fixtureDir)) refuse(`rules/${name}.ts or fixtures/${name}/ already exists`);
// The registry imports every rule file; an id is taken when some rule file declares it.
for (const match of registry.matchAll(/from "\.\/([a-z0-9-]+)\.js"/g)) {
  const other = readFileSync(join(root, "rules", `${match[1]}.ts`), "utf8");
  if (new RegExp(`\\bid: "${id}"`).test(other)) refuse(`${id} is already the id of rules/${match[1]}.ts`);
}

const variable = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const ruleText = `import { defineRule, md } from "../src/engine/rule.js";

export default defineRule({
  id: "${id}",
  name: "${name}",
  severity: "${values.severity}",${values["opt-in"] ? "\n  optIn: true," : ""}
  // One line, no final period: the docs index, SARIF and \`slimlint rules\` show it.
  summary: "What the rule finds, in one line",
  // Why it matters for a Go image (Markdown, more than 150 characters): the docs page and SARIF help.
  rationale: md\`
    Replace this with the reason the problem matters for a Go container image, what it costs the user, and
    which cases the rule deliberately leaves alone (so a reader knows why it stays silent there).\`,
  // The docs page shows these; a test lints them: the bad one must fire, the good one must stay silent.
  examples: {
    bad: md\`
      FROM alpine:3.20\`,
    good: md\`
      FROM alpine:3.20\`,
  },
  fix: "none",
  // hadolint DLxxxx ids and BuildKit check names this rule replaces: their suppression comments keep working.
  equivalents: [],
  tags: [${tags.map((t) => `"${t}"`).join(", ")}],
  precision: "high",
  check(model, ctx) {
    // Ask the model (docs/adding-a-rule.md lists its facts); report with ctx.report({ at, message }).
    void model;
    void ctx;
  },
});
`;

const badText = `# ${id}: each case where the rule must fire, with an \`# expect:\` marker naming the rule and the column.
FROM alpine:3.20
# expect: ${id} @1
RUN true
`;
const goodText = `# ${id}: near misses, written after the real-world patterns the rule must not report.
FROM alpine:3.20
RUN true
`;

// Register: an import after the last rule import, an entry before the closing of the list.
const importLine = `import ${variable} from "./${name}.js";\n`;
const lastImport = [...registry.matchAll(/^import [^\n]+ from "\.\/[a-z0-9-]+\.js";\n/gm)].at(-1);
const listEnd = registry.lastIndexOf("].sort(");
if (!lastImport || listEnd < 0) refuse("rules/index.ts does not have the expected shape (imports, then a list ending in `].sort(`)");
const afterImports = lastImport.index + lastImport[0].length;
const updated =
  `${registry.slice(0, afterImports)}${importLine}${registry.slice(afterImports, listEnd)}` + `  ${variable},\n${registry.slice(listEnd)}`;

mkdirSync(fixtureDir, { recursive: true });
writeFileSync(rulePath, ruleText, { flag: "wx" });
writeFileSync(join(fixtureDir, "bad.Dockerfile"), badText, { flag: "wx" });
writeFileSync(join(fixtureDir, "good.Dockerfile"), goodText, { flag: "wx" });
writeFileSync(registryPath, updated);

console.log(`Wrote rules/${name}.ts, fixtures/${name}/bad.Dockerfile and fixtures/${name}/good.Dockerfile, \
and registered ${id} in rules/index.ts.
Next (docs/adding-a-rule.md):
  1. write check() and the metadata; put a fact two rules need into the model, with its own test
  2. fill the fixtures: every case with an \`# expect: ${id} @COLUMN\` marker, near misses in good.Dockerfile
  3. npx vitest run test/rules.test.ts -t ${id}      (the harness says what is still missing)
  4. npm run docs                                    (writes docs/rules/${name}.md)
  5. npm run corpus -- ../corpus-real --diff         (read what appeared on real files)`);
