#!/usr/bin/env node
// Loads the bundled CLI through V8's code cache when one matches this Node (see scripts/bundle.mjs).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const file = path.join(__dirname, "..", "dist", "slimlint-bundle.cjs");
const cacheFile = `${file}.cache`;
const source = fs.readFileSync(file, "utf8");
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundleModule = { exports: {} };
// The bundle resolves its own requires (./slimlint-lsp.cjs, on-demand libraries) from where it lives.
script.runInThisContext()(bundleModule.exports, Module.createRequire(file), bundleModule, file, path.dirname(file));
if (process.env.SLIMLINT_WRITE_CODE_CACHE === "1") {
  process.once("beforeExit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
}
