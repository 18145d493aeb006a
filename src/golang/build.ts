import { parseGoVersion, type GoVersion } from "../images/knowledge.js";
import { isWithin, pathCovers, resolvePath } from "../model/paths.js";
import { expandWord, type Binding } from "../model/scope.js";
import type { CommandInfo, CopyInfo, DockerfileModel, Stage } from "../model/types.js";
import type { ShellWord } from "../shell/words.js";
import { boolValue, goFlagTakesValue, parseFlagTokens, parseLinkerFlags, splitQuotedFields, type ParsedFlag } from "./flags.js";

/** A go flag as written on the command line (with its words) or taken from GOFLAGS. */
export interface GoFlag {
  readonly name: string;
  /** Value after expansion; undefined for a bare boolean flag or an unknown value. */
  readonly value: string | undefined;
  /** The value could not be known (an unknown variable, a substitution). */
  readonly unknown: boolean;
  /** The word holding the flag name; the value's word when written separately. Undefined when from GOFLAGS. */
  readonly word: ShellWord | undefined;
  readonly valueWord: ShellWord | undefined;
  readonly origin: "command" | "GOFLAGS";
}

export interface GoOutput {
  readonly path: string;
  /** The binary is written inside this directory (`-o dir/`, `go install`). */
  readonly isDir: boolean;
}

/** A `go …` command of a RUN. */
export interface GoCommand {
  readonly info: CommandInfo;
  readonly stage: Stage;
  /** "build", "install", "mod download", "env", "generate", … */
  readonly subcommand: string;
  readonly goWord: ShellWord;
  readonly subcommandWord: ShellWord | undefined;
}

/** A `go build` / `go install` with everything rules ask of it. */
export interface GoBuild extends GoCommand {
  readonly subcommand: "build" | "install";
  readonly subcommandWord: ShellWord;
  /** Flags from the command line, in order. */
  readonly flags: readonly GoFlag[];
  /** Flags from GOFLAGS in the command's environment. */
  readonly goflags: readonly GoFlag[];
  /** The flag in effect (command line wins over GOFLAGS; the last occurrence wins). */
  flag(name: string): GoFlag | undefined;
  /** A boolean flag in effect: true/false, or undefined when not given. */
  boolFlag(name: string): boolean | undefined;
  /** An environment setting the go command sees: process environment first, then `go env -w`. */
  setting(name: string): Binding | undefined;
  /** cgo on or off, or unknown. */
  readonly cgo: "on" | "off" | "unknown";
  /** Why cgo is on when it was not set explicitly ("golang (debian) has gcc"). */
  readonly cgoReason: string;
  readonly output: GoOutput | undefined;
  /** The package arguments after the flags, expanded; undefined where a value is unknown. */
  readonly packages: readonly (string | undefined)[];
  /**
   * `go build` without -o writes no binary for several packages or a `...` pattern (it only checks that
   * they compile), unless the pattern happens to match one main package: whether a binary exists is unknown.
   */
  readonly mayWriteNothing: boolean;
  /** The -ldflags in effect, parsed; undefined when absent. `unknown` when its value cannot be read. */
  readonly ldflags: { readonly flag: GoFlag; readonly linker: ReturnType<typeof parseLinkerFlags> | undefined } | undefined;
  readonly goVersion: GoVersion | undefined;
  /** Written as an exec-form RUN (`RUN ["go", "build", …]`): edits there need JSON, not shell words. */
  readonly execForm: boolean;
}

const C_COMPILER_PACKAGE = /^(gcc|clang|build-base|build-essential|g\+\+|cc|musl-gcc)(-[\w.+-]+)?$/;

/** Every go command in the Dockerfile, in order. */
export function goCommands(model: DockerfileModel): readonly GoCommand[] {
  return model.view("go-commands", () => {
    const out: GoCommand[] = [];
    for (const info of model.commands) {
      if (info.name !== "go") continue;
      const goWord = info.program as ShellWord;
      const [first, second] = info.args;
      const subcommand = first?.value === "mod" && second ? `mod ${second.value}` : (first?.value ?? "");
      const command: GoCommand = { info, stage: info.run.stage, subcommand, goWord, subcommandWord: first };
      out.push(subcommand === "build" || subcommand === "install" ? makeBuild(command) : command);
    }
    return out;
  });
}

/** An environment setting a go command sees: its process environment first, then `go env -w`. */
export function goSetting(command: GoCommand, name: string): Binding | undefined {
  return command.info.env.get(name) ?? command.info.goEnv.get(name);
}

/** The `go` line of a go.mod: the oldest Go that builds the module. */
export function goModGoVersion(goMod: string | undefined): GoVersion | undefined {
  const line = goMod === undefined ? null : /^go\s+(\S+)\s*$/m.exec(goMod);
  return line ? parseGoVersion(line[1] as string) : undefined;
}

export const isGoBuild = (command: GoCommand): command is GoBuild => command.subcommand === "build" || command.subcommand === "install";

export function goBuilds(model: DockerfileModel): readonly GoBuild[] {
  return model.view("go-builds", () => goCommands(model).filter(isGoBuild));
}

function makeBuild(command: GoCommand): GoBuild {
  return new GoBuildView(command);
}

/** The GoBuild facts, computed on first use: most rules ask only for some of them. */
class GoBuildView implements GoBuild {
  readonly info: CommandInfo;
  readonly stage: Stage;
  readonly subcommand: "build" | "install";
  readonly goWord: ShellWord;
  readonly subcommandWord: ShellWord;
  readonly flags: readonly GoFlag[];
  readonly goflags: readonly GoFlag[];
  readonly packages: readonly (string | undefined)[];
  readonly goVersion: GoVersion | undefined;
  readonly execForm: boolean;
  private cgoFacts: { cgo: "on" | "off" | "unknown"; reason: string } | undefined;
  private outputFact: { value: GoOutput | undefined } | undefined;
  private ldflagsFact: { value: GoBuild["ldflags"] } | undefined;

  constructor(command: GoCommand) {
    this.info = command.info;
    this.stage = command.stage;
    this.subcommand = command.subcommand as "build" | "install";
    this.goWord = command.goWord;
    this.subcommandWord = command.subcommandWord as ShellWord;
    const words = this.info.args.slice(1);
    const values = words.map((w) => expandWord(w, this.info.vars, "unknown"));
    const parsed = parseFlagTokens(
      words.map((w, i) => values[i] ?? w.value),
      goFlagTakesValue,
    );
    this.flags = parsed.flags.map((f) => commandFlag(f, words, values));
    this.packages = values.slice(parsed.rest);
    const goflags = this.setting("GOFLAGS")?.value;
    this.goflags = goflags === undefined ? [] : parseGoflags(goflags);
    this.goVersion = this.stage.base.goVersion;
    this.execForm = this.info.run.instruction.json !== undefined;
  }

  setting(name: string): Binding | undefined {
    return goSetting(this, name);
  }

  flag(name: string): GoFlag | undefined {
    return lastFlag(this.flags, name) ?? lastFlag(this.goflags, name);
  }

  boolFlag(name: string): boolean | undefined {
    const f = this.flag(name);
    return f === undefined || f.unknown ? undefined : boolValue({ name, value: f.value, index: 0, valueIndex: undefined });
  }

  get mayWriteNothing(): boolean {
    if (this.subcommand !== "build" || this.flag("o") !== undefined) return false;
    return this.packages.length > 1 || this.packages.some((p) => p === undefined || p.includes("..."));
  }

  get cgo(): "on" | "off" | "unknown" {
    this.cgoFacts ??= cgoState(this, (name) => this.setting(name), this.flag("ldflags"));
    return this.cgoFacts.cgo;
  }

  get cgoReason(): string {
    this.cgoFacts ??= cgoState(this, (name) => this.setting(name), this.flag("ldflags"));
    return this.cgoFacts.reason;
  }

  get output(): GoOutput | undefined {
    this.outputFact ??= { value: outputOf(this, (name) => this.flag(name), (name) => this.setting(name)) };
    return this.outputFact.value;
  }

  get ldflags(): GoBuild["ldflags"] {
    if (!this.ldflagsFact) {
      const flag = this.flag("ldflags");
      this.ldflagsFact = { value: flag ? { flag, linker: flag.value === undefined ? undefined : parseLinkerFlags(flag.value) } : undefined };
    }
    return this.ldflagsFact.value;
  }
}

function commandFlag(f: ParsedFlag, words: readonly ShellWord[], values: readonly (string | undefined)[]): GoFlag {
  const word = words[f.index];
  const valueWord = f.valueIndex === undefined ? word : words[f.valueIndex];
  const unknownValue = f.valueIndex === undefined ? values[f.index] === undefined : values[f.valueIndex] === undefined;
  return {
    name: f.name,
    value: unknownValue ? undefined : f.value,
    unknown: unknownValue,
    word,
    valueWord: f.value === undefined ? undefined : valueWord,
    origin: "command",
  };
}

function parseGoflags(value: string): GoFlag[] {
  const tokens = splitQuotedFields(value);
  return parseFlagTokens(tokens, () => false).flags.map((f) => ({
    name: f.name,
    value: f.value,
    unknown: false,
    word: undefined,
    valueWord: undefined,
    origin: "GOFLAGS",
  }));
}

function lastFlag(flags: readonly GoFlag[], name: string): GoFlag | undefined {
  for (let i = flags.length - 1; i >= 0; i--) if (flags[i]?.name === name) return flags[i];
  return undefined;
}

function cgoState(
  command: GoCommand,
  setting: (name: string) => Binding | undefined,
  ldflags: GoFlag | undefined,
): { cgo: "on" | "off" | "unknown"; reason: string } {
  const explicit = setting("CGO_ENABLED");
  if (explicit) {
    if (explicit.value === "0") return { cgo: "off", reason: "CGO_ENABLED=0" };
    if (explicit.value === "1") {
      // `-extldflags -static` links the C parts statically: the binary needs no libc at run time.
      if (ldflags?.value !== undefined && /-extldflags[= ]+['"]?[^'"]*-static/.test(ldflags.value)) return { cgo: "unknown", reason: "" };
      return { cgo: "on", reason: "CGO_ENABLED=1" };
    }
    return { cgo: "unknown", reason: "" };
  }
  // Cross-compiling turns cgo off by default; GOOS/GOARCH may name the build machine itself, so we cannot tell.
  if (setting("GOOS") || setting("GOARCH")) return { cgo: "unknown", reason: "" };
  const compiler = cCompiler(command.stage, command.info);
  if (compiler === undefined) return { cgo: "unknown", reason: "" };
  if (!compiler.present) return { cgo: "off", reason: `${compiler.where} has no C compiler` };
  return { cgo: "on", reason: `CGO_ENABLED is unset and ${compiler.where} has a C compiler` };
}

/** Whether a C compiler is on PATH when `info` runs: from the base image or a package installed before it. */
function cCompiler(stage: Stage, info: CommandInfo): { present: boolean; where: string } | undefined {
  let unknownPackage = false;
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const p of s.packages) {
      if (s === stage && !runsBefore(p.command, info)) continue;
      if (C_COMPILER_PACKAGE.test(p.name)) return { present: true, where: `this stage (which installs ${p.name})` };
      if (p.name === "?") unknownPackage = true;
    }
  }
  if (stage.base.cCompiler === undefined || unknownPackage) return undefined;
  return { present: stage.base.cCompiler, where: `the ${stage.base.family} builder` };
}

/** `a` runs before `b` (an earlier RUN, or earlier in the same RUN). */
function runsBefore(a: CommandInfo, b: CommandInfo): boolean {
  const ra = a.run.instruction.index;
  const rb = b.run.instruction.index;
  return ra < rb || (ra === rb && a.run.commands.indexOf(a) < b.run.commands.indexOf(b));
}

function outputOf(command: GoCommand, flag: (name: string) => GoFlag | undefined, setting: (name: string) => Binding | undefined): GoOutput | undefined {
  const cwdFlag = flag("C");
  const cwd = cwdFlag ? (cwdFlag.value === undefined ? undefined : resolvePath(cwdFlag.value, command.info.cwd)) : command.info.cwd;
  if (command.subcommand === "install") {
    const gobin = setting("GOBIN");
    if (gobin) return gobin.value === undefined ? undefined : { path: gobin.value, isDir: true };
    const gopath = setting("GOPATH");
    const first = gopath?.value?.split(":")[0];
    return first ? { path: `${first}/bin`, isDir: true } : undefined;
  }
  const o = flag("o");
  if (!o || o.value === undefined) return undefined;
  const path = resolvePath(o.value, cwd);
  return path === undefined ? undefined : { path, isDir: o.value.endsWith("/") };
}

/** COPY instructions that take this build's output, when the output path is known. */
function copiesOfOutput(build: GoBuild, model: DockerfileModel): CopyInfo[] {
  const output = build.output;
  if (!output) return [];
  const { copiesFrom, children } = stageGraph(model);
  const result: CopyInfo[] = [];
  // Copies from the build stage itself or from any stage built on it see the output.
  for (const stage of descendantsOrSelf(build.stage, children)) {
    for (const copy of copiesFrom.get(stage) ?? []) {
      if (copy.instruction.index <= build.info.run.instruction.index) continue;
      const takes = copy.sources.some((s) => s.path !== undefined && (pathCovers(s.path, output.path) || (output.isDir && isWithin(s.path, output.path))));
      if (takes) result.push(copy);
    }
  }
  return result;
}

interface StageGraph {
  /** COPY --from instructions by the stage they copy from. */
  readonly copiesFrom: ReadonlyMap<Stage, readonly CopyInfo[]>;
  /** Stages by the stage they are built on. */
  readonly children: ReadonlyMap<Stage, readonly Stage[]>;
  /** Stages that a shipped stage mounts with RUN --mount=from=…. */
  readonly mountedByShipped: ReadonlySet<Stage>;
}

function stageGraph(model: DockerfileModel): StageGraph {
  return model.view("stage-graph", () => {
    const copiesFrom = new Map<Stage, CopyInfo[]>();
    const children = new Map<Stage, Stage[]>();
    const mountedByShipped = new Set<Stage>();
    for (const stage of model.stages) {
      if (stage.parent) append(children, stage.parent, stage);
      for (const copy of stage.copies) if (copy.fromStage) append(copiesFrom, copy.fromStage, copy);
      if (!model.shippedStages.has(stage)) continue;
      for (const run of stage.runs) {
        for (const mount of run.mounts) {
          const from = mount.options.get("from");
          const source = from === undefined ? undefined : model.stageNamed(from, stage.index);
          if (source) mountedByShipped.add(source);
        }
      }
    }
    return { copiesFrom, children, mountedByShipped };
  });
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The go commands of each stage, in order. */
export function goCommandsByStage(model: DockerfileModel): ReadonlyMap<Stage, readonly GoCommand[]> {
  return model.view("go-commands-by-stage", () => {
    const byStage = new Map<Stage, GoCommand[]>();
    for (const command of goCommands(model)) append(byStage, command.stage, command);
    return byStage;
  });
}

function descendantsOrSelf(stage: Stage, children: ReadonlyMap<Stage, readonly Stage[]>): Stage[] {
  const out: Stage[] = [];
  const queue = [stage];
  while (queue.length > 0) {
    const next = queue.pop() as Stage;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** `stage` is `ancestor` or is built FROM it (directly or through other stages). */
function builtOn(stage: Stage, ancestor: Stage): boolean {
  for (let s: Stage | undefined = stage; s; s = s.parent) if (s === ancestor) return true;
  return false;
}

/**
 * The build's output ends up in the final image: it is built in the final stage or a stage the final
 * one is built on, or a shipped stage copies it. When the output path is unknown, a shipped stage counts.
 */
export function isShipped(build: GoBuild, model: DockerfileModel): boolean {
  if (!model.shippedStages.has(build.stage)) return false;
  if (build.mayWriteNothing) return false;
  if (model.finalStage && builtOn(model.finalStage, build.stage)) return true;
  if (!build.output) return true;
  const intoShipped = copiesOfOutput(build, model).some((c) => {
    const into = model.stageOf(c.instruction);
    return into !== undefined && model.shippedStages.has(into);
  });
  if (intoShipped) return true;
  // A shipped stage that mounts the build stage may copy anything out of it.
  const { mountedByShipped, children } = stageGraph(model);
  return descendantsOrSelf(build.stage, children).some((s) => mountedByShipped.has(s));
}

/** From `go` to the subcommand: where a finding about the whole command points. */
export function commandSpan(command: GoCommand): { start: number; end: number } {
  return { start: command.goWord.span.start, end: (command.subcommandWord ?? command.goWord).span.end };
}

/** The stage the binary is copied into whose C library does not match the one cgo linked against. */
export interface LibcMismatch {
  readonly copy: CopyInfo;
  readonly into: Stage;
  readonly builderLibc: "glibc" | "musl";
  readonly targetLibc: "none" | "glibc" | "musl";
}

const LIBC_COMPAT_PACKAGES = new Set(["gcompat", "libc6-compat", "glibc", "musl"]);

/** A cgo (dynamically linked) binary copied into a shipped stage without its libc: GO002's finding. */
export function libcMismatch(build: GoBuild, model: DockerfileModel): LibcMismatch | undefined {
  if (build.cgo !== "on") return undefined;
  const builderLibc = build.stage.base.libc;
  if (builderLibc !== "glibc" && builderLibc !== "musl") return undefined;
  for (const copy of copiesOfOutput(build, model)) {
    const into = model.stageOf(copy.instruction);
    if (!into || !model.shippedStages.has(into) || builtOn(into, build.stage)) continue;
    const targetLibc = into.base.libc;
    if (targetLibc === undefined || targetLibc === builderLibc) continue;
    if (stageChain(into).some((s) => s.packages.some((p) => LIBC_COMPAT_PACKAGES.has(p.name) || p.name === "?"))) continue;
    return { copy, into, builderLibc, targetLibc };
  }
  return undefined;
}

/** A stage and the stages it is built on, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  return chain;
}

/** How a stage is named in COPY --from and messages: its name, or its index when unnamed. */
export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** A stage in prose: "the final stage" or "stage `builder`". */
export function describeStage(stage: Stage, model: DockerfileModel): string {
  return stage === model.finalStage ? "the final stage" : `stage \`${stageLabel(stage)}\``;
}
