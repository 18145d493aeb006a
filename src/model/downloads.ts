// Files a RUN downloads with curl or wget, what the RUN then does with them (runs, installs, extracts),
// and whether it checks them first. SE008 judges unverified downloads; SE007 asks whether a package it
// installs with signature checks off was downloaded.
import { parseOptions, lastOption, type ParsedArgs } from "../shell/options.js";
import type { ShellWord } from "../shell/words.js";
import { basename, isWithin, resolvePath } from "./paths.js";
import { expandWord } from "./scope.js";
import type { CommandInfo, RunInfo, Stage } from "./types.js";
import { type PackageManager, parsePackageCommand } from "./packages.js";

const CURL = {
  shortWithValue: "AbcCdDeEFHKmoPQrtTuUwxXyYz",
  longWithValue: new Set([
    "output",
    "output-dir",
    "user-agent",
    "cookie",
    "cookie-jar",
    "continue-at",
    "data",
    "data-raw",
    "data-binary",
    "data-urlencode",
    "data-ascii",
    "dump-header",
    "referer",
    "cert",
    "cert-type",
    "key",
    "key-type",
    "pass",
    "form",
    "form-string",
    "header",
    "config",
    "max-time",
    "ftp-port",
    "quote",
    "range",
    "telnet-option",
    "upload-file",
    "user",
    "proxy-user",
    "write-out",
    "proxy",
    "request",
    "speed-time",
    "speed-limit",
    "time-cond",
    "cacert",
    "capath",
    "connect-timeout",
    "retry",
    "retry-delay",
    "retry-max-time",
    "url",
    "resolve",
    "connect-to",
    "proto",
    "proto-redir",
    "interface",
    "limit-rate",
    "max-filesize",
    "max-redirs",
    "netrc-file",
    "noproxy",
    "oauth2-bearer",
    "ciphers",
    "tls-max",
    "pinnedpubkey",
    "proxy-cacert",
    "proxy-capath",
    "unix-socket",
    "variable",
    "json",
    "create-file-mode",
    "expect100-timeout",
    "happy-eyeballs-timeout-ms",
    "dns-servers",
    "aws-sigv4",
    "preproxy",
    "socks5",
    "socks5-hostname",
    "socks4",
    "socks4a",
    "trace",
    "trace-ascii",
    "stderr",
    "local-port",
    "hostpubsha256",
    "hostpubmd5",
    "crlfile",
  ]),
};

const WGET = {
  shortWithValue: "oaOeiBtTwQPUlARDIXn",
  longWithValue: new Set([
    "output-document",
    "output-file",
    "append-output",
    "execute",
    "input-file",
    "base",
    "tries",
    "timeout",
    "wait",
    "quota",
    "directory-prefix",
    "user-agent",
    "level",
    "accept",
    "reject",
    "domains",
    "include-directories",
    "exclude-directories",
    "header",
    "user",
    "password",
    "http-user",
    "http-password",
    "ca-certificate",
    "ca-directory",
    "certificate",
    "private-key",
    "post-data",
    "post-file",
    "method",
    "body-data",
    "body-file",
    "referer",
    "load-cookies",
    "save-cookies",
    "limit-rate",
    "bind-address",
    "dns-timeout",
    "connect-timeout",
    "read-timeout",
    "waitretry",
  ]),
};

/** Options of curl and wget, as their getopt reads them (short clusters, values, `--`). */
export function fetcherOptions(info: CommandInfo): ParsedArgs | undefined {
  if (info.name === "curl") return parseOptions(info.args, CURL);
  if (info.name === "wget") return parseOptions(info.args, WGET);
  return undefined;
}

/** The URL operands of a curl or wget command (and curl's `--url`). */
export function fetchedUrls(parsed: ParsedArgs): ShellWord[] {
  const urls = parsed.operands.slice();
  for (const option of parsed.options) if (option.name === "url" && option.valueWord) urls.push(option.valueWord);
  return urls;
}

/** Where a download goes: a file (its path, absolute when the working directory is known), stdout, or unknown. */
export type DownloadOutput = { readonly kind: "file"; readonly path: string } | { readonly kind: "stdout" } | { readonly kind: "unknown" };

export interface Download {
  readonly command: CommandInfo;
  readonly tool: "curl" | "wget";
  readonly urls: readonly ShellWord[];
  readonly output: DownloadOutput;
}

/**
 * A path as a key two commands of one RUN can be compared by: expanded when possible, else as written, resolved against
 * the working directory.
 */
export function pathKey(word: ShellWord, info: CommandInfo): string {
  return resolveIn(expandWord(word, info.vars, "unknown") ?? word.value, info.cwd);
}

/** A path resolved against a directory; `~/x` (the shell's home, which slimlint does not know) is kept as written. */
function resolveIn(value: string, dir: string | undefined): string {
  if (value === "~" || value.startsWith("~/")) return value;
  return resolvePath(value, dir) ?? value;
}

/** The file name a URL is saved under (`curl -O`, wget's default): its last path segment, without query or fragment. */
function remoteName(url: ShellWord, info: CommandInfo): string | undefined {
  const value = (expandWord(url, info.vars, "unknown") ?? url.value).replace(/[?#].*$/, "");
  const name = basename(value.replace(/^[a-z]+:\/\/[^/]*/i, ""));
  return name === "" ? undefined : name;
}

function inDirectory(name: string | undefined, dir: string | undefined, info: CommandInfo): DownloadOutput {
  if (name === undefined) return { kind: "unknown" };
  if (dir === undefined) return { kind: "file", path: resolveIn(name, info.cwd) };
  return { kind: "file", path: resolveIn(`${dir.replace(/\/+$/, "")}/${name}`, info.cwd) };
}

/** The curl or wget command's download, or undefined for another command. */
export function downloadOf(info: CommandInfo): Download | undefined {
  const parsed = fetcherOptions(info);
  if (!parsed) return undefined;
  const urls = fetchedUrls(parsed);
  const redirect = info.command.redirects.find((r) => (r.op === ">" || r.op === ">>" || r.op === ">|") && r.target);
  const toFile = (word: ShellWord | undefined, value: string | undefined): DownloadOutput => {
    if (value === "-") return redirect?.target ? { kind: "file", path: pathKey(redirect.target, info) } : { kind: "stdout" };
    if (word) return { kind: "file", path: pathKey(word, info) };
    return { kind: "unknown" };
  };
  const first = urls[0];
  if (info.name === "curl") {
    const output = lastOption(parsed, "o", "output");
    if (output) {
      const word = output.valueWord ?? undefined;
      // `-ofile` in a cluster: the value is part of the option word, with no span of its own.
      if (!word && output.value !== undefined && output.value !== "-") {
        const path = resolveIn(output.value, info.cwd);
        return { command: info, tool: "curl", urls, output: { kind: "file", path } };
      }
      return { command: info, tool: "curl", urls, output: toFile(word, output.value) };
    }
    if (lastOption(parsed, "O", "remote-name", "remote-name-all")) {
      if (lastOption(parsed, "J", "remote-header-name") || !first)
        return { command: info, tool: "curl", urls, output: { kind: "unknown" } };
      return {
        command: info,
        tool: "curl",
        urls,
        output: inDirectory(remoteName(first, info), lastOption(parsed, "output-dir")?.value, info),
      };
    }
    return {
      command: info,
      tool: "curl",
      urls,
      output: redirect?.target ? { kind: "file", path: pathKey(redirect.target, info) } : { kind: "stdout" },
    };
  }
  const output = lastOption(parsed, "O", "output-document");
  if (output) {
    if (!output.valueWord && output.value !== undefined && output.value !== "-") {
      return { command: info, tool: "wget", urls, output: { kind: "file", path: resolveIn(output.value, info.cwd) } };
    }
    return { command: info, tool: "wget", urls, output: toFile(output.valueWord, output.value) };
  }
  if (!first) return { command: info, tool: "wget", urls, output: { kind: "unknown" } };
  return {
    command: info,
    tool: "wget",
    urls,
    output: inDirectory(remoteName(first, info), lastOption(parsed, "P", "directory-prefix")?.value, info),
  };
}

/** What a command does with a downloaded file. */
export type FileUse = "executed" | "installed" | "extracted";

export interface Use {
  readonly command: CommandInfo;
  readonly how: FileUse;
}

const TAR = {
  shortWithValue: "fCTXbHKNgLVI",
  longWithValue: new Set([
    "file",
    "directory",
    "files-from",
    "exclude-from",
    "blocking-factor",
    "format",
    "starting-file",
    "newer",
    "listed-incremental",
    "tape-length",
    "label",
    "use-compress-program",
    "owner",
    "group",
    "mode",
    "transform",
    "xform",
  ]),
};
const INSTALL = { shortWithValue: "mogtSb", longWithValue: new Set(["mode", "owner", "group", "target-directory", "suffix"]) };
const PLAIN = { shortWithValue: "", longWithValue: new Set<string>() };
/** `unzip [-opts] FILE [members…] [-d DIR]`: the archive is the first operand. */
const UNZIP = { shortWithValue: "dP", longWithValue: new Set<string>() };
const DECOMPRESSORS = new Set(["gunzip", "unxz", "bunzip2", "unzstd", "unlzma", "unzip", "zcat", "xzcat", "bzcat"]);
const COMPRESSORS = new Set(["gzip", "xz", "bzip2", "zstd", "lzma"]);
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);
const BIN_DIRS = ["/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin", "/sbin", "/go/bin", "/root/go/bin"];
const PACKAGE_FILE = /\.(apk|deb|rpm)$/;

/** `tar` extracts: `-x`, `--extract`, `--get`, or an old-style first word holding `x` (`tar xzf f`). */
function tarArgs(info: CommandInfo): ParsedArgs | undefined {
  const [head, ...rest] = info.args;
  if (!head) return undefined;
  const oldStyle = !head.value.startsWith("-") && /^[A-Za-z]+$/.test(head.value);
  // Old-style keys are a cluster without the dash: `xzf FILE` reads as `-xzf FILE`.
  const words = oldStyle ? [{ ...head, value: `-${head.value}` }, ...rest] : info.args;
  const parsed = parseOptions(words, TAR);
  return parsed.options.some((o) => o.name === "x" || o.name === "extract" || o.name === "get") ? parsed : undefined;
}

/** True when a chmod mode gives someone execute permission: `+x`, `u+rx`, `a=rwx`, `755`. */
function addsExecute(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return [...mode.slice(-3)].some((d) => (Number(d) & 1) === 1);
  return mode.split(",").some((clause) => /[+=][rwxXst]*[xX]/.test(clause));
}

/**
 * The downloaded files (by path key) a command uses, and how: runs it (`./tool`, `sh tool.sh`), installs
 * it (`install`, `chmod +x`, `mv`/`cp` onto a bin directory, `dpkg -i`, `apk add`, `rpm -i`, `apt-get
 * install ./x.deb`), or extracts it (`tar -x`, `unzip`, `gunzip`, `xz -d`).
 */
export function fileUses(info: CommandInfo): { readonly path: string; readonly how: FileUse }[] {
  const key = (w: ShellWord) => pathKey(w, info);
  const out: { path: string; how: FileUse }[] = [];
  const program = info.program;
  if (program && (program.value.includes("/") || program.hasExpansion)) out.push({ path: key(program), how: "executed" });
  const name = info.name;
  if (name === undefined) return out;
  const operands = () => parseOptions(info.args, PLAIN).operands;
  if (name === "tar") {
    const parsed = tarArgs(info);
    const file = parsed && lastOption(parsed, "f", "file");
    if (file?.valueWord) out.push({ path: key(file.valueWord), how: "extracted" });
    else if (file?.value !== undefined && file.value !== "-") out.push({ path: resolveIn(file.value, info.cwd), how: "extracted" });
  } else if (name === "unzip") {
    const file = parseOptions(info.args, UNZIP).operands[0];
    if (file) out.push({ path: key(file), how: "extracted" });
  } else if (
    DECOMPRESSORS.has(name) ||
    (COMPRESSORS.has(name) && info.args.some((w) => /^-[a-zA-Z]*d/.test(w.value) || w.value === "--decompress"))
  ) {
    for (const w of operands()) out.push({ path: key(w), how: "extracted" });
  } else if (name === "chmod") {
    const [mode, ...files] = info.args.filter((w) => !/^-[a-zA-Z]+$/.test(w.value) && !w.value.startsWith("--"));
    if (mode && addsExecute(mode.value)) for (const w of files) out.push({ path: key(w), how: "installed" });
  } else if (name === "install") {
    const parsed = parseOptions(info.args, INSTALL);
    if (!parsed.options.some((o) => o.name === "d" || o.name === "directory")) {
      const sources = lastOption(parsed, "t", "target-directory") ? parsed.operands : parsed.operands.slice(0, -1);
      for (const w of sources) out.push({ path: key(w), how: "installed" });
    }
  } else if (name === "mv" || name === "cp") {
    const all = operands();
    const target = all.at(-1);
    const dest = target && resolvePath(expandWord(target, info.vars, "unknown") ?? "", info.cwd);
    if (dest && BIN_DIRS.some((dir) => isWithin(dest, dir))) for (const w of all.slice(0, -1)) out.push({ path: key(w), how: "installed" });
  } else if (SHELLS.has(name)) {
    const all = info.args;
    if (!all.some((w) => w.value === "-c")) {
      const script = all.find((w) => !w.value.startsWith("-"));
      if (script) out.push({ path: key(script), how: "executed" });
    }
  } else if (
    name === "dpkg" ||
    name === "rpm" ||
    name === "apk" ||
    name === "apt-get" ||
    name === "apt" ||
    name === "yum" ||
    name === "dnf" ||
    name === "microdnf"
  ) {
    for (const w of packageFiles(info)) out.push({ path: key(w), how: "installed" });
  }
  return out;
}

/**
 * Package files (not repository names) a package manager installs: `dpkg -i`, `rpm -i/-U`, `apk add`, `apt-get/yum/dnf
 * install` of a path.
 */
export function packageFiles(info: CommandInfo): ShellWord[] {
  const args = info.args;
  const isFile = (w: ShellWord) => w.value.includes("/") || PACKAGE_FILE.test(w.value);
  switch (info.name) {
    case "dpkg":
      return args.some((w) => w.value === "--install" || /^-[a-zA-Z]*i/.test(w.value)) ? args.filter((w) => !w.value.startsWith("-")) : [];
    case "rpm":
      return args.some((w) => ["--install", "--upgrade", "--freshen", "--reinstall"].includes(w.value) || /^-[a-zA-Z]*[iUF]/.test(w.value))
        ? args.filter((w) => !w.value.startsWith("-") && isFile(w))
        : [];
    default:
      return packageOperands(info).filter(isFile);
  }
}

/** Package managers whose install operands may be local package files, and the actions that install them. */
const OS_MANAGERS: ReadonlySet<PackageManager> = new Set(["apk", "apt-get", "apt", "yum", "dnf", "microdnf", "zypper"]);
const INSTALLING = new Set(["install", "add", "localinstall", "reinstall"]);

/** The package operands of an install command (`apk add …`, `apt-get install …`, `yum install …`), names and files alike. */
export function packageOperands(info: CommandInfo): ShellWord[] {
  const command = parsePackageCommand(info);
  if (!command || !OS_MANAGERS.has(command.manager) || !INSTALLING.has(command.action ?? "")) return [];
  return [...command.rest];
}

const HASHERS = new Set(["sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "shasum", "md5sum", "b2sum", "sha3sum"]);
const HASHER_IN_TEXT = /\b(sha(1|224|256|384|512|3)?sum|shasum|md5sum|b2sum)\b/;

/**
 * The command checks a download: a hash tool (`sha256sum -c`, `echo "HASH  f" | sha256sum -c`, or one
 * compared in `$(sha256sum f | cut …)`), `gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`,
 * `openssl dgst -verify`, `slsa-verifier verify-artifact`.
 */
export function verifies(info: CommandInfo): boolean {
  const name = info.name;
  const has = (...values: string[]) => info.args.some((w) => values.includes(w.value));
  if (name !== undefined) {
    if (HASHERS.has(name) || name === "gpgv" || name === "slsa-verifier") return true;
    if ((name === "gpg" || name === "gpg2") && has("--verify", "--verify-files")) return true;
    if (name === "cosign" && info.args.some((w) => w.value.startsWith("verify"))) return true;
    if (name === "minisign" && info.args.some((w) => /^-[a-zA-Z]*V/.test(w.value))) return true;
    if (name === "signify" && info.args.some((w) => /^-[a-zA-Z]*C|^-[a-zA-Z]*V/.test(w.value))) return true;
    if (name === "openssl" && has("-verify", "-prverify", "-signature")) return true;
  }
  // `[ "$(sha256sum f | cut -d' ' -f1)" = "$SUM" ]`: the hash runs inside a substitution the model does not split into commands.
  const words = [info.program, ...info.args, ...info.command.assignments.map((a) => a.value)];
  return words.some((w) => w?.hasExpansion && w.parts.some((p) => p.kind === "substitution" && HASHER_IN_TEXT.test(p.text)));
}

/** Every download of a RUN. */
export function downloadsOf(run: RunInfo): Download[] {
  return run.commands.map(downloadOf).filter((d): d is Download => d !== undefined);
}

export interface DownloadedFile {
  /** Source offset of the first command that downloads it (parent stages come earlier in the file). */
  readonly firstAt: number;
  /** A RUN that downloads it also runs a hash or signature tool. */
  readonly checked: boolean;
}

const downloadedFiles = new WeakMap<Stage, ReadonlyMap<string, DownloadedFile>>();

/** Files downloaded by curl or wget in a stage and the stages it is built on, by path key; computed once per stage. */
export function filesDownloaded(stage: Stage): ReadonlyMap<string, DownloadedFile> {
  const cached = downloadedFiles.get(stage);
  if (cached) return cached;
  // Iterative, root first, caching only the stage asked for: a chain of thousands of stages costs one pass.
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  const files = new Map<string, DownloadedFile>();
  for (const s of chain.reverse()) {
    for (const run of s.runs) {
      const downloads = downloadsOf(run);
      if (downloads.length === 0) continue;
      const checked = runVerifies(run);
      for (const d of downloads) {
        if (d.output.kind !== "file") continue;
        const known = files.get(d.output.path);
        files.set(d.output.path, {
          firstAt: known?.firstAt ?? d.command.command.span.start,
          checked: (known?.checked ?? false) || checked,
        });
      }
    }
  }
  downloadedFiles.set(stage, files);
  return files;
}

/** The file at this path key was downloaded in the stage (or one it is built on) before the command; undefined when not. */
export function downloadedBefore(stage: Stage, at: CommandInfo, path: string): DownloadedFile | undefined {
  const file = filesDownloaded(stage).get(path);
  return file && file.firstAt < at.command.span.start ? file : undefined;
}

/** A RUN checks something it downloads (a hash or signature tool runs in it). */
export const runVerifies = (run: RunInfo): boolean => run.commands.some(verifies);

/** The command unpacks what it reads on stdin: `tar -x` without `-f` (or `-f -`), `gunzip`/`xz -d`/`zcat` without a file. */
export function tarExtractsStdin(info: CommandInfo): boolean {
  const name = info.name;
  if (name === "tar") {
    const parsed = tarArgs(info);
    if (!parsed) return false;
    const file = lastOption(parsed, "f", "file");
    return file === undefined || file.value === "-";
  }
  const decompress =
    (name !== undefined && DECOMPRESSORS.has(name) && name !== "unzip") ||
    (name !== undefined && COMPRESSORS.has(name) && info.args.some((w) => /^-[a-zA-Z]*d/.test(w.value) || w.value === "--decompress"));
  return decompress && parseOptions(info.args, PLAIN).operands.every((w) => w.value === "-");
}

/**
 * The package manager checks the signature of a package file it is given, and this command turns that
 * off: `apk add --allow-untrusted ./x.apk`, `rpm -i --nosignature x.rpm`. (apt and dnf check none.)
 */
export const checksPackageFiles = (info: CommandInfo): boolean => info.name === "apk" || info.name === "rpm";

export function packageSignatureOff(info: CommandInfo): boolean {
  const flag = info.name === "apk" ? "--allow-untrusted" : info.name === "rpm" ? "--nosignature" : undefined;
  return flag !== undefined && info.args.some((w) => w.value === flag);
}

/** The branch or `latest` a URL follows (raw.githubusercontent.com/o/r/<branch>/…, …/releases/latest/…); undefined for fixed URLs. */
export function movingRef(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (/\/releases\/latest\//.test(url)) return "releases/latest";
  const raw = /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/([^/]+)\//.exec(url);
  return raw && !/^[0-9a-f]{40}$/.test(raw[1] as string) && !/^v?\d+(\.\d+)+/.test(raw[1] as string) ? raw[1] : undefined;
}
