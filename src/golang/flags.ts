/** Flag grammar of the go command and of the Go linker, as Go's flag package reads them. */

/** go build/install flags that take a value; every other flag is boolean. */
const GO_VALUE_FLAGS = new Set([
  "o",
  "p",
  "C",
  "asmflags",
  "buildmode",
  "compiler",
  "gccgoflags",
  "gcflags",
  "installsuffix",
  "ldflags",
  "mod",
  "modfile",
  "overlay",
  "pgo",
  "pkgdir",
  "tags",
  "toolexec",
  "covermode",
  "coverpkg",
  "exec",
  "buildvcs-mode",
]);

/** Linker flags that take a value (`-X main.v=1`, `-extldflags "-static"`). */
const LINKER_VALUE_FLAGS = new Set([
  "X",
  "B",
  "D",
  "E",
  "H",
  "I",
  "L",
  "R",
  "T",
  "o",
  "r",
  "k",
  "buildid",
  "buildmode",
  "extar",
  "extld",
  "extldflags",
  "installsuffix",
  "libgcc",
  "linkmode",
  "pluginpath",
  "tmpdir",
  "importcfg",
  "capturehostobjs",
  "benchmark",
  "benchmarkprofile",
  "cpuprofile",
  "memprofile",
  "memprofilerate",
  "fipso",
  "strictdups",
  "stripfn",
  "bindnow",
]);

export interface ParsedFlag {
  readonly name: string;
  /** The value; undefined for a boolean flag written without `=`. */
  readonly value: string | undefined;
  /** Index of the token holding the flag name, and of the token holding the value when it is separate. */
  readonly index: number;
  readonly valueIndex: number | undefined;
}

export interface FlagParse {
  readonly flags: readonly ParsedFlag[];
  /** Index of the first non-flag token (the packages), or tokens.length. */
  readonly rest: number;
}

/** Reads `-name`, `--name`, `-name=value` and `-name value` tokens until the first non-flag token or `--`. */
export function parseFlagTokens(tokens: readonly (string | undefined)[], takesValue: (name: string) => boolean): FlagParse {
  const flags: ParsedFlag[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || !token.startsWith("-") || token === "-") break;
    if (token === "--") {
      i++;
      break;
    }
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq !== -1) {
      flags.push({ name: body.slice(0, eq), value: body.slice(eq + 1), index: i, valueIndex: undefined });
    } else if (takesValue(body) && i + 1 < tokens.length) {
      flags.push({ name: body, value: tokens[i + 1], index: i, valueIndex: i + 1 });
      i++;
    } else {
      flags.push({ name: body, value: undefined, index: i, valueIndex: undefined });
    }
  }
  return { flags, rest: i };
}

export const goFlagTakesValue = (name: string): boolean => GO_VALUE_FLAGS.has(name);
const linkerFlagTakesValue = (name: string): boolean => LINKER_VALUE_FLAGS.has(name);

/** A boolean flag's state: `-s`, `-s=true` → true; `-s=false` → false. */
export function boolValue(flag: ParsedFlag): boolean {
  return flag.value === undefined || /^(1|t|true)$/i.test(flag.value);
}

/** Splits a flag list the way cmd/go does for -ldflags and GOFLAGS: on spaces, honouring single and double quotes. */
export function splitQuotedFields(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      if (close !== -1) {
        fields.push(text.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    fields.push(text.slice(start, i));
  }
  return fields;
}

/** Space, tab, newline, carriage return. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** The linker flags in an -ldflags value (a leading `pattern=` such as `all=` is removed). */
export function parseLinkerFlags(value: string): FlagParse & { tokens: string[] } {
  const withoutPattern = /^[^-\s'"][^=\s]*=/.test(value) ? value.slice(value.indexOf("=") + 1) : value;
  const tokens = splitQuotedFields(withoutPattern);
  // The linker reads every token as a flag; none is a package.
  const flags: ParsedFlag[] = [];
  let i = 0;
  while (i < tokens.length) {
    const parsed = parseFlagTokens(tokens.slice(i), linkerFlagTakesValue);
    for (const f of parsed.flags)
      flags.push({ ...f, index: f.index + i, valueIndex: f.valueIndex === undefined ? undefined : f.valueIndex + i });
    i += Math.max(parsed.rest, 1);
  }
  return { flags, rest: tokens.length, tokens };
}
