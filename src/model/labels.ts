// LABEL instructions as key/value pairs, and the value types a label schema can require.
import type { Instruction } from "../parse/types.js";
import type { ShellWord } from "../shell/words.js";
import type { LabelType } from "./types.js";

export interface LabelPair {
  readonly instruction: Instruction;
  /** The key, quotes removed; undefined when it holds a variable (its name is known only at build time). */
  readonly key: string | undefined;
  /** The key as written (quotes removed, variables not expanded). */
  readonly keyText: string;
  /** The value, quotes removed; undefined when it holds a variable or a substitution. */
  readonly value: string | undefined;
  /** The word holding the pair (`key=value`), or the key word of the legacy `LABEL key value` form. */
  readonly word: ShellWord;
}

/** The pairs a LABEL sets, in order: `LABEL a=1 "b c"="d"`, or the legacy `LABEL key the whole value`. */
export function labelPairs(instruction: Instruction): LabelPair[] {
  const words = instruction.words;
  const first = words[0];
  if (!first) return [];
  if (!first.value.includes("=") && words.length > 1) {
    const rest = words.slice(1);
    const known = rest.every((w) => !w.hasExpansion);
    return [
      {
        instruction,
        key: first.hasExpansion ? undefined : first.value,
        keyText: first.value,
        value: known ? rest.map((w) => w.value).join(" ") : undefined,
        word: first,
      },
    ];
  }
  const pairs: LabelPair[] = [];
  for (const word of words) {
    const split = splitPair(word);
    if (!split) continue;
    pairs.push({
      instruction,
      key: split.keyKnown ? split.key : undefined,
      keyText: split.key,
      value: split.valueKnown ? split.value : undefined,
      word,
    });
  }
  return pairs;
}

/** `key=value` at the first literal `=`, with whether each side holds an expansion. */
function splitPair(word: ShellWord): { key: string; value: string; keyKnown: boolean; valueKnown: boolean } | undefined {
  let key = "";
  let value = "";
  let inValue = false;
  let keyKnown = true;
  let valueKnown = true;
  for (const part of word.parts) {
    if (part.kind === "literal") {
      const eq = inValue ? -1 : part.text.indexOf("=");
      if (eq === -1) {
        if (inValue) value += part.text;
        else key += part.text;
        continue;
      }
      key += part.text.slice(0, eq);
      value += part.text.slice(eq + 1);
      inValue = true;
      continue;
    }
    const text = "text" in part ? part.text : "";
    if (inValue) {
      value += text;
      valueKnown = false;
    } else {
      key += text;
      keyKnown = false;
    }
  }
  return inValue && key !== "" ? { key, value, keyKnown, valueKnown } : undefined;
}

const RESERVED = ["com.docker.", "io.docker.", "org.dockerproject."];

/** What is wrong with a label key by Docker's key guidelines (hadolint DL3048), or undefined when nothing is. */
export function labelKeyProblem(key: string): string | undefined {
  const reserved = RESERVED.find((r) => key.startsWith(r));
  if (reserved) return `the \`${reserved}*\` namespace is reserved for Docker`;
  if (/[^a-z0-9.-]/.test(key)) return "keys hold only lower-case letters, digits, `.` and `-`";
  if (!/^[a-z]/.test(key)) return "keys start with a lower-case letter";
  if (!/[a-z0-9]$/.test(key)) return "keys end with a lower-case letter or a digit";
  if (key.includes("..") || key.includes("--")) return "keys have no `..` or `--`";
  return undefined;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRfc3339(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && !leap ? 28 : (DAYS[month - 1] ?? 0);
  const offsetOk = m[9] === undefined || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= maxDay && hour < 24 && minute < 60 && second <= 60 && offsetOk;
}

/**
 * An SPDX license expression by its grammar (SPDX 2.3 annex D): license ids (`MIT`, `GPL-2.0+`,
 * `LicenseRef-x`) joined by AND/OR, WITH an exception, in parentheses. The id list itself is not checked.
 */
function isSpdxExpression(v: string): boolean {
  const tokens = v.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.join("").length !== v.replace(/\s/g, "").length) return false;
  let at = 0;
  const isId = (t: string | undefined) =>
    t !== undefined && /^(DocumentRef-[A-Za-z0-9.-]+:)?[A-Za-z0-9.-]+\+?$/.test(t) && !/^(AND|OR|WITH)$/i.test(t);
  const expression = (): boolean => {
    if (!term()) return false;
    while (/^(AND|OR)$/i.test(tokens[at] ?? "")) {
      at++;
      if (!term()) return false;
    }
    return true;
  };
  const term = (): boolean => {
    if (tokens[at] === "(") {
      at++;
      if (!expression() || tokens[at] !== ")") return false;
      at++;
      return true;
    }
    if (!isId(tokens[at])) return false;
    at++;
    if (/^WITH$/i.test(tokens[at] ?? "")) {
      at++;
      if (!isId(tokens[at])) return false;
      at++;
    }
    return true;
  };
  return tokens.length > 0 && expression() && at === tokens.length;
}

const SEMVER = new RegExp(
  String.raw`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
    String.raw`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
    String.raw`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`,
);

/** Whether a non-empty value has the type: `text` is anything. */
export function hasLabelType(value: string, type: LabelType): boolean {
  switch (type) {
    case "url":
      return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value);
    case "rfc3339":
      return isRfc3339(value);
    case "spdx":
      return isSpdxExpression(value);
    case "hash":
      // A git commit: abbreviated (7 hex digits or more) or full, SHA-1 (40) or SHA-256 (64).
      return /^[0-9a-f]{7,40}$/.test(value) || /^[0-9a-f]{64}$/.test(value);
    case "semver":
      return SEMVER.test(value);
    case "email":
      return /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+$/.test(value);
    case "text":
      return true;
  }
}
