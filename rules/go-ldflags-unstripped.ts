import { defineRule, md, type Fix } from "../src/engine/rule.js";
import { boolValue } from "../src/golang/flags.js";
import { commandSpan, goBuilds, installsRemoteTools, isShipped, type GoBuild } from "../src/golang/build.js";
import type { Model } from "../src/model/build.js";

export default defineRule({
  id: "GO003",
  name: "go-ldflags-unstripped",
  severity: "warning",
  summary: "A shipped Go binary keeps its symbol table (no `-s` in -ldflags; before Go 1.22 also `-w`)",
  rationale: md`
    By default the linker writes a symbol table and DWARF debug information into the binary. Nobody runs
    a debugger inside a production container, and together they make the binary 20–30% larger, so every
    pull and every cold start pays for them. \`-ldflags="-s -w"\` leaves them out. Since Go 1.22 \`-s\`
    implies \`-w\`; on older toolchains both are needed. Panics still print function names and lines.
    A debugger build (\`-gcflags="all=-N -l"\`, or -gcflags from a variable such as skaffold's
    \`SKAFFOLD_GO_GCFLAGS\`, which may hold them) keeps its symbols on purpose and is left alone, as are
    third-party tools installed with \`go install tool@version\`. When part of -ldflags is unknown only
    inside a \`-X\` value (\`-X main.v=$(git describe)\`), the literal flags are judged.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-X main.version=1.0" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM golang:1.23-alpine AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=1.0" -o /out/app .
      FROM scratch
      COPY --from=build /out/app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: {
    safety: "safe",
    description: md`
      Adds the missing \`-s\`/\`-w\` at the front of the existing -ldflags value (keeping \`-X\` and every
      other linker flag and the quoting style), or adds \`-ldflags="-s -w"\` after \`go build\`. Safe: it
      changes only what the binary carries for debuggers. No fix is offered when -ldflags comes from
      GOFLAGS, uses a package pattern (\`all=…\`), or switches the flag off explicitly (\`-s=false\`).`,
  },
  equivalents: [],
  tags: ["go", "size"],
  precision: "very-high",
  check(model, ctx) {
    if (model.purpose !== "runtime") return;
    for (const build of goBuilds(model)) {
      // A third-party tool installed at a pinned version is its vendor's binary, not the project's build.
      if (!isShipped(build, model) || installsRemoteTools(build)) continue;
      // `-gcflags=all=-N -l` is a debugger build (dlv): it keeps its symbols on purpose.
      if (isDebugBuild(build)) continue;
      const ld = build.ldflags;
      if (ld && ld.linker === undefined) continue; // -ldflags value not knowable here
      const enabled = (name: string) => {
        const flags = ld?.linker?.flags.filter((f) => f.name === name) ?? [];
        const last = flags[flags.length - 1];
        return last !== undefined && boolValue(last);
      };
      const oldGo = build.goVersion !== undefined && build.goVersion.major === 1 && build.goVersion.minor < 22;
      const missing = [!enabled("s") ? "-s" : undefined, oldGo && !enabled("w") ? "-w" : undefined].filter(
        (f): f is string => f !== undefined,
      );
      if (missing.length === 0) continue;
      const command = `go ${build.subcommand}`;
      const versionNote = oldGo ? ` The builder is Go ${build.goVersion?.text}, where -s does not yet imply -w.` : "";
      const at = ld?.flag.word ? { start: ld.flag.word.span.start, end: (ld.flag.valueWord ?? ld.flag.word).span.end } : commandSpan(build);
      // `-s=false` written out: the advice is to drop the `=false`, not to add a flag it would override.
      const switchedOff = missing.filter((m) => ld?.linker?.flags.some((f) => `-${f.name}` === m));
      // The value as written: its own word (`-ldflags "…"`), or after the `=` of `-ldflags=…`.
      const flagWord = ld?.flag.word;
      const existing =
        ld?.flag.valueWord && ld.flag.valueWord !== flagWord
          ? ld.flag.valueWord.value
          : flagWord
            ? flagWord.value.slice(flagWord.value.indexOf("=") + 1)
            : ld?.flag.value;
      const what = !ld
        ? "it has no -ldflags"
        : switchedOff.length > 0
          ? `its -ldflags switch ${switchedOff.join(" and ")} off`
          : `its -ldflags lack ${missing.join(" and ")}`;
      // The example keeps the flags already there (`-X main.version=…`), as the fix does.
      const example =
        existing !== undefined && existing.trim() !== "" ? `-ldflags="${[...missing, existing.trim()].join(" ")}"` : '-ldflags="-s -w"';
      const advice =
        switchedOff.length > 0
          ? `Remove \`=false\` from ${switchedOff.join(" and ")}.`
          : `Add ${missing.join(" ")} to -ldflags: \`${example}\`.`;
      ctx.report({
        at,
        message:
          `\`${command}\` keeps the symbol table and debug information in the binary (${what}), ` +
          `making it 20–30% larger than needed.${versionNote} ${advice}`,
        // `-s=false` written on purpose is left to the user: a fix in front of it would be overridden.
        fix: ld?.linker?.flags.some((f) => missing.includes(`-${f.name}`))
          ? undefined
          : ldflagsFix(model, build, ld ? missing : ["-s", "-w"]),
      });
    }
  },
});

/** Built for a debugger: `-gcflags "all=-N -l"`, or -gcflags from a variable that may hold them (`${SKAFFOLD_GO_GCFLAGS}`). */
function isDebugBuild(build: GoBuild): boolean {
  const flag = build.flag("gcflags");
  if (flag?.unknown) return true;
  const gcflags = flag?.value ?? "";
  return /(^|[\s=])-N(\s|$)/.test(gcflags) && /(^|[\s=])-l(\s|$)/.test(gcflags);
}

function ldflagsFix(model: Model, build: GoBuild, missing: readonly string[]): Fix | undefined {
  const description = `Add ${missing.join(" ")} to -ldflags`;
  const flag = build.ldflags?.flag;
  const insertAt = (offset: number, text: string): Fix => ({
    description,
    safety: "safe",
    edits: [{ span: { start: offset, end: offset }, text }],
  });
  if (!flag) {
    const after = build.subcommandWord.span.end;
    return build.execForm ? insertAt(after, `, "-ldflags=-s -w"`) : insertAt(after, ` -ldflags="-s -w"`);
  }
  if (flag.origin !== "command" || build.execForm || !flag.word || !flag.valueWord || flag.value === undefined) return undefined;
  if (/^[^-\s'"][^=\s]*=/.test(flag.value)) return undefined; // a package pattern such as all=
  const word = flag.valueWord;
  const raw = model.source.slice(word.span);
  const valueAt = word === flag.word ? raw.indexOf("=") + 1 : 0;
  if (word === flag.word && valueAt === 0) return undefined;
  const first = raw[valueAt];
  const addition = `${missing.join(" ")}${flag.value.trim() === "" ? "" : " "}`;
  if (first === '"' || first === "'") return insertAt(word.span.start + valueAt + 1, addition);
  if (raw.startsWith('"') || raw.startsWith("'")) return insertAt(word.span.start + valueAt, addition);
  // An unquoted value has no spaces; quote it to add more flags.
  return {
    description,
    safety: "safe",
    edits: [{ span: { start: word.span.start + valueAt, end: word.span.end }, text: `"${addition}${raw.slice(valueAt)}"` }],
  };
}
