// How a FROM image is pinned, and where advice about it points: an image chosen by an ARG is reported at
// the ARG's default, which is what the user edits (catalogue v2 ground rules). IM001, IM002 and IM003
// share this, so that one FROM gets one finding.
import type { Span } from "../text/source.js";
import type { Binding } from "./scope.js";
import type { Stage } from "./types.js";
import { isLocalImageName } from "../images/official.js";

export type Pinning = "untagged" | "floating" | "versioned" | "digest";

/** How the stage's external image is pinned; undefined for scratch, stages, placeholders and unknown text. */
export function imagePinning(stage: Stage): Pinning | undefined {
  const image = stage.image;
  // A local or pipeline-built image (`build_deps:latest`): no tag or digest in this file pins it.
  if (!image || stage.base.family === "scratch" || stage.imageIsPlaceholder || isLocalImageName(image)) return undefined;
  if (image.digest !== undefined) return "digest";
  if (image.tag === undefined) return "untagged";
  return CONVENTIONALLY_FLOATING.test(image.tag) || stage.base.floatingTag?.(image.tag) === true ? "floating" : "versioned";
}

/**
 * Tags that name a branch's or a development channel's builds, whatever the image (`clickhouse-server:head`,
 * `minio:edge`): each new build moves them. A team's own `stable` or `prod` may be retagged by hand, so
 * those float only where slimlint knows the image (Debian's `stable`, Ubuntu's `rolling`).
 */
const CONVENTIONALLY_FLOATING = /^(latest|edge|nightly|head|master|main|develop|canary)$/;

/** A tag naming a branch's or a development channel's builds (it moves with every build, not every release). */
export const isChannelTag = (tag: string): boolean => tag !== "latest" && CONVENTIONALLY_FLOATING.test(tag);

/** IM001/IM002 advise a version tag: only for images that publish version tags (not distroless/chainguard). */
export function versionTagAdvised(stage: Stage): boolean {
  const pinning = imagePinning(stage);
  return (pinning === "untagged" || pinning === "floating") && stage.base.versionTags !== false;
}

/** The span of the ARG default that supplies `piece` of the image (its tag, or the whole reference): where it is written literally. */
export function imageArgAt(stage: Stage, piece: string): Span | undefined {
  return imageArg(stage, piece)?.at;
}

/** The ARG binding whose default supplies `piece` of the image (see imageArgAt). */
export function imageArg(stage: Stage, piece: string): Binding | undefined {
  const holding = stage.imageArgs.filter((b) => b.at && b.value?.includes(piece));
  return holding.find((b) => b.from === undefined || b.from.length === 0) ?? holding[0];
}

/** The ARG binding written at `argAt` (an imageArgAt answer). */
const argWrittenAt = (stage: Stage, argAt: Span | undefined): Binding | undefined =>
  argAt === undefined ? undefined : stage.imageArgs.find((b) => b.at === argAt);

/**
 * The image reference to write in advice: as written when an ARG only chooses part of it that advice keeps
 * (`${BASE_PREFIX}alpine:3`, a registry mirror), otherwise resolved. `argAt` is where an ARG default holds the
 * piece the advice changes; then the advice is about that default, written out.
 */
export function adviceReference(stage: Stage, argAt: Span | undefined): string | undefined {
  const resolved = stage.imageText ?? stage.image?.text;
  return argAt === undefined && stage.imageWord?.hasExpansion ? stage.imageWord.value : resolved;
}

/** `name:$VERSION`: the tag is written with a variable after a literal name, so an ARG varies it by design. */
export function tagVariesByArg(stage: Stage): boolean {
  const written = stage.imageWord?.value ?? "";
  const tagStart = written.lastIndexOf(":");
  return tagStart > written.lastIndexOf("/") && written.slice(tagStart).includes("$") && !written.startsWith("$");
}

/**
 * The FROM as the reader sees it: `FROM alpine:latest`, or, when an ARG default chooses the image (the
 * finding is then at that ARG), `FROM alpine:${TAG}` on line 21 (`ARG TAG=latest`).
 */
export function shownFrom(stage: Stage, argAt: Span | undefined): string {
  const resolved = stage.imageText ?? stage.image?.text ?? "";
  const word = stage.imageWord;
  if (!word?.hasExpansion) return `\`FROM ${resolved}\``;
  const arg = argWrittenAt(stage, argAt);
  if (arg) return `\`FROM ${word.value}\` on line ${stage.from.line} (\`ARG ${arg.name}=${arg.value ?? ""}\`)`;
  return `\`FROM ${word.value}\` (\`${resolved}\`)`;
}

/**
 * What to write to pin the image with `suffix` (`:<version>`, `@sha256:<digest>`): the ARG default that
 * chooses it, the default inside `${VAR:-…}` (appending after the braces breaks the reference once VAR is
 * set), or the FROM itself.
 */
export function pinnedWriting(stage: Stage, argAt: Span | undefined, suffix: string): string {
  const arg = argWrittenAt(stage, argAt);
  if (arg?.value !== undefined && arg.value === (stage.imageText ?? stage.image?.text)) return `ARG ${arg.name}=${arg.value}${suffix}`;
  const defaulted = /^\$\{(\w+)(:?-)([^}$]*)\}$/.exec(stage.imageWord?.value ?? "");
  if (defaulted) return `FROM \${${defaulted[1]}${defaulted[2]}${defaulted[3]}${suffix}}`;
  return `FROM ${adviceReference(stage, argAt) ?? stage.imageText ?? stage.image?.text ?? ""}${suffix}`;
}
