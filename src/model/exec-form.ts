// The exec form a shell-form CMD/ENTRYPOINT/HEALTHCHECK can be rewritten to, built from its parsed shell
// words. One place, shared by every rule that suggests one: an exec form is never suggested for a command
// that needs a shell (operators, variables, redirections).
import type { MappedText } from "../text/mapped-text.js";
import type { Instruction } from "../parse/types.js";
import { parseShell } from "../shell/commands.js";

export interface ExecFormSuggestion {
  /** The command as exec-form words, when it is one simple command of literal words; undefined when it needs a shell. */
  readonly words: readonly string[] | undefined;
  /** The JSON array to write: the words, or `["/bin/sh", "-c", "…"]` with `exec` before the last command. */
  readonly json: string;
  /** The command uses shell syntax (operators, variables, redirections, substitutions). */
  readonly needsShell: boolean;
  /** The command line is one simple command (a shell may exec it directly). */
  readonly single: boolean;
  /** The program the last command runs, when written literally (`/app/server` of `./migrate && /app/server`). */
  readonly lastProgram: string | undefined;
}

/** The shell-form command text of a CMD, ENTRYPOINT or HEALTHCHECK CMD; undefined in exec form or when empty. */
export function shellFormCommand(instruction: Instruction): MappedText | undefined {
  // `CMD --flag …`: Docker refuses the instruction (DF000), so there is no command to judge.
  if ((instruction.kind === "CMD" || instruction.kind === "ENTRYPOINT") && /^--[A-Za-z]/.test(instruction.words[0]?.value ?? ""))
    return undefined;
  if (instruction.kind === "CMD" || instruction.kind === "ENTRYPOINT" || instruction.kind === "RUN") {
    return instruction.json || instruction.args.text.trim() === "" ? undefined : instruction.args;
  }
  const health = instruction.healthcheck;
  if (health?.kind === "CMD") return health.json || health.args.text.trim() === "" ? undefined : health.args;
  return undefined;
}

export function execFormSuggestion(command: MappedText): ExecFormSuggestion {
  const script = parseShell(command);
  const text = command.text.trim();
  const [first] = script.commands;
  const single = script.commands.length === 1 && first !== undefined;
  const plain =
    single &&
    !script.incomplete &&
    first.assignments.length === 0 &&
    first.redirects.length === 0 &&
    first.words.length > 0 &&
    first.words.every((w) => !w.hasExpansion && !/[*?[~]/.test(w.value));
  if (plain) {
    // `exec app` in shell form: the exec form runs app itself (`exec` is a shell builtin, not a program).
    const words = first.words.map((w) => w.value).filter((w, i) => !(i === 0 && w === "exec"));
    return { words, json: toJson(words), needsShell: false, single: true, lastProgram: words[0] };
  }
  // `exec` hands PID 1 to the program; only the last command of a plain `&&`/`;` list can take it.
  const last = script.commands[script.commands.length - 1];
  const execable =
    last !== undefined &&
    !script.incomplete &&
    last.pipePosition === 0 &&
    (last.after === "" || last.after === "&&" || last.after === ";" || last.after === "\n") &&
    !script.commands.some((c) => c.pipeline === last.pipeline && c !== last) &&
    last.words[0]?.value !== "exec";
  let body = text;
  if (execable) {
    const at = command.indexOfSource(last.span.start);
    body = `${command.text.slice(0, at).trim()} exec ${command.text.slice(at).trim()}`.trim();
  }
  const program = last?.words.find((w) => w.value !== "exec");
  return {
    words: undefined,
    json: toJson(["/bin/sh", "-c", body]),
    needsShell: true,
    single,
    lastProgram: program && !program.hasExpansion ? program.value : undefined,
  };
}

const toJson = (words: readonly string[]): string => `[${words.map((w) => JSON.stringify(w)).join(", ")}]`;
