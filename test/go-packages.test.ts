// The command line of go get / go install / go run, and how a package argument pins its version (GO012, GO013).
import { describe, expect, it } from "vitest";
import { goCommands } from "../src/golang/build.js";
import { lint } from "../src/index.js";
import { goCommandLine, isRemotePackage, versionQuery } from "../src/golang/packages.js";
import { buildModel } from "../src/model/build.js";
import { UNKNOWN_CONTEXT } from "../src/model/types.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";

const commandLine = (run: string) => {
  const model = buildModel(parseDockerfile(`FROM golang:1.23\nARG V=v1.2.3\nARG UNSET\n${run}\n`), UNKNOWN_CONTEXT, undefined, undefined);
  const command = goCommands(model)[0]!;
  const line = goCommandLine(command);
  return { flags: line.flags.map((f) => [f.name, f.value]), packages: line.packages.map((p) => p.value) };
};

describe("go command lines", () => {
  it("separates flags (with separate values) from packages, expanding ARG defaults", () => {
    expect(commandLine("RUN go get -u -v -tags netgo example.com/a@${V} ./local")).toEqual({
      flags: [
        ["u", undefined],
        ["v", undefined],
        ["tags", "netgo"],
      ],
      packages: ["example.com/a@v1.2.3", "./local"],
    });
    expect(commandLine("RUN go install -insecure=true example.com/b@$UNSET").packages).toEqual([undefined]);
  });

  it("takes only the package of go run, not the program's arguments; .go files are all files", () => {
    expect(commandLine("RUN go run example.com/gen@latest generate example.com/not-a-package").packages).toEqual([
      "example.com/gen@latest",
    ]);
    expect(commandLine("RUN go run main.go util.go -flag x").packages).toEqual(["main.go", "util.go"]);
  });
});

describe("remote packages", () => {
  it("are paths whose first element is a host name", () => {
    for (const p of [
      "github.com/x/y",
      "golang.org/x/tools/cmd/goimports@latest",
      "gopkg.in/yaml.v3/x",
      "honnef.co/go/tools/cmd/staticcheck",
    ])
      expect(isRemotePackage(p), p).toBe(true);
    for (const p of [".", "./...", "./cmd/app", "/src/app", "all", "std", "cmd/go", "myapp/cmd", "main.go", "github.com"])
      expect(isRemotePackage(p), p).toBe(false);
  });
});

describe("version queries", () => {
  it("pins full versions, pseudo-versions, commit hashes and other tag names", () => {
    for (const p of [
      "x@v1.2.3",
      "x@v0.0.0-20240719175910-8a7402abbf56",
      "x@v2.0.0+incompatible",
      "x@v1.0.0-rc.1",
      "x@5b4ea11",
      "x@2024.1.1",
      "x@none",
    ]) {
      expect(versionQuery(p).kind, p).toBe("pinned");
    }
  });
  it("floats on latest, upgrade, patch, version prefixes, comparisons and branch names", () => {
    for (const p of ["x@latest", "x@upgrade", "x@patch", "x@v1", "x@v1.2", "x@<v1.5.0", "x@master", "x@main", "x@HEAD"]) {
      expect(versionQuery(p).kind, p).toBe("floating");
    }
    expect(versionQuery("github.com/x/y").kind).toBe("none");
  });
});

describe("GO012 in development images", () => {
  const text = "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\nRUN go get github.com/x/tool\n";
  const found = (path: string | undefined) =>
    lint(text, { path })
      .findings.filter((f) => f.ruleId === "GO012")
      .map((f) => [f.start.line, f.severity]);
  it("leaves a devcontainer's deliberate @latest tools alone, but still reports a versionless go get", () => {
    expect(found(".devcontainer/Dockerfile")).toEqual([[3, "warning"]]);
    expect(found("Dockerfile")).toEqual([
      [2, "info"],
      [3, "warning"],
    ]);
  });
});
