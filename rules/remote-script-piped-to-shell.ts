import { defineRule, md } from "../src/engine/rule.js";
import type { CommandInfo } from "../src/model/types.js";

const FETCHERS = new Set(["curl", "wget"]);
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);

export default defineRule({
  id: "SE005",
  name: "remote-script-piped-to-shell",
  severity: "warning",
  summary: "A RUN pipes a downloaded script into a shell (`curl … | sh`)",
  rationale: md`
    \`curl … | sh\` runs whatever the server sends at build time, unverified and unpinned: a compromised
    host, a hijacked DNS name or a silent upstream change puts new code into your image, and the build is
    not reproducible. Download to a file, check it against a known SHA-256, then run it; or install the
    tool from a package or a pinned release with a checksum (\`ADD --checksum=…\`).`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS tools
      RUN curl -sSfL https://example.com/install.sh | sh -s -- -b /usr/local/bin v1.2.3`,
    good: md`
      FROM golang:1.23-alpine AS tools
      ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
https://example.com/tool-v1.2.3.tar.gz /tmp/tool.tgz
      RUN tar -xzf /tmp/tool.tgz -C /usr/local/bin tool`,
  },
  fix: "none",
  equivalents: [],
  tags: ["security", "reproducibility"],
  precision: "high",
  check(model, ctx) {
    // A dev container follows the tools' documented installers; it is rebuilt on a developer's machine, not shipped.
    if (model.purpose === "dev") return;
    for (const run of model.stages.flatMap((s) => s.runs)) {
      const commands = run.commands;
      const shellAfter = shellsLaterInPipeline(commands);
      commands.forEach((fetch, i) => {
        if (!fetch.name || !FETCHERS.has(fetch.name)) return;
        const shell = shellAfter(i);
        if (!shell) return;
        ctx.report({
          at: { start: fetch.command.span.start, end: shell.command.span.end },
          message:
            `\`${fetch.name} … | ${[
              shell.name,
              ...(shell.name === "sudo" || shell.name === "env" ? shell.args.slice(0, 1).map((w) => w.value) : []),
            ].join(" ")}\` runs a downloaded script unverified: whatever the server sends at build time ends up in the image. ` +
            `Download it to a file, check its SHA-256, then run it, or install the tool from a pinned release with ` +
            `\`ADD --checksum=sha256:…\`.`,
        });
      });
      for (const command of commands) {
        if (!isShell(command)) continue;
        const script = command.args.find(
          (w) => w.hasExpansion && w.parts.some((p) => p.kind === "substitution" && /\b(curl|wget)\b/.test(p.text)),
        );
        if (!script || !command.args.some((w) => w.value === "-c")) continue;
        ctx.report({
          at: command.command.span,
          message:
            `\`${command.name} -c "$(curl …)"\` runs a downloaded script unverified: whatever the server sends at build time ends up ` +
            `in the image. Download it to a file, check its SHA-256, then run it.`,
        });
      }
    }
  },
});

function isShell(command: CommandInfo): boolean {
  if (command.name && SHELLS.has(command.name)) return true;
  // `sudo sh`, `env sh`
  return (
    (command.name === "sudo" || command.name === "env") && command.args.some((w) => SHELLS.has(w.value.slice(w.value.lastIndexOf("/") + 1)))
  );
}

/**
 * For the command at an index, the first later command of its pipeline, further down the pipe, that is a
 * shell. Each pipeline's shells are listed once, so a long pipeline is not rescanned per command.
 */
function shellsLaterInPipeline(commands: readonly CommandInfo[]): (at: number) => CommandInfo | undefined {
  const shells = new Map<number, number[]>();
  commands.forEach((c, at) => {
    if (!isShell(c)) return;
    const list = shells.get(c.command.pipeline);
    if (list) list.push(at);
    else shells.set(c.command.pipeline, [at]);
  });
  return (at) => {
    const fetch = commands[at] as CommandInfo;
    const list = shells.get(fetch.command.pipeline) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < list.length; k++) {
      const shell = commands[list[k] as number] as CommandInfo;
      if (shell.command.pipePosition > fetch.command.pipePosition) return shell;
    }
    return undefined;
  };
}
