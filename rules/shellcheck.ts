import { defineRule, md, type Severity } from "../src/engine/rule.js";
import type { MappedText } from "../src/text/mapped-text.js";
import type { Span } from "../src/text/source.js";
import type { RunInfo, Stage } from "../src/model/types.js";
import type { ShellCheckComment, ShellDialect } from "../src/shellcheck/runner.js";

const WIKI = "https://www.shellcheck.net/wiki";

/**
 * Codes that are false alarms in a Dockerfile whatever the script: SC1090/SC1091 (`.`/`source` of a file
 * that exists in the image, not here), SC2187 (ash is not supported: busybox's /bin/sh is checked as sh),
 * SC1008/SC1128/SC2148 (shebang and dialect: slimlint sets the dialect itself). hadolint drops SC1090 and
 * SC2187 too.
 */
const DROPPED = new Set([1008, 1090, 1091, 1128, 2148, 2187]);

/**
 * POSIX-portability codes (SC3xxx: "In POSIX sh, X is undefined") for features busybox ash has: `[[ ]]`,
 * `==`, `local`, `$'…'`, `&>`, `<<<`, `${v:1:2}`, `${v/a/b}`, `echo -e/-n`, `set -o pipefail`, `source`,
 * `$RANDOM`, `((i++))`. ShellCheck 0.9 knows no busybox dialect, so alpine's /bin/sh is checked as sh
 * without these.
 */
const BUSYBOX_HAS = new Set([3003, 3010, 3011, 3014, 3018, 3020, 3028, 3037, 3040, 3043, 3046, 3051, 3057, 3060]);

/** Variables every RUN has: the environment Docker sets, and the proxy ARGs BuildKit predefines. */
const ALWAYS_DEFINED = new Set([
  "PATH",
  "HOME",
  "HOSTNAME",
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "FTP_PROXY",
  "ftp_proxy",
  "NO_PROXY",
  "no_proxy",
  "ALL_PROXY",
  "all_proxy",
]);

const POSIX_SHELLS: Record<string, ShellDialect | "image"> = { sh: "image", ash: "image", bash: "bash", dash: "dash", ksh: "ksh" };

/** How a script is checked: the dialect, what the message says about it, and which portability codes do not apply. */
interface Dialect {
  readonly dialect: ShellDialect;
  readonly why: string;
  /** SC3xxx codes that are not problems for this shell. */
  readonly portable: (code: number) => boolean;
}

const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** The dialect of a shell program (`/bin/bash`, `sh`); undefined when it is not a shell ShellCheck knows. */
function dialectOf(program: string, stage: Stage, source: string): Dialect | undefined {
  const kind = POSIX_SHELLS[lastSegment(program)];
  if (kind === undefined) return undefined;
  if (kind !== "image") return { dialect: kind, why: `${kind}, ${source}`, portable: () => false };
  if (stage.base.shellKind === "dash") return { dialect: "dash", why: `dash, /bin/sh in ${stage.base.family}`, portable: () => false };
  if (stage.base.shellKind === "busybox")
    return { dialect: "sh", why: "sh, /bin/sh being busybox ash", portable: (code) => BUSYBOX_HAS.has(code) };
  // Which shell /bin/sh is in an image slimlint does not know (dash, bash, busybox) is unknown: no portability codes.
  return { dialect: "sh", why: "POSIX sh, the image's /bin/sh being unknown", portable: (code) => code >= 3000 && code < 4000 };
}

/** Script text built from pieces of the Dockerfile, each mapped to the source. */
class ScriptText {
  text = "";
  /** Where each piece starts in `text`, and its mapping: a MappedText, or one source offset for synthetic text. */
  private readonly pieces: { readonly start: number; readonly map: MappedText | number }[] = [];

  add(piece: MappedText): this {
    this.pieces.push({ start: this.text.length, map: piece });
    this.text += piece.text;
    return this;
  }

  /** Text that is not in the source (a newline between pieces), mapped to `at`. */
  addSynthetic(text: string, at: number): this {
    this.pieces.push({ start: this.text.length, map: at });
    this.text += text;
    return this;
  }

  /** The source span of ShellCheck's range (1-based lines, columns in code points, end exclusive). */
  span(c: ShellCheckComment): Span {
    const start = this.sourceAt(this.index(c.line, c.column));
    const endIndex = this.index(c.endLine, c.endColumn);
    const end = endIndex > 0 ? this.sourceAt(endIndex - 1) + 1 : start;
    return { start, end: Math.max(start, end) };
  }

  private sourceAt(index: number): number {
    const i = Math.max(0, Math.min(index, this.text.length - 1));
    let piece = this.pieces[0];
    for (const p of this.pieces) if (p.start <= i) piece = p;
    if (!piece) return 0;
    return typeof piece.map === "number" ? piece.map : piece.map.sourceOffset(i - piece.start);
  }

  private index(line: number, column: number): number {
    let at = 0;
    for (let l = 1; l < line; l++) {
      const next = this.text.indexOf("\n", at);
      if (next < 0) return this.text.length;
      at = next + 1;
    }
    for (let col = 1; col < column && at < this.text.length && this.text[at] !== "\n"; col++) {
      const code = this.text.charCodeAt(at);
      at += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    return at;
  }
}

interface Script {
  readonly run: RunInfo;
  readonly text: ScriptText;
  readonly dialect: Dialect;
}

/** The scripts of a RUN ShellCheck can check: the shell-form command line, or the heredoc bodies it runs. */
function scriptsOf(run: RunInfo): Script[] {
  const instruction = run.instruction;
  if (instruction.json || run.script === undefined) return []; // exec form, or a SHELL that is not a POSIX shell
  const shell = dialectOf(run.shell[0] ?? "", run.stage, run.stage.shellAt(instruction).custom ? "the SHELL" : "/bin/sh");
  if (!shell) return [];
  if (instruction.heredocs.length === 0) return [{ run, text: new ScriptText().add(instruction.args), dialect: shell }];
  const first = run.script.commands[0];
  const program = first?.words[0]?.value;
  const runsHeredoc =
    first === undefined ||
    first.words.length === 0 ||
    (program !== undefined && POSIX_SHELLS[lastSegment(program)] !== undefined && first.words.length === 1);
  if (runsHeredoc) {
    // `RUN <<EOF` and `RUN bash <<EOF`: each body is a script (the model drops bodies with another interpreter's #!).
    const runner = program !== undefined && first?.words.length === 1 ? dialectOf(program, run.stage, "which runs the heredoc") : shell;
    return run.heredocBodies.flatMap((body): Script[] => {
      const line = body.text.split("\n", 1)[0] ?? "";
      const shebang = /^#!\s*(?:\S*\/env\s+)?(\S+)/.exec(line);
      const dialect = shebang ? dialectOf(shebang[1] as string, run.stage, "the heredoc's #! line") : runner;
      if (!dialect) return [];
      const text = new ScriptText();
      // The #! line becomes a comment of the same length: the dialect is a directive ShellCheck reads first.
      if (shebang) text.addSynthetic("# ", body.sourceOffset(0)).add(body.slice(2));
      else text.add(body);
      return [{ run, text, dialect }];
    });
  }
  // `RUN cat <<EOF > /etc/x`: the heredocs are the command's input: checked with the command line, bodies and delimiters.
  const text = new ScriptText().add(instruction.args);
  for (const heredoc of instruction.heredocs) {
    const end = heredoc.body.sourceOffset(heredoc.body.text.length);
    text.addSynthetic("\n", end);
    if (heredoc.body.text !== "") text.add(heredoc.body);
    if (heredoc.body.text !== "" && !heredoc.body.text.endsWith("\n")) text.addSynthetic("\n", end);
    text.addSynthetic(heredoc.delimiter, end);
  }
  return [{ run, text, dialect: shell }];
}

/** SC2154 (referenced but not assigned) for a variable the Dockerfile or the image defines is a false alarm. */
function definedOutside(name: string, run: RunInfo): boolean {
  return run.stage.base.family === "unknown" || definedByDockerfile(name, run); // an image slimlint does not know may set any variable
}

/** An ARG, ENV, the base image, a secret mount or Docker itself defines the variable for the RUN. */
function definedByDockerfile(name: string, run: RunInfo): boolean {
  const stage = run.stage;
  return (
    ALWAYS_DEFINED.has(name) ||
    stage.scopeAt(run.instruction).has(name) ||
    Object.hasOwn(stage.base.env, name) ||
    run.mounts.some((m) => m.env === name)
  );
}

/** A ShellCheck comment that is a false alarm because the script runs in a Dockerfile. */
function dockerfileFalseAlarm(c: ShellCheckComment, script: Script, span: Span, source: string): boolean {
  switch (c.code) {
    case 2154: {
      // "x is referenced but not assigned": an ARG, ENV or the image assigns it.
      const name = /^(\S+) is referenced but not assigned/.exec(c.message)?.[1];
      return name === undefined || definedOutside(name, script.run);
    }
    case 3028: {
      // "In dash, UID is not supported": bash's special variable, but here an ARG or ENV of that name.
      const name = /^In \S+, (\S+) is not supported/.exec(c.message)?.[1];
      return name === undefined || definedByDockerfile(name, script.run);
    }
    case 3009:
      // "In dash, brace expansion is not supported": curl expands `{a,b}` in its URLs itself.
      return script.run.commands.some((c) => c.name === "curl" && c.command.span.start <= span.start && span.end <= c.command.span.end);
    case 3036:
    case 3037:
      // "In dash, echo flags are not supported": about dash's builtin echo; `/bin/echo -e` runs the echo program
      // (coreutils or busybox), which takes them. ShellCheck matches on the command's base name.
      return script.run.commands.some(
        (c) =>
          c.name === "echo" &&
          c.program?.value.startsWith("/") === true &&
          c.command.span.start <= span.start &&
          span.end <= c.command.span.end,
      );
    case 2115:
      // "Use ${var:?} to ensure this never expands to /usr/bin/*": a literal path removed on purpose from the image.
      return !source.slice(span.start, span.end).includes("$");
    default:
      return false;
  }
}

/**
 * Codes ShellCheck calls warnings that are info in a Dockerfile: SC2046 (an unquoted `$(…)` is split into
 * words) is SC2086's sibling, and in RUN lines it nearly always wraps a command that prints one word
 * (`$(nproc)`, `$(go env GOARCH)`, `$(uname -m)`) or splits on purpose (`go build $(… echo -tags x)`).
 */
const INFO_IN_DOCKERFILES = new Set([2046]);

/**
 * ShellCheck's time grows faster than the script (a 400 kB script took minutes): a script longer than
 * this is not checked, nor a file whose scripts add up to more than MAX_FILE.
 */
const MAX_SCRIPT = 32 * 1024;
const MAX_FILE = 256 * 1024;
/**
 * ShellCheck also costs about 1.5 ms per script (one file each): 20,000 one-line RUNs took 30 s, which an
 * editor re-linting on every edit cannot afford. Real Dockerfiles have far fewer (55 at most in the 566-file
 * corpus); a file with more RUN scripts than this is not checked.
 */
const MAX_SCRIPTS = 1000;

/**
 * Assignments of the variables a script uses that an ARG, an ENV or the base image gives a plain value
 * (no blank, quote or glob): ShellCheck then knows their value, as the shell will, and does not ask to quote them (SC2086).
 * hadolint does the same with an `export NAME=1` per ARG and ENV; here a value with a blank keeps SC2086.
 */
function prelude(script: Script): string[] {
  const scope = script.run.stage.scopeAt(script.run.instruction);
  const names = new Set([...script.text.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string));
  const lines: string[] = [];
  for (const name of names) {
    const base = script.run.stage.base.env;
    const binding = scope.get(name);
    const value = binding?.value ?? (Object.hasOwn(base, name) ? base[name] : undefined);
    if (value !== undefined && /^[A-Za-z0-9_./:@%+,=-]+$/.test(value)) lines.push(`${name}=${value}`);
    // An ARG without a default (TARGETARCH, VERSION) gets its value from --build-arg: a word, as hadolint assumes.
    else if (value === undefined && binding?.kind === "arg") lines.push(`${name}=value`);
  }
  return lines;
}

const SEVERITY: Record<ShellCheckComment["level"], Severity> = { error: "warning", warning: "warning", info: "info", style: "info" };

export default defineRule({
  id: "SC",
  name: "shellcheck",
  severity: "warning",
  summary: "ShellCheck's findings on RUN scripts, checked in the dialect of the shell that runs them",
  rationale: md`
    A RUN is a shell script, with a shell script's pitfalls: an unquoted \`$VAR\` split into words, a
    \`[[ … ]]\` that Debian's dash rejects, a \`cd\` that fails silently. When a \`shellcheck\` binary is on
    PATH (\`apt-get install shellcheck\`), slimlint runs it on every shell-form RUN and every heredoc
    script a RUN runs, and reports its findings at their place in the Dockerfile (through continuation
    lines, the \`# escape=\` character and RUN flags), under ShellCheck's own codes: \`SC2086\`.

    The dialect is the one that runs the script: the SHELL instruction (bash, dash, ksh, sh); else the
    image's /bin/sh, dash for Debian and Ubuntu, busybox ash for alpine (checked as sh, without the
    portability codes for features busybox has), POSIX sh for an image slimlint does not know (without
    portability codes: its /bin/sh may be bash). Exec-form RUNs, non-POSIX SHELLs (pwsh, cmd) and heredocs
    for another interpreter are not checked. False alarms a Dockerfile causes are dropped: SC2154 for a
    variable an ARG, an ENV, the base image or a secret mount defines (and for any variable on an image
    slimlint does not know), SC3028 for an ARG or ENV named like a bash variable (\`UID\`), SC2115 for a
    literal path removed on purpose (\`rm -rf /usr/bin/*\`), SC3009 in a curl command (curl expands
    \`{a,b}\` in URLs itself), SC1090/SC1091 (sourced files live in the image). ShellCheck is told the
    plain values ARGs, ENVs and the image give the variables a script uses (an ARG without a default
    counts as one word, as hadolint assumes), so it does not ask to quote \`$VERSION\` (SC2086).

    By default ShellCheck's errors and warnings are reported, as warnings; SC2046 (an unquoted \`$(…)\`,
    nearly always \`$(nproc)\` or \`$(go env GOARCH)\` in a RUN) counts as info, like SC2086. \`--rule
    shellcheck=info\` adds the info and style findings (all at info), \`--rule SC2086=warning\` turns
    on one code, \`--rule SC2164=off\` turns one off, and \`--rule shellcheck=off\` all of them. \`# slimlint ignore=SC2086\` and
    \`# hadolint ignore=SC2086\` suppress a code on the next instruction. ShellCheck runs once per
    Dockerfile; without the binary the rule is skipped (\`slimlint rules\` says so), and
    \`SLIMLINT_SHELLCHECK\` names another binary (or \`off\`).`,
  examples: {
    bad: md`
      FROM debian:bookworm-slim
      RUN if [[ -f /etc/os-release ]]; then . /etc/os-release; fi`,
    good: md`
      FROM debian:bookworm-slim
      RUN if [ -f /etc/os-release ]; then . /etc/os-release; fi`,
  },
  fix: "none",
  codes: { pattern: /^SC\d{4}$/, docsUrl: (code) => `${WIKI}/${code}` },
  requires: "shellcheck",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    const runner = ctx.shellcheck;
    // Without the binary the scripts are not even made (it is looked up once, at the first shell-form RUN).
    if (!runner || !model.stages.some((stage) => stage.runs.some((run) => run.script)) || !runner.binary()) return;
    const scripts = model.stages
      .flatMap((stage) => stage.runs.flatMap(scriptsOf))
      .filter((s) => s.text.text.trim() !== "" && s.text.text.length <= MAX_SCRIPT);
    if (scripts.length === 0 || scripts.length > MAX_SCRIPTS) return;
    let total = 0;
    for (const script of scripts) total += script.text.text.length;
    if (total > MAX_FILE) return;
    const results = runner.check(scripts.map((s) => ({ text: s.text.text, dialect: s.dialect.dialect, prelude: prelude(s) })));
    if (!results) return;
    const all = ctx.level === "info";
    scripts.forEach((script, i) => {
      for (const c of results[i] ?? []) {
        const code = `SC${c.code}`;
        if (DROPPED.has(c.code) || script.dialect.portable(c.code)) continue;
        const level = INFO_IN_DOCKERFILES.has(c.code) ? "info" : c.level;
        if (ctx.codeLevels.get(code) === undefined && !all && (level === "info" || level === "style")) continue;
        const at = script.text.span(c);
        if (dockerfileFalseAlarm(c, script, at, model.source.text)) continue;
        const message = /[.?!]$/.test(c.message) ? c.message : `${c.message}.`;
        ctx.report({ at, severity: SEVERITY[level], code, message: `ShellCheck ${code} (checked as ${script.dialect.why}): ${message}` });
      }
    });
  },
});
