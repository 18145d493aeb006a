// Which commands slimlint understands well enough to know what they do to an image. Anything else (a
// script, `make`, an installer, a tool we do not model) is opaque: it may create users, write files,
// download modules or run `go env -w`, so facts after it are unknown (catalogue v2 ground rules).
import type { ShellWord } from "../shell/words.js";

/** Programs whose effect on users, files and settings is known or negligible. */
const KNOWN_TOOLS = new Set([
  // shell built-ins and coreutils
  "cd", "export", "declare", "typeset", "unset", "set", "echo", "printf", "true", "false", ":", "test", "[", "[[", "exit", "return", "shift",
  "local", "read", "wait", "trap", "umask", "ulimit", "type", "command", "hash", "alias", "exec", "env", "sleep", "which",
  "mkdir", "rmdir", "rm", "cp", "mv", "ln", "ls", "cat", "touch", "chmod", "chown", "chgrp", "install", "mktemp", "tee", "head", "tail",
  "sort", "uniq", "cut", "tr", "wc", "basename", "dirname", "realpath", "readlink", "stat", "du", "df", "find", "xargs", "sed", "awk",
  "gawk", "grep", "egrep", "fgrep", "date", "id", "whoami", "uname", "pwd", "yes", "seq", "expr", "sync", "file", "strip", "upx",
  "sha256sum", "sha512sum", "sha1sum", "md5sum", "base64", "nproc", "getent", "diff", "cmp", "patch", "truncate", "dd",
  // archives and downloads
  "tar", "gzip", "gunzip", "zcat", "bzip2", "xz", "unxz", "unzip", "zip", "curl", "wget", "git", "gpg", "cosign",
  // packages and users
  "apk", "apt-get", "apt", "apt-cache", "apt-key", "dpkg", "yum", "dnf", "microdnf", "rpm", "update-ca-certificates", "ldconfig",
  "adduser", "addgroup", "useradd", "groupadd", "usermod", "groupmod", "deluser", "delgroup", "userdel", "passwd", "chpasswd", "setcap",
  "update-alternatives", "locale-gen", "dpkg-reconfigure", "debconf-set-selections",
  // Go
  "go", "gofmt",
]);

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"]);
/** Directories a standard tool lives in: a known tool called by its full path is still that tool. */
const TOOL_DIRS = /^\/(usr\/)?(local\/)?(s?bin|go\/bin)\/[^/]+$/;

/** A standard tool (coreutils, package managers, git, go): not a program the image was built to run. */
export const isKnownTool = (name: string): boolean => KNOWN_TOOLS.has(name);

/** The command runs something whose effects slimlint cannot know. */
export function isOpaqueCommand(name: string | undefined, program: ShellWord | undefined, args: readonly ShellWord[]): boolean {
  if (!program) return false;
  if (name === undefined) return true; // `$TOOL …`, `$(…)`
  if (program.value.includes("/") && !TOOL_DIRS.test(program.value)) return true; // ./build.sh, scripts/build
  if (SHELLS.has(name)) {
    // `sh -c '…'` runs text we do not parse; `sh script.sh` runs a script; a bare `sh` reads a heredoc we do parse.
    return args.some((a) => !a.value.startsWith("-") || /^-[a-zA-Z]*c/.test(a.value));
  }
  if (name === "source" || name === "." || name === "eval") return true;
  return !KNOWN_TOOLS.has(name);
}
