import { defineRule, md } from "../src/engine/rule.js";
import { insertAfter } from "../src/engine/edits.js";
import type { Fix } from "../src/engine/rule.js";
import { stageChain } from "../src/model/stages.js";
import { hasOption, packageCommands, type PackageCommand } from "../src/model/packages.js";
import { mountCovers } from "../src/model/run.js";
import type { CommandInfo, RunInfo, Stage } from "../src/model/types.js";

const RPM = new Set(["yum", "dnf", "microdnf"]);
/** Subcommands that ask before changing packages (DL3030, DL3038, DL3034). */
const ASKS: Readonly<Record<string, ReadonlySet<string>>> = {
  yum: new Set(["install", "groupinstall", "localinstall", "reinstall"]),
  dnf: new Set(["install", "groupinstall", "localinstall", "reinstall"]),
  microdnf: new Set(["install", "reinstall"]),
  zypper: new Set(["install", "remove", "source-install", "patch"]),
};
/** Subcommands that fill the package cache (DL3032, DL3040, DL3036). */
const FILLS_CACHE: Readonly<Record<string, ReadonlySet<string>>> = {
  yum: new Set(["install", "groupinstall", "localinstall", "reinstall", "update", "upgrade"]),
  dnf: new Set(["install", "groupinstall", "localinstall", "reinstall", "update", "upgrade", "up"]),
  microdnf: new Set(["install", "reinstall", "update", "upgrade"]),
  zypper: new Set(["install", "update", "patch"]),
};
const CACHE_DIRS: Readonly<Record<string, readonly string[]>> = {
  yum: ["/var/cache/yum", "/var/cache/dnf"],
  dnf: ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
  microdnf: ["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
  zypper: ["/var/cache/zypp"],
};

const words = (c: CommandInfo) => c.args.map((w) => w.value);
/** `rm` of a path under one of the directories (or the directory itself, or a glob in it). */
const removes = (c: CommandInfo, dirs: readonly string[]) =>
  c.name === "rm" && words(c).some((v) => dirs.some((d) => v === d || v.startsWith(`${d}/`) || v.startsWith(`${d}*`)));

// Positions of commands in their RUN, and the last command of a RUN that matches a test, computed once per RUN
// and test: a RUN of thousands of commands stays linear.
const positions = new WeakMap<RunInfo, Map<CommandInfo, number>>();
const lastMatches = new WeakMap<RunInfo, Map<string, number>>();
function indexIn(run: RunInfo, c: CommandInfo): number {
  let map = positions.get(run);
  if (!map) positions.set(run, (map = new Map(run.commands.map((x, i) => [x, i]))));
  return map.get(c) ?? -1;
}
function lastIndex(run: RunInfo, key: string, test: (c: CommandInfo) => boolean): number {
  let map = lastMatches.get(run);
  if (!map) lastMatches.set(run, (map = new Map()));
  let at = map.get(key);
  if (at === undefined) {
    at = -1;
    for (let i = run.commands.length - 1; i >= 0; i--)
      if (test(run.commands[i] as CommandInfo)) {
        at = i;
        break;
      }
    map.set(key, at);
  }
  return at;
}
/** A command after `c` in its RUN passes the test (`key` names the test for the cache). */
const laterMatch = (run: RunInfo, c: CommandInfo, key: string, test: (x: CommandInfo) => boolean) =>
  lastIndex(run, key, test) > indexIn(run, c);

/** Source offset of the first `apt-get update`/`apt update` of a stage (Infinity when none). */
const firstAptUpdates = new WeakMap<Stage, number>();
function firstAptUpdate(stage: Stage): number {
  let at = firstAptUpdates.get(stage);
  if (at === undefined) {
    at = Infinity;
    for (const run of stage.runs)
      for (const x of run.commands)
        if ((x.name === "apt-get" || x.name === "apt") && x.args.some((w) => w.value === "update")) at = Math.min(at, x.command.span.start);
    firstAptUpdates.set(stage, at);
  }
  return at;
}
/** Offset of the first opaque command of a RUN (Infinity when none). */
const firstOpaques = new WeakMap<RunInfo, number>();
function firstOpaque(run: RunInfo): number {
  let at = firstOpaques.get(run);
  if (at === undefined) firstOpaques.set(run, (at = run.commands.find((x) => x.opaque)?.command.span.start ?? Infinity));
  return at;
}

/** `-y` (or zypper's `-n`) is given, or the assumeyes setting. */
function answersYes(c: PackageCommand): boolean {
  // `yes | yum install …`, `echo y | zypper in …`: the pipe answers.
  const run = c.command.run;
  const before = run.commands[indexIn(run, c.command) - 1];
  if (
    c.command.command.pipePosition > 0 &&
    before &&
    (before.name === "yes" ||
      ((before.name === "echo" || before.name === "printf") && before.args.some((w) => /^y(es)?(\\n)?$/i.test(w.value))))
  )
    return true;
  if (c.manager === "zypper") return hasOption(c, "-n", "--non-interactive", "-y", "--no-confirm");
  if (
    hasOption(c, "-y", "--assumeyes") ||
    c.options.some((o) => o.name === "--setopt" && typeof o.value === "string" && /^assumeyes=(1|true|yes)$/i.test(o.value))
  )
    return true;
  // `assumeyes=1` written into yum.conf/dnf.conf by an earlier command of the stage or the stages it is built on.
  return setBefore(run.stage, c.command, "assumeyes", (x) => x.args.some((w) => /assumeyes/i.test(w.value)));
}

/** Source offset of the first command of a stage that passes a test (Infinity when none), once per stage and test. */
const firstSettings = new WeakMap<Stage, Map<string, number>>();
function firstIn(stage: Stage, key: string, test: (x: CommandInfo) => boolean): number {
  let map = firstSettings.get(stage);
  if (!map) firstSettings.set(stage, (map = new Map()));
  let at = map.get(key);
  if (at === undefined) {
    at = Infinity;
    for (const r of stage.runs) for (const x of r.commands) if (x.command.span.start < at && test(x)) at = x.command.span.start;
    map.set(key, at);
  }
  return at;
}
/** A command before `c` in its stage, or in a stage it is built on, passes the test. */
const setBefore = (stage: Stage, c: CommandInfo, key: string, test: (x: CommandInfo) => boolean) =>
  firstIn(stage, key, test) < c.command.span.start ||
  stageChain(stage)
    .slice(1)
    .some((s) => firstIn(s, key, test) < Infinity);

/** The RUN (after `c`) or its mounts leave no package cache in the layer. */
function cacheCleaned(c: PackageCommand, run: RunInfo): boolean {
  const dirs = CACHE_DIRS[c.manager] ?? [];
  if (dirs.some((d) => mountCovers(run, d))) return true;
  if (laterMatch(run, c.command, `rm:${c.manager}`, (x) => removes(x, [...dirs, "/var/cache"]))) return true;
  return laterMatch(run, c.command, `clean:${c.manager}`, (x) => cleans(c.manager, x));
}

/** `yum clean all` / `dnf clean all` / `microdnf clean all`, `zypper clean` / `zypper cc`. */
function cleans(manager: string, x: CommandInfo): boolean {
  const v = words(x).filter((w) => !w.startsWith("-"));
  if (RPM.has(manager)) return x.name !== undefined && RPM.has(x.name) && v[0] === "clean" && v.includes("all");
  return x.name === "zypper" && (v[0] === "clean" || v[0] === "cc");
}

export default defineRule({
  id: "DF023",
  name: "package-manager-hygiene",
  severity: "info",
  summary: "`yum`, `dnf`, `zypper`, `pip` or `yarn` run without the options a build needs, or leave their cache in the layer",
  rationale: md`
    What DF006 and DF007 say for apk and apt-get, for the other package managers:

    - \`yum\`, \`dnf\`, \`microdnf\` and \`zypper\` ask before installing; a build cannot answer, so without
      \`-y\` (zypper: \`-n\`/\`--non-interactive\` or \`-y\`) the RUN fails (older microdnf assumed yes; newer releases ask).
    - They keep repository metadata and downloaded packages under /var/cache, often tens of MB, and a
      later RUN cannot take them out of the layer: end the RUN with \`yum clean all\`, \`dnf clean all\` or
      \`zypper clean\`, or use a cache mount.
    - \`pip install\` keeps downloaded wheels in ~/.cache/pip: \`--no-cache-dir\` (or \`PIP_NO_CACHE_DIR\`).
    - \`yarn install\` keeps every package in yarn's cache: \`yarn cache clean\` in the same RUN.
    - \`zypper dist-upgrade\` moves the image to whatever the distribution holds on the day of the build.
    - \`apt-get upgrade\` before any \`apt-get update\` upgrades nothing: Debian and Ubuntu images ship
      without package lists.

    The cache advice is given for the final stage and the stages it is built on, whose layers ship, and
    not for dev containers; the other points for every stage.`,
  examples: {
    bad: md`
      FROM python:3.12-slim
      RUN pip install -r requirements.txt`,
    good: md`
      FROM python:3.12-slim
      RUN pip install --no-cache-dir -r requirements.txt`,
  },
  fix: {
    safety: "safe",
    description:
      "Adds `-y` after a yum, dnf, microdnf or zypper subcommand that would ask, and `--no-cache-dir` after `pip install`. Safe: " +
      "the build cannot answer the question anyway, and pip installs the same packages without keeping its cache.",
  },
  equivalents: ["DL3005", "DL3030", "DL3032", "DL3034", "DL3035", "DL3036", "DL3038", "DL3040", "DL3042", "DL3060"],
  tags: ["size", "hygiene"],
  precision: "high",
  check(model, ctx) {
    const shippedLayers = new Set<Stage>(model.finalStage && model.purpose !== "dev" ? stageChain(model.finalStage) : []);
    const insertOption = (c: PackageCommand, text: string): Fix | undefined =>
      c.subcommand && !c.command.run.instruction.json
        ? { description: `Add ${text.trim()}`, safety: "safe", edits: [insertAfter(c.subcommand, text)] }
        : undefined;
    for (const c of packageCommands(model)) {
      const run = c.command.run;
      const stage = run.stage;
      const action = c.action;
      const at = { start: c.program.span.start, end: (c.subcommand ?? c.program).span.end };
      const written =
        c.manager === "pip" && c.program.value !== "pip" && !/^pip/.test(c.program.value)
          ? `${c.program.value} -m pip ${c.subcommand?.value ?? ""}`.trim()
          : `${c.program.value} ${c.subcommand?.value ?? ""}`.trim();
      if (action === undefined && c.manager !== "yarn") continue;

      if (action !== undefined && ASKS[c.manager]?.has(action) && !answersYes(c)) {
        // Older microdnf assumed yes; newer releases ask, as dnf does: -y is harmless where it is not needed.
        const message =
          c.manager === "microdnf"
            ? `\`${written}\` without -y fails the RUN where microdnf asks for a confirmation (newer releases do, as dnf does); ` +
              `\`-y\` is harmless where it does not. Write \`${written} -y …\`.`
            : `\`${written}\` without -y: ${c.manager} asks for a confirmation nobody can give in a build, and the RUN fails. ` +
              `Write \`${written} -y …\`${c.manager === "zypper" ? " (or `zypper --non-interactive …`)" : ""}.`;
        ctx.report({
          at,
          message,
          fix: action === "source-install" ? undefined : insertOption(c, " -y"),
          peers: [c.manager === "yum" ? "DL3030" : c.manager === "zypper" ? "DL3034" : "DL3038"],
        });
      }

      if (c.manager === "zypper" && action === "dist-upgrade") {
        ctx.report({
          at,
          message:
            `\`${written}\` upgrades the whole distribution inside the build, so the image depends on the day it was built ` +
            `and may leave the release the base image was made from. Use a newer base image tag, ` +
            `or \`zypper patch -y\` for updates within the release.`,
          peers: ["DL3035"],
        });
      }

      if (
        (c.manager === "apt-get" || c.manager === "apt") &&
        (action === "upgrade" || action === "dist-upgrade" || action === "full-upgrade") &&
        stage.base.packageManager === "apt"
      ) {
        const offset = c.command.command.span.start;
        const updatedBefore =
          firstAptUpdate(stage) < offset ||
          stageChain(stage)
            .slice(1)
            .some((s) => firstAptUpdate(s) < Infinity);
        if (!updatedBefore && !stage.opaqueBefore(run.instruction) && firstOpaque(run) > offset) {
          ctx.report({
            at,
            message:
              `\`${written}\` runs before any \`${c.manager} update\` in this stage, and Debian and Ubuntu images ship without ` +
              `package lists, so it upgrades nothing. Write \`${c.manager} update && ${c.manager} ${action} -y\` in one RUN, ` +
              `or drop it and use a newer base image tag.`,
            peers: ["DL3005"],
          });
        }
      }

      if (!shippedLayers.has(stage)) continue;

      if (action !== undefined && FILLS_CACHE[c.manager]?.has(action) && !cacheCleaned(c, run)) {
        const clean = c.manager === "zypper" ? "zypper clean --all" : `${c.manager} clean all`;
        const dir = CACHE_DIRS[c.manager]?.[0] ?? "/var/cache";
        ctx.report({
          at,
          message:
            `\`${written}\` leaves repository metadata and downloaded packages under ${dir} in this layer, often tens of MB, ` +
            `and a later RUN cannot take them out. End this RUN with \`&& ${clean}\`.`,
          peers: [c.manager === "yum" ? "DL3032" : c.manager === "zypper" ? "DL3036" : "DL3040"],
        });
      }

      if (c.manager === "pip" && action === "install" && !pipCacheOff(c, run)) {
        ctx.report({
          at,
          message:
            `\`${written}\` keeps the downloaded packages in pip's cache (~/.cache/pip) in this layer, ` +
            `and a later RUN cannot take them out. Write \`${written} --no-cache-dir …\` (or set \`ENV PIP_NO_CACHE_DIR=1\`).`,
          fix: insertOption(c, " --no-cache-dir"),
          peers: ["DL3042"],
        });
      }

      if (c.manager === "yarn" && action === "install" && !yarnCacheCleaned(c, run)) {
        ctx.report({
          at,
          message:
            `\`${written}\` keeps every downloaded package in yarn's cache in this layer, often hundreds of MB, ` +
            `and a later RUN cannot take it out. End this RUN with \`&& yarn cache clean\`, or put a cache mount on the yarn cache.`,
          peers: ["DL3060"],
        });
      }
    }
  },
});

/**
 * `--no-cache-dir` (pip accepts a unique prefix such as `--no-cache`), PIP_NO_CACHE_DIR, a cache mount, or the cache
 * removed later in the RUN.
 */
function pipCacheOff(c: PackageCommand, run: RunInfo): boolean {
  if (c.options.some((o) => o.name.length >= "--no-cache".length && "--no-cache-dir".startsWith(o.name))) return true;
  if (hasOption(c, "--cache-dir")) return true;
  if (c.command.env.has("PIP_NO_CACHE_DIR")) return true;
  // `pip config set global.no-cache-dir …` earlier, or a pip.conf copied in: the configuration decides.
  if (
    setBefore(
      run.stage,
      c.command,
      "pip-config",
      (x) => x.args.some((w) => w.value === "config") && x.args.some((w) => /cache-dir/.test(w.value)),
    )
  )
    return true;
  if (
    stageChain(run.stage).some((s) =>
      s.copies.some((cp) => cp.destinationPath !== undefined && /pip\.conf$|\/pip$/.test(cp.destinationPath)),
    )
  )
    return true;
  if (
    run.mounts.some(
      (m) =>
        (m.type === "cache" || m.type === "tmpfs") &&
        m.target !== undefined &&
        (/\/\.cache(\/pip)?$/.test(m.target) || m.target === "/root" || m.target === "/"),
    )
  )
    return true;
  return laterMatch(run, c.command, "rm:pip", (x) => x.name === "rm" && words(x).some((v) => /\.cache(\/pip)?\/?\*?$/.test(v)));
}

/** `yarn cache clean` later in the RUN, or a cache mount on a yarn cache directory. */
function yarnCacheCleaned(c: PackageCommand, run: RunInfo): boolean {
  if (run.mounts.some((m) => (m.type === "cache" || m.type === "tmpfs") && m.target !== undefined && /yarn|\.cache$/.test(m.target)))
    return true;
  if (hasOption(c, "--cache-folder")) return false;
  return laterMatch(
    run,
    c.command,
    "clean:yarn",
    (x) =>
      (x.name === "yarn" && words(x)[0] === "cache" && words(x)[1] === "clean") ||
      (x.name === "rm" && words(x).some((v) => /yarn/.test(v) && /cache/.test(v))),
  );
}
