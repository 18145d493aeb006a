import type { Span } from "../parse/source.js";
import type { ShellWord, WordPart } from "../shell/words.js";

/** Where a variable's value came from; rules name it in messages ("set by ARG on line 3"). */
export type BindingKind = "arg" | "env" | "image" | "builtin" | "inline" | "export" | "shell" | "go-env";

export interface Binding {
  readonly name: string;
  /** undefined: the variable is set but its value cannot be known here (ARG without default, `$(…)`). */
  readonly value: string | undefined;
  readonly kind: BindingKind;
  /** Where it was set, when it was set in this Dockerfile. */
  readonly at: Span | undefined;
  /** The variables its value was expanded from (`GOARCH=${TARGETARCH}` → TARGETARCH). */
  readonly from?: readonly string[] | undefined;
}

/** The variables a word refers to, in order. */
export function referencedVariables(word: ShellWord): readonly string[] {
  if (!word.hasExpansion) return NONE;
  return word.parts.flatMap((p) => (p.kind === "variable" ? [p.name] : []));
}

const NONE: readonly string[] = [];

const FLATTEN_DEPTH = 16;

/**
 * An immutable set of variable bindings. Adding bindings makes a child scope, so the scope in effect
 * at every instruction can be kept cheaply; long chains are flattened to keep look-ups O(1).
 */
export class Scope {
  static readonly empty = new Scope(new Map(), undefined, 0);

  private constructor(
    private readonly own: ReadonlyMap<string, Binding | null>,
    private readonly parent: Scope | undefined,
    private readonly depth: number,
  ) {}

  get(name: string): Binding | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const hit = scope.own.get(name);
      if (hit !== undefined) return hit ?? undefined;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** A scope with these bindings added (later ones win). */
  with(bindings: Iterable<Binding>): Scope {
    const own = new Map<string, Binding | null>();
    for (const b of bindings) own.set(b.name, b);
    if (own.size === 0) return this;
    return this.child(own);
  }

  /** A scope without these names. */
  without(names: Iterable<string>): Scope {
    const own = new Map<string, Binding | null>();
    for (const name of names) own.set(name, null);
    return own.size === 0 ? this : this.child(own);
  }

  /** Every visible binding, innermost winning. */
  bindings(): Binding[] {
    const seen = new Map<string, Binding | null>();
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      for (const [name, b] of scope.own) if (!seen.has(name)) seen.set(name, b);
    }
    return [...seen.values()].filter((b): b is Binding => b !== null);
  }

  private child(own: Map<string, Binding | null>): Scope {
    if (this.depth + 1 < FLATTEN_DEPTH) return new Scope(own, this, this.depth + 1);
    const flat = new Map<string, Binding | null>();
    for (const b of this.bindings()) flat.set(b.name, b);
    for (const [name, b] of own) flat.set(name, b);
    return new Scope(flat, undefined, 0);
  }
}

/** How to treat a variable that no binding names. */
export type UnsetPolicy = "empty" | "unknown";

/**
 * The value of a word after variable expansion, or undefined when it cannot be known
 * (an unknown variable, a command substitution).
 */
export function expandWord(word: ShellWord, scope: Scope, unset: UnsetPolicy): string | undefined {
  return expandParts(word.parts, scope, unset);
}

function expandParts(parts: readonly WordPart[], scope: Scope, unset: UnsetPolicy): string | undefined {
  let out = "";
  for (const part of parts) {
    if (part.kind === "literal") {
      out += part.text;
      continue;
    }
    if (part.kind === "substitution") return undefined;
    const value = expandVariable(part, scope, unset);
    if (value === undefined) return undefined;
    out += value;
  }
  return out;
}

function expandVariable(part: Extract<WordPart, { kind: "variable" }>, scope: Scope, unset: UnsetPolicy): string | undefined {
  const binding = scope.get(part.name);
  const isSet = binding !== undefined;
  if (isSet && binding.value === undefined) {
    // An ARG without a default is empty unless a --build-arg sets it; a default written in the
    // reference is what the author expects, as an ARG default would be.
    if (binding.kind === "arg" && (part.operator === ":-" || part.operator === "-" || part.operator === ":=" || part.operator === "=")) {
      return literalOperand(part.operand);
    }
    // Otherwise the value is unknown; only `${X+…}` does not depend on it.
    return part.operator === "+" ? literalOperand(part.operand) : undefined;
  }
  if (!isSet && unset === "unknown") return undefined;
  const value = binding?.value ?? "";
  const empty = value === "";
  switch (part.operator) {
    case "":
      return value;
    case ":-":
    case ":=":
      return empty ? literalOperand(part.operand) : value;
    case "-":
    case "=":
      return isSet ? value : literalOperand(part.operand);
    case ":+":
      return empty ? "" : literalOperand(part.operand);
    case "+":
      return isSet ? literalOperand(part.operand) : "";
    default:
      // `:?` / `?` fail the build when unset; when set they are the value.
      return value;
  }
}

/** A default written in `${X:-default}`; nested expansions in it are not evaluated. */
function literalOperand(operand: string): string | undefined {
  return operand.includes("$") || operand.includes("`") ? undefined : operand.replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
}
