// The package arguments and flags of any go command (`go get`, `go run`, `go install`), and how a
// package argument pins its version: GO012 asks which remote packages float, GO013 which flags weaken
// module verification.
import { expandWord } from "../model/scope.js";
import type { ShellWord } from "../shell/words.js";
import type { GoCommand } from "./build.js";
import { goFlagTakesValue, parseFlagTokens, type ParsedFlag } from "./flags.js";

export interface GoArgument {
  readonly word: ShellWord;
  /** After expansion; undefined when it depends on an unknown value. */
  readonly value: string | undefined;
}

export interface GoCommandLine {
  /** Flags after the subcommand, with the words that hold them. */
  readonly flags: readonly (ParsedFlag & { readonly word: ShellWord })[];
  /**
   * The package arguments: every non-flag word, except for `go run`, whose words after the first package
   * are the program's own arguments.
   */
  readonly packages: readonly GoArgument[];
}

/** Reads the command line of a go command with one-word subcommand (`get`, `install`, `run`, `build`). */
export function goCommandLine(command: GoCommand): GoCommandLine {
  const words = command.info.args.slice(1);
  const values = words.map((w) => expandWord(w, command.info.vars, "unknown"));
  const parsed = parseFlagTokens(values, goFlagTakesValue);
  const flags = parsed.flags.map((f) => ({ ...f, word: words[f.index] as ShellWord }));
  let packages = words.slice(parsed.rest).map((word, i) => ({ word, value: values[parsed.rest + i] }));
  // `go run main.go util.go args…` runs files; `go run pkg args…` one package.
  if (command.subcommand === "run") {
    const isFile = (p: GoArgument) => p.value?.endsWith(".go");
    const files = packages[0] && isFile(packages[0]) ? packages.findIndex((p) => !isFile(p)) : 1;
    packages = packages.slice(0, files === -1 ? packages.length : files);
  }
  return { flags, packages };
}

/**
 * A package path on a remote host: its first element has a dot (`github.com/x/y`, `golang.org/x/tools`,
 * `gopkg.in/yaml.v3`). Not local paths (`.`, `./...`, `/src`), file names, patterns of the standard library
 * or the main module (`all`, `std`, `cmd/...`, `myapp/cmd`).
 */
export function isRemotePackage(path: string): boolean {
  if (/^[./~]/.test(path) || path.endsWith(".go")) return false;
  const first = path.split("@")[0]?.split("/")[0] ?? "";
  return /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(first) && path.includes("/");
}

export type VersionQuery =
  | { readonly kind: "none" }
  | { readonly kind: "pinned"; readonly version: string }
  | { readonly kind: "floating"; readonly version: string; readonly why: string };

/**
 * What `pkg@query` asks for (Go's version queries, go.dev/ref/mod#version-queries): a full semantic version
 * (pseudo-versions included) or a commit hash is pinned; `latest`, `upgrade`, `patch`, a version prefix
 * (`v1`, `v1.2`), a comparison (`<v1.5`) or a conventional branch name (`master`, `main`) resolve to whatever is
 * newest at build time. Other names may be tags, which stay put: treated as pinned.
 */
export function versionQuery(path: string): VersionQuery {
  const at = path.indexOf("@");
  if (at === -1) return { kind: "none" };
  const version = path.slice(at + 1);
  if (/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version) || /^[0-9a-f]{7,40}$/.test(version) || version === "none") {
    return { kind: "pinned", version };
  }
  if (/^(latest|upgrade|patch)$/.test(version))
    return { kind: "floating", version, why: `\`@${version}\` resolves to the newest release when the image is built` };
  if (/^v\d+(\.\d+)?$/.test(version))
    return {
      kind: "floating",
      version,
      why: `\`@${version}\` is a version prefix: it resolves to the newest ${version}.x release when the image is built`,
    };
  if (/^[<>]/.test(version))
    return {
      kind: "floating",
      version,
      why: `\`@${version}\` is a comparison: it resolves to the newest matching release when the image is built`,
    };
  if (FLOATING_BRANCHES.test(version))
    return {
      kind: "floating",
      version,
      why: `\`@${version}\` names a branch: it resolves to whatever commit the branch points at when the image is built`,
    };
  // Any other name may be a tag (`@2024.1.1`, `@release-1.2`), which is meant to stay put: not judged.
  return { kind: "pinned", version };
}

/** Names that are branches by convention. */
const FLOATING_BRANCHES = /^(master|main|develop|development|dev|trunk|HEAD|stable|nightly|next|edge|unstable|canary)$/;
