import { defineRule, md } from "../src/engine/rule.js";
import type { Fix } from "../src/engine/rule.js";
import { packageCommands, type PackageCommand } from "../src/model/packages.js";

/** Subcommands apt-get runs exactly as apt does: replacing the program changes only the terminal output. */
const SAME = new Set(["update", "remove", "purge", "autoremove", "autopurge", "clean", "autoclean"]);
/** Subcommands apt-get runs the same way, except that apt deletes the downloaded .deb files after installing and apt-get keeps them unless configured not to. */
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
      return c.action === undefined || SAME.has(c.action) || KEEPS_DEBS.has(c.action) ? `\`apt-get${c.action ? ` ${c.action}` : ""}\`` : undefined;
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
      "Replaces `apt` with `apt-get`. Safe for update, remove, purge, autoremove and clean, which apt-get runs identically. Unsafe for install and reinstall: apt deletes the downloaded .deb files afterwards and apt-get keeps them in /var/cache/apt/archives unless the image's apt configuration removes them (Debian's and Ubuntu's official images do). No fix for upgrade, full-upgrade, list, search or show, whose apt-get counterparts differ.",
  },
  equivalents: ["DL3027"],
  tags: ["hygiene"],
  precision: "very-high",
  check(model, ctx) {
    for (const c of packageCommands(model)) {
      if (c.manager !== "apt") continue;
      const instead = replacement(c);
      const written = `apt${c.subcommand ? ` ${c.subcommand.value}` : ""}`;
      const at = { start: c.program.span.start, end: (c.subcommand ?? c.program).span.end };
      const message = instead
        ? `\`${written}\` uses apt, the interactive front end, whose command line is not stable for scripts and which warns so in the build log. Write ${instead} instead.`
        : `\`${written}\` uses apt, the interactive front end, whose command line is not stable for scripts and which warns so in the build log. Use apt-get or apt-cache instead.`;
      const safety = c.action !== undefined && SAME.has(c.action) ? "safe" : c.action !== undefined && KEEPS_DEBS.has(c.action) ? "unsafe" : undefined;
      const literal = !c.program.quoted && !c.program.hasExpansion && c.program.value.endsWith("apt");
      const fix: Fix | undefined =
        safety && literal && !c.command.run.instruction.json
          ? { description: "Replace apt with apt-get", safety, edits: [{ span: c.program.span, text: `${c.program.value}-get` }] }
          : undefined;
      ctx.report({ at, message, fix });
    }
  },
});
