import type { MappedText } from "../text/mapped-text.js";
import type { Instruction } from "../parse/types.js";
import { parseShell, splitAssignment, type ShellScript, type SimpleCommand } from "../shell/commands.js";
import type { ShellWord } from "../shell/words.js";
import type { Flag } from "../parse/types.js";
import { isOpaqueCommand } from "./opaque.js";
import { normalizePath, resolvePath } from "./paths.js";
import { expandWord, referencedVariables, type Binding, type Scope } from "./scope.js";
import type { CommandInfo, Mount, RunInfo, Stage } from "./types.js";

const POSIX_SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"]);

export interface RunState {
  readonly scope: Scope;
  readonly workdir: string | undefined;
  readonly goEnv: ReadonlyMap<string, Binding>;
  /** The SHELL in effect (`["/bin/sh", "-c"]` by default). */
  readonly shell: readonly string[];
}

export const DEFAULT_SHELL: readonly string[] = ["/bin/sh", "-c"];
/** Docker's default SHELL on Windows images. */
export const WINDOWS_SHELL: readonly string[] = ["cmd", "/S", "/C"];
const POSIX_SHELL = /(^|\/)(sh|bash|ash|dash|zsh|ksh)$/;

/** A SHELL's options turn pipefail on: `-o pipefail`, `-opipefail`, or combined short options before it (`-eo pipefail`). */
export function shellHasPipefail(shell: readonly string[]): boolean {
  return shell.some((arg, i) => arg === "-opipefail" || (/^-[a-zA-Z]*o$/.test(arg) && shell[i + 1] === "pipefail"));
}

/** A SHELL's options stop at the first failing command: `-e`, `-eo pipefail`, `-eux`, `-o errexit`, before the `-c`. */
export function shellHasErrexit(shell: readonly string[]): boolean {
  if (!POSIX_SHELL.test(shell[0] ?? "")) return false;
  const options = shell.slice(1);
  return options.some((arg, i) => /^-[a-zA-Z]*e[a-zA-Z]*$/.test(arg) || (/^-[a-zA-Z]*o$/.test(arg) && options[i + 1] === "errexit"));
}

/** `--mount=…` flags with their options named: type (bind by default), target under any of its names, from, id. */
export function typedMount(flag: Flag): Mount {
  const o = flag.options;
  const target = o.get("target") ?? o.get("dst") ?? o.get("destination");
  return {
    flag,
    type: o.get("type") ?? "bind",
    target: target === undefined || target === "" ? undefined : normalizePath(target.startsWith("/") ? target : `/${target}`),
    from: o.get("from"),
    source: o.get("source") ?? o.get("src"),
    id: o.get("id"),
    env: o.get("env"),
  };
}

const NO_SCRIPTS: readonly ShellScript[] = Object.freeze([]);
const NO_BODIES: readonly MappedText[] = Object.freeze([]);
const NO_MOUNTS: readonly Mount[] = Object.freeze([]);

/** A RUN as analysed; one class so that every RUN of a large file shares a shape (an object literal with getters does not). */
class AnalyzedRun implements RunInfo {
  script: ShellScript | undefined = undefined;
  incomplete = false;
  // Shared empty lists until a RUN has heredocs (most have none, and a large file has many RUNs).
  heredocScripts: readonly ShellScript[] = NO_SCRIPTS;
  heredocBodies: readonly MappedText[] = NO_BODIES;
  commands: CommandInfo[] = [];

  constructor(
    readonly instruction: Instruction,
    readonly stage: Stage,
    readonly mounts: readonly Mount[],
    readonly shell: readonly string[],
    readonly shellPipefail: boolean,
    readonly shellErrexit: boolean,
  ) {}

  get opaque(): boolean {
    return this.incomplete || (this.script === undefined && this.instruction.json === undefined) || this.commands.some((c) => c.opaque);
  }
}

/** Parses one RUN and follows the shell state through its commands. Returns the RUN and the `go env -w` settings after it. */
export function analyzeRun(instruction: Instruction, stage: Stage, state: RunState): { run: RunInfo; goEnv: ReadonlyMap<string, Binding> } {
  const mountFlags = instruction.flags.filter((f) => f.name === "mount");
  const mounts = mountFlags.length === 0 ? NO_MOUNTS : mountFlags.map(typedMount);
  const run = new AnalyzedRun(instruction, stage, mounts, state.shell, shellHasPipefail(state.shell), shellHasErrexit(state.shell));
  const { commands } = run;

  if (instruction.json) {
    const words = instruction.json.map(
      (w): ShellWord => ({
        value: w.value,
        span: w.span,
        parts: [{ kind: "literal", text: w.value, quoted: true }],
        quoted: true,
        hasExpansion: false,
      }),
    );
    const command: SimpleCommand = {
      assignments: [],
      words,
      redirects: [],
      pipeline: 0,
      pipePosition: 0,
      after: "",
      subshell: 0,
      condition: false,
      branched: false,
      span: instruction.args.sourceSpan(0, instruction.args.text.length),
    };
    const simulation = new ShellSimulation(run, state, commands);
    simulation.step(command);
    return { run, goEnv: simulation.goEnv };
  }
  if (!POSIX_SHELL.test(state.shell[0] ?? "")) {
    run.incomplete = true;
    return { run, goEnv: state.goEnv };
  }

  const script = parseShell(instruction.args);
  run.script = script;
  run.incomplete = script.incomplete;
  const simulation = new ShellSimulation(run, state, commands);
  for (const command of script.commands) {
    const heredocOnly = command.words.length === 0 && command.redirects.some((r) => r.op === "<<" || r.op === "<<-");
    if (!heredocOnly) simulation.step(command);
  }
  const bodies = scriptHeredocs(instruction, script);
  if (bodies.length > 0) {
    const scripts: ShellScript[] = [];
    for (const body of bodies) {
      const parsed = parseShell(body);
      scripts.push(parsed);
      if (parsed.incomplete) run.incomplete = true;
      for (const command of parsed.commands) simulation.step(command);
    }
    run.heredocScripts = scripts;
    run.heredocBodies = [...bodies];
  }
  run.commands = commands.slice(); // without the spare capacity push left
  return { run, goEnv: simulation.goEnv };
}

/** Heredoc bodies the shell runs as a script: `RUN <<EOF` or `RUN bash <<EOF`, without a non-shell `#!` line. */
function scriptHeredocs(instruction: Instruction, script: ShellScript): MappedText[] {
  if (instruction.heredocs.length === 0) return [];
  const first = script.commands[0];
  const program = first?.words[0] ? lastSegment(first.words[0].value) : undefined;
  const runsScript =
    first === undefined || first.words.length === 0 || (program !== undefined && POSIX_SHELLS.has(program) && first.words.length === 1);
  if (!runsScript) return [];
  const bodies: MappedText[] = [];
  for (const heredoc of instruction.heredocs) {
    const firstLine = heredoc.body.text.split("\n", 1)[0] ?? "";
    if (firstLine.startsWith("#!") && !/\b(sh|bash|ash|dash)\s*$/.test(firstLine.trim())) continue;
    bodies.push(heredoc.body);
  }
  return bodies;
}

const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** Follows exports, shell variables, `cd`, `set -a` and `go env -w` from one command to the next. */
class ShellSimulation {
  private env: Scope;
  private vars: Scope;
  private cwd: string | undefined;
  private allExport = false;
  private pipefail: boolean;
  private errexit: boolean;
  /** The shell state saved when a `( … )` subshell started, restored when it ends. */
  private saved: { env: Scope; vars: Scope; cwd: string | undefined; pipefail: boolean; errexit: boolean }[] | undefined;
  /** Replaced, never mutated, so commands can keep the map they saw. */
  goEnv: ReadonlyMap<string, Binding>;

  constructor(
    private readonly run: RunInfo,
    state: RunState,
    private readonly out: CommandInfo[],
  ) {
    this.env = state.scope;
    this.vars = state.scope;
    this.cwd = state.workdir;
    this.goEnv = state.goEnv;
    this.pipefail = run.shellPipefail;
    this.errexit = run.shellErrexit;
  }

  step(command: SimpleCommand): void {
    if (command.subshell > 0 || this.saved) {
      const saved = (this.saved ??= []);
      while (saved.length < command.subshell)
        saved.push({ env: this.env, vars: this.vars, cwd: this.cwd, pipefail: this.pipefail, errexit: this.errexit });
      while (saved.length > command.subshell) {
        const outer = saved.pop() as (typeof saved)[number];
        ({ env: this.env, vars: this.vars, cwd: this.cwd, pipefail: this.pipefail, errexit: this.errexit } = outer);
      }
    }
    const inline = command.assignments.map(
      (a): Binding => ({
        name: a.name,
        value: expandWord(a.value, this.vars, "unknown"),
        kind: "inline",
        at: a.word.span,
        from: referencedVariables(a.value),
        valueWord: a.value,
      }),
    );
    if (command.words.length === 0) {
      // Set in one branch of an `if` (or a loop, or after `||`): afterwards it holds that value or another.
      const kept = command.branched ? inline.map((b) => ({ ...b, value: undefined })) : inline;
      this.vars = this.vars.with(kept.map((b) => ({ ...b, kind: "shell" })));
      const exported = kept.filter((b) => this.allExport || this.env.has(b.name));
      this.env = this.env.with(exported.map((b) => ({ ...b, kind: "export" })));
      return;
    }
    let words = command.words;
    let extra: Binding[] = [];
    // `env A=1 cmd …` runs cmd with A set.
    if (commandName(words[0]) === "env") {
      let i = 1;
      for (; i < words.length; i++) {
        const assignment = splitAssignment(words[i] as ShellWord);
        if (!assignment) break;
        extra.push({
          name: assignment.name,
          value: expandWord(assignment.value, this.vars, "unknown"),
          kind: "inline",
          at: (words[i] as ShellWord).span,
          from: referencedVariables(assignment.value),
          valueWord: assignment.value,
        });
      }
      if (i < words.length && !(words[i] as ShellWord).value.startsWith("-")) words = words.slice(i);
      else extra = [];
    }
    const env = this.env.with([...inline, ...extra]);
    const name = commandName(words[0]);
    const args = words.slice(1);
    const info: CommandInfo = {
      command,
      run: this.run,
      name,
      program: words[0],
      args,
      env,
      vars: this.vars,
      cwd: this.cwd,
      goEnv: this.goEnv,
      pipefail: this.pipefail,
      errexit: this.errexit,
      opaque: isOpaqueCommand(name, words[0], args),
    };
    this.out.push(info);
    this.applyEffects(info);
  }

  private applyEffects(info: CommandInfo): void {
    const args = info.args;
    switch (info.name) {
      case "export":
      case "declare":
      case "typeset":
        for (const word of args) {
          if (word.value.startsWith("-")) continue;
          const assignment = splitAssignment(word);
          if (assignment) {
            const value = info.command.branched ? undefined : expandWord(assignment.value, this.vars, "unknown");
            const b: Binding = {
              name: assignment.name,
              value,
              kind: "export",
              at: word.span,
              from: referencedVariables(assignment.value),
              valueWord: assignment.value,
            };
            this.env = this.env.with([b]);
            this.vars = this.vars.with([b]);
          } else if (info.name === "export") {
            const existing = this.vars.get(word.value);
            if (existing) this.env = this.env.with([{ ...existing, kind: "export" }]);
          }
        }
        return;
      case "unset": {
        const names = args.filter((w) => !w.value.startsWith("-")).map((w) => w.value);
        this.env = this.env.without(names);
        this.vars = this.vars.without(names);
        return;
      }
      case "set":
        if (args.some((w, i) => (/^-[a-zA-Z]*o$/.test(w.value) && args[i + 1]?.value === "pipefail") || w.value === "-opipefail"))
          this.pipefail = true;
        if (
          args.some((w, i) => /^-[a-zA-Z]*e[a-zA-Z]*$/.test(w.value) || (/^-[a-zA-Z]*o$/.test(w.value) && args[i + 1]?.value === "errexit"))
        )
          this.errexit = true;
        if (args.some((w, i) => /^\+[a-zA-Z]*e[a-zA-Z]*$/.test(w.value) || (w.value === "+o" && args[i + 1]?.value === "errexit")))
          this.errexit = false;
        if (args.some((w) => /^-[a-zA-Z]*a/.test(w.value)) || args.some((w, i) => w.value === "-o" && args[i + 1]?.value === "allexport"))
          this.allExport = true;
        return;
      case "cd": {
        const target = args.find((w) => !w.value.startsWith("-") || w.value === "-");
        const path = target && !info.command.branched ? expandWord(target, this.vars, "unknown") : undefined;
        this.cwd = path === undefined || path === "-" ? undefined : resolvePath(path, this.cwd);
        return;
      }
      case "go":
        if (args[0]?.value === "env" && args.some((w) => w.value === "-w" || w.value === "-u")) {
          const next = new Map(this.goEnv);
          const unset = args.some((w) => w.value === "-u");
          for (const word of args.slice(1)) {
            if (word.value.startsWith("-")) continue;
            const assignment = splitAssignment(word);
            if (assignment)
              next.set(assignment.name, {
                name: assignment.name,
                value: expandWord(assignment.value, info.vars, "unknown"),
                kind: "go-env",
                at: word.span,
                from: referencedVariables(assignment.value),
                valueWord: assignment.value,
              });
            else if (unset) next.delete(word.value);
          }
          this.goEnv = next;
        }
        return;
      default:
        return;
    }
  }
}

/** The program a command word runs: `/usr/local/go/bin/go` → "go"; undefined when it is not literal. */
function commandName(word: ShellWord | undefined): string | undefined {
  if (!word || word.hasExpansion) return undefined;
  return lastSegment(word.value);
}

const APK_OPTIONS_WITH_VALUE = new Set(["-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir"]);
const UPGRADE_VERBS = new Set(["upgrade", "dist-upgrade", "full-upgrade"]);
const APT_OPTIONS_WITH_VALUE = new Set(["-o", "-c", "-t", "--target-release", "--option"]);

/** Package names a command installs (apk add, apt-get/apt install, yum/dnf/microdnf install); "?" for one that is not literal. */
export function installedPackages(info: CommandInfo): string[] {
  const args = info.args;
  let first: number;
  let withValue: Set<string>;
  if (info.name === "apk") {
    first = args.findIndex((w) => w.value === "add");
    withValue = APK_OPTIONS_WITH_VALUE;
  } else if (info.name === "apt-get" || info.name === "apt" || info.name === "yum" || info.name === "dnf" || info.name === "microdnf") {
    // `apt-get dist-upgrade nginx` installs the packages it names too.
    first = args.findIndex(
      (w) => w.value === "install" || ((info.name === "apt-get" || info.name === "apt") && UPGRADE_VERBS.has(w.value)),
    );
    withValue = APT_OPTIONS_WITH_VALUE;
  } else {
    return [];
  }
  if (first === -1) return [];
  const names: string[] = [];
  for (let i = first + 1; i < args.length; i++) {
    const word = args[i] as ShellWord;
    if (word.value.startsWith("-")) {
      if (withValue.has(word.value)) i++;
      continue;
    }
    const value = expandWord(word, info.vars, "unknown");
    names.push(value === undefined ? "?" : value.replace(/[=<>~].*$/, ""));
  }
  return names;
}

const REMOVE_VERBS: Readonly<Record<string, readonly string[]>> = {
  apk: ["del"],
  "apt-get": ["purge", "remove"],
  apt: ["purge", "remove"],
  yum: ["remove", "erase"],
  dnf: ["remove", "erase"],
  microdnf: ["remove", "erase"],
};

/** Package names (or apk virtual groups) a command removes: apk del, apt-get purge/remove, yum/dnf remove. */
export function removedPackages(info: CommandInfo): string[] {
  const verbs = info.name === undefined ? undefined : REMOVE_VERBS[info.name];
  if (!verbs) return [];
  const args = info.args;
  const first = args.findIndex((w) => verbs.includes(w.value));
  if (first === -1) return [];
  return args.slice(first + 1).flatMap((w) => {
    if (w.value.startsWith("-")) return [];
    const value = expandWord(w, info.vars, "unknown");
    return [value ?? "?"]; // "?": a name we cannot read, which may be any package
  });
}

/** The apk virtual package (`apk add --virtual .build-deps …`) a command installs its packages under. */
export function virtualGroup(info: CommandInfo): string | undefined {
  if (info.name !== "apk") return undefined;
  const at = info.args.findIndex((w) => w.value === "--virtual" || w.value === "-t");
  return at === -1 ? undefined : info.args[at + 1]?.value;
}

/** Names an adduser/useradd command may create; undefined when one of its words is not literal. */
export function createdUserNames(info: CommandInfo): string[] | undefined {
  if (info.name !== "adduser" && info.name !== "useradd") return [];
  const names: string[] = [];
  for (const word of info.args) {
    const value = expandWord(word, info.vars, "unknown");
    if (value === undefined) return undefined;
    if (!value.startsWith("-")) names.push(value);
  }
  return names;
}

/** A cache or tmpfs mount of this RUN covers `path` (the mount target is the path or a directory above it). */
export function mountCovers(run: RunInfo, path: string, types: readonly string[] = ["cache", "tmpfs"]): boolean {
  const target = normalizePath(path);
  return run.mounts.some(
    (m) =>
      types.includes(m.type) && m.target !== undefined && (m.target === target || m.target === "/" || target.startsWith(`${m.target}/`)),
  );
}

/**
 * Directories a command creates, resolved against its working directory: `mkdir [-p] dir…`, and
 * `git clone url [dir]` (the directory defaults to the URL's last segment without `.git`).
 */
export function createdDirectories(info: CommandInfo): string[] {
  const values = info.args.map((w) => expandWord(w, info.vars, "unknown"));
  const resolve = (value: string | undefined) => (value === undefined ? undefined : resolvePath(value, info.cwd));
  if (info.name === "mkdir") {
    return values
      .filter((v) => v !== undefined && !v.startsWith("-"))
      .map(resolve)
      .filter((p): p is string => p !== undefined);
  }
  if (info.name === "git" && values[0] === "clone") {
    const operands = values
      .slice(1)
      .filter((v, i, all) => v === undefined || (!v.startsWith("-") && !CLONE_OPTIONS_WITH_VALUE.has(all[i - 1] ?? "")));
    const [url, dir] = operands;
    if (url === undefined) return [];
    const target =
      dir ??
      url
        .replace(/\/+$/, "")
        .replace(/\.git$/, "")
        .split(/[/:]/)
        .pop();
    const path = resolve(target);
    return path === undefined ? [] : [path];
  }
  return [];
}

const CLONE_OPTIONS_WITH_VALUE = new Set([
  "-b",
  "--branch",
  "--depth",
  "-o",
  "--origin",
  "-c",
  "--config",
  "--filter",
  "--reference",
  "-j",
  "--jobs",
  "--shallow-since",
  "--separate-git-dir",
  "-u",
  "--upload-pack",
  "--template",
]);
