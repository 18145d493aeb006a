/** A parsed image reference: `[registry/]repository[:tag][@digest]`. */
export interface ImageRef {
  /** As resolved (variables substituted), before normalisation. */
  readonly text: string;
  /** Registry host (with port), or undefined for Docker Hub. */
  readonly registry: string | undefined;
  /**
   * Repository path; Docker Hub official images lose their `library/` prefix: "golang", "gcr.io/distroless/static"
   * keeps only the path part "distroless/static".
   */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** Parses an image reference; returns undefined for text that cannot be one (empty, spaces, upper-case repository). */
export function parseImageRef(text: string): ImageRef | undefined {
  if (text === "" || /\s/.test(text)) return undefined;
  // An image ID (`FROM sha256:<64 hex>`, the classic builder's local image): fixed bytes, like a digest.
  if (IMAGE_ID.test(text)) return { text, registry: undefined, repository: text, tag: undefined, digest: text };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf("/");
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    // The first component is a registry when it looks like a host: has a dot or a port, or is localhost.
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === "" || tag === "" || digest === "") return undefined;
  if (registry && DOCKER_HUB.has(registry)) registry = undefined;
  const repository = registry === undefined && rest.startsWith("library/") ? rest.slice("library/".length) : rest;
  return { text, registry, repository, tag, digest };
}

/** The registry host an image is pulled from ("docker.io" for Docker Hub). */
export const registryOf = (ref: ImageRef): string => ref.registry ?? "docker.io";
