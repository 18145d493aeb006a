import type { Span } from "../text/source.js";
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
  /** The value as written (`${TARGETVARIANT}` of `GOARM=${TARGETVARIANT}`), when it was set by an assignment in this Dockerfile. */
  readonly valueWord?: ShellWord | undefined;
}

/** The variables a word refers to, in order. */
export function referencedVariables(word: ShellWord): readonly string[] {
  if (!word.hasExpansion) return NONE;
  return word.parts.flatMap((p) => (p.kind === "variable" ? [p.name] : []));
}

const NONE: readonly string[] = [];

/**
 * An immutable set of variable bindings. Adding bindings makes a new scope that shares all but a few
 * nodes with the old one (a hash array mapped trie), so the scope in effect at every instruction and
 * every shell command can be kept: adding and looking up cost O(log n), whatever the number of ARGs,
 * ENVs or exports before.
 */
export class Scope {
  static readonly empty = new Scope(undefined);

  private constructor(private readonly root: TrieNode | undefined) {}

  get(name: string): Binding | undefined {
    return lookup(this.root, hashOf(name), name) ?? undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** A scope with these bindings added (later ones win). */
  with(bindings: Iterable<Binding>): Scope {
    let root = this.root;
    for (const b of bindings) root = insert(root, 0, hashOf(b.name), b.name, b);
    return root === this.root ? this : new Scope(root);
  }

  /** A scope without these names. */
  without(names: Iterable<string>): Scope {
    let root = this.root;
    for (const name of names) root = insert(root, 0, hashOf(name), name, null);
    return root === this.root ? this : new Scope(root);
  }
}

/** null: the name was removed (`unset`), hiding a binding of the scope it was removed from. */
type Entry = Binding | null;

interface Leaf {
  readonly kind: "leaf";
  readonly hash: number;
  readonly key: string;
  readonly value: Entry;
}
/** Names whose 32-bit hashes are equal. */
interface Collision {
  readonly kind: "collision";
  readonly hash: number;
  readonly leaves: readonly Leaf[];
}
/** Up to 32 children, one per 5 bits of the hash at this depth; `bitmap` says which are present. */
interface Branch {
  readonly kind: "branch";
  readonly bitmap: number;
  readonly children: readonly TrieNode[];
}
type TrieNode = Leaf | Collision | Branch;

const BITS = 5;

// A per-process seed: names in a hostile Dockerfile cannot be chosen to collide.
const SEED = (Math.random() * 0x100000000) >>> 0;

/** FNV-1a, seeded. */
function hashOf(key: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const slot = (hash: number, shift: number) => 1 << ((hash >>> shift) & 31);
const indexOf = (bitmap: number, bit: number) => popcount(bitmap & (bit - 1));

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function lookup(node: TrieNode | undefined, hash: number, key: string): Entry | undefined {
  for (let shift = 0; node; shift += BITS) {
    if (node.kind === "leaf") return node.key === key ? node.value : undefined;
    if (node.kind === "collision") return node.hash === hash ? node.leaves.find((l) => l.key === key)?.value : undefined;
    const bit = slot(hash, shift);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[indexOf(node.bitmap, bit)];
  }
  return undefined;
}

/** The trie with `key` set to `value`; `node` itself when it already holds exactly that. */
function insert(node: TrieNode | undefined, shift: number, hash: number, key: string, value: Entry): TrieNode {
  if (!node) return { kind: "leaf", hash, key, value };
  if (node.kind === "leaf") {
    if (node.key === key) return node.value === value ? node : { kind: "leaf", hash, key, value };
    if (node.hash === hash) return { kind: "collision", hash, leaves: [node, { kind: "leaf", hash, key, value }] };
    return split(node, shift, { kind: "leaf", hash, key, value });
  }
  if (node.kind === "collision") {
    if (node.hash !== hash) return split(node, shift, { kind: "leaf", hash, key, value });
    const leaves = node.leaves.filter((l) => l.key !== key);
    leaves.push({ kind: "leaf", hash, key, value });
    return { kind: "collision", hash, leaves };
  }
  const bit = slot(hash, shift);
  const at = indexOf(node.bitmap, bit);
  const children = [...node.children];
  if (node.bitmap & bit) {
    const child = children[at] as TrieNode;
    const next = insert(child, shift + BITS, hash, key, value);
    if (next === child) return node;
    children[at] = next;
    return { kind: "branch", bitmap: node.bitmap, children };
  }
  children.splice(at, 0, { kind: "leaf", hash, key, value });
  return { kind: "branch", bitmap: node.bitmap | bit, children };
}

/** A branch holding two nodes of different hashes, as deep as their hashes agree. */
function split(a: Leaf | Collision, shift: number, b: Leaf): Branch {
  const bitA = slot(a.hash, shift);
  const bitB = slot(b.hash, shift);
  if (bitA === bitB) return { kind: "branch", bitmap: bitA, children: [split(a, shift + BITS, b)] };
  return { kind: "branch", bitmap: bitA | bitB, children: bitA >>> 0 < bitB >>> 0 ? [a, b] : [b, a] };
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
