// What the final image is for (catalogue v2 ground rules). Runtime-hardening rules judge `runtime`
// images only: a dev container, a CI toolchain image or a scratch export stage is not a service.
import { stageChain } from "./stages.js";
import type { DockerfileModel, ImagePurpose, Stage } from "./types.js";

/** Programs that make an image a toolchain when they are its ENTRYPOINT/CMD or what its last stage runs. */
const TOOLCHAIN_PROGRAMS = new Set([
  "go",
  "make",
  "golangci-lint",
  "staticcheck",
  "gofmt",
  "goimports",
  "govulncheck",
  "gotestsum",
  "ginkgo",
  "task",
  "mage",
]);
/** Commands that only install distribution packages or set the system up: they bring no program of the image's own. */
const PACKAGE_SETUP_COMMANDS = new Set([
  "apk",
  "apt-get",
  "apt",
  "yum",
  "dnf",
  "microdnf",
  "update-ca-certificates",
  "ldconfig",
  "locale-gen",
  "update-alternatives",
  "adduser",
  "addgroup",
  "useradd",
  "groupadd",
  "usermod",
  "mkdir",
  "rm",
  "ln",
  "chmod",
  "chown",
  "touch",
  "echo",
  "printf",
  "true",
  "set",
  "export",
  "cd",
  "sed",
]);
/** `go` subcommands that check or inspect code rather than build something to ship. */
const CHECK_SUBCOMMANDS = new Set(["test", "vet", "fmt"]);

/** `.devcontainer/…`, `Dockerfile.dev`, `dev.dockerfile`, `Dockerfile-debug`: a file name says the image is for development. */
export function isDevPath(path: string | undefined): boolean {
  if (path === undefined) return false;
  const segments = path.replace(/\\/g, "/").split("/");
  // A folder that says so: `.devcontainer/`, `dev/`, `debug/`, `dev-env/`.
  if (segments.slice(0, -1).some((s) => /^(\.?devcontainer|dev|debug|dev-?env)$/i.test(s))) return true;
  const name = (segments[segments.length - 1] ?? "").toLowerCase();
  // `Dockerfile.dev`, `Dockerfile-debug`, `dev.dockerfile`, `devcontainer.Dockerfile`; not `Dockerfile.debug-nonroot` (a shipped variant).
  return /[._-](dev|debug|devel|development)$/.test(name) || /(^|[._-])dev[\w.-]*\.dockerfile$/.test(name);
}

export function imagePurpose(model: DockerfileModel): ImagePurpose {
  const final = model.finalStage;
  if (isDevPath(model.path)) return "dev";
  if (!final) return "runtime";
  // A final stage named for development (`FROM build AS dev-envs`) is a development environment.
  if (final.name !== undefined && /^(dev|devel|development|dev-?envs?|devcontainer|debug)$/.test(final.name)) return "dev";
  const chain = stageChain(final);
  const root = chain[chain.length - 1] as Stage;
  const runsSomething = final.entrypoint !== undefined || final.cmd !== undefined;
  const program = (final.entrypoint ?? final.cmd)?.program;
  // A WebAssembly module (`--platform wasi/wasm`) is loaded by a wasm runtime: no Linux process, user or CA store.
  if (root.base.family === "scratch" && program?.endsWith(".wasm")) return "artifact";
  if (root.base.family === "scratch" && !runsSomething) return "artifact";
  if (program !== undefined && TOOLCHAIN_PROGRAMS.has(program.slice(program.lastIndexOf("/") + 1))) return "toolchain";
  const commands = chain.flatMap((s) => s.runs.flatMap((r) => r.commands));
  // A script run on a Go SDK image by a file that builds nothing and copies nothing from a stage or image
  // drives the toolchain itself (a package or release build script): the image exists to provide go.
  const copiesBuilt = chain.some((s) => s.copies.some((c) => c.fromFlag !== undefined));
  if (root.base.goToolchain === true && runsScript(final) && !copiesBuilt && !buildsGo(model) && !commands.some((c) => c.opaque))
    return "toolchain";
  // The final stage tests or lints code: a CI image, whatever it names as CMD.
  const checks = commands.some(
    (c) =>
      (c.name === "go" && CHECK_SUBCOMMANDS.has(c.args[0]?.value ?? "")) ||
      (c.name !== undefined && c.name !== "go" && TOOLCHAIN_PROGRAMS.has(c.name)),
  );
  if (checks) return "toolchain";
  // Builds nothing and copies nothing (catalogue v2): distribution packages and a CMD are a tool image, not a
  // shipped program. Any other command (a download, a build, a script) may bring one.
  const bringsNothing =
    chain.every((s) => s.copies.length === 0) && commands.every((c) => c.name !== undefined && PACKAGE_SETUP_COMMANDS.has(c.name));
  if (bringsNothing) return "toolchain";
  // Without an ENTRYPOINT or CMD of its own the image runs nothing this file names: a toolchain, a CI image
  // or a base for other images (`FROM $BASE`), whatever it builds.
  return runsSomething ? "runtime" : "toolchain";
}

/** Some stage of the file runs `go build` or `go install`. */
function buildsGo(model: DockerfileModel): boolean {
  return model.stages.some((s) =>
    s.runs.some((r) => r.commands.some((c) => c.name === "go" && (c.args[0]?.value === "build" || c.args[0]?.value === "install"))),
  );
}

/** The image's ENTRYPOINT (or CMD without one) is a shell script: it does more than start one binary. */
export function runsScript(stage: Stage): boolean {
  const program = (stage.entrypoint ?? stage.cmd)?.program;
  return program !== undefined && /\.(sh|bash)$/.test(program);
}
