// The facts SE007 and SE008 read: options as curl's and wget's getopt reads them, where a download goes,
// what a later command does with the file, and what counts as checking it.
import { describe, expect, it } from "vitest";
import { buildModel } from "../src/model/build.js";
import {
  downloadOf,
  downloadedBefore,
  fileUses,
  filesDownloaded,
  packageOperands,
  tarExtractsStdin,
  verifies,
} from "../src/model/downloads.js";
import { UNKNOWN_CONTEXT, type CommandInfo } from "../src/model/types.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";
import { parseOptions } from "../src/shell/options.js";

const model = (text: string) => buildModel(parseDockerfile(text), UNKNOWN_CONTEXT);
/** The commands of the last RUN of a one-stage file, with WORKDIR /w. */
const commands = (run: string, prelude = ""): readonly CommandInfo[] => {
  const m = model(`FROM alpine:3.20\nWORKDIR /w\n${prelude}RUN ${run}\n`);
  return m.stages[0]!.runs.at(-1)!.commands;
};
const first = (run: string, prelude = "") => commands(run, prelude)[0]!;
const output = (run: string, prelude = "") => downloadOf(first(run, prelude))?.output;

describe("parseOptions reads words as GNU getopt", () => {
  const curl = { shortWithValue: "oK", longWithValue: new Set(["output"]) };
  const args = (run: string) => first(`curl ${run}`).args;

  it("splits short clusters; the first letter that takes a value takes the rest or the next word", () => {
    const parsed = parseOptions(args("-fsSLk -o out https://x/a -Kcfg"), curl);
    expect(parsed.options.map((o) => [o.name, o.value])).toEqual([
      ["f", undefined],
      ["s", undefined],
      ["S", undefined],
      ["L", undefined],
      ["k", undefined],
      ["o", "out"],
      ["K", "cfg"],
    ]);
    expect(parsed.operands.map((w) => w.value)).toEqual(["https://x/a"]);
  });

  it("reads --name value and --name=value, and nothing after --", () => {
    const parsed = parseOptions(args("--output out --insecure=no https://x/insecure -- -k --insecure"), curl);
    expect(parsed.options.map((o) => [o.name, o.long, o.value])).toEqual([
      ["output", true, "out"],
      ["insecure", true, "no"],
    ]);
    expect(parsed.operands.map((w) => w.value)).toEqual(["https://x/insecure", "-k", "--insecure"]);
  });

  it("keeps a lone - as an operand", () => {
    expect(parseOptions(args("-o - https://x/a"), curl).options[0]?.value).toBe("-");
    expect(parseOptions(args("- https://x/a"), curl).operands.map((w) => w.value)).toEqual(["-", "https://x/a"]);
  });
});

describe("where a download goes", () => {
  it("curl: -o (also in a cluster, with the value attached), -O under the URL's name, --output-dir, a redirect, stdout", () => {
    expect(output("curl -fsSL -o /tmp/a.tgz https://x/a.tgz")).toEqual({ kind: "file", path: "/tmp/a.tgz" });
    expect(output("curl -fsSLo a.tgz https://x/a.tgz")).toEqual({ kind: "file", path: "/w/a.tgz" });
    expect(output("curl -fsSLoa.tgz https://x/a.tgz")).toEqual({ kind: "file", path: "/w/a.tgz" });
    expect(output("curl -fsSLO https://x/dl/kubectl?raw=1")).toEqual({ kind: "file", path: "/w/kubectl" });
    expect(output("curl -LO --output-dir /opt https://x/dl/kubectl")).toEqual({ kind: "file", path: "/opt/kubectl" });
    expect(output("curl -LOJ https://x/dl/latest")).toEqual({ kind: "unknown" });
    expect(output("curl -sSL https://x/yq > yq")).toEqual({ kind: "file", path: "/w/yq" });
    expect(output("curl -sSL https://x/a.tgz")).toEqual({ kind: "stdout" });
  });

  it("wget: the URL's name by default (under -P), -O FILE, -O - and -qO-", () => {
    expect(output("wget -q https://x/a.tgz")).toEqual({ kind: "file", path: "/w/a.tgz" });
    expect(output("wget -P /opt https://x/a.tgz")).toEqual({ kind: "file", path: "/opt/a.tgz" });
    expect(output("wget -P ~ https://x/a.tgz")).toEqual({ kind: "file", path: "~/a.tgz" });
    expect(output("wget -O /usr/local/bin/tini https://x/tini")).toEqual({ kind: "file", path: "/usr/local/bin/tini" });
    expect(output("wget -qO- https://x/a.tgz")).toEqual({ kind: "stdout" });
    expect(output("wget -q -O - https://x/a.tgz")).toEqual({ kind: "stdout" });
  });

  it("keys a path by its value from ENV/ARG, or as written when unknown", () => {
    expect(output("curl -o /tmp/tool-${V}.tgz https://x/a", "ARG V=1.2\n")).toEqual({ kind: "file", path: "/tmp/tool-1.2.tgz" });
    expect(output("curl -o /tmp/tool-${V}.tgz https://x/a", "ARG V\n")).toEqual({ kind: "file", path: "/tmp/tool-${V}.tgz" });
  });

  it("is undefined for other commands", () => {
    expect(downloadOf(first("echo curl -o x"))).toBeUndefined();
  });
});

describe("what a command does with a file", () => {
  const uses = (run: string) => fileUses(first(run)).map((u) => `${u.how} ${u.path}`);

  it("extracts: tar -x in every spelling, unzip, gunzip, xz -d", () => {
    expect(uses("tar xzf a.tgz")).toEqual(["extracted /w/a.tgz"]);
    expect(uses("tar -C /usr/local -xzf /tmp/a.tgz")).toEqual(["extracted /tmp/a.tgz"]);
    expect(uses("tar --extract --file=/tmp/a.tgz")).toEqual(["extracted /tmp/a.tgz"]);
    expect(uses("tar -czf /tmp/a.tgz .")).toEqual([]);
    expect(uses("unzip -q /tmp/a.zip -d /opt")).toEqual(["extracted /tmp/a.zip"]);
    expect(uses("unzip -o -d /opt /tmp/a.zip bin/tool")).toEqual(["extracted /tmp/a.zip"]);
    expect(uses("xz -d /tmp/a.xz")).toEqual(["extracted /tmp/a.xz"]);
    expect(uses("xz -z /tmp/a")).toEqual([]);
  });

  it("installs: chmod with an execute bit, install (not -d), mv/cp onto a bin directory, package files", () => {
    expect(uses("chmod +x tool")).toEqual(["installed /w/tool"]);
    expect(uses("chmod 0755 /usr/local/bin/tool")).toEqual(["installed /usr/local/bin/tool"]);
    expect(uses("chmod u=rwx,go=rx tool")).toEqual(["installed /w/tool"]);
    expect(uses("chmod 644 tool")).toEqual([]);
    expect(uses("install -m 0755 kubectl /usr/local/bin/kubectl")).toEqual(["installed /w/kubectl"]);
    expect(uses("install -d /opt/tool")).toEqual([]);
    expect(uses("mv ./yq /usr/local/bin/yq")).toEqual(["installed /w/yq"]);
    expect(uses("cp yq /opt/yq")).toEqual([]);
    expect(uses("dpkg -i /tmp/a.deb")).toEqual(["installed /tmp/a.deb"]);
    expect(uses("apt-get install -y ./a.deb curl")).toEqual(["installed /w/a.deb"]);
    expect(uses("rpm -ivh /tmp/a.rpm")).toEqual(["installed /tmp/a.rpm"]);
  });

  it("runs: a program named by path, a script given to a shell (not sh -c)", () => {
    expect(uses("./get_helm.sh --version v3")).toEqual(["executed /w/get_helm.sh"]);
    expect(uses("sh -x get_helm.sh")).toEqual(["executed /w/get_helm.sh"]);
    expect(uses("sh -c 'echo hi'")).toEqual([]);
  });

  it("unpacks stdin: tar -x without -f or with -f -, gunzip without a file", () => {
    const [, tar] = commands("curl -sSL https://x/a.tgz | tar -xz -C /opt");
    expect(tarExtractsStdin(tar!)).toBe(true);
    expect(tarExtractsStdin(first("tar -xzf - -C /opt"))).toBe(true);
    expect(tarExtractsStdin(first("tar -xzf a.tgz"))).toBe(false);
    expect(tarExtractsStdin(first("gunzip"))).toBe(true);
    expect(tarExtractsStdin(first("tar -tz"))).toBe(false);
  });
});

describe("what counts as a check", () => {
  it("hash tools, gpg --verify, gpgv, cosign verify*, minisign -V, a hash compared inside $(…)", () => {
    const checked = (run: string) => commands(run).some(verifies);
    expect(checked('echo "abc  /tmp/a" | sha256sum -c')).toBe(true);
    expect(checked("sha512sum --check a.sha512")).toBe(true);
    expect(checked("gpg --batch --verify a.asc a")).toBe(true);
    expect(checked("gpg --import key.asc")).toBe(false);
    expect(checked("cosign verify-blob --key k --signature s a")).toBe(true);
    expect(checked("minisign -Vm a -P key")).toBe(true);
    expect(checked('test "$(sha256sum a | cut -d" " -f1)" = "$SUM"')).toBe(true);
    expect(checked("go mod verify")).toBe(false);
  });
});

describe("package operands and downloaded files", () => {
  it("lists names and files after the install verb, skipping options and their values", () => {
    expect(packageOperands(first("apk add --no-cache --virtual .deps --allow-untrusted /tmp/a.apk glibc")).map((w) => w.value)).toEqual([
      "/tmp/a.apk",
      "glibc",
    ]);
    expect(packageOperands(first("apt-get -o Dpkg::Options::=--force-confold install -y ./a.deb")).map((w) => w.value)).toEqual([
      "./a.deb",
    ]);
    // The model's package parser reads them: aliases (`dnf in`), `localinstall`, options with values, sudo.
    const values = (run: string) => packageOperands(first(run)).map((w) => w.value);
    expect(values("dnf --enablerepo extras in -y ./a.rpm")).toEqual(["./a.rpm"]);
    expect(values("yum localinstall -y /tmp/b.rpm")).toEqual(["/tmp/b.rpm"]);
    expect(values("sudo apt-get install -y ./c.deb")).toEqual(["./c.deb"]);
    expect(values("apt-get update")).toEqual([]);
  });

  it("knows which downloaded files a RUN that downloads them also checks", () => {
    const m = model(
      'FROM alpine:3.20\nRUN wget -O /tmp/a.apk https://x/a.apk && echo "abc  /tmp/a.apk" | sha256sum -c\n' +
        "RUN wget -O /tmp/b.apk https://x/b.apk\n",
    );
    const files = filesDownloaded(m.stages[0]!);
    expect([...files].map(([path, f]) => [path, f.checked])).toEqual([
      ["/tmp/a.apk", true],
      ["/tmp/b.apk", false],
    ]);
  });

  it("knows the files downloaded earlier in the stage and its parents, not later", () => {
    const m = model(
      "FROM alpine:3.20 AS base\nRUN wget -O /tmp/a.apk https://x/a.apk\nFROM base\n" +
        "RUN curl -o /tmp/b.apk https://x/b && apk add /tmp/a.apk /tmp/b.apk && curl -o /tmp/c.apk https://x/c\n",
    );
    const apk = m.stages[1]!.runs[0]!.commands[1]!;
    const before = (path: string) => downloadedBefore(m.stages[1]!, apk, path) !== undefined;
    expect(["/tmp/a.apk", "/tmp/b.apk", "/tmp/c.apk", "/tmp/d.apk"].map(before)).toEqual([true, true, false, false]);
  });
});
