import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { isCode, type Rule, type Severity } from "../engine/rule.js";
import { SUPPRESSION_RULE } from "../engine/suppressions.js";
import { fingerprinter } from "./fingerprint.js";
import { sortedFindings } from "./json.js";
import type { FileReport, Reporter } from "./types.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/slimlint/slimlint";
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: "error", warning: "warning", info: "note" };
/** GitHub code scanning ranks security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.5", info: "3.0" };

/** SARIF 2.1.0 for GitHub code scanning: rules table from rule metadata, precise regions, stable fingerprints, fixes. */
export const sarif: Reporter = (files, ctx) => {
  // Suppression notices come from the engine, not a catalogue rule: describe it when it appears.
  const usesSuppression = files.some((f) => f.findings.some((x) => x.ruleId === SUPPRESSION_RULE.id));
  const levels = new Map(ctx.rules);
  if (usesSuppression) levels.set(SUPPRESSION_RULE, SUPPRESSION_RULE.severity);
  const ruleList = [...levels.keys()];
  const ruleIndex = new Map(ruleList.map((rule, i) => [rule.id, i]));
  const descriptors = ruleList.map((rule) => ruleDescriptor(rule, levels.get(rule) ?? rule.severity));
  // Findings of a code-family rule carry their code (SC2086): each code gets a descriptor of its own.
  for (const file of files) {
    for (const finding of file.findings) {
      if (ruleIndex.has(finding.ruleId)) continue;
      const family = ruleList.find((rule) => isCode(rule, finding.ruleId));
      if (!family) continue;
      ruleIndex.set(finding.ruleId, descriptors.length);
      descriptors.push(codeDescriptor(family, finding.ruleId, levels.get(family) ?? family.severity));
    }
  }
  const fingerprint = fingerprinter();
  const results: Sarif.Result[] = sortedFindings(files).map(({ file, finding, source }) => {
    const location = artifactLocation(file, ctx.root);
    const result: Sarif.Result = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: {
              startLine: finding.start.line,
              startColumn: finding.start.column,
              endLine: finding.end.line,
              endColumn: finding.end.column,
              snippet: { text: source.lineText(finding.start.line - 1).replace(/\r$/, "") },
            },
          },
        },
      ],
      partialFingerprints: { "slimlintFindingHash/v1": fingerprint(location.uri ?? file.path, finding, source) },
      // Which of a rule's problems this is (`DF007` `lists`): a property, so ruleId stays the rule code scanning knows.
      ...(finding.problem === undefined ? {} : { properties: { problem: finding.problem } }),
    };
    if (finding.fix) {
      result.fixes = [
        {
          description: { text: `${finding.fix.description} (${finding.fix.safety})` },
          artifactChanges: [
            {
              artifactLocation: location,
              replacements: finding.fix.edits.map((edit) => {
                const start = source.position(edit.span.start);
                const end = source.position(edit.span.end);
                return {
                  deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
                  insertedContent: { text: edit.text },
                };
              }),
            },
          ],
        },
      ];
    }
    return result;
  });

  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "slimlint",
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: directoryUri(ctx.root) } },
        columnKind: "unicodeCodePoints",
        invocations: [
          {
            executionSuccessful: ctx.errors.length === 0,
            ...(ctx.errors.length > 0
              ? {
                  toolExecutionNotifications: ctx.errors.map((e) => ({
                    level: "error" as const,
                    message: { text: `${e.path}: ${e.message}` },
                  })),
                }
              : {}),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function ruleDescriptor(rule: Rule, severity: Severity): Sarif.ReportingDescriptor {
  const fix = rule.fix === "none" ? "No automatic fix." : `Fix (${rule.fix.safety}): ${rule.fix.description}`;
  const markdown = [
    `**${rule.id} ${rule.name}**: ${rule.summary}`,
    "",
    rule.rationale,
    "",
    "Example:",
    "```dockerfile",
    rule.examples.bad,
    "```",
    "Use instead:",
    "```dockerfile",
    rule.examples.good,
    "```",
    "",
    fix,
    "",
    `[Documentation](${rule.docsUrl})`,
  ].join("\n");
  const properties: Record<string, unknown> = { tags: [...rule.tags], precision: rule.precision };
  if (rule.tags.includes("security") && rule.id.startsWith("SE")) properties["security-severity"] = SECURITY_SEVERITY[severity];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.rationale },
    help: { text: `${rule.summary}. ${rule.rationale}\n\n${fix}\n\n${rule.docsUrl}`, markdown },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[severity] },
    properties,
  };
}

/** One code of a code-family rule: ShellCheck's SC2086, documented on ShellCheck's wiki. */
function codeDescriptor(family: Rule, code: string, severity: Severity): Sarif.ReportingDescriptor {
  const url = family.codes?.docsUrl(code) ?? family.docsUrl;
  const summary = `ShellCheck ${code}, reported by slimlint's ${family.id} ${family.name} rule`;
  return {
    id: code,
    name: `${family.name}-${code.toLowerCase()}`,
    shortDescription: { text: summary },
    fullDescription: { text: `${summary}: see ${url}. ${family.rationale}` },
    help: {
      text: `${summary}: see ${url}.`,
      markdown: `**${code}**: [ShellCheck's documentation](${url}), reported by [${family.id} ${family.name}](${family.docsUrl}).`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [...family.tags], precision: family.precision },
  };
}

/** The file relative to the repository root with %SRCROOT%, percent-encoded with forward slashes. */
function artifactLocation(file: FileReport, root: string): Sarif.ArtifactLocation {
  if (!file.absolutePath) return { uri: encodePath(file.path) };
  const rel = relative(root, file.absolutePath);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return { uri: pathToFileURL(file.absolutePath).href };
  return { uri: encodePath(rel.split(sep).join("/")), uriBaseId: "%SRCROOT%" };
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");
const directoryUri = (dir: string) => {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
};
