import type { ShellWord } from "./words.js";

/** One option a command was given, as its getopt reads it. */
export interface ParsedOption {
  /** `-k` → "k"; `--insecure` → "insecure" (without dashes; for `--name=value`, the name part). */
  readonly name: string;
  readonly long: boolean;
  /** The value of an option that takes one: the rest of a short cluster, `=value`, or the next word. */
  readonly value: string | undefined;
  /** The word the option is written in (a cluster `-fsSLk` for each of its letters). */
  readonly word: ShellWord;
  /** The separate word holding the value, when the value is the next word. */
  readonly valueWord: ShellWord | undefined;
}

export interface ParsedArgs {
  readonly options: readonly ParsedOption[];
  /** Words that are not options: before and after them (GNU getopt permutes), and everything after `--`. */
  readonly operands: readonly ShellWord[];
}

export interface OptionSpec {
  /** Short option letters that take a value (`o` for curl's `-o FILE`). */
  readonly shortWithValue: string;
  /** Long option names that take a value (`output`). */
  readonly longWithValue: ReadonlySet<string>;
}

/**
 * Reads a command's words as GNU getopt does: clusters of short options (`-fsSLo file`: the first letter
 * that takes a value takes the rest of the cluster or the next word), `--name value` and `--name=value`,
 * options anywhere among the operands, and nothing after `--`. A lone `-` is an operand (stdin/stdout).
 */
export function parseOptions(args: readonly ShellWord[], spec: OptionSpec): ParsedArgs {
  const options: ParsedOption[] = [];
  const operands: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const text = word.value;
    if (text === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith("--")) {
      const eq = text.indexOf("=");
      const name = eq === -1 ? text.slice(2) : text.slice(2, eq);
      if (eq !== -1) options.push({ name, long: true, value: text.slice(eq + 1), word, valueWord: undefined });
      else if (spec.longWithValue.has(name)) {
        const next = args[i + 1];
        options.push({ name, long: true, value: next?.value, word, valueWord: next });
        i++;
      } else options.push({ name, long: true, value: undefined, word, valueWord: undefined });
      continue;
    }
    if (text.length > 1 && text.startsWith("-")) {
      for (let k = 1; k < text.length; k++) {
        const letter = text[k] as string;
        if (!spec.shortWithValue.includes(letter)) {
          options.push({ name: letter, long: false, value: undefined, word, valueWord: undefined });
          continue;
        }
        if (k + 1 < text.length) options.push({ name: letter, long: false, value: text.slice(k + 1), word, valueWord: undefined });
        else {
          const next = args[i + 1];
          options.push({ name: letter, long: false, value: next?.value, word, valueWord: next });
          i++;
        }
        break;
      }
      continue;
    }
    operands.push(word);
  }
  return { options, operands };
}

/** The last value given to any of these option names (`o`, `output`), as later options override earlier ones. */
export function lastOption(parsed: ParsedArgs, ...names: string[]): ParsedOption | undefined {
  for (let i = parsed.options.length - 1; i >= 0; i--) {
    const option = parsed.options[i] as ParsedOption;
    if (names.includes(option.name)) return option;
  }
  return undefined;
}
