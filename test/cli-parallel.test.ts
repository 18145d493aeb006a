// Worker threads for large file sets: the output, the errors and the exit code are those of a one-thread run.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run, scratchDir } from "./cli-helpers.js";

const seed = (name: string) => readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), "utf8");

describe("linting on worker threads", () => {
  it.each(["json", "text", "sarif"])("-f %s: the same report, errors and exit code as one thread", (format) => {
    const texts = [seed("journey-1-debian.Dockerfile"), seed("cgo-to-distroless-static.Dockerfile"), "FROM golang\n", ""];
    const files: Record<string, string | Uint8Array> = {};
    for (let i = 0; i < 60; i++) files[`svc${String(i).padStart(2, "0")}/Dockerfile`] = texts[i % texts.length] as string;
    files["svc07/Dockerfile"] = new Uint8Array([0, 1, 2]); // a read error among the files
    const dir = scratchDir(files);
    const preload = `--require=${new URL("./support/count-workers.cjs", import.meta.url).pathname}`;
    const env = (workers: string) => ({ env: { ...process.env, NO_COLOR: "1", SLIMLINT_WORKERS: workers, NODE_OPTIONS: preload } });
    const one = run(["-f", format, "."], dir, env("0"));
    const three = run(["-f", format, "."], dir, env("3"));
    const error = "slimlint: svc07/Dockerfile: is a binary file, not a Dockerfile (it contains NUL bytes)\n";
    expect(one).toMatchObject({ code: 2, stderr: `${error}workers started: 0\n` });
    expect(three).toEqual({ ...one, stderr: `${error}workers started: 3\n` });
  }, 60_000);
});
