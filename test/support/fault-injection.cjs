// Preloaded into the built CLI by tests (NODE_OPTIONS=--require …) to reach failure paths no real input
// reaches. SLIMLINT_TEST_THROWING_RULE=ID makes that rule's check throw; SLIMLINT_TEST_OPEN_LOG=FILE logs
// each slimlint temp file the CLI opens (path and flags, one JSON line each).
"use strict";
const fs = require("node:fs");

const throwing = process.env.SLIMLINT_TEST_THROWING_RULE;
if (throwing) {
  // Rules are frozen by defineRule: the check is swapped as the rule object is frozen.
  const freeze = Object.freeze;
  Object.freeze = function freezeWithFault(object) {
    if (object && object.id === throwing && typeof object.check === "function") {
      object.check = () => {
        throw new Error("planted failure");
      };
    }
    return freeze(object);
  };
}

const openLog = process.env.SLIMLINT_TEST_OPEN_LOG;
if (openLog) {
  const open = fs.openSync;
  fs.openSync = function openSyncLogged(path, flags, mode) {
    if (/\.slimlint-/.test(String(path))) {
      fs.appendFileSync(openLog, `${JSON.stringify([String(path), flags])}\n`);
    }
    return open.apply(this, arguments);
  };
}
