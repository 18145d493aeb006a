import { defineRule, md } from "../src/engine/rule.js";
import { finalChain } from "../src/model/stages.js";
import type { Stage } from "../src/model/types.js";
import type { Flag } from "../src/parse/types.js";
import type { ShellWord } from "../src/shell/words.js";

// containerd's platforms.Parse: the OS and architecture names it knows, and the architecture aliases it normalizes.
const KNOWN_OS = new Set([
  "aix",
  "android",
  "darwin",
  "dragonfly",
  "freebsd",
  "hurd",
  "illumos",
  "ios",
  "js",
  "linux",
  "nacl",
  "netbsd",
  "openbsd",
  "plan9",
  "solaris",
  "wasip1",
  "windows",
  "zos",
]);
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  i386: "386",
  x86_64: "amd64",
  "x86-64": "amd64",
  aarch64: "arm64",
  armhf: "arm",
  armel: "arm",
};
const KNOWN_ARCH = new Set([
  "386",
  "amd64",
  "amd64p32",
  "arm",
  "armbe",
  "arm64",
  "arm64be",
  "ppc64",
  "ppc64le",
  "loong64",
  "mips",
  "mipsle",
  "mips64",
  "mips64le",
  "mips64p32",
  "mips64p32le",
  "ppc",
  "riscv",
  "riscv64",
  "s390",
  "s390x",
  "sparc",
  "sparc64",
  "wasm",
]);
const SPECIFIER = /^[A-Za-z0-9_-]+$/;

/**
 * The OS and architecture of a constant platform, as containerd's `platforms.Parse` reads it; undefined when
 * it cannot parse it (BuildKit then fails the build later, and its check stays silent). `arch` is undefined
 * for a lone OS name, whose architecture is the build host's.
 */
function parsePlatform(text: string): { os: string; arch: string | undefined } | undefined {
  const parts = text.toLowerCase().split("/");
  if (parts.length > 3 || parts.some((p) => !SPECIFIER.test(p))) return undefined;
  const arch = (name: string) => ARCH_ALIASES[name] ?? name;
  const [first, second] = parts as [string, string | undefined];
  if (second !== undefined) return { os: first === "macos" ? "darwin" : first, arch: arch(second) };
  if (KNOWN_OS.has(first)) return { os: first, arch: undefined };
  if (KNOWN_ARCH.has(arch(first))) return { os: "linux", arch: arch(first) };
  return undefined;
}

/** BuildKit's exception: the stage name mentions the platform's OS or architecture (`build_arm64`), one of a set of per-platform stages. */
function namedForPlatform(stage: Stage, platform: { os: string; arch: string | undefined }, file: string): boolean {
  // The Dockerfile's own name counts too (`Dockerfile.arm64`): the whole file is built for that platform.
  const name = `${stage.name ?? ""} ${file}`;
  if (name.includes(platform.os)) return true;
  // A lone OS takes the build host's architecture, which is not known here: any architecture in the name counts.
  return platform.arch === undefined ? [...KNOWN_ARCH].some((a) => name.includes(a)) : name.includes(platform.arch);
}

/** Names an architecture goes by in file names and URLs (`cosign_2.4.0_amd64.deb`, `node-v22-linux-x64.tar.xz`). */
const ARCH_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  amd64: ["amd64", "x86_64", "x86-64", "x64"],
  arm64: ["arm64", "aarch64"],
  "386": ["386", "i386", "i686"],
  arm: ["armhf", "armv7", "armv7l", "armv6"],
  ppc64le: ["ppc64le"],
  s390x: ["s390x"],
  riscv64: ["riscv64"],
};

/**
 * The stage's commands name the pinned architecture in their literal text (`dpkg -i tool_amd64.deb`, a
 * `linux-amd64` download): the stage only builds on that platform, so the pin is needed, not a mistake.
 */
function hardCodesArch(stage: Stage, arch: string | undefined): boolean {
  const spellings = arch === undefined ? undefined : ARCH_SPELLINGS[arch];
  if (!spellings) return false;
  const pattern = new RegExp(`(^|[^a-z0-9])(${spellings.join("|")})([^a-z0-9]|$)`, "i");
  const literal = (w: ShellWord) => w.parts.map((p) => (p.kind === "literal" ? p.text : " ")).join("");
  return stage.runs.some((r) => r.commands.some((c) => [c.program, ...c.args].some((w) => w !== undefined && pattern.test(literal(w)))));
}

export default defineRule({
  id: "DF019",
  name: "platform-flag",
  severity: "warning",
  summary: "`FROM --platform=` names a constant platform, or the redundant `$TARGETPLATFORM`",
  rationale: md`
    \`FROM --platform=linux/amd64\` pins a stage to one platform: \`docker buildx build --platform
    linux/arm64\` still builds that stage for amd64 (emulated, and slow) and a multi-platform image gets the
    same amd64 stage in every variant. A Go builder stage that cross-compiles should run on the build
    machine with \`--platform=$BUILDPLATFORM\` and set \`GOOS\`/\`GOARCH\` from \`TARGETOS\`/\`TARGETARCH\`;
    other stages should not name a platform at all, and the platform is chosen on the command line.
    \`--platform=$TARGETPLATFORM\` is what FROM does without the flag, so it says nothing. The checks follow
    BuildKit's FromPlatformFlagConstDisallowed and RedundantTargetPlatform: a constant is accepted in a
    stage whose name mentions its OS or architecture (\`build_arm64\`), one of a set of per-platform stages,
    and, beyond BuildKit, in a Dockerfile whose file name does (\`Dockerfile.arm64\`), built for that platform
    alone, on an image slimlint does not know (it may be published for that platform only), in a FROM pinned by digest \
(the digest may name that platform's manifest, not the index, so the
    flag changes nothing), and in a stage whose commands name that architecture (\`dpkg -i tool_amd64.deb\`, a \`linux-amd64\`
    download), which builds on that platform only.`,
  examples: {
    bad: md`
      FROM --platform=linux/amd64 golang:1.23-alpine AS builder
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .`,
    good: md`
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS builder
      ARG TARGETOS TARGETARCH
      WORKDIR /src
      COPY . .
      RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .`,
  },
  problems: {
    constant: "`--platform=` names a constant platform (FromPlatformFlagConstDisallowed, DL3029)",
    redundant: "`--platform=$TARGETPLATFORM`, which FROM does anyway (RedundantTargetPlatform)",
  },
  fix: "none",
  equivalents: ["DL3029", "DL3065", "FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"],
  tags: ["reproducibility"],
  precision: "high",
  check(model, ctx) {
    const finalImage = finalChain(model);
    for (const stage of model.stages) {
      const flag = stage.platform;
      const value = flag?.value;
      if (!flag || value === undefined) continue;
      const word = flagValue(flag);
      if (word.variables.length === 0) {
        const platform = parsePlatform(word.literal);
        if (!platform || namedForPlatform(stage, platform, fileName(model.path)) || hardCodesArch(stage, platform.arch)) continue;
        // A digest may name one platform's manifest rather than the index: then the image is that platform's
        // whatever the flag says, and dropping the flag would not make the platform selectable.
        if (stage.image?.digest !== undefined) continue;
        // An image slimlint does not know may be published for this platform only (`dotnet/core/sdk:2.2` had no
        // arm64 build): dropping the flag could leave nothing to pull.
        if (stage.parent === undefined && stage.base.family === "unknown") continue;
        ctx.report({
          problem: "constant",
          at: flag.span,
          message: finalImage.has(stage)
            ? `\`--platform=${value}\` pins the image's base to ${word.literal}: \`docker build --platform\` for another platform ` +
              `still ships ${word.literal} content. Drop the flag and choose the platform on the command line.`
            : `\`--platform=${value}\` pins this stage to ${word.literal}: every build runs it as ${word.literal} (emulated where ` +
              `the build machine differs), and what it compiles for its own platform is ${word.literal} code whatever the target. ` +
              `Drop the flag, or use \`--platform=$BUILDPLATFORM\` when its output does not depend on the platform it runs on ` +
              `(downloads, cross-compiling with GOOS/GOARCH).`,
        });
        continue;
      }
      if (word.variables.length === 1 && word.variables[0] === "TARGETPLATFORM" && word.literal === "") {
        ctx.report({
          problem: "redundant",
          at: flag.span,
          message:
            `\`--platform=${value}\` is redundant: FROM already pulls the image for the target platform. Remove the flag; ` +
            `a stage that should run on the build machine and cross-compile takes \`--platform=$BUILDPLATFORM\`.`,
        });
      }
    }
  },
});

/** The literal text of a flag's value and the variables it uses (`$X`, `${X}`, `${X:-d}`), from the word's parts. */
function flagValue(flag: Flag): { literal: string; variables: string[] } {
  let literal = "";
  const variables: string[] = [];
  for (const part of flag.word.parts) {
    if (part.kind === "literal") literal += part.text;
    else variables.push(part.kind === "variable" ? part.name : "$(…)");
  }
  return { literal: literal.slice(literal.indexOf("=") + 1), variables };
}

/** The Dockerfile's file name, lower-case; "" for text without a path. */
function fileName(path: string | undefined): string {
  return (path ?? "").replace(/^.*[/\\]/, "").toLowerCase();
}
