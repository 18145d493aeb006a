// Section B shell rules: the advice depends on the file (the USER in effect, the subcommand, the tool the stage
// uses), and fixes are offered only where they keep the build's behaviour.
import { describe, expect, it } from "vitest";
import { lint, rules, type Finding } from "../src/index.js";
import { applyEdits } from "./fixtures.js";

const findings = (text: string, id: string): readonly Finding[] =>
  lint(text, { rules: Object.fromEntries(rules.map((r) => [r.id, r.id === id ? r.severity : "off"])) }).findings;
const one = (text: string, id: string): Finding => {
  const found = findings(text, id);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
};

describe("DF016 sudo-in-run says what to write for the USER in effect", () => {
  it("drops sudo as root, wraps the RUN in USER root as another user, and says so when the user is unknown", () => {
    expect(one("FROM debian:bookworm-slim\nRUN sudo mkdir /x\n", "DF016").message).toContain("debian runs as root by default");
    expect(one("FROM debian:bookworm-slim\nUSER 0\nRUN sudo mkdir /x\n", "DF016").message).toContain("(`USER 0` on line 2)");
    expect(one("FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nRUN sudo mkdir /x\n", "DF016").message).toContain(
      "Put `USER root` before this RUN and `USER app` after it",
    );
    expect(one("FROM example.com/base:1\nRUN sudo mkdir /x\n", "DF016").message).toContain("Drop `sudo` if this stage runs as root");
  });

  it("reads USER from the stage a stage is built on", () => {
    expect(one("FROM debian:bookworm-slim AS base\nUSER nobody\nFROM base\nRUN sudo mkdir /x\n", "DF016").message).toContain(
      "runs as `nobody` (USER on line 2)",
    );
  });
});

describe("DF018 apt-not-apt-get fixes only what apt-get runs the same way", () => {
  const fixOf = (run: string) => one(`FROM ubuntu:22.04\nRUN ${run}\n`, "DF018").fix;
  it("is safe for update and remove, unsafe for install, absent for upgrade", () => {
    expect(fixOf("apt update && apt remove -y curl")?.safety).toBe("safe");
    expect(fixOf("apt update && apt install -y curl")?.safety).toBe("unsafe");
    expect(fixOf("apt update && apt upgrade -y")).toBeUndefined();
    expect(fixOf("apt list --installed")).toBeUndefined();
  });

  it("replaces every apt of the RUN, keeping a path", () => {
    const text = "FROM ubuntu:22.04\nRUN /usr/bin/apt update && apt install -y curl\n";
    expect(applyEdits(text, one(text, "DF018").fix?.edits ?? [])).toBe(
      "FROM ubuntu:22.04\nRUN /usr/bin/apt-get update && apt-get install -y curl\n",
    );
  });
});

describe("DF022 package-versions-unpinned", () => {
  it("counts a version from a defined variable as a pin, and stays silent on an unknown one", () => {
    expect(findings("FROM alpine:3.20\nARG V=8.9.1-r1\nRUN apk add curl=$V\n", "DF022")).toEqual([]);
    expect(findings("FROM alpine:3.20\nARG V\nRUN apk add curl=$V\n", "DF022")).toEqual([]);
    expect(one("FROM alpine:3.20\nARG P=curl\nRUN apk add $P\n", "DF022").message).toContain("`curl=<version>`");
  });

  it("is off by default", () => {
    expect(lint("FROM alpine:3.20\nRUN apk add --no-cache curl\n").findings.filter((f) => f.ruleId === "DF022")).toEqual([]);
  });
});

describe("DF023 package-manager-hygiene", () => {
  it("inserts -y and --no-cache-dir after the subcommand", () => {
    const yum = "FROM rockylinux:9 AS b\nRUN yum install git && yum clean all\nFROM scratch\n";
    expect(applyEdits(yum, one(yum, "DF023").fix?.edits ?? [])).toContain("RUN yum install -y git");
    const pip = "FROM python:3.12-slim\nRUN python3 -m pip install flask==3.0.3\n";
    expect(applyEdits(pip, one(pip, "DF023").fix?.edits ?? [])).toContain("RUN python3 -m pip install --no-cache-dir flask==3.0.3");
  });

  it("leaves the cache of a builder stage and of a dev container alone", () => {
    const text = "FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nRUN pip install flask\n";
    expect(findings(text, "DF023").map((f) => f.start.line)).toEqual([4]);
    expect(lint(text, { path: ".devcontainer/Dockerfile" }).findings.filter((f) => f.ruleId === "DF023")).toEqual([]);
  });

  it("reports apt-get upgrade only when no update ran before it in the stage chain", () => {
    expect(findings("FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get upgrade -y\n", "DF023")).toEqual([]);
    expect(findings("FROM debian:bookworm-slim\nRUN apt-get update && apt-get dist-upgrade -y\n", "DF023")).toEqual([]);
    expect(findings("FROM debian:bookworm-slim\nRUN ./setup.sh\nRUN apt-get upgrade -y\n", "DF023")).toEqual([]);
    expect(one("FROM debian:bookworm-slim\nRUN apt-get upgrade -y\n", "DF023").message).toContain("`apt-get update && apt-get upgrade -y`");
  });
});

describe("DF027 useradd-large-uid", () => {
  it("sizes the lastlog from the UID and offers -l", () => {
    const text = "FROM debian:bookworm-slim\nRUN useradd -u 100000 app\n";
    const finding = one(text, "DF027");
    expect(finding.message).toContain("about 29 MB");
    expect(applyEdits(text, finding.fix?.edits ?? [])).toBe("FROM debian:bookworm-slim\nRUN useradd -l -u 100000 app\n");
    expect(findings("FROM debian:bookworm-slim\nRUN useradd -u 99999 app\n", "DF027")).toEqual([]);
  });
});

describe("DF028 shell-symlink", () => {
  it("suggests the SHELL of the linked shell, and is silent where the base is unknown", () => {
    expect(one("FROM alpine:3.20\nRUN apk add --no-cache bash && ln -sf /bin/bash /bin/sh\n", "DF028").message).toContain(
      '`SHELL ["/bin/bash", "-c"]`',
    );
    expect(findings("FROM example.com/base:1\nRUN ln -sf /bin/bash /bin/sh\n", "DF028")).toEqual([]);
  });
});
