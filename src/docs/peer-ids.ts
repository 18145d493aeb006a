// The peer ids a team migrating to slimlint has in its comments and configs: every hadolint check (2.12, and
// the DL3062–DL3067 added on hadolint's main branch since), every BuildKit build check, and ShellCheck. Which
// slimlint rule covers an id comes from the rules' `equivalents`; this file holds only what metadata cannot
// say: each id's title, why slimlint reports nothing for the ids no rule names, and where slimlint is
// deliberately quieter than the peer on an id it covers. docs/hadolint-migration.md is rendered from it, and
// test/peer-ids.test.ts holds every id to exactly one of covered, not covered, or pending.

export interface PeerId {
  readonly id: string;
  /** A short title, in our words. */
  readonly title: string;
  /** hadolint's default severity (error, warning, info, style, ignore); BuildKit checks are warnings. */
  readonly level?: string;
  /** Not in hadolint 2.12.0: added on its main branch later, or removed after 2.12. */
  readonly note?: string;
}

export const HADOLINT_IDS: readonly PeerId[] = [
  { id: "DL1000", title: "hadolint could not parse the Dockerfile", level: "error" },
  { id: "DL1001", title: "Inline ignore pragmas are discouraged", level: "ignore" },
  { id: "DL3000", title: "WORKDIR should be absolute", level: "error" },
  { id: "DL3001", title: "Commands such as ssh, vim, shutdown, service, ps or top make no sense in a RUN", level: "info" },
  { id: "DL3002", title: "The last USER should not be root", level: "warning" },
  { id: "DL3003", title: "Use WORKDIR instead of cd", level: "warning" },
  { id: "DL3004", title: "Do not use sudo", level: "error" },
  { id: "DL3005", title: "Do not use apt-get dist-upgrade", level: "error", note: "in 2.12, removed since" },
  { id: "DL3006", title: "Tag the image explicitly", level: "warning" },
  { id: "DL3007", title: "Do not use the latest tag", level: "warning" },
  { id: "DL3008", title: "Pin versions in apt-get install", level: "warning" },
  { id: "DL3009", title: "Delete the apt lists after installing", level: "info" },
  { id: "DL3010", title: "Use ADD to extract local archives", level: "info" },
  { id: "DL3011", title: "EXPOSE ports must be 0–65535", level: "error" },
  { id: "DL3012", title: "Only one HEALTHCHECK", level: "error" },
  { id: "DL3013", title: "Pin versions in pip", level: "warning" },
  { id: "DL3014", title: "Use -y with apt-get install", level: "warning" },
  { id: "DL3015", title: "Use --no-install-recommends", level: "info" },
  { id: "DL3016", title: "Pin versions in npm", level: "warning" },
  { id: "DL3018", title: "Pin versions in apk add", level: "warning" },
  { id: "DL3019", title: "Use apk add --no-cache", level: "info" },
  { id: "DL3020", title: "Use COPY instead of ADD for local files", level: "error" },
  { id: "DL3021", title: "COPY with several sources needs a destination ending in /", level: "error" },
  { id: "DL3022", title: "COPY --from should name an earlier stage", level: "warning" },
  { id: "DL3023", title: "COPY --from cannot name its own stage", level: "error" },
  { id: "DL3024", title: "Stage names must be unique", level: "error" },
  { id: "DL3025", title: "Use the JSON form for CMD and ENTRYPOINT", level: "warning" },
  { id: "DL3026", title: "Images only from allowed registries", level: "error" },
  { id: "DL3027", title: "Use apt-get, not apt", level: "warning" },
  { id: "DL3028", title: "Pin versions in gem install", level: "warning" },
  { id: "DL3029", title: "Do not use FROM --platform", level: "warning" },
  { id: "DL3030", title: "Use -y with yum install", level: "warning" },
  { id: "DL3032", title: "yum clean all missing", level: "warning" },
  { id: "DL3033", title: "Pin versions in yum install", level: "warning" },
  { id: "DL3034", title: "Use a non-interactive switch with zypper", level: "warning" },
  { id: "DL3035", title: "Do not use zypper dist-upgrade", level: "warning" },
  { id: "DL3036", title: "zypper clean missing", level: "warning" },
  { id: "DL3037", title: "Pin versions in zypper install", level: "warning" },
  { id: "DL3038", title: "Use -y with dnf install", level: "warning" },
  { id: "DL3040", title: "dnf clean all missing", level: "warning" },
  { id: "DL3041", title: "Pin versions in dnf install", level: "warning" },
  { id: "DL3042", title: "Use pip install --no-cache-dir", level: "warning" },
  { id: "DL3043", title: "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER", level: "error" },
  { id: "DL3044", title: "An ENV refers to a variable it defines itself", level: "error" },
  { id: "DL3045", title: "COPY to a relative destination without WORKDIR", level: "warning" },
  { id: "DL3046", title: "useradd with a high UID needs -l", level: "warning" },
  { id: "DL3047", title: "wget without --progress bloats build logs", level: "info" },
  { id: "DL3048", title: "Invalid label key", level: "style" },
  { id: "DL3049", title: "A label of the schema is missing", level: "info" },
  { id: "DL3050", title: "A label outside the schema (strict labels)", level: "info" },
  { id: "DL3051", title: "A label is empty", level: "warning" },
  { id: "DL3052", title: "A label is not a valid URL", level: "warning" },
  { id: "DL3053", title: "A label is not an RFC 3339 time", level: "warning" },
  { id: "DL3054", title: "A label is not an SPDX license id", level: "warning" },
  { id: "DL3055", title: "A label is not a git hash", level: "warning" },
  { id: "DL3056", title: "A label is not a semantic version", level: "warning" },
  { id: "DL3057", title: "HEALTHCHECK missing", level: "ignore" },
  { id: "DL3058", title: "A label is not an email address", level: "warning" },
  { id: "DL3059", title: "Consecutive RUN instructions", level: "info" },
  { id: "DL3060", title: "yarn cache clean missing", level: "info" },
  { id: "DL3061", title: "The Dockerfile must begin with FROM, ARG or a comment", level: "error" },
  { id: "DL3062", title: "Pin versions in go install", level: "warning", note: "after 2.12" },
  { id: "DL3063", title: "A stage name is a reserved word", level: "warning", note: "after 2.12" },
  { id: "DL3064", title: "Secrets in ARG or ENV", level: "warning", note: "after 2.12" },
  { id: "DL3065", title: "FROM --platform=$TARGETPLATFORM is redundant", level: "warning", note: "after 2.12" },
  { id: "DL3066", title: "A non-numeric USER may not be resolvable by the host", level: "info", note: "after 2.12" },
  { id: "DL3067", title: "Do not copy a whole filesystem from another stage", level: "warning", note: "after 2.12" },
  { id: "DL4000", title: "MAINTAINER is deprecated", level: "error" },
  { id: "DL4001", title: "Use either wget or curl, not both", level: "warning" },
  { id: "DL4003", title: "Several CMD instructions", level: "warning" },
  { id: "DL4004", title: "Several ENTRYPOINT instructions", level: "error" },
  { id: "DL4005", title: "Use SHELL to change the default shell", level: "warning" },
  { id: "DL4006", title: "Set -o pipefail before a RUN with a pipe", level: "warning" },
];

/** `docker build --check` (Dockerfile frontend 1.21). */
export const BUILDKIT_CHECKS: readonly PeerId[] = [
  { id: "ConsistentInstructionCasing", title: "Instructions in one casing" },
  { id: "CopyIgnoredFile", title: "COPY of a file .dockerignore excludes" },
  { id: "DuplicateStageName", title: "Stage names must be unique" },
  { id: "ExposeInvalidFormat", title: "EXPOSE with an IP address or host port" },
  { id: "ExposeProtoCasing", title: "EXPOSE protocol in lower case" },
  { id: "FromAsCasing", title: "`AS` in the casing of `FROM`" },
  { id: "FromPlatformFlagConstDisallowed", title: "FROM --platform with a constant" },
  { id: "InvalidBaseImagePlatform", title: "The base image has no variant for the platform built" },
  { id: "InvalidDefaultArgInFrom", title: "A global ARG default makes the FROM image name empty or invalid" },
  { id: "InvalidDefinitionDescription", title: "Stage and ARG description comments in the `# name description` form (experimental)" },
  { id: "JSONArgsRecommended", title: "Use the JSON form for CMD and ENTRYPOINT" },
  { id: "LegacyKeyValueFormat", title: "`ENV key value` without `=`" },
  { id: "MaintainerDeprecated", title: "MAINTAINER is deprecated" },
  { id: "MultipleInstructionsDisallowed", title: "Several CMD, ENTRYPOINT or HEALTHCHECK in one stage" },
  { id: "NoEmptyContinuation", title: "Empty continuation lines" },
  { id: "RedundantTargetPlatform", title: "FROM --platform=$TARGETPLATFORM is redundant" },
  { id: "ReservedStageName", title: "A stage name is a reserved word" },
  { id: "SecretsUsedInArgOrEnv", title: "Secrets in ARG or ENV" },
  { id: "StageNameCasing", title: "Stage names in lower case" },
  { id: "UndefinedArgInFrom", title: "FROM uses an undeclared ARG" },
  { id: "UndefinedVar", title: "A variable is used before it is defined" },
  { id: "WorkdirRelativePath", title: "A relative WORKDIR with no absolute one before it" },
];

/** hadolint runs ShellCheck on every RUN and reports its SC#### codes. */
export const SHELLCHECK_ID = "SC####";

/** Why slimlint reports nothing for an id no rule names. */
export const NOT_COVERED: Readonly<Record<string, string>> = {
  DL1000:
    "hadolint's own parser gave up, mostly on syntax BuildKit accepts: on a 566-file corpus, all 19 cases were `--mount` options " +
    "in forms it does not expect (`type=cache` or `tmpfs` first, `dst=`), `ADD --keep-git-dir`, heredocs, " +
    "or `${VAR:-default}` in FROM, and slimlint's BuildKit-compatible parser found no problem in any of those files. " +
    "What Docker itself refuses is DF000 (dockerfile-syntax).",
  DL1001:
    "A meta-check against suppression comments. slimlint's `--disable-ignore-pragma` (config `allowInlineIgnores: false`) " +
    "ignores them instead, and a suppression that suppresses nothing is reported.",
  DL3010:
    "Replacing `COPY x.tar.gz` + `RUN tar -x` by ADD saves one layer at most and makes the copy depend on ADD's content sniffing; " +
    "slimlint advises COPY for local files (DF009) and does not give the opposite advice.",
  DL3066:
    "A named USER works wherever the image's /etc/passwd defines it (SE002 checks that). Only Kubernetes' `runAsNonRoot` needs a " +
    "numeric id to verify, and that is a deployment policy, not a problem of the file.",
  DL3057:
    "Off in hadolint too (level ignore): Kubernetes and most orchestrators ignore HEALTHCHECK and probe the container themselves, " +
    "so its absence is not a problem of the image.",
  InvalidBaseImagePlatform: "Needs the base image's manifest from a registry; slimlint lints offline.",
  InvalidDefinitionDescription:
    "Experimental and off by default in BuildKit: a convention for description comments, not a problem of the image.",
};

/**
 * Ids that rules being added in parallel (issue 10) name in their `equivalents`: neither covered nor explained
 * until they are merged. The test fails once one of them is covered, so this list is emptied as they land.
 */
export const PENDING: Readonly<Record<string, string>> = {};

/** Covered ids on which slimlint is deliberately quieter than the peer: the cases it does not report, and why. */
export const QUIETER: Readonly<Record<string, string>> = {
  [SHELLCHECK_ID]:
    "Only ShellCheck's errors and warnings by default (`--rule shellcheck=info` adds the rest). Dropped: " +
    "SC1090/SC1091 (sourced files live in the image), SC2154 for variables ARG, ENV or the base image define, " +
    "SC3xxx portability codes where /bin/sh is not known to be dash (an unknown image's may be bash) " +
    "or where busybox supports the feature (SC3009, SC3010, SC3014, SC3037 on alpine), SC2115 on a literal path removed on " +
    "purpose, SC3009 inside curl URLs (curl expands braces itself). Files of more than 1,000 RUN scripts or 256 kB of script are " +
    "not checked. Some codes differ between ShellCheck versions (slimlint runs the system's, 0.9 on Debian 12).",
  DL3002:
    "Judged on runtime images only (not toolchain, artifact or development images), and silent when the ENTRYPOINT is a script, " +
    "which may drop to another user (gosu, su-exec).",
  DL3003: "Once per RUN, and not for a `cd` into a directory the same RUN creates or clones, nor inside a subshell `( cd … )`.",
  DL3006:
    "Not for `FROM $IMAGE` whose ARG default is tagged or that has no default (the build passes the value); " +
    "not for a stage chosen by an ARG (`FROM build-${TARGETARCH}`); distroless and Chainguard images publish no version tags, " +
    "so they get IM003's digest advice instead.",
  DL3007:
    "Distroless `:latest` gets IM003's digest advice (there is no version tag to pin); development images (`.devcontainer/`, " +
    "`Dockerfile.dev`) are not judged.",
  DL3009:
    "Only in stages whose layers ship in the final image: a builder stage's lists are thrown away; development images are not judged.",
  DL3014: "Only in stages whose layers ship in the final image.",
  DL3015:
    "Only in stages whose layers ship in the final image: a builder's extra packages never reach it; development images are not judged.",
  DL3019: "Only in stages whose layers ship in the final image: a builder stage's apk cache is thrown away.",
  DL3020: "Not when a source has a variable (`ADD ${DIST}/app /bin/`): the value may be a URL, which only ADD fetches.",
  DL3022:
    "Only for references that fail the build (a later stage, an index out of range, a near-miss of a stage name). " +
    "hadolint also flags `--from=0` (a valid stage index) and `--from=image` (an image, which Docker pulls).",
  DL3025:
    "Not for a command that needs a shell (operators, `$VAR`) on a base whose shell hands a lone command over (bash, busybox), " +
    "nor when SHELL is set: the JSON form would change what runs.",
  DL3001:
    "Off by default (DF030). Only commands that can do nothing useful in a build: shutdown, reboot, halt, editors, top, free, " +
    "ifconfig, and a `service … start` that ends its RUN; not ssh, ps, kill or mount, which builds use on purpose (an " +
    "agent-forwarded ssh, stopping a helper process the RUN started).",
  DL3005:
    "Only an `apt-get upgrade`/`dist-upgrade` before any `apt-get update` in the stage (it upgrades nothing: " +
    "Debian and Ubuntu images ship without package lists); an upgrade after an update is left alone.",
  DL3032:
    "Only in stages whose layers ship in the final image (DF023); a builder's yum cache is thrown away. " +
    "A cache mount or `rm -rf /var/cache/yum` counts.",
  DL3036: "Only in stages whose layers ship in the final image (DF023); a cache mount or `rm -rf /var/cache/zypp` counts.",
  DL3040: "Only in stages whose layers ship in the final image (DF023); a cache mount or `rm -rf /var/cache/dnf` counts.",
  DL3042:
    "Only in stages whose layers ship in the final image, and not in development images (DF023); also silent when PIP_NO_CACHE_DIR " +
    "is set, `pip config` or a copied pip.conf configures the cache, a cache mount covers ~/.cache/pip, " +
    "or the RUN removes the cache.",
  DL3046:
    "Judges the UID's value (`-u 100000` and up, also from a variable with a value), not the length of the text: " +
    "`-u $USER_ID` is not reported unless the variable's value is known and large.",
  DL3047: "Off by default (DF030).",
  DL3060:
    "Only in stages whose layers ship in the final image (DF023): a builder's yarn cache (a web UI built for a Go binary) is thrown away.",
  DL4001:
    "Off by default (DF030). Only when the stage installs both curl and wget and its RUNs download with them: " +
    "a tool the base image brings (busybox wget on alpine, curl and wget on golang's Debian images) costs nothing, " +
    "and tools installed for the running container (a HEALTHCHECK) or next to a script are left alone.",
  DL4005:
    "Only where the base image is known to have a /bin/sh and no SHELL is set: `ln -s /busybox/sh /bin/sh` on a distroless " +
    "`:debug` image provides a shell rather than replacing one.",
  DL3044:
    "Only when the variable has no value before the ENV (Docker expands it to nothing); referring to a value set earlier is legitimate.",
  DL4003:
    "Reported at the CMD that has no effect (the earlier one), where hadolint reports the later one, " +
    "so a line-by-line comparison misses it.",
  DL4004:
    "Reported at the ENTRYPOINT that has no effect (the earlier one), where hadolint reports the later one, " +
    "so a line-by-line comparison misses it.",
  DL4006:
    "Not for pipelines fed only by `echo`/`printf`, in a condition or command substitution, or followed by `;` or a new line " +
    "without `set -e`: pipefail would change nothing there.",
};
