// Package-manager invocations, read once per RUN command: which manager, which subcommand, which options
// (with the values they take), and which operands name packages, with their version pins. Several rules
// need this fact (version pinning, non-interactive flags, cache hygiene); they ask here instead of
// re-reading the words.
import type { ShellWord } from "../shell/words.js";
import { expandWord } from "./scope.js";
import type { CommandInfo, DockerfileModel } from "./types.js";

export type PackageManager = "apt-get" | "apt" | "apk" | "pip" | "npm" | "yarn" | "gem" | "yum" | "dnf" | "microdnf" | "zypper";

/** An option word (`-y`, `--no-cache`, `--virtual=.deps`), and the value it takes when it takes one. */
export interface PackageOption {
  readonly word: ShellWord;
  /** The option as written, without an `=value` part: `-y`, `--no-cache`, `-qy`. */
  readonly name: string;
  /** The value: after `=`, or the next word for an option that takes one; undefined when it takes none. */
  readonly value: ShellWord | string | undefined;
}

/** What an operand names. */
export type OperandKind =
  /** A package from the configured repositories, maybe with a version: `curl`, `curl=8.5.*`, `requests==2.31`. */
  | "name"
  /** A local file or directory (`./app.deb`, `/tmp/x.rpm`, `.`, `./dist/pkg.whl`). */
  | "path"
  /** An http(s)/ftp URL. */
  | "url"
  /** A version-control reference (`git+https://…`, `github:user/repo`). */
  | "vcs"
  /** A group, module, provider or virtual name that takes no version (`@development`, `so:libc.so`, `cmd:git`). */
  | "other";

export interface PackageOperand {
  /** The word it was written in; several operands share one when an unquoted `$PKGS` holds several names. */
  readonly word: ShellWord;
  /** After variable expansion; undefined when a variable or a substitution in it is unknown. */
  readonly value: string | undefined;
  readonly kind: OperandKind;
  /** The package name without its version; undefined when the value is unknown. */
  readonly name: string | undefined;
  /** The version constraint written with the name (`=8.5.*`, `==2.31`, `@1.4`, `-1.2.3`, `:2.0`); "" when none; undefined when unknown. */
  readonly version: string | undefined;
}

export interface PackageCommand {
  readonly command: CommandInfo;
  readonly manager: PackageManager;
  /** The word naming the program: `apt-get`, `pip3`; `python3` for `python3 -m pip`; after `sudo`. */
  readonly program: ShellWord;
  /** The subcommand word (`install`, `add`, `update`, `clean`); undefined when none is written (`yarn` alone). */
  readonly subcommand: ShellWord | undefined;
  /**
   * The subcommand with its aliases resolved: `install` for `apt install`, `dnf in`, `zypper in`, `gem i`,
   * `npm i`/`npm add`, and a bare `yarn`; `add` for `apk add`; otherwise the subcommand as written.
   */
  readonly action: string | undefined;
  /** Every option, before and after the subcommand, in order. */
  readonly options: readonly PackageOption[];
  /** Operands after the subcommand (and after its own subcommand words such as `cache clean`'s `clean`). */
  readonly operands: readonly PackageOperand[];
  /** Non-option words after the subcommand, as written (`clean` and `all` of `yum clean all`). */
  readonly rest: readonly ShellWord[];
}

/** The option is given: `-y` also inside a cluster of short options (`-qy`), `--yes` also as `--yes=…`. */
export function hasOption(command: PackageCommand, ...names: string[]): boolean {
  return command.options.some((o) =>
    names.some(
      (n) =>
        o.name === n ||
        (n.length === 2 && /^-[a-zA-Z]{2,}$/.test(o.name) && CLUSTERS.has(command.manager) && o.name.includes(n[1] as string)),
    ),
  );
}

/** Managers whose short options combine (`apt-get -qy`, `apk -U`, `yum -qy`). */
const CLUSTERS = new Set<PackageManager>(["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pip"]);

/** Every package-manager command of the file, in order (computed once per model). */
export function packageCommands(model: DockerfileModel): readonly PackageCommand[] {
  return model.view("package-commands", (m) => m.commands.flatMap((c) => parsePackageCommand(c) ?? []));
}

/** Options that take a value in the next word, per manager (their `--opt=value` spelling needs no entry). */
const WITH_VALUE: Readonly<Record<PackageManager, ReadonlySet<string>>> = {
  "apt-get": new Set(["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"]),
  apt: new Set(["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"]),
  apk: new Set([
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
    "--cache-max-age",
  ]),
  pip: new Set([
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-t",
    "--target",
    "-b",
    "--build",
    "-i",
    "--index-url",
    "-f",
    "--find-links",
    "--extra-index-url",
    "--abi",
    "--implementation",
    "--no-binary",
    "--only-binary",
    "--platform",
    "--prefix",
    "--progress-bar",
    "--proxy",
    "--python",
    "--python-version",
    "--root",
    "--root-user-action",
    "--src",
    "--trusted-host",
    "--upgrade-strategy",
    "--global-option",
    "--config-settings",
    "-C",
    "--cache-dir",
    "--log",
    "--timeout",
    "--retries",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--report",
  ]),
  npm: new Set([
    "--registry",
    "--loglevel",
    "--prefix",
    "-C",
    "-w",
    "--workspace",
    "--cache",
    "--userconfig",
    "--tag",
    "--omit",
    "--include",
    "--install-strategy",
  ]),
  yarn: new Set([
    "--cwd",
    "--network-timeout",
    "--modules-folder",
    "--cache-folder",
    "--mutex",
    "--registry",
    "--global-folder",
    "--link-folder",
  ]),
  gem: new Set([
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--source",
    "-s",
    "--platform",
    "-P",
    "--trust-policy",
    "-g",
    "--file",
    "--build-root",
  ]),
  yum: DNF_WITH_VALUE(),
  dnf: DNF_WITH_VALUE(),
  microdnf: DNF_WITH_VALUE(),
  zypper: new Set([
    "-R",
    "--root",
    "-c",
    "--config",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-r",
    "--repo",
    "--from",
    "-t",
    "--type",
  ]),
};

function DNF_WITH_VALUE(): ReadonlySet<string> {
  return new Set([
    "-c",
    "--config",
    "--installroot",
    "--releasever",
    "--setopt",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "-x",
    "--exclude",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--downloaddir",
    "--destdir",
    "--forcearch",
    "--repofrompath",
    "--rpmverbosity",
    "--color",
    "--comment",
    "--advisory",
    "--bz",
    "--cve",
    "--sec-severity",
    "--secseverity",
    "--platform-id",
  ]);
}

/** sudo's options that take a value: `sudo -u app apt-get …`. */
const SUDO_WITH_VALUE = new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"]);

const MANAGER_NAMES: Readonly<Record<string, PackageManager>> = {
  "apt-get": "apt-get",
  apt: "apt",
  apk: "apk",
  npm: "npm",
  yarn: "yarn",
  gem: "gem",
  yum: "yum",
  dnf: "dnf",
  microdnf: "microdnf",
  zypper: "zypper",
};

/** `pip`, `pip3`, `pip3.12`; not pipx or pipenv, which install into environments of their own. */
const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;

const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const literalName = (word: ShellWord | undefined) => (word && !word.hasExpansion ? lastSegment(word.value) : undefined);

/** The package-manager invocation a command is, or undefined. `sudo` in front is looked through. */
export function parsePackageCommand(info: CommandInfo): PackageCommand | undefined {
  let program = info.program;
  let args = info.args;
  if (info.name === "sudo") {
    let i = 0;
    while (i < args.length && (args[i] as ShellWord).value.startsWith("-")) i += SUDO_WITH_VALUE.has((args[i] as ShellWord).value) ? 2 : 1;
    program = args[i];
    args = args.slice(i + 1);
  }
  const name = literalName(program);
  if (!program || name === undefined) return undefined;
  let manager: PackageManager | undefined = MANAGER_NAMES[name];
  if (!manager && PIP.test(name)) manager = "pip";
  if (!manager && PYTHON.test(name)) {
    // `python3 -m pip …`, also after interpreter flags such as -I or -u.
    let i = 0;
    while (i < args.length && /^-[a-zA-Z]+$/.test((args[i] as ShellWord).value) && (args[i] as ShellWord).value !== "-m") i++;
    if (args[i]?.value !== "-m" || args[i + 1]?.value !== "pip") return undefined;
    manager = "pip";
    args = args.slice(i + 2);
  }
  if (!manager) return undefined;
  return readCommand(info, manager, program, args);
}

function readCommand(info: CommandInfo, manager: PackageManager, program: ShellWord, args: readonly ShellWord[]): PackageCommand {
  const withValue = WITH_VALUE[manager];
  const options: PackageOption[] = [];
  const rest: ShellWord[] = [];
  let subcommand: ShellWord | undefined;
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const text = word.value;
    if (!afterDashes && text === "--") {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && text.startsWith("-") && text.length > 1) {
      const eq = text.startsWith("--") ? text.indexOf("=") : -1;
      if (eq !== -1) {
        options.push({ word, name: text.slice(0, eq), value: text.slice(eq + 1) });
      } else if (
        withValue.has(text) ||
        ((manager === "npm" || manager === "yarn") && text.startsWith("--") && /^(true|false)$/.test(args[i + 1]?.value ?? ""))
      ) {
        // npm reads `--strict-ssl false`: a boolean option takes a following true/false as its value.
        options.push({ word, name: text, value: args[i + 1] });
        i++;
      } else {
        options.push({ word, name: text, value: undefined });
      }
      continue;
    }
    if (subcommand === undefined) subcommand = word;
    else rest.push(word);
  }
  const action = normalizeAction(manager, subcommand?.value, subcommand === undefined);
  return { command: info, manager, program, subcommand, action, options, operands: operandsOf(info, manager, action, rest), rest };
}

const INSTALL_ALIASES: Readonly<Partial<Record<PackageManager, Readonly<Record<string, string>>>>> = {
  dnf: { in: "install" },
  zypper: { in: "install", rm: "remove", dup: "dist-upgrade", si: "source-install", up: "update" },
  gem: { i: "install" },
  npm: {
    i: "install",
    add: "install",
    isntall: "install",
    in: "install",
    ins: "install",
    inst: "install",
    insta: "install",
    instal: "install",
    isnt: "install",
    isnta: "install",
    isntal: "install",
  },
};

function normalizeAction(manager: PackageManager, subcommand: string | undefined, none: boolean): string | undefined {
  if (none) return manager === "yarn" ? "install" : undefined;
  if (subcommand === undefined) return undefined;
  return INSTALL_ALIASES[manager]?.[subcommand] ?? subcommand;
}

/** The words after the subcommand that name packages: only for subcommands that install. */
function operandsOf(info: CommandInfo, manager: PackageManager, action: string | undefined, rest: readonly ShellWord[]): PackageOperand[] {
  const installs = manager === "apk" ? action === "add" : manager === "yarn" ? action === "add" : action === "install";
  if (!installs) return [];
  const out: PackageOperand[] = [];
  for (const word of rest) {
    const value = expandWord(word, info.vars, "unknown");
    // An unquoted `$PACKAGES` splits into several names.
    const items = value !== undefined && word.hasExpansion && !word.quoted ? value.split(/\s+/).filter((v) => v !== "") : [value];
    for (const item of items) out.push(classify(manager, word, item));
  }
  return out;
}

const URL = /^(https?|ftp):\/\//i;
const VCS = /^(git\+|hg\+|svn\+|bzr\+|git:\/\/|github:|gitlab:|bitbucket:|gist:)/i;

function classify(manager: PackageManager, word: ShellWord, value: string | undefined): PackageOperand {
  if (value === undefined) return { word, value, kind: "name", name: undefined, version: undefined };
  const other = (kind: OperandKind): PackageOperand => ({ word, value, kind, name: undefined, version: "" });
  if (VCS.test(value)) return other("vcs");
  if (URL.test(value)) return other("url");
  if (
    value.startsWith("/") ||
    value.startsWith("./") ||
    value.startsWith("../") ||
    value.startsWith("~/") ||
    value === "." ||
    value === ".."
  )
    return other("path");
  const split = (name: string, version: string): PackageOperand => ({ word, value, kind: "name", name, version });
  switch (manager) {
    case "apt-get":
    case "apt": {
      if (value.endsWith(".deb") || value.includes("/")) return other("path"); // a .deb file, or `pkg/release` (a release, not a version)
      const at = value.indexOf("=");
      return at === -1 ? split(value, "") : split(value.slice(0, at), value.slice(at));
    }
    case "apk": {
      if (value.endsWith(".apk")) return other("path");
      if (/^[a-z]+:/.test(value)) return other("other"); // so:, cmd:, pc: providers
      const m = /[=~<>]/.exec(value);
      return m ? split(value.slice(0, m.index), value.slice(m.index)) : split(value, "");
    }
    case "pip": {
      if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/.test(value) || value.includes("/")) return other("path");
      const m = /(===|==|>=|<=|!=|~=|>|<|@)/.exec(value);
      return m ? split(value.slice(0, m.index), value.slice(m.index)) : split(value, "");
    }
    case "npm":
    case "yarn": {
      if (/\.(tgz|tar|tar\.gz)$/.test(value)) return other("path");
      if (/^[a-z0-9-]+\/[a-z0-9._-]+(#.*)?$/i.test(value) && !value.startsWith("@")) return other("vcs"); // user/repo on GitHub
      const at = value.indexOf("@", value.startsWith("@") ? 1 : 0);
      return at === -1 ? split(value, "") : split(value.slice(0, at), value.slice(at));
    }
    case "gem": {
      if (value.endsWith(".gem")) return other("path");
      const at = value.indexOf(":");
      return at === -1 ? split(value, "") : split(value.slice(0, at), value.slice(at));
    }
    case "yum":
    case "dnf":
    case "microdnf": {
      if (value.endsWith(".rpm")) return other("path");
      if (value.startsWith("@")) return other("other"); // groups and modules
      // `name-1.2-3.el9`: the first dash part that starts with a digit starts the version, when all parts after it are version-like.
      const parts = value.split("-");
      for (let i = 1; i < parts.length; i++) {
        if (versionLike(parts.slice(i)) && /^\d/.test(parts[i] as string))
          return split(parts.slice(0, i).join("-"), `-${parts.slice(i).join("-")}`);
      }
      return split(value, "");
    }
    case "zypper": {
      if (value.endsWith(".rpm")) return other("path");
      if (/^[a-z]+:/.test(value)) return other("other"); // pattern:, product:
      const m = /[=<>]/.exec(value);
      return m ? split(value.slice(0, m.index), value.slice(m.index)) : split(value, "");
    }
  }
}

const versionLike = (parts: readonly string[]) =>
  parts.length > 0 && parts.every((p) => /^[\w.~^+:]+$/.test(p)) && parts.some((p) => /^\d/.test(p));
