// Run before each test file (vitest setupFiles): its scratch directories go when its tests are done. Thousands
// of files (the memory tests) on a busy machine can take longer than the default hook timeout of 10 s.
import { afterAll } from "vitest";
import { removeScratchDirs } from "../cli-helpers.js";

afterAll(removeScratchDirs, 120_000);
