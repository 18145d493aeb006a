import { imageFacts, isWindowsImage, UNKNOWN_IMAGE, type ImageFacts } from "../images/knowledge.js";
import { parseImageRef, type ImageRef } from "../images/ref.js";
import type { Flag, Instruction, ParsedDockerfile, ParseProblem } from "../parse/types.js";
import { splitAssignment } from "../shell/commands.js";
import type { ShellWord } from "../shell/words.js";
import { normalizePath, resolvePath } from "./paths.js";
import { imagePurpose } from "./purpose.js";
import { analyzeRun, createdUserNames, DEFAULT_SHELL, installedPackages, removedPackages, virtualGroup, WINDOWS_SHELL } from "./run.js";
import { expandWord, referencedVariables, Scope, type Binding } from "./scope.js";
import type {
  BuildContext,
  CommandInfo,
  LabelPolicy,
  CopyInfo,
  CopySource,
  DockerfileModel,
  RunInfo,
  RuntimeCommand,
  Stage,
  UserInfo,
} from "./types.js";

/** Platform ARGs BuildKit defines for every build; their values depend on the build, so they are unknown here. */
const PLATFORM_ARGS = [
  "TARGETPLATFORM",
  "TARGETOS",
  "TARGETARCH",
  "TARGETVARIANT",
  "BUILDPLATFORM",
  "BUILDOS",
  "BUILDARCH",
  "BUILDVARIANT",
];

export interface Model extends DockerfileModel {
  /** Problems the model found on top of the parser's (instructions before FROM). */
  readonly problems: readonly ParseProblem[];
}

/** The image ARGs of a stage whose FROM names no variable (most of them). */
const NO_BINDINGS: readonly Binding[] = Object.freeze([]);
const NO_USERS: ReadonlySet<string> = new Set();
const NO_ITEMS: readonly never[] = Object.freeze([]);

/** The list with the items added: the shared empty list gives way to one of the stage's own, then grows in place. */
function added<T>(list: readonly T[], ...items: T[]): readonly T[] {
  const own = (list === NO_ITEMS ? [] : list) as T[];
  own.push(...items);
  return own;
}

export function buildModel(
  parsed: ParsedDockerfile,
  context: BuildContext,
  trustedRegistries?: readonly string[],
  path?: string,
  labelPolicy?: LabelPolicy,
): Model {
  const problems: ParseProblem[] = [];
  const stages: MutableStage[] = [];
  const stagesByName = new Map<string, MutableStage>();
  const stageByInstruction = new Map<Instruction, MutableStage>();
  let globals = Scope.empty.with(PLATFORM_ARGS.map((name): Binding => ({ name, value: undefined, kind: "builtin", at: undefined })));
  let current: MutableStage | undefined;
  // Stages on the same image share its facts (and so its ENV scope): a file of many stages holds one copy.
  const factsByImage = new Map<string, ImageFacts>();
  const factsOf = (image: ImageRef, text: string): ImageFacts => {
    let facts = factsByImage.get(text);
    if (!facts) {
      facts = imageFacts(image);
      factsByImage.set(text, facts);
    }
    return facts;
  };

  for (const instruction of parsed.instructions) {
    if (instruction.kind === "FROM") {
      current = startStage(instruction, stages, stagesByName, globals, factsOf);
      stages.push(current);
      if (current.name !== undefined && !stagesByName.has(current.name)) stagesByName.set(current.name, current);
      stageByInstruction.set(instruction, current);
      continue;
    }
    if (!current) {
      if (instruction.kind === "ARG") globals = globals.with(argBindings(instruction, globals, globals));
      else
        problems.push({
          code: "before-from",
          keyword: instruction.keyword.value,
          span: instruction.keyword.span,
          peer: "DL3061",
        });
      continue;
    }
    stageByInstruction.set(instruction, current);
    current.add(instruction, globals, stages, stagesByName);
  }

  for (const stage of stages) stage.seal();
  const finalStage = stages[stages.length - 1];
  const shippedStages = shipped(finalStage);
  const commands = stages.flatMap((s) => s.runs.flatMap((r) => r.commands));
  const views = new Map<string, unknown>();
  let byKind: Map<string, Instruction[]> | undefined;
  let purpose: Model["purpose"] | undefined;
  let buildKit: boolean | undefined;
  let triggers: Instruction[] | undefined;
  const needsBuildKit = () =>
    parsed.directives.some((d) => d.name === "syntax") ||
    parsed.instructions.some(
      (i) =>
        i.heredocs.length > 0 ||
        (i.kind === "RUN" && i.flags.some((f) => f.name === "mount" || f.name === "network" || f.name === "security")) ||
        ((i.kind === "COPY" || i.kind === "ADD") &&
          i.flags.some(
            (f) => f.name === "link" || f.name === "chmod" || f.name === "parents" || f.name === "exclude" || f.name === "checksum",
          )) ||
        (i.kind === "FROM" && i.flags.some((f) => f.name === "platform" && /\$\{?(BUILD|TARGET)PLATFORM/.test(f.value ?? ""))),
    );
  const model: Model = {
    source: parsed.source,
    parsed,
    stages,
    finalStage,
    globalArgs: globals,
    context,
    trustedRegistries,
    labelPolicy,
    shippedStages,
    commands,
    problems,
    path,
    get usesBuildKit() {
      buildKit ??= needsBuildKit();
      return buildKit;
    },
    get purpose() {
      purpose ??= imagePurpose(model);
      return purpose;
    },
    get triggers() {
      triggers ??= model.instructionsOf("ONBUILD").flatMap((i) => (i.trigger ? [i.trigger] : []));
      return triggers;
    },
    instructionsOf: (kind) => {
      byKind ??= groupByKind(parsed.instructions);
      return byKind.get(kind) ?? [];
    },
    stageOf: (instruction) => stageByInstruction.get(instruction),
    stageNamed: (reference, before) => stageReference(reference, stages, stagesByName, before),
    view<T>(key: string, compute: (m: DockerfileModel) => T): T {
      if (!views.has(key)) views.set(key, compute(model));
      return views.get(key) as T;
    },
    viewOf<K, T>(key: string, item: K, compute: (item: K) => T): T {
      const cache = model.view(key, () => new Map<K, T>());
      if (!cache.has(item)) cache.set(item, compute(item));
      return cache.get(item) as T;
    },
  };
  return model;
}

/** Instructions by kind, in order: computed when a rule first asks. */
function groupByKind(instructions: readonly Instruction[]): Map<string, Instruction[]> {
  const byKind = new Map<string, Instruction[]>();
  for (const instruction of instructions) {
    const list = byKind.get(instruction.kind);
    if (list) list.push(instruction);
    else byKind.set(instruction.kind, [instruction]);
  }
  return byKind;
}

function startStage(
  from: Instruction,
  stages: readonly MutableStage[],
  byName: ReadonlyMap<string, MutableStage>,
  globals: Scope,
  factsOf: (image: ImageRef, text: string) => ImageFacts,
): MutableStage {
  const [imageWord, asWord, nameWord] = from.words;
  const hasName = asWord !== undefined && asWord.value.toLowerCase() === "as" && nameWord !== undefined;
  const imageText = imageWord ? expandWord(imageWord, globals, "empty") : undefined;
  const parent = imageText === undefined ? undefined : byName.get(imageText.toLowerCase());
  const image = parent || imageText === undefined ? undefined : parseImageRef(imageText);
  const base: ImageFacts = parent ? parent.base : image && imageText !== undefined ? factsOf(image, imageText) : UNKNOWN_IMAGE;
  // The global ARGs the image word uses, and the ARGs their defaults are built from (`ARG IMAGE=golang:$GO`).
  const imageArgs: Binding[] = [];
  const pending = imageWord?.hasExpansion ? imageWord.parts.flatMap((part) => (part.kind === "variable" ? [part.name] : [])) : [];
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    const binding = globals.get(name);
    if (binding?.kind !== "arg" || imageArgs.includes(binding)) continue;
    imageArgs.push(binding);
    pending.push(...(binding.from ?? []));
  }
  const imageIsPlaceholder =
    imageArgs.length > 0 &&
    image !== undefined &&
    image.registry === undefined &&
    !image.repository.includes("/") &&
    image.tag === undefined &&
    image.digest === undefined &&
    base === UNKNOWN_IMAGE;
  return new MutableStage({
    imageArgs: imageArgs.length === 0 ? NO_BINDINGS : imageArgs,
    imageIsPlaceholder,
    index: stages.length,
    name: hasName ? nameWord.value.toLowerCase() : undefined,
    nameWord: hasName ? nameWord : undefined,
    from,
    imageWord,
    imageText,
    image,
    parent,
    base,
    platform: from.flags.find((f) => f.name === "platform"),
  });
}

/** Bindings an ARG instruction makes: defaults expanded in `scope`; a bare name takes the global ARG's value. */
function argBindings(instruction: Instruction, scope: Scope, globals: Scope): Binding[] {
  const bindings: Binding[] = [];
  for (const word of instruction.words) {
    const assignment = splitAssignment(word);
    if (assignment) {
      bindings.push({
        name: assignment.name,
        value: expandWord(assignment.value, scope, "empty"),
        kind: "arg",
        at: word.span,
        from: referencedVariables(assignment.value),
        valueWord: assignment.value,
      });
    } else {
      const global = globals.get(word.value);
      bindings.push({ name: word.value, value: global?.value, kind: global?.kind === "builtin" ? "builtin" : "arg", at: word.span });
    }
  }
  return bindings;
}

/** The ENV an image sets, as a scope: one per image's facts, shared by every stage built on it. */
const imageEnvScopes = new WeakMap<ImageFacts, Scope>();
function imageEnvScope(facts: ImageFacts): Scope {
  let scope = imageEnvScopes.get(facts);
  if (!scope) {
    scope = Scope.empty.with(Object.entries(facts.env).map(([name, value]): Binding => ({ name, value, kind: "image", at: undefined })));
    imageEnvScopes.set(facts, scope);
  }
  return scope;
}

/** ENV bindings, all expanded against the scope before the instruction (as Docker does). */
function envBindings(instruction: Instruction, scope: Scope): Binding[] {
  const [first, ...rest] = instruction.words;
  if (!first) return [];
  if (!splitAssignment(first)) {
    // Legacy `ENV NAME value with spaces`.
    const value = rest.map((w) => expandWord(w, scope, "empty"));
    return [{ name: first.value, value: value.includes(undefined) ? undefined : value.join(" "), kind: "env", at: instruction.span }];
  }
  return instruction.words.flatMap((word) => {
    const assignment = splitAssignment(word);
    return assignment
      ? [
          {
            name: assignment.name,
            value: expandWord(assignment.value, scope, "empty"),
            kind: "env" as const,
            at: word.span,
            from: referencedVariables(assignment.value),
            valueWord: assignment.value,
          },
        ]
      : [];
  });
}

interface StageHeader {
  imageArgs: readonly Binding[];
  imageIsPlaceholder: boolean;
  index: number;
  name: string | undefined;
  nameWord: ShellWord | undefined;
  from: Instruction;
  imageWord: ShellWord | undefined;
  imageText: string | undefined;
  image: ImageRef | undefined;
  parent: MutableStage | undefined;
  base: ImageFacts;
  platform: Flag | undefined;
}

class MutableStage implements Stage {
  readonly index: number;
  readonly name: string | undefined;
  readonly nameWord: ShellWord | undefined;
  readonly from: Instruction;
  readonly imageWord: ShellWord | undefined;
  readonly imageText: string | undefined;
  readonly image: ImageRef | undefined;
  readonly imageArgs: readonly Binding[];
  readonly imageIsPlaceholder: boolean;
  readonly parent: MutableStage | undefined;
  readonly base: ImageFacts;
  readonly platform: Flag | undefined;
  instructions: Instruction[] = [];
  runs: RunInfo[] = [];
  copies: CopyInfo[] = [];
  // Shared empty lists until something is added (most stages of a large file add nothing to them).
  users: readonly UserInfo[] = NO_ITEMS;
  packages: readonly { name: string; command: CommandInfo }[] = NO_ITEMS;
  private removals: readonly { names: readonly string[]; command: CommandInfo }[] = NO_ITEMS;
  private groups: Map<CommandInfo, string> | undefined;
  private atEnd: { name: string; command: CommandInfo }[] | undefined;
  private endOpaque: { run: RunInfo | undefined } | undefined;
  // A shared empty set until the stage creates a user (most stages create none).
  createdUsers: ReadonlySet<string> | "unknown" = NO_USERS;
  /** The scope and working directory before each instruction, by its position in `instructions`. */
  private scopes: Scope[] = [];
  private workdirs: (string | undefined)[] = [];
  private scope: Scope;
  private envOnly: Scope;
  private workdir: string | undefined;
  private goEnv: ReadonlyMap<string, Binding>;
  private shell: readonly string[];
  private customShell: boolean;
  private readonly inheritedShell: { readonly shell: readonly string[]; readonly custom: boolean };
  private byKind: Map<string, Instruction[]> | undefined;
  entrypoint: RuntimeCommand | undefined;
  cmd: RuntimeCommand | undefined;
  healthcheck: RuntimeCommand | undefined;

  constructor(header: StageHeader) {
    this.index = header.index;
    this.name = header.name;
    this.nameWord = header.nameWord;
    this.from = header.from;
    this.imageWord = header.imageWord;
    this.imageText = header.imageText;
    this.image = header.image;
    this.imageArgs = header.imageArgs;
    this.imageIsPlaceholder = header.imageIsPlaceholder;
    this.parent = header.parent;
    this.base = header.base;
    this.platform = header.platform;
    // BuildKit: a stage built on another inherits its ENV and its ARGs (only ENV reaches the image config).
    if (header.parent) {
      this.scope = header.parent.endScope;
      this.envOnly = header.parent.endEnv;
    } else {
      const imageEnv = imageEnvScope(header.base);
      this.scope = imageEnv;
      this.envOnly = imageEnv;
    }
    this.workdir = header.parent ? header.parent.endWorkdir : header.base.workdir;
    this.goEnv = header.parent?.endGoEnv ?? new Map();
    // A Windows image runs shell forms with `cmd /S /C` (Docker's default there), not a POSIX shell.
    this.shell = header.parent?.endShell ?? (isWindowsImage(header.imageText) ? WINDOWS_SHELL : DEFAULT_SHELL);
    this.customShell = this.shell !== DEFAULT_SHELL;
    this.inheritedShell = { shell: this.shell, custom: this.customShell };
    this.entrypoint = header.parent?.entrypoint;
    this.cmd = header.parent?.cmd;
    this.healthcheck = header.parent?.healthcheck;
  }

  /** Called once the stage is complete: its lists, grown one push at a time, drop their spare capacity. */
  seal(): void {
    this.instructions = this.instructions.slice();
    this.scopes = this.scopes.slice();
    this.workdirs = this.workdirs.slice();
    this.runs = this.runs.slice();
    this.copies = this.copies.slice();
  }

  get packagesAtEnd(): readonly { name: string; command: CommandInfo }[] {
    this.atEnd ??= this.computePackagesAtEnd();
    return this.atEnd;
  }

  /**
   * The chain's packages from its root down, one stage at a time, in a single set: a long FROM chain
   * copies no inherited list per stage and does not recurse.
   */
  private computePackagesAtEnd(): { name: string; command: CommandInfo }[] {
    const chain: MutableStage[] = [];
    for (let s: MutableStage | undefined = this; s; s = s.parent) chain.push(s);
    const alive = new Set<{ name: string; command: CommandInfo }>();
    const byName = new Map<string, { name: string; command: CommandInfo }[]>();
    for (const stage of chain.reverse()) {
      const removed = stage.removals.flatMap((r) => r.names);
      if (removed.includes("?")) {
        alive.clear();
        byName.clear();
      } else {
        for (const name of removed) {
          for (const p of byName.get(name) ?? []) alive.delete(p);
          byName.delete(name);
        }
      }
      for (const p of stage.ownPackagesAtEnd()) {
        alive.add(p);
        const list = byName.get(p.name);
        if (list) list.push(p);
        else byName.set(p.name, [p]);
      }
    }
    return [...alive];
  }

  /** This stage's packages not removed later in the stage (apk del, apt-get purge, also of an apk virtual group). */
  private ownPackagesAtEnd(): readonly { name: string; command: CommandInfo }[] {
    if (this.removals.length === 0) return this.packages;
    // Commands in order, numbered once: a removal counts for the packages installed before it.
    const order = new Map<CommandInfo, number>();
    for (const run of this.runs) for (const c of run.commands) order.set(c, order.size);
    const lastRemoval = new Map<string, number>();
    for (const r of this.removals) for (const name of r.names) lastRemoval.set(name, order.get(r.command) ?? 0);
    const removedAfter = (name: string | undefined, at: number) => name !== undefined && (lastRemoval.get(name) ?? -1) > at;
    return this.packages.filter((p) => {
      const at = order.get(p.command) ?? 0;
      return !removedAfter(p.name, at) && !removedAfter("?", at) && !removedAfter(this.groups?.get(p.command), at);
    });
  }

  get endScope(): Scope {
    return this.scope;
  }
  get endShell(): readonly string[] {
    return this.shell;
  }

  opaqueBefore(instruction?: Instruction): RunInfo | undefined {
    // Asked once the model is built; the answer for the end of a stage is kept for the stages built on it.
    if (instruction === undefined) {
      this.endOpaque ??= { run: this.parent?.opaqueBefore() ?? this.runs.find((r) => r.opaque) };
      return this.endOpaque.run;
    }
    return this.parent?.opaqueBefore() ?? this.runs.find((r) => r.instruction.index < instruction.index && r.opaque);
  }

  shellAt(instruction: Instruction): { readonly shell: readonly string[]; readonly custom: boolean } {
    // The last SHELL of this stage before the instruction, else the one inherited.
    const shells = this.instructionsOf("SHELL").filter((s) => s.index < instruction.index && s.json);
    const last = shells[shells.length - 1];
    return last?.json ? { shell: last.json.map((w) => w.value), custom: true } : this.inheritedShell;
  }

  instructionsOf(kind: string): readonly Instruction[] {
    this.byKind ??= groupByKind(this.instructions);
    return this.byKind.get(kind) ?? [];
  }

  get endEnv(): Scope {
    return this.envOnly;
  }
  get endWorkdir(): string | undefined {
    return this.workdir;
  }
  get endGoEnv(): ReadonlyMap<string, Binding> {
    return this.goEnv;
  }

  scopeAt(instruction: Instruction): Scope {
    const at = this.positionOf(instruction);
    return at === undefined ? this.scope : (this.scopes[at] as Scope);
  }
  workdirAt(instruction: Instruction): string | undefined {
    const at = this.positionOf(instruction);
    return at === undefined ? this.workdir : this.workdirs[at];
  }

  /** Where an instruction of this stage is in `instructions` (they follow the FROM without a gap). */
  private positionOf(instruction: Instruction): number | undefined {
    const at = instruction.index - this.from.index - 1;
    return this.instructions[at] === instruction ? at : undefined;
  }

  add(instruction: Instruction, globals: Scope, stages: readonly MutableStage[], byName: ReadonlyMap<string, MutableStage>): void {
    this.instructions.push(instruction);
    this.scopes.push(this.scope);
    this.workdirs.push(this.workdir);
    switch (instruction.kind) {
      case "ARG":
        this.scope = this.scope.with(argBindings(instruction, this.scope, globals));
        return;
      case "ENV": {
        const bindings = envBindings(instruction, this.scope);
        this.scope = this.scope.with(bindings);
        this.envOnly = this.envOnly.with(bindings);
        return;
      }
      case "WORKDIR": {
        const word = instruction.words[0];
        const path = word ? expandWord(word, this.scope, "empty") : undefined;
        this.workdir = path === undefined ? undefined : resolvePath(path, this.workdir);
        return;
      }
      case "USER": {
        const word = instruction.words[0];
        const value = word ? expandWord(word, this.scope, "empty") : undefined;
        const [user, group] = value === undefined ? [undefined, undefined] : splitUserGroup(value);
        this.users = added(this.users, { instruction, word, user, group });
        return;
      }
      case "SHELL":
        // A SHELL that is not a JSON array is refused by Docker (DF000); keep the one in effect.
        if (instruction.json) {
          this.shell = instruction.json.map((w) => w.value);
          this.customShell = true;
        }
        return;
      case "ENTRYPOINT":
        this.entrypoint = runtimeCommand(instruction, this, instruction.json, () => instruction.words[0]?.value);
        // Docker: setting ENTRYPOINT resets a CMD inherited from the base.
        if (this.cmd && this.cmd.stage !== this) this.cmd = undefined;
        return;
      case "CMD":
        this.cmd = runtimeCommand(instruction, this, instruction.json, () => instruction.words[0]?.value);
        return;
      case "HEALTHCHECK": {
        const check = instruction.healthcheck;
        if (check?.kind === "CMD")
          this.healthcheck = runtimeCommand(instruction, this, check.json, () => check.args.text.trim().split(/\s+/)[0]);
        else if (check?.kind === "NONE") this.healthcheck = undefined;
        return;
      }
      case "RUN":
        this.addRun(instruction);
        return;
      case "COPY":
      case "ADD":
        this.copies.push(this.copyInfo(instruction, stages, byName));
        return;
      default:
        return;
    }
  }

  private addRun(instruction: Instruction): void {
    const { run, goEnv } = analyzeRun(instruction, this, {
      scope: this.scope,
      workdir: this.workdir,
      goEnv: this.goEnv,
      shell: this.shell,
    });
    this.goEnv = goEnv;
    this.runs.push(run);
    for (const command of run.commands) {
      const installed = installedPackages(command);
      if (installed.length > 0) this.packages = added(this.packages, ...installed.map((name) => ({ name, command })));
      const group = virtualGroup(command);
      if (group !== undefined) (this.groups ??= new Map()).set(command, group);
      const removed = removedPackages(command);
      if (removed.length > 0) this.removals = added(this.removals, { names: removed, command });
      const users = createdUserNames(command);
      if (users === undefined) this.createdUsers = "unknown";
      else if (this.createdUsers === NO_USERS) {
        if (users.length > 0) this.createdUsers = new Set(users);
      } else if (this.createdUsers !== "unknown") for (const u of users) (this.createdUsers as Set<string>).add(u);
    }
  }

  private copyInfo(instruction: Instruction, stages: readonly MutableStage[], byName: ReadonlyMap<string, MutableStage>): CopyInfo {
    const fromFlag = instruction.flags.find((f) => f.name === "from");
    const from = fromFlag?.value;
    const fromStage = from === undefined ? undefined : stageReference(from, stages, byName, this.index);
    const words: ShellWord[] = instruction.json
      ? instruction.json.map((w) => ({
          value: w.value,
          span: w.span,
          parts: w.value.includes("$")
            ? [{ kind: "substitution", text: w.value, quoted: true }]
            : [{ kind: "literal", text: w.value, quoted: true }],
          quoted: true,
          hasExpansion: w.value.includes("$"),
        }))
      : [...instruction.words];
    const destination = words.length >= 2 ? words[words.length - 1] : undefined;
    const sources: CopySource[] = (destination ? words.slice(0, -1) : words).map((word) => {
      const value = expandWord(word, this.scope, "empty");
      const kind = sourceKind(word.value);
      const path = from !== undefined && value !== undefined && kind === "path" ? normalizePath(`/${value}`) : undefined;
      return { word, value, kind, path };
    });
    const destValue = destination ? expandWord(destination, this.scope, "empty") : undefined;
    return {
      instruction,
      kind: instruction.kind as "COPY" | "ADD",
      from,
      fromFlag,
      fromStage,
      sources,
      destination,
      destinationPath: destValue === undefined ? undefined : resolvePath(destValue, this.workdir),
      destinationIsDir:
        destValue === undefined ? false : destValue.endsWith("/") || sources.length > 1 || destValue === "." || destValue === "..",
      // A word's value keeps a blank only from quotes or an escape: unquoted blanks split words.
      wordsSplitByBuildKit: !instruction.json && words.some((w) => /[ \t]/.test(w.value)),
    };
  }
}

/** The shell-form program is read when a rule asks: splitting words costs, and most runs never need it. */
function runtimeCommand(
  instruction: Instruction,
  stage: Stage,
  json: RuntimeCommand["json"],
  shellProgram: () => string | undefined,
): RuntimeCommand | undefined {
  if (json?.length === 0 || (!json && instruction.args.text.trim() === "")) return undefined;
  let program: { value: string | undefined } | undefined;
  return {
    instruction,
    stage,
    json,
    get program() {
      program ??= { value: (json ? json[0]?.value : shellProgram()) || undefined };
      return program.value;
    },
  };
}

function splitUserGroup(value: string): [string, string | undefined] {
  const colon = value.indexOf(":");
  return colon === -1 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}

function sourceKind(written: string): CopySource["kind"] {
  if (written.startsWith("<<")) return "heredoc";
  if (/^git@|^git:\/\/|\.git(#.*)?$/.test(written)) return "git";
  if (/^https?:\/\//.test(written)) return "url";
  return "path";
}

/** The earlier stage a `--from` value names (by name or index); undefined for an image or an unknown name. */
function stageReference(value: string, stages: readonly Stage[], byName: ReadonlyMap<string, Stage>, before: number): Stage | undefined {
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    return index < before ? stages[index] : undefined;
  }
  const stage = byName.get(value.toLowerCase());
  return stage && stage.index < before ? stage : undefined;
}

/** The final stage plus every stage it builds on or copies from, transitively. A `RUN --mount=from=` ships nothing. */
function shipped(finalStage: Stage | undefined): Set<Stage> {
  return finalStage ? stagesNeeded(finalStage) : new Set();
}

/**
 * The stage and every stage it needs, transitively: the stage it is built on and those it copies from, and,
 * with `mountedStages`, those its RUN mounts read (they ship nothing, but the build needs them first).
 */
export function stagesNeeded(start: Stage, mountedStages?: (stage: Stage) => readonly Stage[]): Set<Stage> {
  const result = new Set<Stage>();
  const queue: Stage[] = [start];
  while (queue.length > 0) {
    const stage = queue.pop() as Stage;
    if (result.has(stage)) continue;
    result.add(stage);
    if (stage.parent) queue.push(stage.parent);
    for (const copy of stage.copies) if (copy.fromStage) queue.push(copy.fromStage);
    if (mountedStages) queue.push(...mountedStages(stage));
  }
  return result;
}
