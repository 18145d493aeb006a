import { defineRule, md } from "../src/engine/rule.js";
import type { Fix } from "../src/engine/rule.js";
import type { RunInfo } from "../src/model/types.js";
import { packageCommands, type PackageCommand } from "../src/model/packages.js";

/** Subcommands apt-get runs exactly as apt does: replacing the program changes only the terminal output. */
const SAME = new Set(["update", "remove", "purge", "autoremove", "autopurge", "clean", "autoclean"]);
/**
 * Subcommands apt-get runs the same way, except that apt deletes the downloaded .deb files after installing and apt-get
 * keeps them unless configured not to.
 */
const KEEPS_DEBS = new Set(["install", "reinstall"]);

/** What to write instead of `apt <subcommand>`. */
function replacement(c: PackageCommand): string | undefined {
  switch (c.action) {
    case "upgrade":
      return "`apt-get upgrade --with-new-pkgs` (apt's upgrade also installs new dependencies)";
    case "full-upgrade":
      return "`apt-get dist-upgrade`";
    case "search":
    case "show":
    case "policy":
    case "depends":
    case "rdepends":
      return `\`apt-cache ${c.action}\``;
    case "list":
      return "`dpkg-query -W` (installed packages) or `apt-cache policy <package>`";
    default:
      return c.action === undefined || SAME.has(c.action) || KEEPS_DEBS.has(c.action)
        ? `\`apt-get${c.action ? ` ${c.action}` : ""}\``
        : undefined;
  }
}

export default defineRule({
  id: "DF018",
  name: "apt-not-apt-get",
  severity: "warning",
  summary: "`apt`, the interactive front end, runs in a RUN",
  rationale: md`
    \`apt\` is made for people at a terminal: its output and options may change between releases, and it
    prints "apt does not have a stable CLI interface. Use with caution in scripts" into every build log.
    \`apt-get\` and \`apt-cache\` are the stable commands for scripts and do the same work.

    Only \`apt\` run as a command counts (also after \`sudo\`), not the word inside a quoted string.`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN apt update && apt install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*`,
    good: md`
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*`,
  },
  fix: {
    safety: "varies",
    description:
      "Replaces `apt` with `apt-get`. Safe for update, remove, purge, autoremove and clean, which apt-get runs identically. " +
      "Unsafe for install and reinstall: apt deletes the downloaded .deb files afterwards and apt-get keeps them in " +
      "/var/cache/apt/archives unless the image's apt configuration removes them (Debian's and Ubuntu's official images do). " +
      "No fix for upgrade, full-upgrade, list, search or show, whose apt-get counterparts differ.",
  },
  equivalents: ["DL3027"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    // One finding per RUN, at its first apt command: `apt update && apt install` is one habit, not two problems.
    const byRun = new Map<RunInfo, PackageCommand[]>();
    for (const c of packageCommands(model)) {
      if (c.manager !== "apt") continue;
      const list = byRun.get(c.command.run) ?? [];
      list.push(c);
      byRun.set(c.command.run, list);
    }
    for (const [run, commands] of byRun) {
      const first = commands[0] as PackageCommand;
      const written = [...new Set(commands.map((c) => `\`apt${c.subcommand ? ` ${c.subcommand.value}` : ""}\``))];
      const instead = [...new Set(commands.map(replacement))];
      const say = instead.every((x) => x !== undefined)
        ? `Write ${
            instead.length > 1 ? `${instead.slice(0, -1).join(", ")} and ${instead[instead.length - 1] ?? ""}` : (instead[0] ?? "")
          } instead.`
        : "Use apt-get or apt-cache instead.";
      const safeties = commands.map((c) =>
        c.action !== undefined && SAME.has(c.action) ? "safe" : c.action !== undefined && KEEPS_DEBS.has(c.action) ? "unsafe" : undefined,
      );
      const literal = commands.every((c) => !c.program.quoted && !c.program.hasExpansion && c.program.value.endsWith("apt"));
      const fix: Fix | undefined =
        literal && !run.instruction.json && safeties.every((x) => x !== undefined)
          ? {
              description: "Replace apt with apt-get",
              safety: safeties.includes("unsafe") ? "unsafe" : "safe",
              edits: commands.map((c) => ({ span: c.program.span, text: `${c.program.value}-get` })),
            }
          : undefined;
      ctx.report({
        at: { start: first.program.span.start, end: (first.subcommand ?? first.program).span.end },
        message:
          `${written.join(", ")} ${written.length === 1 ? "uses" : "use"} apt, the interactive front end, ` +
          `whose command line is not stable for scripts and which warns so in the build log. ${say}`,
        fix,
      });
    }
  },
});
