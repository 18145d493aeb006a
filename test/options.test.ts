// One place resolves a file's options (config, levels, registries, suppressions, build context) for the CLI,
// the language server and the tests.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rules } from "../src/index.js";
import { OptionsResolver } from "../src/options/resolve.js";
import { scratchDir } from "./cli-helpers.js";

describe("OptionsResolver", () => {
  const dir = scratchDir({
    ".slimlint.yaml":
      "rules:\n  GO003: off\n  GO004: info\ntrustedRegistries: [ghcr.io]\nfailOn: error\nallowInlineIgnores: false\n" +
      'ignore: ["old/**"]\ncontexts:\n  "deploy/**": "."\n',
    "go.mod": "module x\n\ngo 1.24\n",
    "deploy/Dockerfile": "FROM scratch\n",
    "old/Dockerfile": "FROM scratch\n",
    "svc/Dockerfile": "FROM scratch\nCOPY go.mod ./\n",
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lets the settings win over the config, and merges registries", async () => {
    const resolver = new OptionsResolver(rules, {
      cwd: dir,
      ruleLevels: { GO004: "error" },
      trustedRegistries: ["docker.io"],
      failOn: "warning",
      inlineIgnores: true,
    });
    const { options, ignored } = await resolver.optionsFor(
      { path: join(dir, "svc/Dockerfile"), display: "svc/Dockerfile" },
      "FROM scratch\n",
    );
    expect(ignored).toBe(false);
    expect(options).toMatchObject({
      rules: { GO003: "off", GO004: "error" },
      trustedRegistries: ["ghcr.io", "docker.io"],
      path: "svc/Dockerfile",
      inlineIgnores: false,
    });
    const found = await resolver.config(join(dir, "svc/Dockerfile"));
    expect(found.ok && (await resolver.fileSettings({ path: join(dir, "svc/Dockerfile") }, found.config)).failOn).toBe("warning");
  });

  it("takes the config's failOn and ignore globs when the settings say nothing", async () => {
    const resolver = new OptionsResolver(rules, { cwd: dir });
    const found = await resolver.config(join(dir, "old/Dockerfile"));
    if (!found.ok) throw found.error;
    const settings = await resolver.fileSettings({ path: join(dir, "old/Dockerfile") }, found.config);
    expect(settings).toMatchObject({ failOn: "error", ignored: true });
    expect((await resolver.fileSettings({ path: join(dir, "old/Dockerfile"), stdin: true }, found.config)).ignored).toBe(false);
  });

  it("finds the build context: the config's contexts, else the Dockerfile's directory", async () => {
    const resolver = new OptionsResolver(rules, { cwd: dir });
    const deploy = await resolver.optionsFor({ path: join(dir, "deploy/Dockerfile") }, "FROM scratch\n");
    expect(deploy.options.context).toMatchObject({ known: true, goMod: "module x\n\ngo 1.24\n" });
    // svc/ copies go.mod but the scratch directory is no repository: no root to stop at, so no guess upward.
    const svc = await resolver.optionsFor({ path: join(dir, "svc/Dockerfile") }, "FROM scratch\nCOPY go.mod ./\n");
    expect(svc.options.context).toMatchObject({ known: false });
  });

  it("decides per file whether to look above, with the directories looked up once for both files", async () => {
    const repo = scratchDir({ ".git/HEAD": "ref: refs/heads/main\n", "go.mod": "module y\n", "build/Dockerfile": "FROM scratch\n" });
    try {
      const resolver = new OptionsResolver(rules, { cwd: repo, config: false });
      const copies = await resolver.optionsFor({ path: join(repo, "build/Dockerfile") }, "FROM scratch\nCOPY . .\n");
      const other = await resolver.optionsFor({ path: join(repo, "build/Dockerfile.dev") }, "FROM scratch\nCOPY app /app\n");
      expect(copies.options.context).toMatchObject({ known: true, goMod: "module y\n" });
      expect(other.options.context).toMatchObject({ known: false });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("returns a broken config's error with the options without it, and none at all when told so", async () => {
    const broken = scratchDir({ ".slimlint.yaml": "rules: [\n", Dockerfile: "FROM scratch\n" });
    try {
      const resolver = new OptionsResolver(rules, { cwd: broken });
      const { options, configError } = await resolver.optionsFor({ path: join(broken, "Dockerfile") }, "FROM scratch\n");
      expect(configError?.message).toMatch(/slimlint\.yaml/);
      expect(options.rules).toEqual({});
      const none = new OptionsResolver(rules, { cwd: broken, config: false });
      expect((await none.optionsFor({ path: join(broken, "Dockerfile") }, "FROM scratch\n")).configError).toBeUndefined();
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
