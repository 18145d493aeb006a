import { defineRule, md } from "../src/engine/rule.js";
import { hasOption, packageCommands, type PackageCommand, type PackageManager } from "../src/model/packages.js";

/** How each manager writes a pin, with `{p}` for the package, and where to look up the versions. */
const HOW: Readonly<Record<Exclude<PackageManager, "yarn">, string>> = {
  "apt-get":
    "`{p}=<version>` (`apt-cache policy {p}` lists them; a trailing `*`, as in `=1.2.*`, still takes security updates of that version)",
  apt: "`{p}=<version>` (`apt-cache policy {p}` lists them; a trailing `*`, as in `=1.2.*`, still takes security updates of that version)",
  apk: "`{p}=<version>`, or `{p}~<major.minor>` to take patch releases (`apk policy {p}` lists them)",
  pip: "`{p}==<version>`, or install from a requirements or constraints file that pins them (`pip install -r requirements.txt`)",
  npm: "`{p}@<version>`",
  gem: "`{p}:<version>` (or `gem install {p} -v <version>`)",
  yum: "`{p}-<version>` (`yum list --showduplicates {p}` lists them)",
  dnf: "`{p}-<version>` (`dnf list --showduplicates {p}` lists them)",
  microdnf: "`{p}-<version>`",
  zypper: "`{p}=<version>` (`zypper search -s {p}` lists them)",
};

/** The hadolint check each manager's finding stands for (its `# hadolint ignore=` suppresses only that). */
const PEER: Readonly<Record<Exclude<PackageManager, "yarn">, string>> = {
  "apt-get": "DL3008",
  apt: "DL3008",
  apk: "DL3018",
  pip: "DL3013",
  npm: "DL3016",
  gem: "DL3028",
  yum: "DL3033",
  dnf: "DL3041",
  microdnf: "DL3041",
  zypper: "DL3037",
};

/** The command installs versions chosen elsewhere: a constraints file (pip), `-v` (gem). */
function pinnedElsewhere(c: PackageCommand): boolean {
  if (c.manager === "pip") return hasOption(c, "-c", "--constraint");
  if (c.manager === "gem") return hasOption(c, "-v", "--version");
  return false;
}

export default defineRule({
  id: "DF022",
  name: "package-versions-unpinned",
  severity: "warning",
  optIn: true,
  summary: "A package manager installs packages without a version",
  rationale: md`
    A package named without a version installs whatever the repository holds on the day of the build, so
    two builds of the same file can ship different software, and a rebuild for a one-line change can pull
    in a new major version. Pinning makes a rebuild reproduce the image until you choose to move.

    Off by default: pins must be kept up to date by hand or by a bot (Renovate, Dependabot), and
    distribution repositories drop old versions, which then fails the build. Enable it where
    reproducible images are worth that work.

    Reads apt-get/apt, apk, pip (also \`python -m pip\`), npm, gem, yum, dnf, microdnf and zypper installs.
    Not reported: local files and directories (\`./app.deb\`, \`pip install .\`), URLs, version-control
    references, requirement and constraint files, \`npm install\` or \`npm ci\` without package names, apk's
    \`--virtual\` name and providers (\`so:…\`), apt's \`pkg/release\`, and a version from a variable
    (\`curl=$CURL_VERSION\`) when the variable is defined.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates`,
    good: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates=20240705-r0`,
  },
  fix: "none",
  equivalents: ["DL3008", "DL3018", "DL3013", "DL3016", "DL3028", "DL3033", "DL3037", "DL3041"],
  tags: ["reproducibility"],
  precision: "high",
  check(model, ctx) {
    for (const c of packageCommands(model)) {
      if (c.manager === "yarn" || pinnedElsewhere(c)) continue;
      const unpinned = c.operands.filter((o) => o.kind === "name" && o.name !== undefined && o.name !== "" && o.version === "");
      const first = unpinned[0];
      if (!first?.name) continue;
      const names = [...new Set(unpinned.map((o) => o.name as string))];
      const listed =
        names.length <= 3
          ? names.map((n) => `\`${n}\``).join(", ")
          : `${names
              .slice(0, 3)
              .map((n) => `\`${n}\``)
              .join(", ")} and ${names.length - 3} more`;
      const tool =
        c.manager === "pip" && !c.program.value.startsWith("pip") ? "pip" : c.program.value.slice(c.program.value.lastIndexOf("/") + 1);
      const verb = `${tool} ${c.subcommand?.value ?? "install"}`;
      const source =
        c.manager === "pip"
          ? "PyPI"
          : c.manager === "npm"
            ? "the npm registry"
            : c.manager === "gem"
              ? "RubyGems"
              : "the distribution's repositories";
      ctx.report({
        at: first.word.span,
        peers: [PEER[c.manager]],
        message:
          `\`${verb}\` installs ${listed} without a version, so each build takes whatever ${source} ` +
          `hold${c.manager === "pip" || c.manager === "npm" || c.manager === "gem" ? "s" : ""} that day. ` +
          `Pin ${names.length === 1 ? "it" : "each"}: ${HOW[c.manager].replaceAll("{p}", first.name)}.`,
      });
    }
  },
});
