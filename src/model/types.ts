import type { ImageFacts } from "../images/knowledge.js";
import type { ImageRef } from "../images/ref.js";
import type { MappedText } from "../text/mapped-text.js";
import type { Flag, Instruction, InstructionKind, ParsedDockerfile, Word } from "../parse/types.js";
import type { SourceFile } from "../text/source.js";
import type { ShellScript, SimpleCommand } from "../shell/commands.js";
import type { ShellWord } from "../shell/words.js";
import type { Binding, Scope } from "./scope.js";

/** What is known of the build context (the directory sent to `docker build`). */
export interface BuildContext {
  /** The context directory is known (`--context`, or the Dockerfile's own directory holds go.mod). */
  readonly known: boolean;
  /** go.mod text when the context has one. */
  readonly goMod?: string | undefined;
  readonly hasGoSum?: boolean | undefined;
  /** The context vendors its modules (vendor/modules.txt): Go builds from vendor/ and downloads nothing. */
  readonly hasVendor?: boolean | undefined;
  /** .dockerignore text when the context has one. */
  readonly dockerignore?: string | undefined;
}

export const UNKNOWN_CONTEXT: BuildContext = { known: false };

/** A COPY/ADD source operand. */
export interface CopySource {
  readonly word: ShellWord;
  /** After variable expansion; undefined when unknown. */
  readonly value: string | undefined;
  readonly kind: "path" | "url" | "git" | "heredoc";
  /** For `--from` copies: the absolute path in the source stage or image. */
  readonly path: string | undefined;
}

export interface CopyInfo {
  readonly instruction: Instruction;
  readonly kind: "COPY" | "ADD";
  /** `--from=` value after expansion, when present. */
  readonly from: string | undefined;
  readonly fromFlag: Flag | undefined;
  /** The stage `--from` names, when it names one. */
  readonly fromStage: Stage | undefined;
  readonly sources: readonly CopySource[];
  readonly destination: ShellWord | undefined;
  /** Absolute destination path (WORKDIR applied); undefined when unknown. Ends without `/`. */
  readonly destinationPath: string | undefined;
  /** The destination was written as a directory (`/dst/`, or several sources). */
  readonly destinationIsDir: boolean;
  /**
   * A word holds a quoted or escaped blank: BuildKit splits COPY/ADD arguments at every blank before it reads
   * quotes and escapes, so the instruction copies other paths than its words say, or fails (DF000 says which).
   * Rules about its sources and destination stay silent.
   */
  readonly wordsSplitByBuildKit: boolean;
}

/** One simple command of a RUN with the state the shell gives it. */
export interface CommandInfo {
  readonly command: SimpleCommand;
  readonly run: RunInfo;
  /** The command name (`go`, `apk`), a path's last segment, when written literally. */
  readonly name: string | undefined;
  /** The word naming the program (after an `env A=1` prefix). */
  readonly program: ShellWord | undefined;
  /** Words after the command name. */
  readonly args: readonly ShellWord[];
  /** Environment the command's process sees: ENV/ARG in scope, exports, inline `VAR=x`. */
  readonly env: Scope;
  /** Variables the shell expands in its words (the environment plus unexported shell variables). */
  readonly vars: Scope;
  /** Working directory (WORKDIR, then `cd`); undefined when unknown. */
  readonly cwd: string | undefined;
  /** Settings written earlier by `go env -w` in this stage or its parents. */
  readonly goEnv: ReadonlyMap<string, Binding>;
  /** A failure before a `|` fails this command's pipeline: SHELL has `-o pipefail`, or `set -o pipefail` ran earlier in the RUN. */
  readonly pipefail: boolean;
  /** The shell stops at this command's failure: SHELL has `-e`/`-o errexit`, or `set -e` ran earlier in the RUN (and no `set +e`). */
  readonly errexit: boolean;
  /** Runs something slimlint does not model (a script, `make`, an unknown tool): users, files and settings after it are unknown. */
  readonly opaque: boolean;
}

/** A typed `RUN --mount=…`. */
export interface Mount {
  readonly flag: Flag;
  /** `bind` when not given, as BuildKit. */
  readonly type: string;
  /** `target`, `dst` or `destination`, normalized; undefined when not given. */
  readonly target: string | undefined;
  /** `from=`: a stage name, index or image; undefined for the build context. */
  readonly from: string | undefined;
  readonly source: string | undefined;
  readonly id: string | undefined;
  /** Secret mounts: `env=` names the variable the secret is exposed as. */
  readonly env: string | undefined;
}

/** The command a container runs (ENTRYPOINT, CMD) or checks its health with, as in effect for a stage. */
export interface RuntimeCommand {
  readonly instruction: Instruction;
  /** The stage that wrote it (this stage or one it is built on). */
  readonly stage: Stage;
  /** Exec form values; undefined in shell form. */
  readonly json: readonly Word[] | undefined;
  /** The program: exec form's first value, or shell form's first word; undefined when empty. */
  readonly program: string | undefined;
}

/** Value types a label schema can require (hadolint's label-schema types). */
export const LABEL_TYPES = ["url", "rfc3339", "spdx", "hash", "semver", "email", "text"] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** The labels the image must carry, and of which type (config `labelSchema`); `strict`: no other labels (`strictLabels`). */
export interface LabelPolicy {
  readonly schema: Readonly<Record<string, LabelType>>;
  readonly strict: boolean;
}

/** What the final image is for (catalogue v2 ground rules); runtime-hardening rules judge `runtime` only. */
export type ImagePurpose = "runtime" | "toolchain" | "artifact" | "dev";

export interface RunInfo {
  readonly instruction: Instruction;
  readonly stage: Stage;
  /** Parsed shell script; undefined for exec form or a non-POSIX SHELL. */
  readonly script: ShellScript | undefined;
  /** Heredoc bodies run as scripts (`RUN <<EOF`, `RUN bash <<EOF`), parsed. */
  readonly heredocScripts: readonly ShellScript[];
  /** The text of each of `heredocScripts`, mapped to the source. */
  readonly heredocBodies: readonly MappedText[];
  readonly commands: readonly CommandInfo[];
  readonly mounts: readonly Mount[];
  /** Some commands could not be understood (a `case`, an open quote, a SHELL we do not know). */
  readonly incomplete: boolean;
  /** The SHELL in effect (this stage or one it is built on); `["/bin/sh", "-c"]` by default. */
  readonly shell: readonly string[];
  /** The SHELL in effect has pipefail (`-o pipefail`, `-eo pipefail`, `-opipefail`). */
  readonly shellPipefail: boolean;
  /** The SHELL in effect stops at the first failure (`-e`, `-eo pipefail`, `-o errexit`). */
  readonly shellErrexit: boolean;
  /** The RUN runs something slimlint does not model, or could not be read: what it does is unknown. */
  readonly opaque: boolean;
}

export interface UserInfo {
  readonly instruction: Instruction;
  readonly word: ShellWord | undefined;
  /** The user part after expansion (`app` of `app:app`); undefined when unknown. */
  readonly user: string | undefined;
  readonly group: string | undefined;
}

export interface Stage {
  readonly index: number;
  /** Lower-case name from `AS name`. */
  readonly name: string | undefined;
  readonly nameWord: ShellWord | undefined;
  readonly from: Instruction;
  /** The image word as written. */
  readonly imageWord: ShellWord | undefined;
  /** The image after ARG substitution; undefined when it depends on an unknown value. */
  readonly imageText: string | undefined;
  readonly image: ImageRef | undefined;
  /** The global ARGs the image word uses (`FROM golang:$GO_VERSION`): image advice points at their defaults. */
  readonly imageArgs: readonly Binding[];
  /**
   * The image comes from an ARG whose default is a sentinel that cannot be pulled (`placeholder`,
   * `non-existing`: no registry, path or tag, and no image slimlint knows): every build overrides it.
   */
  readonly imageIsPlaceholder: boolean;
  /** The earlier stage this one is built on (`FROM builder AS final`). */
  readonly parent: Stage | undefined;
  /** Facts of the root image under this stage (through parent stages). */
  readonly base: ImageFacts;
  readonly platform: Flag | undefined;
  readonly instructions: readonly Instruction[];
  readonly runs: readonly RunInfo[];
  readonly copies: readonly CopyInfo[];
  readonly users: readonly UserInfo[];
  /** Packages installed by apk/apt/yum in this stage (not parents). */
  readonly packages: readonly { readonly name: string; readonly command: CommandInfo }[];
  /** Packages installed in this stage and its parents and not removed later (apk del, apt-get purge, also of an apk virtual group). */
  readonly packagesAtEnd: readonly { readonly name: string; readonly command: CommandInfo }[];
  /** User names created by adduser/useradd in this stage; "unknown" when a name could not be read. */
  readonly createdUsers: ReadonlySet<string> | "unknown";
  /** Variables (ENV and ARG) in effect before an instruction of this stage. */
  scopeAt(instruction: Instruction): Scope;
  /** WORKDIR in effect before an instruction; undefined when unknown. */
  workdirAt(instruction: Instruction): string | undefined;
  /** Variables and WORKDIR at the end of the stage (what a child stage inherits; ENV only). */
  readonly endEnv: Scope;
  readonly endWorkdir: string | undefined;
  readonly endGoEnv: ReadonlyMap<string, Binding>;
  /** Variables (ENV and ARG) at the end of the stage: a stage built on this one inherits its ARGs too (BuildKit). */
  readonly endScope: Scope;
  readonly endShell: readonly string[];
  /** ENTRYPOINT, CMD and HEALTHCHECK in effect at the end of the stage, through the stages it is built on. */
  readonly entrypoint: RuntimeCommand | undefined;
  readonly cmd: RuntimeCommand | undefined;
  readonly healthcheck: RuntimeCommand | undefined;
  /** The first opaque RUN of this stage or a stage it is built on before the instruction (at the end of the stage when omitted). */
  opaqueBefore(instruction?: Instruction): RunInfo | undefined;
  /** Instructions of this stage of one kind, in order. */
  instructionsOf(kind: InstructionKind): readonly Instruction[];
  /** The SHELL in effect before an instruction (through parent stages), and whether a SHELL instruction set it. */
  shellAt(instruction: Instruction): { readonly shell: readonly string[]; readonly custom: boolean };
}

export interface DockerfileModel {
  readonly source: SourceFile;
  readonly parsed: ParsedDockerfile;
  readonly stages: readonly Stage[];
  readonly finalStage: Stage | undefined;
  /** ARGs declared before the first FROM. */
  readonly globalArgs: Scope;
  readonly context: BuildContext;
  /** Registries images may come from, when configured. */
  readonly trustedRegistries: readonly string[] | undefined;
  /** The label schema, when configured (config `labelSchema`, `strictLabels`). */
  readonly labelPolicy: LabelPolicy | undefined;
  /** The final stage and every stage it builds on or copies from, transitively. */
  readonly shippedStages: ReadonlySet<Stage>;
  /** The stage a `--from` value names (a name or an index of a stage before `before`). */
  stageNamed(reference: string, before: number): Stage | undefined;
  /** Every instruction's stage (undefined before the first FROM). */
  stageOf(instruction: Instruction): Stage | undefined;
  /** Every RUN's analysed commands, all stages, in order. */
  readonly commands: readonly CommandInfo[];
  /** The Dockerfile's path as given (for the image purpose: `.devcontainer/`, `*.dev`); undefined for stdin or text. */
  readonly path: string | undefined;
  /** What the final image is for. */
  readonly purpose: ImagePurpose;
  /**
   * The file can only be built by BuildKit: a `# syntax=` directive, RUN mounts, heredocs, COPY --link or
   * --chmod, `$BUILDPLATFORM`. Advice that needs BuildKit (cache mounts) is safe only then: the classic
   * builder (still used by skaffold's local builds and Windows) rejects it.
   */
  readonly usesBuildKit: boolean;
  /** Instructions of one kind across the file (before the first FROM included), in order. */
  instructionsOf(kind: InstructionKind): readonly Instruction[];
  /**
   * The instructions ONBUILD wraps (each ONBUILD's `trigger`), in order. They run in a child image's build,
   * so this file's stage facts (WORKDIR, USER, files, variables) do not apply to them: only checks of an
   * instruction on its own (its form, flags and words) may read them.
   */
  readonly triggers: readonly Instruction[];
  /** Lazily computed views, cached per model (e.g. the Go builds). */
  view<T>(key: string, compute: (model: DockerfileModel) => T): T;
  /** A fact about one item (a stage, a build), computed on first use and cached per model under `key`. */
  viewOf<K, T>(key: string, item: K, compute: (item: K) => T): T;
}

export type { Binding, Scope, Word };
