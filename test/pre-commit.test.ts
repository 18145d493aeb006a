// pre-commit as a user runs it: the manifest validates, and the README's snippet, pinned to this checkout's
// commit by autoupdate, installs the hook (npm install + npm pack, with the prepare build), fails a bad
// commit, passes a fixed one and runs the by-name hook. (`pre-commit try-repo`, which the docs do not offer,
// installs the same way into a store of its own: a second install of ~25 s of CPU that proved nothing more.)
// pre-commit before 4.6.2 takes `npm pack`'s standard output as the tarball's name, so this also proves
// that the prepare build prints nothing there (.npmrc: foreground-scripts=false).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGEST } from "./cli-helpers.js";

const ROOT = new URL("..", import.meta.url).pathname;
// -race always links glibc: on scratch the container cannot start (GO002 error).
const BAD = 'FROM golang:1.23 AS b\nRUN go build -race -o /out/app .\nFROM scratch\nCOPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n';
const GOOD = `FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}\nCOPY app /app\nENTRYPOINT ["/app"]\n`;

// Tests install nothing: without pre-commit on PATH these are skipped, and the run says why.
const HAS_PRE_COMMIT = spawnSync("pre-commit", ["--version"]).status === 0;
const SKIP_REASON =
  "skipped: `pre-commit` is not on PATH (install it, e.g. `pipx install pre-commit` or `apt-get install pre-commit`, to run these)";
if (!HAS_PRE_COMMIT) console.warn(`test/pre-commit.test.ts: ${SKIP_REASON}`);

// Without npm's own variables from `npm test` (npm_config_local_prefix=<this checkout>, …), as from a user's shell.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));

function precommit(args: string[], cwd: string, home: string) {
  const r = spawnSync("pre-commit", args, {
    cwd,
    encoding: "utf8",
    env: { ...userEnv, PRE_COMMIT_HOME: home, NO_COLOR: "1" },
    timeout: 600_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!HAS_PRE_COMMIT)(HAS_PRE_COMMIT ? "pre-commit hook" : `pre-commit hook (${SKIP_REASON})`, () => {
  let scratch: string;
  let home: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "slimlint-pre-commit-"));
    home = join(scratch, "home");
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("has a valid manifest", () => {
    const r = precommit(["validate-manifest", join(ROOT, ".pre-commit-hooks.yaml")], ROOT, home);
    expect(r).toMatchObject({ code: 0 });
  });

  it("pins the README's snippet to a commit with pre-commit autoupdate (no tag yet), then runs the hook from that commit", () => {
    const project = join(scratch, "pinned");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" }).trim();
    mkdirSync(project);
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const snippet = /```yaml\n( *repos:\n[\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(snippet).toContain("rev: <commit-sha>\n");
    const config = join(project, ".pre-commit-config.yaml");
    writeFileSync(config, dedent(snippet).replace("https://github.com/slimlint/slimlint", ROOT));
    writeFileSync(join(project, "Dockerfile"), BAD);

    const update = precommit(["autoupdate", "--repo", ROOT], project, home);
    expect(update.code, update.out).toBe(0);
    // What pre-commit picks: the newest tag reachable from the head, else the head's full SHA.
    const rootGit = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
    const tag = rootGit("describe", "HEAD", "--tags", "--abbrev=0");
    const pinned = tag.status === 0 ? tag.stdout.trim() : rootGit("rev-parse", "HEAD").stdout.trim();
    expect(readFileSync(config, "utf8")).toContain(`rev: ${pinned}\n`);

    git("add", ".");
    git("commit", "-qm", "pinned slimlint");
    const run = precommit(["run", "--all-files"], project, home);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/slimlint\.+Failed/);
    expect(run.out).toMatch(/2:5 +error +`go build` links the binary dynamically against glibc/);

    // Fixed, the commit passes; the environment built for the first run is reused.
    writeFileSync(join(project, "Dockerfile"), GOOD);
    git("commit", "-qam", "fixed");
    const good = precommit(["run", "--all-files"], project, home);
    expect(good.code, good.out).toBe(0);
    expect(good.out).toMatch(/slimlint\.+Passed/);

    // slimlint-files selects by name: a Containerfile, which older identify versions do not tag.
    // The README's snippet offers it as a commented line: uncomment it, as a user would.
    expect(readFileSync(config, "utf8")).toContain("# - id: slimlint-files");
    writeFileSync(config, readFileSync(config, "utf8").replace("# - id: slimlint-files", "- id: slimlint-files"));
    writeFileSync(join(project, "Containerfile"), BAD);
    writeFileSync(join(project, "README.md"), "not a Dockerfile\n");
    git("add", ".");
    git("commit", "-qm", "containerfile");
    const byName = precommit(["run", "slimlint-files", "--all-files"], project, home);
    expect(byName.code, byName.out).toBe(1);
    expect(byName.out).toContain("Containerfile");
    expect(byName.out).not.toContain("README.md");
  }, 900_000);
});

/** The README indents the snippet under a list item. */
function dedent(text: string): string {
  const indent = Math.min(
    ...text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return text.replace(new RegExp(`^ {${indent}}`, "gm"), "");
}
