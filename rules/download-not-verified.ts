import { defineRule, md } from "../src/engine/rule.js";
import {
  downloadOf,
  fileUses,
  movingRef,
  packageSignatureOff,
  runVerifies,
  tarExtractsStdin,
  type Download,
  type FileUse,
} from "../src/model/downloads.js";
import { basename } from "../src/model/paths.js";
import type { CommandInfo, RunInfo } from "../src/model/types.js";

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);
/** Tools that run other code (a script, a Makefile): one of them could check the download, so a RUN with one is not judged. */
const RUNNERS = new Set(["make", "gmake", "task", "just", "python", "python3", "perl", "ruby", "node"]);

const VERB: Record<FileUse, string> = { executed: "runs", installed: "installs", extracted: "extracts" };

/** What the using command does, in words: `chmod +x` makes the file executable rather than installing it. */
const verb = (use: { command: CommandInfo; how: FileUse }) =>
  use.command.name === "chmod" ? "makes it executable" : `${VERB[use.how]} it`;

/** A script or build tool (that does not itself use a downloaded file): it may check the file. */
function mayVerify(command: CommandInfo): boolean {
  if (!command.opaque) return false;
  const program = command.program?.value ?? "";
  return (
    program.includes("/") ||
    /\.(sh|bash|py)$/.test(program) ||
    (command.name !== undefined && (RUNNERS.has(command.name) || SHELLS.has(command.name)))
  );
}

type Use = { readonly command: CommandInfo; readonly how: FileUse };

/**
 * For each download of a RUN, the first later command of the RUN that runs, installs or extracts its file
 * (or reads its stdout through a pipe into tar), unless a script that could check the file runs before
 * that. Each command's uses are read once: a RUN of many downloads costs linear time.
 */
function firstUses(run: RunInfo): Map<Download, Use> {
  const commands = run.commands;
  const downloads = new Map<number, Download>();
  commands.forEach((c, i) => {
    const d = downloadOf(c);
    if (d) downloads.set(i, d);
  });
  const files = new Set([...downloads.values()].flatMap((d) => (d.output.kind === "file" ? [d.output.path] : [])));
  const out = new Map<Download, Use>();
  // Walking backwards, the nearest later use of each path and the nearest later possible check.
  const nextUse = new Map<string, { at: number; use: Use }>();
  let nextCheck = Infinity;
  for (let i = commands.length - 1; i >= 0; i--) {
    const command = commands[i] as CommandInfo;
    const download = downloads.get(i);
    if (download?.output.kind === "file") {
      const use = nextUse.get(download.output.path);
      if (use && use.at < nextCheck) out.set(download, use.use);
    } else if (download?.output.kind === "stdout") {
      const next = commands[i + 1];
      if (
        next &&
        next.command.pipeline === command.command.pipeline &&
        next.command.pipePosition === command.command.pipePosition + 1 &&
        tarExtractsStdin(next)
      ) {
        out.set(download, { command: next, how: "extracted" });
      }
    }
    const uses = fileUses(command).filter((u) => files.has(u.path));
    for (const u of uses) nextUse.set(u.path, { at: i, use: { command, how: u.how } });
    if (uses.length === 0 && mayVerify(command)) nextCheck = i;
  }
  return out;
}

/** Names of files a RUN that runs a hash or signature tool mentions (`minisign -Vm /go/bin/mc`, `echo "<sha256>  /usr/local/bin/tool"`). */
function checkedNames(run: RunInfo): string[] {
  if (!runVerifies(run)) return [];
  return run.commands.flatMap((c) => [c.program, ...c.args].flatMap((w) => (w ? [basename(w.value.trim())] : [])));
}

function message(download: Download, use: { command: CommandInfo; how: FileUse }): string {
  const user = use.command.name ?? use.command.program?.value ?? "the next command";
  const unchecked = "without a checksum or signature check, so whatever the server returns at build time goes into the image";
  const url = download.urls[0];
  // A URL built from variables (a version, TARGETARCH) needs one checksum per value: the release's checksums file has them.
  const varying = download.urls.some((w) => w.hasExpansion)
    ? " (one per version and architecture: the release's checksums file lists them)"
    : "";
  if (download.output.kind !== "file") {
    return (
      `\`${download.tool} … | ${user}\` ${VERB[use.how]} a download ${unchecked}. Download it to a file, ` +
      `check it against a known SHA-256${varying} with \`echo "<sha256>  FILE" | sha256sum -c\`, then extract it.`
    );
  }
  const file = download.output.path;
  const ref = download.urls.map((w) => movingRef(w.value)).find((r) => r !== undefined);
  if (ref) {
    return (
      `\`${download.tool}\` downloads \`${file}\` from a moving ref (\`${ref}\`) ` +
      `and this RUN ${verb(use)} (\`${user}\`) ${unchecked}; a fixed checksum would break the build when the ref moves. ` +
      `Point the URL at a release or commit, then check the file against that release's SHA-256${varying}: ` +
      `\`echo "<sha256>  ${file}" | sha256sum -c\`.`
    );
  }
  const literalUrl = url && !url.hasExpansion && /^https:\/\//.test(url.value) && download.urls.length === 1 && file.startsWith("/");
  const add = literalUrl ? `, or fetch it with \`ADD --checksum=sha256:<sha256> ${url.value} ${file}\`` : "";
  return (
    `\`${download.tool}\` downloads \`${file}\` and this RUN ${verb(use)} (\`${user}\`) ${unchecked}. Check it first against a known ` +
    `SHA-256${varying}: \`echo "<sha256>  ${file}" | sha256sum -c\`${add}.`
  );
}

export default defineRule({
  id: "SE008",
  name: "download-not-verified",
  severity: "info",
  summary: "A RUN downloads a binary or archive with curl/wget and runs, installs or extracts it unchecked",
  rationale: md`
    A tool fetched with \`curl -o\`/\`wget -O\` and then made executable, installed or unpacked is trusted
    as the server sends it: a compromised release host, a hijacked mirror or a replaced asset goes into
    the image, and two builds of one commit can differ. Most projects publish a SHA-256 (or a signature)
    next to each release asset; checking it in the same RUN (\`echo "<sha256>  file" | sha256sum -c\`,
    \`gpg --verify\`, \`cosign verify-blob\`) makes the build fail instead of shipping something else.
    \`ADD --checksum=sha256:…\` does the same for a fixed URL.

    What counts as a download: curl with \`-o FILE\`, \`-O\` (the URL's last segment, under
    \`--output-dir\`) or \`> FILE\`; wget with \`-O FILE\` or its default name (under \`-P\`); either piped
    into \`tar -x\` or a decompressor. What counts as a use, later in the same RUN: \`chmod\` with an
    execute bit, \`install\`, \`mv\`/\`cp\` onto a bin directory, \`tar -x\`, \`unzip\`, \`gunzip\`/\`xz -d\`,
    \`dpkg -i\`, \`rpm -i\`, \`apt-get\`/\`dnf install ./file\`, or running it (\`./file\`, \`sh file\`). What
    counts as a check: \`sha256sum\` and the other hash tools (also compared inside \`$(…)\`), \`gpg
    --verify\`, \`gpgv\`, \`cosign verify…\`, \`minisign -V\`, \`signify\`, \`openssl dgst -verify\`,
    \`slsa-verifier\`; not \`go mod verify\`. A package installed with \`apk add --allow-untrusted\` or
    \`rpm --nosignature\` is tls-verification-disabled's (SE007) instead.

    Judged in the stages whose layers or output ship (the final stage and every stage it is built on or
    copies from); not in dev containers. A RUN that runs a hash or signature tool is not judged, nor a
    download checked by a later RUN of the stage that names the file, nor one a script could check before it
    is used; nor is \`curl … | sh\` (remote-script-piped-to-shell, SE005).`,
  examples: {
    bad: md`
      FROM alpine:3.20
      RUN wget -O /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-static \\
       && chmod +x /usr/local/bin/tini`,
    good: md`
      FROM alpine:3.20
      RUN wget -O /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-static \\
       && echo "c5b0666b4cb676901f90dfcb37106783c5fe2077b04590973b885950611b30ee  /usr/local/bin/tini" | sha256sum -c \\
       && chmod +x /usr/local/bin/tini`,
  },
  fix: "none",
  equivalents: [],
  tags: ["security", "reproducibility"],
  precision: "high",
  check(model, ctx) {
    // A dev container follows the tools' documented installers; it is rebuilt on a developer's machine, not shipped.
    if (model.purpose === "dev") return;
    for (const stage of model.stages) {
      if (!model.shippedStages.has(stage)) continue;
      // A later RUN of the stage that checks a file by name counts: the index of the last RUN naming each file.
      const lastCheck = new Map<string, number>();
      stage.runs.forEach((run, r) => {
        for (const name of checkedNames(run)) lastCheck.set(name, r);
      });
      stage.runs.forEach((run, r) => {
        if (runVerifies(run)) return;
        for (const [download, use] of firstUses(run)) {
          if (download.output.kind === "file" && (lastCheck.get(basename(download.output.path)) ?? -1) > r) continue;
          // `apk add --allow-untrusted FILE`: SE007 reports the check turned off, with the same advice.
          if (packageSignatureOff(use.command)) continue;
          ctx.report({ at: download.command.command.span, message: message(download, use) });
        }
      });
    }
  },
});
