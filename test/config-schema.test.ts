// The config's JSON Schema (schema/slimlint-config.schema.json) accepts what the loader accepts and refuses
// what it refuses, for the keys the schema describes in detail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import yaml from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, STARTER_CONFIG } from "../src/config/config.js";
import { rules } from "../src/index.js";
import { scratchDir } from "./cli-helpers.js";

const schema = JSON.parse(readFileSync(new URL("../schema/slimlint-config.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

async function loads(text: string): Promise<boolean> {
  const dir = scratchDir({ ".slimlint.yaml": text });
  return loadConfig(join(dir, ".slimlint.yaml"), rules).then(
    () => true,
    (e: unknown) => {
      if (e instanceof ConfigError) return false;
      throw e;
    },
  );
}

describe("config JSON Schema", () => {
  it.each([
    [
      "the starter config's label schema, uncommented",
      STARTER_CONFIG.split("\n")
        .filter((l) => /^# (labelSchema| {2}org|strictLabels)/.test(l))
        .map((l) => l.slice(2).replace(/ +#.*$/, ""))
        .join("\n"),
      true,
    ],
    [
      "a label schema with every type, strict",
      "labelSchema:\n  a.url: url\n  a.time: rfc3339\n  a.lic: spdx\n  a.rev: hash\n  a.ver: semver\n  a.mail: email\n" +
        "  a.txt: text\nstrictLabels: true\n",
      true,
    ],
    ["an unknown label type", "labelSchema:\n  a.url: uri\n", false],
    ["a label schema as a list", "labelSchema: [a.url]\n", false],
    ["strictLabels as a string", 'strictLabels: "true"\n', false],
    ["trusted registries", "trustedRegistries: [gcr.io]\n", true],
  ])("agrees with the loader on %s", async (_name, text, valid) => {
    expect(validate(yaml.parse(text) ?? {}), JSON.stringify(validate.errors)).toBe(valid);
    expect(await loads(text)).toBe(valid);
  });
});
