// Builds the CLI binary: one CommonJS bundle plus a V8 code cache for it.
// Node 20 starts a single CJS file faster than an ESM module graph, and the code cache (made after a
// warm-up lint, so it holds the compiled code of everything a lint run touches) spares most of the
// compilation on every start. The figures are in docs/design.md.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

/** esbuild options shared by the CLI bundle and the GitHub Action bundle (scripts/bundle-action.mjs). */
export const bundleOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};

/** `slimlint lsp` loads the language server from its own bundle: the lint path never parses it. */
const lspSeparately = {
  name: "lsp-separately",
  setup(b) {
    b.onResolve({ filter: /\/lsp\/server\.js$/ }, () => ({ path: "./slimlint-lsp.cjs", external: true }));
  },
};

/**
 * commander requires node:child_process at load for executable subcommands, which slimlint does not use;
 * loading it drags in net, dgram and the stream stack (~2 ms). Its require gets a proxy that loads the
 * real module only if something touches it.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => {
      if (/[\\/]commander[\\/]/.test(args.importer)) return { path: "child_process", namespace: "lazy-child-process" };
      // The ShellCheck runner spawns only when a file has RUN scripts: its two functions load the module then.
      if (/[\\/]shellcheck[\\/]runner\.ts$/.test(args.importer)) return { path: "child_process", namespace: "lazy-spawn" };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'let real; module.exports = new Proxy({}, { get(_, key) { real ??= require("node:child_process"); return real[key]; } });',
      loader: "js",
    }));
    b.onLoad({ filter: /.*/, namespace: "lazy-spawn" }, () => ({
      contents: [
        "let real;",
        'const load = () => (real ??= require("node:child_process"));',
        "export const spawnSync = (...args) => load().spawnSync(...args);",
        "export const execFile = (...args) => load().execFile(...args);",
      ].join("\n"),
      loader: "js",
    }));
  },
};

async function buildCli() {
  // Libraries only some runs need (a YAML config, ignore globs, a dry-run diff) stay in node_modules.
  const onDemand = ["yaml", "diff", "picomatch"];
  // The bundle runs through vm.Script (for its code cache), which has no dynamic import(): emit require().
  await build({
    ...bundleOptions,
    entryPoints: ["src/cli.ts"],
    outfile: "dist/slimlint-bundle.cjs",
    plugins: [lspSeparately, lazyChildProcess],
    external: onDemand,
    supported: { "dynamic-import": false },
  });
  await build({ ...bundleOptions, entryPoints: ["src/lsp/server.ts"], outfile: "dist/slimlint-lsp.cjs" });
  writeCodeCache();
}

/** Warms up on a fixture and writes dist/slimlint-bundle.cjs.cache; a cache that cannot be made is skipped. */
function writeCodeCache() {
  // The warm-up must not load the previous cache: V8 checks a cache against the source's length, not its
  // content, so a new bundle of the same length would run the old bytecode and write it out again.
  rmSync("dist/slimlint-bundle.cjs.cache", { force: true });
  try {
    execFileSync(process.execPath, ["bin/slimlint.cjs", "--no-color", "fixtures/_cli/warmup.Dockerfile"], {
      env: { ...process.env, SLIMLINT_WRITE_CODE_CACHE: "1" },
      stdio: "ignore",
    });
  } catch (error) {
    if (error.status !== 0 && error.status !== 1) console.warn(`slimlint: code cache not written (${error.message})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
