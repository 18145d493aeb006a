import { defineRule, md } from "../src/engine/rule.js";
import { downloadsOf, fileUses, packageSignatureOff, runVerifies, tarExtractsStdin, type Download, type FileUse } from "../src/model/downloads.js";
import { basename } from "../src/model/paths.js";
import type { CommandInfo, RunInfo } from "../src/model/types.js";

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);
/** Tools that run other code (a script, a Makefile): one of them could check the download, so a RUN with one is not judged. */
const RUNNERS = new Set(["make", "gmake", "task", "just", "python", "python3", "perl", "ruby", "node"]);

const VERB: Record<FileUse, string> = { executed: "runs", installed: "installs", extracted: "extracts" };

/** What the using command does, in words: `chmod +x` makes the file executable rather than installing it. */
const verb = (use: { command: CommandInfo; how: FileUse }) => (use.command.name === "chmod" ? "makes it executable" : `${VERB[use.how]} it`);

/** A script or build tool in the RUN that does not itself run a downloaded file: it may check the file. */
function mayVerify(command: CommandInfo, downloaded: ReadonlySet<string>): boolean {
  if (!command.opaque || fileUses(command).some((u) => downloaded.has(u.path))) return false;
  const program = command.program?.value ?? "";
  return program.includes("/") || /\.(sh|bash|py)$/.test(program) || (command.name !== undefined && (RUNNERS.has(command.name) || SHELLS.has(command.name)));
}

/**
 * The first command after the download, in the same RUN, that runs, installs or extracts its file (or reads
 * its stdout through a pipe into tar); undefined when a script that could check the file runs before it.
 */
function firstUse(run: RunInfo, download: Download, downloaded: ReadonlySet<string>): { command: CommandInfo; how: FileUse } | undefined {
  const commands = run.commands;
  const at = commands.indexOf(download.command);
  const output = download.output;
  if (output.kind === "stdout") {
    const next = commands[at + 1];
    if (!next || next.command.pipeline !== download.command.command.pipeline || next.command.pipePosition !== download.command.command.pipePosition + 1) return undefined;
    return tarExtractsStdin(next) ? { command: next, how: "extracted" } : undefined;
  }
  if (output.kind !== "file") return undefined;
  for (const command of commands.slice(at + 1)) {
    const use = fileUses(command).find((u) => u.path === output.path);
    if (use) return { command, how: use.how };
    if (mayVerify(command, downloaded)) return undefined;
  }
  return undefined;
}

/**
 * A later RUN of the stage checks the file before it ships: it runs a hash or signature tool and names the
 * file (`minisign -Vm /go/bin/mc …`, `echo "<sha256>  /usr/local/bin/tool" | sha256sum -c`).
 */
function checkedLater(later: readonly RunInfo[], path: string): boolean {
  const name = basename(path);
  return later.some((run) => runVerifies(run) && run.commands.some((c) => [c.program, ...c.args].some((w) => w?.value.includes(name))));
}

function message(download: Download, use: { command: CommandInfo; how: FileUse }): string {
  const user = use.command.name ?? use.command.program?.value ?? "the next command";
  const unchecked = "without a checksum or signature check, so whatever the server returns at build time goes into the image";
  const url = download.urls[0];
  // A URL built from variables (a version, TARGETARCH) needs one checksum per value: the release's checksums file has them.
  const varying = download.urls.some((w) => w.hasExpansion) ? " (one per version and architecture: the release's checksums file lists them)" : "";
  if (download.output.kind !== "file") {
    return `\`${download.tool} … | ${user}\` ${VERB[use.how]} a download ${unchecked}. Download it to a file, check it against a known SHA-256${varying} with \`echo "<sha256>  FILE" | sha256sum -c\`, then extract it.`;
  }
  const file = download.output.path;
  const literalUrl = url && !url.hasExpansion && /^https:\/\//.test(url.value) && download.urls.length === 1 && file.startsWith("/");
  const add = literalUrl ? `, or fetch it with \`ADD --checksum=sha256:<sha256> ${url.value} ${file}\`` : "";
  return `\`${download.tool}\` downloads \`${file}\` and this RUN ${verb(use)} (\`${user}\`) ${unchecked}. Check it first against a known SHA-256${varying}: \`echo "<sha256>  ${file}" | sha256sum -c\`${add}.`;
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
      for (const run of stage.runs) {
        const downloads = downloadsOf(run);
        if (downloads.length === 0 || runVerifies(run)) continue;
        const files = new Set(downloads.flatMap((d) => (d.output.kind === "file" ? [d.output.path] : [])));
        const later = stage.runs.slice(stage.runs.indexOf(run) + 1);
        for (const download of downloads) {
          if (download.output.kind === "file" && checkedLater(later, download.output.path)) continue;
          const use = firstUse(run, download, files);
          // `apk add --allow-untrusted FILE`: SE007 reports the check turned off, with the same advice.
          if (!use || packageSignatureOff(use.command)) continue;
          ctx.report({ at: download.command.command.span, message: message(download, use) });
        }
      }
    }
  },
});
