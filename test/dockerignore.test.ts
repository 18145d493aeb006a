// .dockerignore matching as BuildKit does it (moby/patternmatcher: ignorefile.ReadAll, New, MatchesOrParentMatches).
import { describe, expect, it } from "vitest";
import { certainlyIgnored, parseDockerIgnore } from "../src/model/dockerignore.js";

const excludes = (ignore: string, path: string) => parseDockerIgnore(ignore)?.excludes(path);

describe("one pattern against one path (patternmatcher's own cases)", () => {
  // [pattern, path, excluded]
  const cases: [string, string, boolean][] = [
    ["**", "file", true],
    ["**/", "file", true],
    ["dir/**", "dir/file", true],
    ["dir/**", "dir/dir2/file", true],
    ["**/dir", "dir", true],
    ["**/dir", "dir/file", true],
    ["**/dir2/*", "dir/dir2/file", true],
    ["**/dir2/*", "dir/dir2/dir3/file", true],
    ["**file", "file", true],
    ["**file", "dir/file", true],
    ["**/file", "dir/file", true],
    ["**file", "dir/dir/file", true],
    ["**/file*", "dir/dir/file.txt", true],
    ["**/file*txt", "dir/dir/file.txt", true],
    ["**/file*.txt", "dir/dir/file.txt", true],
    ["**/**/*.txt", "dir/dir/file.txt", true],
    ["**/**/*.txt2", "dir/dir/file.txt", false],
    ["**/*.txt", "file.txt", true],
    ["**/**/*.txt", "file.txt", true],
    ["a**/*.txt", "a/file.txt", true],
    ["a**/*.txt", "a/dir/file.txt", true],
    ["a**/*.txt", "a/dir/dir/file.txt", true],
    ["a/*.txt", "a/dir/file.txt", false],
    ["a/*.txt", "a/file.txt", true],
    ["a/*.txt**", "a/file.txt", true],
    ["a[b-d]e", "ae", false],
    ["a[b-d]e", "ace", true],
    ["a[b-d]e", "aae", false],
    ["a[^b-d]e", "aze", true],
    [".*", ".foo", true],
    [".*", "foo", false],
    ["abc.def", "abcdef", false],
    ["abc.def", "abc.def", true],
    ["abc.def", "abcZdef", false],
    ["abc?def", "abcZdef", true],
    ["abc?def", "abcdef", false],
    ["**/foo/bar", "foo/bar", true],
    ["**/foo/bar", "dir/foo/bar", true],
    ["**/foo/bar", "dir/dir2/foo/bar", true],
    ["abc/**", "abc", false],
    ["abc/**", "abc/def", true],
    ["abc/**", "abc/def/ghi", true],
    ["**/.foo", ".foo", true],
    ["**/.foo", "bar.foo", false],
    ["a(b)c/def", "a(b)c/def", true],
    ["a(b)c/def", "a(b)c/xyz", false],
    ["a.|)$(}+{bc", "a.|)$(}+{bc", true],
    ["dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true],
    // A parent directory matching excludes everything below it (MatchesOrParentMatches).
    ["vendor", "vendor/github.com/x/y.go", true],
    ["*/tmp", "a/tmp/b/c", true],
    ["bin/*", "bin/linux/app", true],
    ["*.go", "cmd/main.go", false],
    ["*/tmp/*", "tmp/helloworld.txt", false],
  ];
  it.each(cases)("%s against %s: %s", (pattern, path, expected) => {
    expect(excludes(pattern, path)).toBe(expected);
  });
});

describe("reading the file as ignorefile.ReadAll", () => {
  it("cleans patterns: leading / and ./, trailing /, and ..", () => {
    expect(excludes("/vendor", "vendor/x")).toBe(true);
    expect(excludes("./bin", "bin")).toBe(true);
    expect(excludes("bin/", "bin/app")).toBe(true);
    expect(excludes("a/../bin", "bin")).toBe(true);
    expect(excludes("!/keep\n*", "keep")).toBe(true); // order matters: the later `*` wins
  });

  it("skips comments (only at the start of a line), blank lines, a BOM and CR line ends", () => {
    expect(excludes("# bin\n", "bin")).toBe(false);
    expect(excludes("  # bin\n", "# bin")).toBe(true);
    expect(excludes("\uFEFFbin\r\nobj\r\n", "bin")).toBe(true);
    expect(excludes("bin\r\nobj\r\n", "obj")).toBe(true);
    expect(excludes("\n\n   \n", "anything")).toBe(false);
  });

  it("refuses a lone `!`, as BuildKit does", () => {
    expect(parseDockerIgnore("bin\n!\n")).toBeUndefined();
  });
});

describe("exceptions: the last match wins", () => {
  it("re-includes with `!`, and a later pattern excludes again", () => {
    expect(excludes("*.md\n!README.md", "README.md")).toBe(false);
    expect(excludes("*.md\n!README.md", "CHANGES.md")).toBe(true);
    expect(excludes("*.md\n!README.md\nREADME.md", "README.md")).toBe(true);
    expect(excludes("!a\na", "a")).toBe(true);
    expect(excludes("a\n!a", "a")).toBe(false);
    expect(excludes("docs\n!docs/README.md", "docs/README.md")).toBe(false);
    expect(excludes("docs\n!docs/README.md", "docs/guide.md")).toBe(true);
    expect(excludes("*\n!cmd/", "cmd/app/main.go")).toBe(false);
  });
});

describe("certainlyIgnored: excluded, and nothing below it can be re-included", () => {
  const ignored = (ignore: string, path: string) => {
    const parsed = parseDockerIgnore(ignore);
    return parsed ? certainlyIgnored(parsed, path)?.text : "unparsed";
  };
  it("names the pattern that excludes a path", () => {
    expect(ignored("bin\nvendor", "vendor")).toBe("vendor");
    expect(ignored("bin\nvendor", "vendor/modules.txt")).toBe("vendor");
    expect(ignored("*\n!go.mod\n!go.sum\n!cmd/", "README.md")).toBe("*");
    expect(ignored("*\n!go.mod\n!go.sum\n!cmd/", "internal")).toBe("*");
    expect(ignored("**/*.md\n!docs/*.md", "README.md")).toBe("**/*.md");
  });
  it("is silent on a directory whose children may be re-included, and on paths not excluded", () => {
    expect(ignored("docs\n!docs/README.md", "docs")).toBeUndefined();
    expect(ignored("*\n!cmd/", "cmd")).toBeUndefined();
    expect(ignored("*\n!cmd/", ".")).toBeUndefined();
    expect(ignored("*\n!**/*.go", "internal")).toBeUndefined();
    expect(ignored("*\n!*/keep", "internal")).toBeUndefined();
    expect(ignored("*\n!int*/keep", "internal")).toBeUndefined();
    expect(ignored("*\n!go.mod", "go.mod")).toBeUndefined();
    expect(ignored("bin", "cmd")).toBeUndefined();
  });
});

describe("the repository history (DF012 asks whether .git/HEAD is excluded)", () => {
  it.each([".git", ".git/", "/.git", ".git/*", ".git/**", "**/.git", "*", ".*"])("%s keeps .git out", (pattern) => {
    expect(excludes(pattern, ".git/HEAD")).toBe(true);
  });
  it.each(["bin", "*.md", ".github", ".git\n!.git/HEAD"])("%s lets .git/HEAD in", (pattern) => {
    expect(excludes(pattern, ".git/HEAD")).toBe(false);
  });
});
