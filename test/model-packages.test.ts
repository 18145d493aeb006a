// The package-manager fact: manager, subcommand, options with their values, operands with version pins.
import { describe, expect, it } from "vitest";
import { buildModel } from "../src/model/build.js";
import { hasOption, packageCommands, type PackageCommand } from "../src/model/packages.js";
import { UNKNOWN_CONTEXT } from "../src/model/types.js";
import { parseDockerfile } from "../src/parse/dockerfile.js";

const commands = (...lines: string[]): readonly PackageCommand[] =>
  packageCommands(buildModel(parseDockerfile(`${lines.join("\n")}\n`), UNKNOWN_CONTEXT));
const one = (...lines: string[]): PackageCommand => {
  const all = commands(...lines);
  expect(all).toHaveLength(1);
  return all[0] as PackageCommand;
};
const pins = (c: PackageCommand) => c.operands.map((o) => [o.kind, o.name, o.version]);

describe("package commands", () => {
  it("reads the manager, the subcommand after global options, and option values", () => {
    const c = one(
      "FROM debian:bookworm",
      "RUN apt-get -qq -o Dpkg::Options::=--force-confold -t bookworm-backports install -y curl=8.5.* ./local.deb git/bookworm",
    );
    expect([c.manager, c.subcommand?.value, c.action]).toEqual(["apt-get", "install", "install"]);
    expect(c.options.map((o) => [o.name, typeof o.value === "string" ? o.value : o.value?.value])).toEqual([
      ["-qq", undefined],
      ["-o", "Dpkg::Options::=--force-confold"],
      ["-t", "bookworm-backports"],
      ["-y", undefined],
    ]);
    expect(pins(c)).toEqual([
      ["name", "curl", "=8.5.*"],
      ["path", undefined, ""],
      ["path", undefined, ""],
    ]);
  });

  it("finds short options inside clusters, and long options with values", () => {
    const c = one("FROM debian:bookworm", "RUN apt-get install -qy --option=APT::Install-Recommends=false curl");
    expect(hasOption(c, "-y")).toBe(true);
    expect(hasOption(c, "--option")).toBe(true);
    expect(hasOption(c, "-f")).toBe(false);
  });

  it("skips apk's virtual package name and providers", () => {
    const c = one("FROM alpine:3.20", "RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0 so:libssl.so.3 curl~8");
    expect(c.action).toBe("add");
    expect(pins(c)).toEqual([
      ["name", "gcc", ""],
      ["name", "musl-dev", "=1.2.5-r0"],
      ["other", undefined, ""],
      ["name", "curl", "~8"],
    ]);
  });

  it("reads pip through pip3, python -m pip and sudo, and leaves requirement and constraint files as option values", () => {
    const all = commands(
      "FROM python:3.12",
      "RUN pip3 install -r requirements.txt --no-cache-dir . requests==2.31 flask && python3 -m pip install -U pip && sudo -H " +
        "pip install ./dist/x.whl",
    );
    expect(all.map((c) => [c.manager, c.program.value, c.action])).toEqual([
      ["pip", "pip3", "install"],
      ["pip", "python3", "install"],
      ["pip", "pip", "install"],
    ]);
    expect(pins(all[0] as PackageCommand)).toEqual([
      ["path", undefined, ""],
      ["name", "requests", "==2.31"],
      ["name", "flask", ""],
    ]);
    expect(hasOption(all[0] as PackageCommand, "-r")).toBe(true);
    expect(pins(all[1] as PackageCommand)).toEqual([["name", "pip", ""]]);
    expect(pins(all[2] as PackageCommand)).toEqual([["path", undefined, ""]]);
  });

  it("does not take pipx, pipenv or a python script for pip", () => {
    expect(
      commands("FROM python:3.12", "RUN pipx install poetry && pipenv install && python3 -m venv /v && python setup.py install"),
    ).toEqual([]);
  });

  it("splits npm scopes from versions and normalises install aliases", () => {
    const c = one("FROM node:20", "RUN npm i -g --registry https://r.example @scope/tool @scope/pinned@1.2.3 pnpm@10 ./local user/repo#v1");
    expect(c.action).toBe("install");
    expect(pins(c)).toEqual([
      ["name", "@scope/tool", ""],
      ["name", "@scope/pinned", "@1.2.3"],
      ["name", "pnpm", "@10"],
      ["path", undefined, ""],
      ["vcs", undefined, ""],
    ]);
  });

  it("takes npm's true/false after a boolean option as its value, not a package", () => {
    const c = one("FROM node:20", "RUN npm install --strict-ssl false -g pnpm");
    expect(c.options.map((o) => [o.name, typeof o.value === "string" ? o.value : o.value?.value])).toEqual([
      ["--strict-ssl", "false"],
      ["-g", undefined],
    ]);
    expect(pins(c)).toEqual([["name", "pnpm", ""]]);
  });

  it("takes a bare yarn for an install, and reads yarn's global options", () => {
    const all = commands("FROM node:20", "RUN yarn --cwd ui install --frozen-lockfile && yarn && yarn cache clean");
    expect(all.map((c) => [c.action, c.rest.map((w) => w.value)])).toEqual([
      ["install", []],
      ["install", []],
      ["cache", ["clean"]],
    ]);
  });

  it("splits rpm versions at the first dash part that starts with a digit", () => {
    const c = one(
      "FROM fedora:40",
      "RUN dnf install -y --setopt install_weak_deps=False glibc-2.39-17.fc40 python3-pip @development ./x.rpm",
    );
    expect(hasOption(c, "--setopt")).toBe(true);
    expect(pins(c)).toEqual([
      ["name", "glibc", "-2.39-17.fc40"],
      ["name", "python3-pip", ""],
      ["other", undefined, ""],
      ["path", undefined, ""],
    ]);
  });

  it("resolves versions and package lists through the variables in scope", () => {
    const c = one(
      "FROM alpine:3.20",
      "ARG CURL_VERSION=8.5.0-r0",
      'ARG PKGS="git make"',
      "ARG UNSET",
      "RUN apk add curl=${CURL_VERSION} $PKGS jq=$UNSET",
    );
    expect(c.operands.map((o) => [o.value, o.name, o.version])).toEqual([
      ["curl=8.5.0-r0", "curl", "=8.5.0-r0"],
      ["git", "git", ""],
      ["make", "make", ""],
      [undefined, undefined, undefined],
    ]);
  });

  it("reads gem and zypper pins and aliases", () => {
    const all = commands("FROM opensuse/leap:15", "RUN gem i fpm:1.15.1 bundler && zypper -n in 'curl>=8' git");
    expect(all.map((c) => [c.manager, c.action, pins(c)])).toEqual([
      [
        "gem",
        "install",
        [
          ["name", "fpm", ":1.15.1"],
          ["name", "bundler", ""],
        ],
      ],
      [
        "zypper",
        "install",
        [
          ["name", "curl", ">=8"],
          ["name", "git", ""],
        ],
      ],
    ]);
  });

  it("sees only commands the shell runs: not words of echo, not text in a quoted string", () => {
    expect(commands("FROM debian:bookworm", "RUN echo apt-get install curl && sh -c 'apt-get install -y git'")).toEqual([]);
  });
});
