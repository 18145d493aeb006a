/**
 * `ADD https://api.github.com/repos/o/r/branches/b skipcache`: the JSON of a branch changes with every push,
 * so the layers after it are rebuilt then. The file it writes is junk by design: SE006 asks no checksum
 * for it, DF020 no absolute destination.
 */
export function isCacheBuster(url: string | undefined, destination: string | undefined): boolean {
  return (
    url !== undefined &&
    /^https:\/\/api\.github\.com\/repos\/[^/]+\/[^/]+\/(branches|commits|git\/refs)\//.test(url) &&
    destination !== undefined &&
    /(skip|bust)[-_]?cache|cache[-_]?bust/i.test(destination)
  );
}
