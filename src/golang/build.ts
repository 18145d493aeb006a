import { compareGoVersions, DISTROLESS_DEBIAN, parseGoVersion, type GlibcRange, type GoVersion } from "../images/knowledge.js";
import { isGlob, isWithin, normalizePath, pathCovers, resolvePath } from "../model/paths.js";
import { expandWord, type Binding } from "../model/scope.js";
import type { CommandInfo, CopyInfo, DockerfileModel, Stage } from "../model/types.js";
import { append, finalChain, stageChain, stageGraph, stagesBuiltOn } from "../model/stages.js";
import { distrolessTagFor } from "../model/users.js";
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
  /**
   * The binary's own path when it can be known: `-o /out/app`, or `go install pkg@v` → `$GOBIN/<last path
   * element>` (a `/vN` major-version suffix skipped, as Go does). Undefined when only the directory is known.
   */
  readonly file: string | undefined;
}

/** Where a build's binary is in some stage: written there, inherited through `FROM`, or copied in. */
export interface Placement {
  readonly stage: Stage;
  /** Its path in that stage; undefined when only "somewhere the output went" is known. */
  readonly path: string | undefined;
  /** The COPY that brought it, for copies. */
  readonly copy: CopyInfo | undefined;
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
  /** The build cannot work without cgo: `-race`, `-msan`, `-asan`, a C build mode, `-linkmode external`. */
  readonly requiresCgo: boolean;
  /** GOOS names another system than linux (cgo is then off by default, and the binary is not for this image). */
  readonly targetsOtherOs: boolean;
  /** The binary may need a C library at run time: cgo not off, and not linked with `-extldflags -static`. */
  readonly mayNeedLibc: boolean;
}

const GO_1_20: GoVersion = { major: 1, minor: 20, patch: 0, text: "1.20" };
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

/** `go install pkg@version` of remote tools only: a layer with no file inputs, not the project's build. */
export function installsRemoteTools(command: GoCommand): boolean {
  return (
    isGoBuild(command) &&
    command.subcommand === "install" &&
    command.packages.length > 0 &&
    command.packages.every((p) => p !== undefined && /^[^./][^@]*@/.test(p))
  );
}

/**
 * The build uses vendored modules: `-mod=vendor` (flag or GOFLAGS), or a \`vendor\` directory copied into
 * the stage, also with the whole context when the context vendors (`contextVendors`: vendor/modules.txt).
 * Go ≥ 1.14 then builds from vendor/ by default: it downloads no modules.
 */
export function usesVendor(command: GoCommand, contextVendors = false): boolean {
  const goflags = goSetting(command, "GOFLAGS")?.value ?? "";
  if (/(^|\s)-mod=vendor(\s|$)/.test(goflags)) return true;
  if (isGoBuild(command) && command.flag("mod")?.value === "vendor") return true;
  const at = command.info.run.instruction.index;
  const stage = command.stage;
  if (stage.copies.some((c) => c.instruction.index < at && copiesVendor(c, contextVendors))) return true;
  return stage.parent !== undefined && stageCopiesVendor(stage.parent, contextVendors);
}

/** A context COPY of a vendor/ directory by name, or of the whole context when it vendors (vendor/modules.txt). */
function copiesVendor(copy: CopyInfo, contextVendors: boolean): boolean {
  const bringsVendor = (value: string) => /(^|\/)vendor\/?$/.test(value) || (contextVendors && normalizePath(value) === ".");
  return copy.from === undefined && copy.sources.some((src) => src.value !== undefined && bringsVendor(src.value));
}

/** The stage or one it is built on copies vendored modules; once per stage. */
const vendorByStage = new WeakMap<Stage, boolean>();
function stageCopiesVendor(stage: Stage, contextVendors: boolean): boolean {
  let known = vendorByStage.get(stage);
  if (known === undefined) {
    known =
      stage.copies.some((c) => copiesVendor(c, contextVendors)) ||
      (stage.parent !== undefined && stageCopiesVendor(stage.parent, contextVendors));
    vendorByStage.set(stage, known);
  }
  return known;
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

  get requiresCgo(): boolean {
    if (this.boolFlag("race") === true || this.boolFlag("msan") === true || this.boolFlag("asan") === true) return true;
    if (/^(plugin|c-shared|c-archive)$/.test(this.flag("buildmode")?.value ?? "")) return true;
    const linker = this.ldflags?.linker;
    return linker?.flags.some((f) => f.name === "linkmode" && f.value === "external") === true;
  }

  get mayNeedLibc(): boolean {
    if (this.cgo === "off") return false;
    const ldflags = this.flag("ldflags");
    const text = ldflags?.value ?? ldflags?.valueWord?.value;
    return !(text !== undefined && /-extldflags[= ]+['"]?[^'"]*-static/.test(text));
  }

  get targetsOtherOs(): boolean {
    const goos = this.setting("GOOS")?.value;
    return goos !== undefined && goos !== "linux" && !goos.includes("$");
  }

  get mayWriteNothing(): boolean {
    if (this.subcommand !== "build" || this.flag("o") !== undefined) return false;
    // `std`, `all` and `cmd` are patterns over many packages too.
    return (
      this.packages.length > 1 ||
      this.packages.some((p) => p === undefined || p.includes("...") || p === "std" || p === "all" || p === "cmd")
    );
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
    this.outputFact ??= {
      value: outputOf(
        this,
        (name) => this.flag(name),
        (name) => this.setting(name),
      ),
    };
    return this.outputFact.value;
  }

  get ldflags(): GoBuild["ldflags"] {
    if (!this.ldflagsFact) {
      const flag = this.flag("ldflags");
      this.ldflagsFact = {
        value: flag
          ? { flag, linker: flag.value === undefined ? linkerFlagsAroundUnknowns(flag) : parseLinkerFlags(flag.value) }
          : undefined,
      };
    }
    return this.ldflagsFact.value;
  }
}

const UNKNOWN = "\u0000";

/**
 * The linker flags of an -ldflags value with unknown parts (`-X main.v=$(git describe)`), when every
 * unknown part sits inside a -X value, where it cannot be a flag: the literal flags are then certain.
 * Undefined when an unknown part could be flags itself (`$LDFLAGS`).
 */
function linkerFlagsAroundUnknowns(flag: GoFlag): ReturnType<typeof parseLinkerFlags> | undefined {
  const word = flag.valueWord;
  if (!word || flag.origin !== "command") return undefined;
  let text = word.parts.map((p) => (p.kind === "literal" ? p.text : UNKNOWN)).join("");
  if (word === flag.word) {
    const eq = text.indexOf("=");
    if (eq === -1 || text.slice(0, eq).includes(UNKNOWN)) return undefined;
    text = text.slice(eq + 1);
  }
  const linker = parseLinkerFlags(text);
  const insideX = new Set(linker.flags.filter((f) => f.name === "X").flatMap((f) => [f.index, f.valueIndex]));
  const unknownElsewhere = linker.tokens.some((t, i) => t.includes(UNKNOWN) && !insideX.has(i));
  return unknownElsewhere ? undefined : linker;
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
      // Also when other parts of -ldflags are unknown (`-X main.v=$(git describe)`): the literal text shows it.
      const text = ldflags?.value ?? ldflags?.valueWord?.value;
      if (text !== undefined && /-extldflags[= ]+['"]?[^'"]*-static/.test(text)) return { cgo: "unknown", reason: "" };
      return { cgo: "on", reason: "CGO_ENABLED=1" };
    }
    return { cgo: "unknown", reason: "" };
  }
  // Cross-compiling turns cgo off by default; GOOS/GOARCH may name the build machine itself, so we cannot tell.
  if (setting("GOOS") || setting("GOARCH")) return { cgo: "unknown", reason: "" };
  const compiler = cCompiler(command.stage, command.info);
  if (compiler === undefined) return { cgo: "unknown", reason: "" };
  // Only since Go 1.20 does a missing C compiler turn cgo off; before, cgo stayed on (and a cgo package failed to build or linked libc).
  const version = command.stage.base.goVersion;
  if (!compiler.present && version !== undefined && compareGoVersions(version, GO_1_20) < 0) return { cgo: "unknown", reason: "" };
  if (!compiler.present) return { cgo: "off", reason: `${compiler.where} has no C compiler` };
  return { cgo: "on", reason: `CGO_ENABLED is unset and ${compiler.where} has a C compiler` };
}

/** Whether a C compiler is on PATH when `info` runs: from the base image or a package installed before it. */
function cCompiler(stage: Stage, info: CommandInfo): { present: boolean; where: string } | undefined {
  let unknownPackage = false;
  for (const p of stage.packages) {
    if (!runsBefore(p.command, info)) continue;
    if (C_COMPILER_PACKAGE.test(p.name)) return { present: true, where: `this stage (which installs ${p.name})` };
    if (p.name === "?") unknownPackage = true;
  }
  const inherited = stage.parent ? parentPackages(stage.parent) : { compiler: undefined, unknown: false };
  if (inherited.compiler !== undefined) return { present: true, where: `this stage (which installs ${inherited.compiler})` };
  if (stage.base.cCompiler === undefined || unknownPackage || inherited.unknown) return undefined;
  return { present: stage.base.cCompiler, where: `the ${stage.base.family} builder` };
}

/** What the packages of a stage and the stages it is built on say about a C compiler, once per stage. */
const packagesByStage = new WeakMap<Stage, { compiler: string | undefined; unknown: boolean }>();
function parentPackages(stage: Stage): { compiler: string | undefined; unknown: boolean } {
  let known = packagesByStage.get(stage);
  if (!known) {
    const inherited = stage.parent ? parentPackages(stage.parent) : { compiler: undefined, unknown: false };
    known = {
      compiler: stage.packages.find((p) => C_COMPILER_PACKAGE.test(p.name))?.name ?? inherited.compiler,
      unknown: inherited.unknown || stage.packages.some((p) => p.name === "?"),
    };
    packagesByStage.set(stage, known);
  }
  return known;
}

/** `a` runs before `b` (an earlier RUN, or earlier in the same RUN). */
function runsBefore(a: CommandInfo, b: CommandInfo): boolean {
  const ra = a.run.instruction.index;
  const rb = b.run.instruction.index;
  return ra < rb || (ra === rb && a.run.commands.indexOf(a) < b.run.commands.indexOf(b));
}

function outputOf(
  command: GoCommand,
  flag: (name: string) => GoFlag | undefined,
  setting: (name: string) => Binding | undefined,
): GoOutput | undefined {
  const cwdFlag = flag("C");
  const cwd = cwdFlag ? (cwdFlag.value === undefined ? undefined : resolvePath(cwdFlag.value, command.info.cwd)) : command.info.cwd;
  if (command.subcommand === "install") {
    const gobin = setting("GOBIN");
    const gopath = setting("GOPATH")?.value?.split(":")[0];
    const dirValue = gobin ? gobin.value : gopath ? `${gopath}/bin` : undefined;
    const dir = dirValue === undefined ? undefined : resolvePath(dirValue, cwd);
    if (dir === undefined) return undefined;
    // Cross-compiled installs go to a GOOS_GOARCH subdirectory (or fail with GOBIN set): the file is unknown.
    const cross = setting("GOOS") !== undefined || setting("GOARCH") !== undefined;
    const packages = (command as GoBuild).packages;
    const name = packages.length === 1 && !cross ? installedName(packages[0]) : undefined;
    return { path: dir, isDir: true, file: name === undefined ? undefined : `${dir}/${name}` };
  }
  const o = flag("o");
  if (!o || o.value === undefined) return undefined;
  const path = resolvePath(o.value, cwd);
  if (path === undefined) return undefined;
  const isDir = o.value.endsWith("/");
  return { path, isDir, file: isDir ? undefined : path };
}

/** The file `go install pkg@version` writes: the last import path element, skipping a `/vN` suffix. */
export function installedName(pkg: string | undefined): string | undefined {
  if (pkg === undefined || !pkg.includes("@") || pkg.startsWith(".") || pkg.startsWith("/")) return undefined;
  const elements = pkg.slice(0, pkg.indexOf("@")).split("/").filter(Boolean);
  let name = elements.pop();
  if (name !== undefined && /^v\d+$/.test(name) && elements.length > 1) name = elements.pop();
  return name === undefined || name.includes("...") ? undefined : name;
}

/** A COPY of `source` takes the binary: it covers the file, or (file unknown) overlaps the output directory. */
function copyTakes(source: string, output: GoOutput): boolean {
  if (output.file !== undefined) return pathCovers(source, output.file);
  return pathCovers(source, output.path) || (output.isDir && isWithin(source, output.path));
}

/**
 * Every stage the build's binary is in, following `FROM stage` and `COPY --from` through intermediate
 * stages (a copy of one file carries only that file). `RUN --mount=from=` ships nothing.
 */
export function binaryPlacements(build: GoBuild, model: DockerfileModel): readonly Placement[] {
  return model.viewOf("binary-placements", build, (b): readonly Placement[] => computePlacements(b, model));
}

function computePlacements(build: GoBuild, model: DockerfileModel): Placement[] {
  const out: Placement[] = [];
  const seen = new Set<string>();
  const queue: { stage: Stage; path: string | undefined; after: number; copy: CopyInfo | undefined }[] = [];
  const add = (stage: Stage, path: string | undefined, after: number, copy: CopyInfo | undefined) => {
    for (const s of stagesBuiltOn(stage, model)) {
      const key = `${s.index}\u0000${path ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const placement = { stage: s, path, copy };
      out.push(placement);
      queue.push({ ...placement, after: s === stage ? after : -1 });
    }
  };
  const output = build.output;
  add(build.stage, output?.file, build.info.run.instruction.index, undefined);
  if (!output) return out;
  for (let next = 0; next < queue.length; next++) {
    const { stage, path, after } = queue[next] as (typeof queue)[number];
    const held: GoOutput = path !== undefined ? { path, isDir: false, file: path } : output;
    for (const { copy, path: source } of copySourcesFrom(stage, model).taking(held)) {
      if (copy.instruction.index <= after) continue;
      const into = model.stageOf(copy.instruction);
      if (!into) continue;
      add(into, copiedPath(source, path, copy), copy.instruction.index, copy);
    }
  }
  return out;
}

/** A `COPY --from` source path, numbered in the order of the copies and their sources. */
interface SourceEntry {
  readonly copy: CopyInfo;
  readonly path: string;
  readonly order: number;
}

/**
 * The `COPY --from` sources that copy from one stage, indexed by path: which copies take a binary is found
 * by looking up the directories above it, not by trying every copy (one builder, thousands of copies).
 */
class CopySources {
  /** Plain sources by their path. */
  private readonly exact = new Map<string, SourceEntry[]>();
  /** Plain sources by every directory they lie in (themselves included); built when first needed. */
  private below: Map<string, SourceEntry[]> | undefined;
  private readonly plain: SourceEntry[] = [];
  private readonly globs: SourceEntry[] = [];

  constructor(copies: readonly CopyInfo[]) {
    for (const copy of copies) {
      for (const source of copy.sources) {
        if (source.path === undefined) continue;
        const entry = { copy, path: source.path, order: this.plain.length + this.globs.length };
        if (isGlob(source.path)) this.globs.push(entry);
        else {
          this.plain.push(entry);
          append(this.exact, normalizePath(source.path), entry);
        }
      }
    }
  }

  /** The sources that take `held` (copyTakes), in the order of the copies. */
  taking(held: GoOutput): SourceEntry[] {
    const found = new Set<SourceEntry>();
    for (const dir of ancestorsOrSelf(normalizePath(held.file ?? held.path))) for (const e of this.exact.get(dir) ?? []) found.add(e);
    if (held.file === undefined && held.isDir) for (const e of this.within(normalizePath(held.path))) found.add(e);
    for (const e of this.globs) if (copyTakes(e.path, held)) found.add(e);
    return [...found].sort((a, b) => a.order - b.order);
  }

  /** Plain sources that are `dir` or lie below it. */
  private within(dir: string): readonly SourceEntry[] {
    if (dir === "/") return this.plain;
    if (!this.below) {
      this.below = new Map();
      for (const e of this.plain) for (const d of ancestorsOrSelf(normalizePath(e.path))) append(this.below, d, e);
    }
    return this.below.get(dir) ?? [];
  }
}

/** `/a/b`, `/a`, `/`: a path and the directories it lies in. */
function ancestorsOrSelf(path: string): string[] {
  const out = [path];
  for (let p = path; p !== "/"; ) {
    const slash = p.lastIndexOf("/");
    p = slash <= 0 ? "/" : p.slice(0, slash);
    out.push(p);
  }
  return out;
}

function copySourcesFrom(stage: Stage, model: DockerfileModel): CopySources {
  return model.viewOf("copy-sources-from", stage, (s) => new CopySources(stageGraph(model).copiesFrom.get(s) ?? []));
}

/** Where a copy puts the file at `file` (taken by the source `source`); undefined when that cannot be said. */
function copiedPath(source: string, file: string | undefined, copy: CopyInfo): string | undefined {
  const dest = copy.destinationPath;
  if (file === undefined || dest === undefined) return undefined;
  if (source === file) return copy.destinationIsDir ? `${dest === "/" ? "" : dest}/${file.slice(file.lastIndexOf("/") + 1)}` : dest;
  if (!/[*?[]/.test(source) && isWithin(file, source)) return normalizePath(`${dest}/${file.slice(source.length)}`);
  // A glob matching the file copies it into the destination directory.
  return /[*?[]/.test(source) ? normalizePath(`${dest}/${file.slice(file.lastIndexOf("/") + 1)}`) : undefined;
}

/** The go commands of each stage, in order. */
export function goCommandsByStage(model: DockerfileModel): ReadonlyMap<Stage, readonly GoCommand[]> {
  return model.view("go-commands-by-stage", () => {
    const byStage = new Map<Stage, GoCommand[]>();
    for (const command of goCommands(model)) append(byStage, command.stage, command);
    return byStage;
  });
}

/** The final image is built on the build's stage: the binary runs in the image it was built in. */
export function runsInBuildImage(build: GoBuild, model: DockerfileModel): boolean {
  return finalChain(model).has(build.stage);
}

/**
 * The build's binary ends up in the final image: built in the final stage or one it is built on, or
 * carried there by copies (through intermediate stages). When the binary's path is unknown, a build in a
 * stage the final image copies from counts. `RUN --mount=from=` ships nothing.
 */
export function isShipped(build: GoBuild, model: DockerfileModel): boolean {
  if (!model.shippedStages.has(build.stage) || build.mayWriteNothing) return false;
  if (!build.output || runsInBuildImage(build, model)) return true;
  return binaryPlacements(build, model).some((p) => p.stage === model.finalStage);
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
  /**
   * Both are glibc, but the builder's is 2.34 or newer and the runtime's older: since glibc 2.34 (libpthread
   * merged into libc) a dynamically linked program needs symbols versioned GLIBC_2.34, which an older glibc
   * does not have ("version `GLIBC_2.34' not found"). The releases are the minor numbers of 2.x.
   */
  readonly glibcVersions?: { readonly builder: GlibcRange; readonly target: GlibcRange } | undefined;
}

/** What the runtime stage has, in prose: "no C library", "musl", "glibc 2.31 (older than the builder's 2.36)". */
export function targetLibcText(mismatch: LibcMismatch): string {
  const v = mismatch.glibcVersions;
  if (v) return `glibc ${glibcText(v.target)}, older than the builder's glibc ${glibcText(v.builder)}`;
  return mismatch.targetLibc === "none" ? "no C library" : mismatch.targetLibc;
}

/** `2.36`, or `2.36 or newer` for a range. */
function glibcText(range: GlibcRange): string {
  return range.min === range.max ? `2.${range.min}` : `2.${range.min} or newer`;
}

/** The glibc release whose symbol versions every dynamically linked program built against it needs. */
const GLIBC_SYMBOL_BREAK = 34;

const LIBC_COMPAT_PACKAGES = new Set(["gcompat", "libc6-compat", "glibc", "musl"]);

/**
 * A cgo (dynamically linked) binary that runs in the final image without its libc: GO002's finding. The
 * binary runs where it ends up in the final stage; a scratch stage that only carries files is followed.
 */
export function libcMismatch(build: GoBuild, model: DockerfileModel): LibcMismatch | undefined {
  if (build.cgo !== "on") return undefined;
  const builderLibc = build.stage.base.libc;
  if (builderLibc !== "glibc" && builderLibc !== "musl") return undefined;
  const final = model.finalStage;
  // Built in the final image's own chain, the binary has the libc it was linked against.
  if (!final || model.purpose === "artifact" || runsInBuildImage(build, model)) return undefined;
  for (const placement of binaryPlacements(build, model)) {
    const copy = placement.copy;
    if (placement.stage !== final || !copy) continue;
    const into = placement.stage;
    const targetLibc = into.base.libc;
    if (targetLibc === undefined) continue;
    if (stageChain(into).some((s) => s.packages.some((p) => LIBC_COMPAT_PACKAGES.has(p.name) || p.name === "?"))) continue;
    if (targetLibc !== builderLibc) return { copy, into, builderLibc, targetLibc };
    // Same libc: an older glibc at run time than the builder's, when both releases are known.
    const built = build.stage.base.glibc;
    const runs = into.base.glibc;
    if (builderLibc === "glibc" && built && runs && built.min >= GLIBC_SYMBOL_BREAK && runs.max < GLIBC_SYMBOL_BREAK) {
      return { copy, into, builderLibc, targetLibc, glibcVersions: { builder: built, target: runs } };
    }
  }
  return undefined;
}

/**
 * The minimal base a Go binary of this file can run on, for advice: distroless/static when every shipped
 * build is static or unknown; with a cgo build, a base with the libc it was linked against.
 */
export function runtimeBaseFor(model: DockerfileModel): { readonly image: string; readonly why: string } {
  // cgo on, or unknown (before Go 1.20 it is on even without a C compiler): the binary may need a libc.
  const cgo = goBuilds(model).find((b) => isShipped(b, model) && b.mayNeedLibc);
  const tag = model.finalStage ? distrolessTagFor(model.finalStage) : "";
  if (!cgo) return { image: `gcr.io/distroless/static-${DISTROLESS_DEBIAN}${tag}`, why: "" };
  if (cgo.stage.base.libc !== "musl" && cgo.stage.base.libc !== "glibc")
    return { image: "a base with the builder's C library", why: " (cgo may be on in this build, and the builder's libc is unknown)" };
  return cgo.stage.base.libc === "musl"
    ? { image: "alpine:3.20", why: ` (cgo ${cgo.cgo === "on" ? "is" : "may be"} on in this build, so the binary may need musl)` }
    : {
        image: `gcr.io/distroless/base-${DISTROLESS_DEBIAN}${tag}`,
        why: ` (cgo ${cgo.cgo === "on" ? "is" : "may be"} on in this build, so the binary may need glibc)`,
      };
}

/** Where the go command keeps a cache, from the environment it sees; undefined when that cannot be known. */
export function goCachePath(command: GoCommand, variable: "GOMODCACHE" | "GOCACHE"): string | undefined {
  const env = (name: string) => goSetting(command, name);
  const explicit = env(variable);
  if (explicit) return explicit.value === undefined ? undefined : normalizePath(explicit.value);
  const home = env("HOME")?.value ?? (runsAsRoot(command) ? "/root" : undefined);
  if (variable === "GOMODCACHE") {
    const gopath = env("GOPATH");
    const first = gopath ? gopath.value?.split(":")[0] : home === undefined ? undefined : `${home}/go`;
    return first === undefined ? undefined : normalizePath(`${first}/pkg/mod`);
  }
  return home === undefined ? undefined : normalizePath(`${home}/.cache/go-build`);
}

function runsAsRoot(command: GoCommand): boolean {
  const users = command.stage.users.filter((u) => u.instruction.index < command.info.run.instruction.index);
  const last = users[users.length - 1];
  if (last) return last.user === "root" || last.user === "0";
  return command.stage.parent === undefined && command.stage.base.defaultUser === "root";
}
