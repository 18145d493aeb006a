// Command-line wiring only: argv → options → the command → exit code.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CONFIG_NAMES, ConfigError, FAIL_ON, FAILURE_THRESHOLDS, STARTER_CONFIG } from "../config/config.js";
import { convertHadolintConfig, HADOLINT_CONFIG_NAMES, HadolintConfigError } from "../config/from-hadolint.js";
import { findRule, UsageError } from "../engine/lint.js";
import { MAX_SIDE_FILE_BYTES, readRegularFile } from "../files/read.js";
import { shellCheckMissingReason } from "../shellcheck/runner.js";
import type { Rule } from "../engine/rule.js";
import { rules } from "../index.js";
import { FORMATS } from "../report/index.js";
import { VERSION } from "../version.js";
import { runLint, type Io, type LintFlags } from "./lint-command.js";
import { writeNewFile } from "./write-file.js";

export type { Io };

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings ${value}: expected a whole number, e.g. --max-warnings 0`);
  return Number(value);
}

/** Runs the CLI and resolves to the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage, config or I/O error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command("slimlint")
    .description("Lint Dockerfiles of Go services: static binaries, slim bases, images that start.")
    .version(VERSION, "-V, --version")
    .argument("[paths...]", "Dockerfiles, directories to search for them, or - for standard input", ["."])
    .addOption(
      new Option("-f, --format <name>", "output format (tty is hadolint's name for text)").choices([...FORMATS, "tty"]).default("text"),
    )
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--stdin-filename <path>", "name of the standard input in reports, and where its config and context are looked up")
    .option(
      "--context <dir>",
      "build context for context-aware rules (default: the config's contexts, else the Dockerfile's directory, " +
        "or the nearest one above with go.mod when it copies go.mod)",
    )
    .option("-c, --config <file>", "config file (default: the nearest .slimlint.yaml/.yml/.json upward)")
    .option("--no-config", "ignore config files")
    .option(
      "--rule <ID=level>",
      "set a rule's level: error, warning, info or off (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .addOption(new Option("--fail-on <level>", "lowest severity that makes the exit code 1 (default: warning)").choices(FAIL_ON))
    .addOption(
      new Option("-t, --failure-threshold <level>", "hadolint's --fail-on: style is info, ignore and none are never").choices(
        Object.keys(FAILURE_THRESHOLDS),
      ),
    )
    .option("--no-fail", "exit 0 whatever is found (hadolint's --no-fail)")
    .option("--max-warnings <n>", "also exit 1 when more than n warnings are found (ESLint's --max-warnings)", parseCount)
    .option(
      "--trusted-registry <registry>",
      "a registry images may come from (repeatable; added to the config's trustedRegistries)",
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option("--disable-ignore-pragma", "do not honour # slimlint ignore / # hadolint ignore comments (config: allowInlineIgnores: false)")
    .option("--statistics", "print how many findings each rule has, instead of the findings (Ruff's --statistics)")
    .option("--print-config <file>", "print the configuration that applies to a Dockerfile, and exit")
    .option("--fix", "apply safe fixes in place")
    .option("--unsafe-fixes", "with --fix or --fix-dry-run, also apply unsafe fixes")
    .option("--fix-dry-run", "print the fixes as a unified diff and change nothing")
    .option("--no-color", "plain output (NO_COLOR and FORCE_COLOR are honoured too)")
    .option("--verbose", "say where each file's build context was found when it is not the Dockerfile's directory")
    .option("-q, --quiet", "report errors only (warnings still count for --fail-on; the summary says how many were hidden)")
    .enablePositionalOptions()
    .helpCommand(true) // `slimlint help rules`: commander leaves it out when the root command has an action
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], flags: LintFlags) => {
      exitCode = await runLint(paths, flags, io);
    });

  program
    .command("rules")
    .description("list every rule: id, name, default level, fixable, summary, docs url")
    .addOption(new Option("-f, --format <name>", "output format").choices(["text", "json"]).default("text"))
    .exitOverride()
    .action((flags: { format: "text" | "json" }) => {
      const fixable = (r: Rule) => r.fix !== "none";
      // A rule that needs a tool this machine lacks (SC: shellcheck) is skipped: say why.
      const skipped = (r: Rule) => (r.requires === "shellcheck" ? shellCheckMissingReason(io.env) : undefined);
      if (flags.format === "json") {
        const rows = rules.map((r) => {
          const why = skipped(r);
          return {
            id: r.id,
            name: r.name,
            severity: r.severity,
            defaultLevel: r.defaultLevel,
            fixable: fixable(r),
            equivalents: r.equivalents,
            ...(r.problems ? { problems: r.problems } : {}),
            summary: r.summary,
            docsUrl: r.docsUrl,
            ...(why ? { skipped: why } : {}),
          };
        });
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rules.map((r) => r.name.length));
      const idWidth = Math.max(...rules.map((r) => r.id.length));
      const lines = rules.map((r) => {
        const why = skipped(r);
        return (
          `${r.id.padEnd(idWidth)}  ${r.name.padEnd(width)}  ${r.defaultLevel.padEnd(7)}  ${fixable(r) ? "fix" : "   "}  ` +
          `${r.summary}${why ? ` (skipped: ${why})` : ""}`
        );
      });
      io.stdout(`${lines.join("\n")}\n`);
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<rule>", "rule id or name, e.g. GO004 or go-trimpath-missing, or a hadolint/BuildKit id such as DL3006")
    .exitOverride()
    .action(async (idOrName: string) => {
      const rule = findRule(rules, idOrName);
      // A hadolint or BuildKit id: the rules that replace it (their `equivalents`).
      const replacing = rule ? [] : rules.filter((r) => r.equivalents.some((e) => e.toLowerCase() === idOrName.trim().toLowerCase()));
      if (!rule && replacing.length === 0) throw new UsageError(`unknown rule "${idOrName}" (see \`slimlint rules\`)`);
      const { GENERATED, renderRulePage } = await import("../docs/render.js");
      const page = (r: Rule) => renderRulePage(r).replace(`${GENERATED}\n`, "");
      if (rule) return io.stdout(page(rule));
      const names = replacing.map((r) => `${r.id} ${r.name}`).join(", ");
      io.stdout(
        `${idOrName.trim()} is covered by slimlint's ${names}; suppression comments naming ${idOrName.trim()} keep working.\n` +
          `\n${replacing.map(page).join("\n")}`,
      );
    });

  program
    .command("init")
    .description("write a commented starter .slimlint.yaml in the current directory, or one converted from hadolint's configuration")
    .option("--from-hadolint [file]", `convert hadolint's configuration (default: ${HADOLINT_CONFIG_NAMES.join(" or ")} here)`)
    .option("--force", "replace an existing .slimlint.yaml")
    .exitOverride()
    .action(async (flags: { fromHadolint?: string | true; force?: boolean }) => {
      const target = join(io.cwd, ".slimlint.yaml");
      const other = CONFIG_NAMES.find((name) => existsSync(join(io.cwd, name)) && (name !== ".slimlint.yaml" || !flags.force));
      if (other)
        throw new UsageError(
          other === ".slimlint.yaml"
            ? `${other} already exists here; edit it, remove it first, or pass --force to replace it`
            : `${other} already exists here and would still be read after a new .slimlint.yaml; edit it, or remove it first`,
        );
      let text = STARTER_CONFIG;
      let from = "";
      if (flags.fromHadolint !== undefined) {
        const given = flags.fromHadolint === true ? undefined : flags.fromHadolint;
        const path = given ?? HADOLINT_CONFIG_NAMES.find((name) => existsSync(join(io.cwd, name)));
        if (path === undefined)
          throw new UsageError(
            `no ${HADOLINT_CONFIG_NAMES.join(" or ")} here; name hadolint's configuration: ` +
              `slimlint init --from-hadolint path/to/hadolint.yaml`,
          );
        const read = readRegularFile(resolve(io.cwd, path), MAX_SIDE_FILE_BYTES);
        if (!read.ok)
          throw new UsageError(`${path}: ${read.message.startsWith("is ") ? read.message : `cannot be read (${read.message})`}`);
        const yaml = await import("yaml");
        let data: unknown;
        try {
          data = yaml.parse(read.bytes.toString("utf8").replace(/^\uFEFF/, ""), { uniqueKeys: true, merge: true });
        } catch (error) {
          throw new UsageError(`${path}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
        }
        try {
          text = convertHadolintConfig(data, path, rules);
        } catch (error) {
          if (error instanceof HadolintConfigError) throw new UsageError(`${path}: ${error.message}`);
          throw error;
        }
        from = ` from ${path}`;
      }
      const problem = await writeNewFile(target, text, flags.force === true);
      if (problem === "exists")
        throw new UsageError(".slimlint.yaml already exists here; edit it, remove it first, or pass --force to replace it");
      if (problem !== undefined) throw new UsageError(`.slimlint.yaml ${problem}`);
      io.stdout(`Wrote .slimlint.yaml${from}\n`);
    });

  program
    .command("lsp")
    .description("language server over standard input and output (diagnostics, quick fixes, hover)")
    .option("--stdio", "talk over standard input and output (the default; editors pass it)")
    .option("-c, --config <file>", "config file for every document (default: the nearest .slimlint.yaml/.yml/.json upward of each)")
    .allowUnknownOption()
    .exitOverride()
    .action(async (flags: { config?: string }) => {
      const { startServer } = await import("../lsp/server.js");
      // A config that cannot be used is the server's to report (to the editor); it does not stop the server.
      startServer(process.stdin, process.stdout, { config: flags.config === undefined ? undefined : resolve(io.cwd, flags.config) });
      exitCode = 0;
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(
        error.message
          .split("\n")
          .map((line) => `slimlint: ${line}\n`)
          .join(""),
      );
      return 2;
    }
    throw error;
  }
  return exitCode;
}
