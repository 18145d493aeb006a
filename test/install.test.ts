// Installing slimlint outside its clone, as a user does while it is not on the npm registry: `npm pack`
// on a copy of the files git knows about (what a clone or a git dependency gets; its prepare build runs),
// then the tarball installed into a temporary prefix and into a project, and run from another directory;
// and the same copy installed as a git dependency (npm clones it and runs the prepare build).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const VERSION: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
// -race always links glibc: on scratch the container cannot start (GO002 error).
const BAD = 'FROM golang:1.23 AS b\nRUN go build -race -o /out/app .\nFROM scratch\nCOPY --from=b /out/app /app\nENTRYPOINT ["/app"]\n';

// Under `npm test`, npm's own variables (npm_config_local_prefix=<this checkout>, …) would steer the npm
// commands below; they run with the user's configuration only, as a user's shell does.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...userEnv, NO_COLOR: "1" }, timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Few runtime dependencies, normally in npm's cache already: the registry is asked only when they are not. */
const QUIET_INSTALL = ["--prefer-offline", "--no-audit", "--no-fund"];

describe("install outside the clone", () => {
  const scratch = mkdtempSync(join(tmpdir(), "slimlint-install-"));
  const tarball = join(scratch, `slimlint-${VERSION}.tgz`);
  const elsewhere = join(scratch, "service");
  let pack: ReturnType<typeof run>;

  beforeAll(() => {
    const source = join(scratch, "source");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((file) => file !== "" && file !== "node_modules" && existsSync(join(ROOT, file)));
    for (const file of files) cpSync(join(ROOT, file), join(source, file));
    // The build's tools (devDependencies), as npm provides them to a git dependency's prepare.
    symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"));
    pack = run("npm", ["pack", "--pack-destination", scratch], source);
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "Dockerfile"), BAD);
  }, 180_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("npm pack runs the prepare build and prints only the tarball's name on standard output (what pre-commit reads)", () => {
    expect(pack.code, pack.stderr).toBe(0);
    expect(pack.stdout).toBe(`slimlint-${VERSION}.tgz\n`);
    expect(existsSync(tarball)).toBe(true);
  });

  it("npm's errors reach the user in the checkout (no loglevel=silent)", () => {
    const missing = run("npm", ["run", "no-such-script"], join(scratch, "source"));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('npm error Missing script: "no-such-script"');
  });

  it("npm install -g --prefix <dir> <tarball>: the slimlint command prints its version and lints a Dockerfile in another directory", () => {
    const prefix = join(scratch, "prefix");
    const install = run("npm", ["install", "--global", "--prefix", prefix, tarball, ...QUIET_INSTALL], elsewhere);
    expect(install.code, install.stderr).toBe(0);
    const slimlint = join(prefix, "bin", "slimlint");

    expect(run(slimlint, ["--version"], elsewhere)).toMatchObject({ code: 0, stdout: `${VERSION}\n` });

    const lint = run(slimlint, ["Dockerfile"], elsewhere);
    expect(lint.code, lint.stderr).toBe(1);
    expect(lint.stdout).toMatch(/^Dockerfile\n/);
    expect(lint.stdout).toMatch(/2:5 +error +`go build` links the binary dynamically against glibc.*GO002/);
    expect(lint.stdout).toMatch(/\n✖ \d+ problems \(1 error, .* in 1 file of 1 file/);
    expect(lint.stderr).toBe("");
  }, 120_000);

  it("npm install -D git+file://<repository>: npm installs the devDependencies in its clone and runs the prepare build", () => {
    // The copy of the checkout becomes a repository: the same path through npm as `npm install -D github:…`.
    const source = join(scratch, "source");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: source, stdio: "ignore" });
    git("init", "-q");
    writeFileSync(join(source, ".git", "info", "exclude"), "node_modules\n");
    git("add", ".");
    git("-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "slimlint");
    const project = join(scratch, "git-project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{ "name": "service", "private": true }\n');
    writeFileSync(join(project, "Dockerfile"), BAD);

    const install = run("npm", ["install", "--save-dev", `git+file://${source}`, "--no-audit", "--no-fund"], project);
    expect(install.code, install.stderr).toBe(0);
    expect(existsSync(join(project, "node_modules", "slimlint", "dist", "slimlint-bundle.cjs"))).toBe(true);
    expect(run("npx", ["--no-install", "slimlint", "--version"], project)).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const lint = run("npx", ["--no-install", "slimlint", "--fail-on", "error", "-f", "compact", "Dockerfile"], project);
    expect(lint.code, lint.stderr).toBe(1);
    expect(lint.stdout).toContain("Dockerfile:2:5: error");
  }, 180_000);

  it("npm install -D <tarball> in a project: npx slimlint runs the installed copy", () => {
    const project = join(scratch, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{ "name": "service", "private": true }\n');
    writeFileSync(join(project, "Dockerfile"), BAD);
    const install = run("npm", ["install", "--save-dev", tarball, ...QUIET_INSTALL], project);
    expect(install.code, install.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).devDependencies).toHaveProperty("slimlint");

    expect(run("npx", ["--no-install", "slimlint", "--version"], project)).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const lint = run("npx", ["--no-install", "slimlint", "--fail-on", "error", "-f", "compact", "Dockerfile"], project);
    expect(lint.code, lint.stderr).toBe(1);
    expect(lint.stdout).toContain("Dockerfile:2:5: error");
  }, 120_000);
});
