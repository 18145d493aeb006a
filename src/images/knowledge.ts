// The one table of base-image facts. Rules ask it; no rule hard-codes an image name.
// Every fact may be `undefined` (unknown), and rules stay silent on unknowns.
import type { ImageRef } from "./ref.js";

export type Libc = "none" | "glibc" | "musl";
export type SizeClass = "empty" | "tiny" | "small" | "distro" | "sdk";

export interface GoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number | undefined;
  readonly text: string;
}

export interface ImageFacts {
  /** A short family name used in messages: "scratch", "distroless/static", "golang (alpine)". */
  readonly family: string;
  /** Has /bin/sh (distroless `:debug` tags have busybox's). */
  readonly shell: boolean | undefined;
  /** Which shell /bin/sh is: busybox ash and bash exec a lone `-c` command and know pipefail; dash (Debian) neither. */
  readonly shellKind: "busybox" | "dash" | undefined;
  readonly libc: Libc | undefined;
  /**
   * The glibc release (the `x` of 2.x) the image ships, as a range when a floating tag may be one of two
   * Debian releases (`golang:1.23` is bookworm or trixie); undefined when unknown or not glibc.
   */
  readonly glibc: GlibcRange | undefined;
  readonly caBundle: boolean | undefined;
  readonly tzdata: boolean | undefined;
  /** The user a container runs as when the Dockerfile says nothing: "root", "nonroot", "65532". */
  readonly defaultUser: string | undefined;
  /** Names in /etc/passwd; [] when the image has no /etc/passwd. */
  readonly users: readonly string[] | undefined;
  readonly packageManager: "apk" | "apt" | "none" | undefined;
  readonly cCompiler: boolean | undefined;
  /** The image is a Go SDK (has the go command). */
  readonly goToolchain: boolean | undefined;
  /** Go version from a golang tag. */
  readonly goVersion: GoVersion | undefined;
  readonly size: SizeClass | undefined;
  /** The image's WORKDIR ("/" when it sets none). */
  readonly workdir: string | undefined;
  /** Environment variables the image sets that builds depend on (GOPATH of golang images). */
  readonly env: Readonly<Record<string, string>>;
  /** The family publishes version tags; false for distroless and chainguard, which a digest alone pins. */
  readonly versionTags: boolean | undefined;
  /**
   * The name that pins what the written one leaves open, when that is a name rather than a tag (`distroless/static` →
   * `…/static-debian13`).
   */
  readonly pinnedName: string | undefined;
  /** The family publishes versioned tags, so a tag without a version floats (`golang:alpine`, `alpine:edge`). */
  readonly floatingTag: ((tag: string) => boolean) | undefined;
}

/** glibc 2.min … 2.max. */
export interface GlibcRange {
  readonly min: number;
  readonly max: number;
}

export const UNKNOWN_IMAGE: ImageFacts = {
  family: "unknown",
  shell: undefined,
  shellKind: undefined,
  libc: undefined,
  glibc: undefined,
  caBundle: undefined,
  tzdata: undefined,
  defaultUser: undefined,
  users: undefined,
  packageManager: undefined,
  cCompiler: undefined,
  goToolchain: undefined,
  goVersion: undefined,
  size: undefined,
  workdir: undefined,
  env: {},
  floatingTag: undefined,
  versionTags: undefined,
  pinnedName: undefined,
};

const ALPINE_USERS = [
  "root",
  "bin",
  "daemon",
  "adm",
  "lp",
  "sync",
  "shutdown",
  "halt",
  "mail",
  "news",
  "uucp",
  "operator",
  "man",
  "postmaster",
  "cron",
  "ftp",
  "sshd",
  "at",
  "squid",
  "xfs",
  "games",
  "cyrus",
  "vpopmail",
  "ntp",
  "smmsp",
  "guest",
  "nobody",
];
const DEBIAN_USERS = [
  "root",
  "daemon",
  "bin",
  "sys",
  "sync",
  "games",
  "man",
  "lp",
  "mail",
  "news",
  "uucp",
  "proxy",
  "www-data",
  "backup",
  "list",
  "irc",
  "gnats",
  "nobody",
  "_apt",
];
const DISTROLESS_USERS = ["root", "nonroot", "nobody"];

/**
 * The Debian release distroless builds its current images on, and that release's glibc minor version:
 * suggestions name it (`gcr.io/distroless/static-debian13`). Debian 12's images reached end of life in
 * September 2026 (distroless SUPPORT_POLICY.md); change both when the next release becomes the default.
 */
export const DISTROLESS_DEBIAN = "debian13";
export const DISTROLESS_GLIBC = "2.41";

/** glibc of each Debian release (packages.debian.org/libc6): stretch 2.24, buster 2.28, bullseye 2.31, bookworm 2.36, trixie 2.41. */
const DEBIAN_GLIBC: Readonly<Record<string, number>> = {
  stretch: 24,
  "9": 24,
  buster: 28,
  "10": 28,
  bullseye: 31,
  "11": 31,
  bookworm: 36,
  "12": 36,
  trixie: 41,
  "13": 41,
};
/** glibc of each Ubuntu LTS (packages.ubuntu.com/libc6): 18.04 2.27, 20.04 2.31, 22.04 2.35, 24.04 2.39. */
const UBUNTU_GLIBC: Readonly<Record<string, number>> = {
  bionic: 27,
  "18.04": 27,
  focal: 31,
  "20.04": 31,
  jammy: 35,
  "22.04": 35,
  noble: 39,
  "24.04": 39,
};
const exactly = (minor: number | undefined): GlibcRange | undefined => (minor === undefined ? undefined : { min: minor, max: minor });

/**
 * The Debian release a tag names (`bookworm`, `bookworm-slim`, `12.5-slim`, `bullseye-20240110`), or a golang variant
 * (`1.22-bullseye`).
 */
function debianGlibc(tag: string): GlibcRange | undefined {
  const m = /^(stretch|buster|bullseye|bookworm|trixie|9|10|11|12|13)(?:\.\d+)*(?:-|$)/.exec(tag);
  return exactly(m ? DEBIAN_GLIBC[m[1] as string] : undefined);
}

function ubuntuGlibc(tag: string): GlibcRange | undefined {
  const m = /^(bionic|focal|jammy|noble|18\.04|20\.04|22\.04|24\.04)(?:\.\d+)?(?:-|$)/.exec(tag);
  return exactly(m ? UBUNTU_GLIBC[m[1] as string] : undefined);
}

/**
 * golang images: a Debian variant names its release; the default variant of Go 1.21 and later (released
 * after bookworm, August 2023) is bookworm, or trixie for tags rebuilt after August 2025. Earlier default
 * tags moved from bullseye to bookworm during their life: unknown.
 */
function golangGlibc(variant: string, goVersion: GoVersion | undefined): GlibcRange | undefined {
  if (variant !== "") return debianGlibc(variant);
  return goVersion !== undefined && goVersion.major === 1 && goVersion.minor >= 21 ? { min: 36, max: 41 } : undefined;
}

const startsWithDigit = (tag: string) => /^\d/.test(tag);
const DEBIAN_FLOATING = /^(latest|stable|testing|unstable|sid|oldstable|oldoldstable|experimental|rc-buggy)(-slim|-backports)?$/;

interface Entry {
  readonly registry: string | undefined | "*";
  readonly repository: RegExp;
  readonly facts: (tag: string, match: RegExpExecArray) => ImageFacts;
}

const base = (facts: Partial<ImageFacts> & { family: string }): ImageFacts => ({
  ...UNKNOWN_IMAGE,
  workdir: "/",
  versionTags: true,
  ...facts,
});

const TABLE: readonly Entry[] = [
  {
    registry: "gcr.io",
    repository: /^distroless\/(static|base-nossl|base|cc)(?:-debian(\d+))?$/,
    facts: (tag, m) => {
      const flavour = m[1] as string;
      const debug = /(^|-)debug(-|$)/.test(tag);
      return base({
        family: `distroless/${flavour}`,
        shell: debug,
        shellKind: debug ? "busybox" : undefined,
        libc: flavour === "static" ? "none" : "glibc",
        glibc: flavour === "static" ? undefined : debianGlibc(m[2] ?? ""),
        caBundle: true,
        tzdata: true,
        defaultUser: /(^|-)nonroot(-|$)/.test(tag) ? "nonroot" : "root",
        users: DISTROLESS_USERS,
        packageManager: "none",
        cCompiler: false,
        goToolchain: false,
        size: "tiny",
        // Distroless tags carry no version: it is in the name (static-debian12), and a digest pins the rest.
        // A name without -debianN follows the newest Debian release: the name is what floats.
        versionTags: m[2] === undefined,
        pinnedName: m[2] === undefined ? `gcr.io/distroless/${flavour}-${DISTROLESS_DEBIAN}` : undefined,
        floatingTag: (t) => t === "latest",
      });
    },
  },
  {
    // Other distroless images (nodejs22-debian12, python3, java21): the version is in the name; only a digest pins.
    registry: "gcr.io",
    repository: /^distroless\/[\w.-]+$/,
    // Everything else about them stays unknown.
    facts: () => ({ ...UNKNOWN_IMAGE, versionTags: false, floatingTag: (t) => t === "latest" }),
  },
  {
    registry: "cgr.dev",
    repository: /^chainguard\/static$/,
    facts: () =>
      base({
        family: "chainguard/static",
        shell: false,
        libc: "none",
        caBundle: true,
        tzdata: true,
        defaultUser: "nonroot",
        users: DISTROLESS_USERS,
        packageManager: "none",
        cCompiler: false,
        goToolchain: false,
        size: "tiny",
        versionTags: false,
        floatingTag: (t) => t === "latest",
      }),
  },
  {
    registry: "cgr.dev",
    repository: /^chainguard\/go$/,
    facts: () =>
      base({
        family: "chainguard/go",
        shell: true,
        libc: "glibc",
        caBundle: true,
        goToolchain: true,
        size: "sdk",
        workdir: undefined,
        versionTags: false,
        floatingTag: (t) => t === "latest",
      }),
  },
  {
    registry: undefined,
    repository: /^alpine$/,
    facts: () =>
      base({
        family: "alpine",
        shell: true,
        shellKind: "busybox",
        libc: "musl",
        caBundle: true,
        tzdata: false,
        defaultUser: "root",
        users: ALPINE_USERS,
        packageManager: "apk",
        cCompiler: false,
        goToolchain: false,
        size: "small",
        floatingTag: (t) => !startsWithDigit(t),
      }),
  },
  {
    registry: undefined,
    repository: /^busybox$/,
    facts: (tag) =>
      base({
        family: "busybox",
        shell: true,
        shellKind: "busybox",
        libc: /(^|-)musl$/.test(tag) ? "musl" : /(^|-)glibc$/.test(tag) ? "glibc" : undefined,
        caBundle: false,
        defaultUser: "root",
        packageManager: "none",
        cCompiler: false,
        goToolchain: false,
        size: "tiny",
        // `glibc`, `musl`, `stable` float; `1.36.1-glibc` and the old `buildroot-2014.02` name a version.
        floatingTag: (t) => !/\d/.test(t),
      }),
  },
  {
    registry: undefined,
    repository: /^(debian|ubuntu)$/,
    facts: (tag, m) =>
      base({
        family: m[1] as string,
        shell: true,
        shellKind: "dash",
        libc: "glibc",
        glibc: m[1] === "debian" ? debianGlibc(tag) : ubuntuGlibc(tag),
        caBundle: false,
        tzdata: m[1] === "debian",
        defaultUser: "root",
        users: m[1] === "ubuntu" ? [...DEBIAN_USERS, "ubuntu"] : DEBIAN_USERS,
        packageManager: "apt",
        cCompiler: false,
        goToolchain: false,
        size: "distro",
        floatingTag: (t) => (m[1] === "ubuntu" ? /^(latest|rolling|devel)$/.test(t) : DEBIAN_FLOATING.test(t)),
      }),
  },
  {
    registry: undefined,
    repository: /^golang$/,
    facts: (tag) => {
      const goVersion = parseGoVersion(tag);
      const variant = tag.replace(/^\d[\w.]*-?/, "");
      if (/windowsservercore|nanoserver/.test(variant))
        return base({ family: "golang (windows)", goToolchain: true, goVersion, size: "sdk", workdir: undefined });
      const alpine = variant.startsWith("alpine");
      return base({
        family: alpine ? "golang (alpine)" : "golang (debian)",
        shell: true,
        shellKind: alpine ? "busybox" : "dash",
        libc: alpine ? "musl" : "glibc",
        glibc: alpine ? undefined : golangGlibc(variant, goVersion),
        caBundle: true,
        tzdata: !alpine,
        defaultUser: "root",
        users: alpine ? ALPINE_USERS : DEBIAN_USERS,
        packageManager: alpine ? "apk" : "apt",
        cCompiler: !alpine,
        goToolchain: true,
        goVersion,
        size: "sdk",
        workdir: "/go",
        env: { GOPATH: "/go", GOTOOLCHAIN: "local", GOLANG_VERSION: goVersion?.text ?? "" },
        floatingTag: (t) => !startsWithDigit(t),
      });
    },
  },
];

const SCRATCH: ImageFacts = base({
  family: "scratch",
  shell: false,
  libc: "none",
  caBundle: false,
  tzdata: false,
  defaultUser: "root",
  users: [],
  packageManager: "none",
  cCompiler: false,
  goToolchain: false,
  size: "empty",
});

/** Registries that mirror Docker Hub's official images under their own names. */
const HUB_MIRRORS: Readonly<Record<string, string>> = { "mirror.gcr.io": "library/", "public.ecr.aws": "docker/library/" };

/** A registry mirror of a Docker Hub image is that image (`mirror.gcr.io/library/golang` is golang). */
export function canonicalImage(ref: ImageRef): ImageRef {
  const prefix = ref.registry === undefined ? undefined : HUB_MIRRORS[ref.registry];
  if (prefix === undefined || !ref.repository.startsWith(prefix)) return ref;
  return { ...ref, registry: undefined, repository: ref.repository.slice(prefix.length) };
}

/** A Windows container image (nanoserver, servercore, `ltsc2022` tags): built by the classic builder, without BuildKit's features. */
export function isWindowsImage(text: string | undefined): boolean {
  return text !== undefined && /(^|[/:_-])(windows|nanoserver|servercore)|ltsc20\d\d/i.test(text);
}

/** What is known about an image; UNKNOWN_IMAGE for images the table does not cover. */
export function imageFacts(original: ImageRef): ImageFacts {
  const ref = canonicalImage(original);
  if (ref.registry === undefined && ref.repository === "scratch") return SCRATCH;
  const tag = ref.tag ?? "latest";
  for (const entry of TABLE) {
    if (entry.registry !== "*" && entry.registry !== ref.registry) continue;
    const match = entry.repository.exec(ref.repository);
    if (match) return entry.facts(tag, match);
  }
  // `node:20-alpine`, `python:3.12-alpine`: built on alpine, whose /bin/sh is busybox; nothing else is known.
  if (/(^|-)alpine(\d|-|$)/.test(tag)) return { ...UNKNOWN_IMAGE, shellKind: "busybox" };
  return UNKNOWN_IMAGE;
}

/** `1.23`, `1.23.4`, `1.23rc1-alpine` → the version; tags without one (`alpine`, `latest`, `1`) → undefined. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?/.exec(text);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? undefined : Number(m[3]),
    text: m[0].replace(/^go/, ""),
  };
}

/** Negative when a is older than b; missing patch counts as 0. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}
