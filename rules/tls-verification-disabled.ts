import { defineRule, md, type Report } from "../src/engine/rule.js";
import { checksPackageFiles, downloadedBefore, fetchedUrls, fetcherOptions, packageOperands, pathKey } from "../src/model/downloads.js";
import { expandWord } from "../src/model/scope.js";
import type { Binding, CommandInfo, Stage } from "../src/model/types.js";
import { lastOption, parseOptions } from "../src/shell/options.js";
import type { ShellWord } from "../src/shell/words.js";

const FALSE = /^(false|no|off|0|)$/i;
const LOOPBACK = /^[a-z]+:\/\/(localhost|127(\.\d+){3}|\[::1\])(:\d+)?(\/|$)/i;
const bare = (url: string) => (/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`);

/**
 * Variables that turn a check off in every process that sees them, and whether a value does: git
 * disables verification when GIT_SSL_NO_VERIFY is set at all (it tests `getenv() != NULL`), Node only
 * for "0".
 */
const VARIABLES: readonly { name: string; off: (value: string) => boolean; what: string; instead: string }[] = [
  {
    name: "GIT_SSL_NO_VERIFY",
    off: () => true,
    what: "turns off TLS certificate checks for every git fetch",
    instead:
      "Remove it; for a private server with its own CA, add the CA to the image's trust store " +
      "(`update-ca-certificates`) or set `http.sslCAInfo`",
  },
  {
    name: "NODE_TLS_REJECT_UNAUTHORIZED",
    off: (v) => v === "0",
    what: "makes Node accept any TLS certificate",
    instead: "Remove it; for a private CA, point `NODE_EXTRA_CA_CERTS` at the CA file",
  },
  {
    name: "PIP_TRUSTED_HOST",
    off: (v) => v.trim() !== "",
    what: "makes pip accept that host without TLS verification",
    instead: "Remove it; for a private index with its own CA, pass `--cert` or set `PIP_CERT`",
  },
  {
    name: "NPM_CONFIG_STRICT_SSL",
    off: (v) => FALSE.test(v) && v !== "",
    what: "makes npm accept any TLS certificate from the registry",
    instead: "Remove it; for a private CA, set `NODE_EXTRA_CA_CERTS` or npm's `cafile`",
  },
  {
    name: "npm_config_strict_ssl",
    off: (v) => FALSE.test(v) && v !== "",
    what: "makes npm accept any TLS certificate from the registry",
    instead: "Remove it; for a private CA, set `NODE_EXTRA_CA_CERTS` or npm's `cafile`",
  },
];

const CA_ADVICE = "install the CA certificates (`ca-certificates`) or pass the private CA";

/**
 * A package operand: a file that was never downloaded is a local package (built or copied into the build), where no
 * signature is expected.
 */
function packageOrigins(stage: Stage, command: CommandInfo, operands: readonly ShellWord[]): "remote" | "downloaded" | "local" | "unknown" {
  if (operands.length === 0) return "remote";
  let result: "remote" | "downloaded" | "local" | "unknown" = "local";
  for (const word of operands) {
    const value = expandWord(word, command.vars, "unknown");
    if (/^https?:\/\//.test(value ?? word.value)) return "remote";
    const isPath = (value ?? word.value).includes("/") || /\.(apk|deb|rpm)$/.test(value ?? word.value);
    if (isPath) {
      if (downloadedBefore(stage, command, pathKey(word, command))) result = "downloaded";
      continue;
    }
    if (value === undefined) {
      if (result === "local") result = "unknown";
      continue;
    }
    return "remote"; // a repository package name
  }
  return result;
}

/** Every downloaded package file was checked (a hash or signature tool ran in the RUN that downloaded it). */
function downloadVerified(stage: Stage, command: CommandInfo, operands: readonly ShellWord[]): boolean {
  return operands.every((w) => downloadedBefore(stage, command, pathKey(w, command))?.checked ?? true);
}

/**
 * A signature switch of a package manager: silent when every package is a local file nobody downloaded.
 * `key` says where the publisher's key goes; `instead` is the advice for repository packages.
 */
function signatureReport(
  stage: Stage,
  command: CommandInfo,
  flag: ShellWord | undefined,
  what: string,
  key: string,
  instead: string,
): Report | undefined {
  if (!flag) return undefined;
  const operands = command.name === "rpm" ? command.args.filter((w) => !w.value.startsWith("-")) : packageOperands(command);
  const origin = packageOrigins(stage, command, operands);
  if (origin === "local" || origin === "unknown") return undefined;
  if (origin === "downloaded") {
    // apt and yum/dnf check no signature of a package file (dnf's localpkg_gpgcheck is off by default): the flag
    // changes nothing, and the unchecked download is SE008's.
    if (!checksPackageFiles(command)) return undefined;
    if (downloadVerified(stage, command, operands)) return undefined;
    return {
      at: flag.span,
      message:
        `\`${flag.value}\` installs a package file downloaded in this build without checking its signature, ` +
        `so a tampered or replaced download runs as root in the image. Add the publisher's signing key ${key} and drop ` +
        `\`${flag.value}\`, or check the file's SHA-256 (\`sha256sum -c\`) in the RUN that downloads it.`,
    };
  }
  return {
    at: flag.span,
    message: `\`${flag.value}\` ${what}, so a mirror or network that serves a tampered package puts it into the image. ${instead}`,
  };
}

/** Adds the signature report of `flag` (when the command has the flag and the report applies). */
function addSignatureReport(out: Report[], ...args: Parameters<typeof signatureReport>): void {
  const report = signatureReport(...args);
  if (report) out.push(report);
}

function checkCommand(stage: Stage, command: CommandInfo): Report[] {
  const out: Report[] = [];
  const name = command.name;
  const args = command.args;
  const fetch = fetcherOptions(command);
  if (fetch) {
    const urls = fetchedUrls(fetch).map((w) => expandWord(w, command.vars, "unknown") ?? w.value);
    if (urls.length > 0 && urls.every((u) => LOOPBACK.test(bare(u)))) return out;
    if (name === "curl") {
      const option = lastOption(fetch, "k", "insecure", "no-insecure");
      // -k changes nothing for plain-HTTP URLs that curl does not follow to another (https) location.
      const plainOnly =
        urls.length > 0 && urls.every((u) => /^http:\/\//i.test(u)) && !lastOption(fetch, "L", "location", "location-trusted");
      if (option && option.name !== "no-insecure" && !plainOnly) {
        out.push({
          at: option.word.span,
          message:
            `\`${option.long ? "--insecure" : "-k"}\` makes curl accept any TLS certificate, so whoever sits between the build and ` +
            `the server can replace what this download returns. Drop it and ${CA_ADVICE} with \`--cacert FILE\`; ` +
            `if the mirror's certificate is broken, fix the mirror.`,
        });
      }
    } else {
      const option = lastOption(fetch, "no-check-certificate", "check-certificate", "e", "execute");
      const off =
        option?.name === "no-check-certificate" ||
        (option?.name === "check-certificate" && /^(off|no|0|quiet)$/i.test(option.value ?? "")) ||
        ((option?.name === "e" || option?.name === "execute") && /^check[-_]?certificate\s*=\s*(off|no|0)$/i.test(option.value ?? ""));
      if (option && off) {
        out.push({
          at: option.word.span,
          message:
            `\`${option.word.value}\` makes wget accept any TLS certificate, so whoever sits between the build and the server can ` +
            `replace what this download returns. Drop it and ${CA_ADVICE} with \`--ca-certificate=FILE\`; ` +
            `if the mirror's certificate is broken, fix the mirror.`,
        });
      }
    }
    return out;
  }
  switch (name) {
    case "git": {
      for (const [i, word] of args.entries()) {
        const setting = word.value === "-c" || word.value === "--config" ? args[i + 1] : /^--config=/.test(word.value) ? word : undefined;
        const text = setting ? setting.value.replace(/^--config=/, "") : undefined;
        const m = text === undefined ? undefined : /^(http(?:\..*)?\.sslverify)=(.*)$/i.exec(text);
        if (setting && m && FALSE.test(m[2] as string)) out.push({ at: setting.span, message: gitMessage(m[1] as string) });
      }
      const sub = parseOptions(args, {
        shortWithValue: "cC",
        longWithValue: new Set(["git-dir", "work-tree", "namespace", "exec-path"]),
      }).operands;
      if (sub[0]?.value === "config") {
        const rest = parseOptions(sub.slice(1), { shortWithValue: "f", longWithValue: new Set(["file", "blob", "type"]) }).operands.filter(
          (w, k) => !(k === 0 && w.value === "set"),
        );
        const [key, value] = rest;
        if (key && value && /^http(\..*)?\.sslverify$/i.test(key.value) && FALSE.test(expandWord(value, command.vars, "unknown") ?? "x"))
          out.push({ at: key.span, message: gitMessage(key.value) });
      }
      return out;
    }
    case "apk": {
      addSignatureReport(
        out,
        stage,
        command,
        args.find((w) => w.value === "--allow-untrusted"),
        "installs packages without checking their signatures against the keys in /etc/apk/keys",
        "to /etc/apk/keys",
        "Add the repository's signing key to /etc/apk/keys and drop the flag.",
      );
      return out;
    }
    case "apt-get":
    case "apt": {
      for (const [i, word] of args.entries()) {
        if (word.value === "--allow-unauthenticated" || word.value === "--force-yes") {
          addSignatureReport(
            out,
            stage,
            command,
            word,
            word.value === "--force-yes"
              ? "lets apt install unauthenticated packages (and downgrade or remove essential ones)"
              : "lets apt install packages whose repository signature it cannot check",
            "(a `signed-by=` keyring)",
            "Import the repository's key (a `signed-by=` keyring) and drop the flag.",
          );
        } else if (word.value === "--allow-insecure-repositories") {
          out.push({
            at: word.span,
            message:
              "`--allow-insecure-repositories` lets apt read repositories that are unsigned, so a mirror or network that serves " +
              "tampered package lists goes unnoticed. Import the repository's key (a `signed-by=` keyring) and drop the flag.",
          });
        } else {
          const option = word.value === "-o" || word.value === "--option" ? args[i + 1] : /^-o./.test(word.value) ? word : undefined;
          const text = option?.value.replace(/^-o/, "");
          if (
            option &&
            text &&
            new RegExp(
              "^(APT::Get::AllowUnauthenticated=(true|yes|1)|Acquire::https?(::[^:=]+)?::Verify-(Peer|Host)=(false|no|0)|" +
                "Acquire::AllowInsecureRepositories=(true|yes|1))$",
              "i",
            ).test(text)
          ) {
            out.push({
              at: option.span,
              message:
                `\`-o ${text}\` turns off apt's check of what it downloads (repository signatures or the server's TLS certificate), ` +
                `so a mirror or network that serves tampered packages goes unnoticed. Drop it; install \`ca-certificates\` (or add ` +
                `the private CA to the trust store) and import the repository's key (a \`signed-by=\` keyring).`,
            });
          }
        }
      }
      return out;
    }
    case "yum":
    case "dnf":
    case "microdnf":
    case "tdnf":
    case "zypper": {
      for (const word of args) {
        if (
          word.value === "--nogpgcheck" ||
          word.value === "--no-gpg-checks" ||
          /^--setopt=(.*\.)?gpgcheck=(0|false|no)$/i.test(word.value)
        ) {
          addSignatureReport(
            out,
            stage,
            command,
            word,
            "installs packages without checking their GPG signatures",
            "(`rpm --import KEY`)",
            "Import the repository's key (`rpm --import KEY`) and drop the flag.",
          );
        }
      }
      return out;
    }
    case "rpm": {
      addSignatureReport(
        out,
        stage,
        command,
        args.find((w) => w.value === "--nosignature"),
        "installs packages without checking their signatures",
        "(`rpm --import KEY`)",
        "Import the publisher's key (`rpm --import KEY`) and drop the flag.",
      );
      return out;
    }
    case "pip":
    case "pip3":
    case "python":
    case "python3": {
      let words = args;
      if (name.startsWith("python")) {
        const m = args.findIndex((w) => w.value === "-m");
        if (m === -1 || !/^pip3?$/.test(args[m + 1]?.value ?? "")) return out;
        words = args.slice(m + 2);
      }
      for (const [i, word] of words.entries()) {
        const host = word.value === "--trusted-host" ? words[i + 1] : /^--trusted-host=/.test(word.value) ? word : undefined;
        if (host)
          out.push({
            at: word.span,
            message:
              `\`--trusted-host\` makes pip accept \`${host.value.replace(/^--trusted-host=/, "")}\` over plain HTTP or with any TLS ` +
              `certificate, so a mirror or network that serves a tampered package puts it into the image. ` +
              `Drop it and ${CA_ADVICE} with \`--cert FILE\`.`,
          });
        const key = words[i + 1];
        if (word.value === "set" && words[0]?.value === "config" && key && /^(global|install|user)?\.?trusted-host$/.test(key.value))
          out.push({
            at: key.span,
            message:
              `\`pip config set ${key.value}\` makes every later pip run accept that host over plain HTTP or with any TLS ` +
              `certificate, so a mirror or network that serves a tampered package puts it into the image. ` +
              `Remove it and ${CA_ADVICE} with \`cert\`.`,
          });
      }
      return out;
    }
    case "npm":
    case "yarn":
    case "pnpm": {
      const words = args.map((w) => w.value);
      const set = words[0] === "config" && words[1] === "set" ? 2 : words[0] === "set" ? 1 : -1;
      if (set !== -1) {
        const key = args[set];
        const joined = key?.value.includes("=") ? key.value : `${key?.value ?? ""}=${args[set + 1]?.value ?? ""}`;
        const m = /^(strict-ssl|enableStrictSsl)=(.*)$/.exec(joined);
        if (key && m && /^(false|no|0)$/i.test(m[2] as string))
          out.push({
            at: key.span,
            message:
              `\`${name} config set ${m[1]} false\` makes ${name} accept any TLS certificate from the registry, ` +
              `so a mirror or network that serves a tampered package puts it into the image. Remove it; ` +
              `for a private CA, set \`cafile\` or \`NODE_EXTRA_CA_CERTS\`.`,
          });
      }
      for (const [i, word] of args.entries()) {
        if (
          /^--strict-ssl=(false|no|0)$/i.test(word.value) ||
          word.value === "--no-strict-ssl" ||
          (word.value === "--strict-ssl" && args[i + 1]?.value === "false")
        )
          out.push({
            at: word.span,
            message:
              `\`${word.value}\` makes ${name} accept any TLS certificate from the registry, so a mirror or network that serves a ` +
              `tampered package puts it into the image. Remove it; for a private CA, set \`cafile\` or \`NODE_EXTRA_CA_CERTS\`.`,
          });
      }
      return out;
    }
    default:
      return out;
  }
}

function gitMessage(key: string): string {
  return (
    `\`${key}=false\` makes git accept any TLS certificate, so whoever sits between the build and the server can replace the code it ` +
    `fetches. Remove it; for a private server with its own CA, add the CA to the image's trust store (\`update-ca-certificates\`) ` +
    `or set \`http.sslCAInfo\`.`
  );
}

function variableMessage(binding: Binding, v: (typeof VARIABLES)[number]): string {
  // git tests only that the variable is set: `false` and "" turn the checks off too, which the value hides.
  const note =
    v.name === "GIT_SSL_NO_VERIFY" && FALSE.test(binding.value ?? "")
      ? " (git checks only that it is set, so this value disables them too)"
      : "";
  return (
    `\`${binding.name}=${binding.value ?? ""}\` ${v.what}${note}, ` +
    `so whoever sits between the build${binding.kind === "env" ? " (or the container)" : ""} and the server can replace what ` +
    `it fetches. ${v.instead}.`
  );
}

export default defineRule({
  id: "SE007",
  name: "tls-verification-disabled",
  severity: "warning",
  summary: "A RUN or ENV turns off TLS certificate or package signature checks",
  rationale: md`
    \`curl -k\`, \`wget --no-check-certificate\`, \`GIT_SSL_NO_VERIFY\`, \`git -c http.sslVerify=false\`,
    \`pip --trusted-host\`, \`NODE_TLS_REJECT_UNAUTHORIZED=0\` and npm/yarn \`strict-ssl false\` accept any
    TLS certificate; \`apk --allow-untrusted\`, \`apt-get --allow-unauthenticated\`/\`--force-yes\`,
    \`--nogpgcheck\` and \`rpm --nosignature\` install packages whose signatures are not checked. Whoever
    controls the network or a mirror during the build can then put their own code into the image. The
    usual cause is a missing CA bundle or a private CA: install \`ca-certificates\`, add the CA to the
    trust store, or point the tool at it (\`--cacert\`, \`http.sslCAInfo\`, \`NODE_EXTRA_CA_CERTS\`).

    Flags are read as each tool's option parser reads them: \`-k\` inside \`-fsSLk\` counts, a URL or file
    named "insecure" does not, nor anything after \`--\`; variables count with the value ENV, ARG,
    \`export\` or an inline assignment gives them. git turns verification off whenever
    \`GIT_SSL_NO_VERIFY\` is set, even to \`false\` or an empty value. An ENV is reported because it stays
    in the image; an ARG or inline value when a RUN sees it.

    A package file that the build made or copied in (\`apk add --allow-untrusted /tmp/app.apk\` after a
    COPY) is not reported: local packages are unsigned by nature, and nothing is fetched. A package file
    downloaded in the build is reported for apk and rpm, which check package files, unless the RUN that
    downloads it checks a hash or signature (apt and dnf check no package file's signature: an unchecked
    download there is download-not-verified, SE008). Requests to localhost, and \`-k\` on a plain-HTTP
    URL that curl does not follow elsewhere, are not reported.`,
  examples: {
    bad: md`
      FROM alpine:3.20
      RUN curl -fsSLk -o /tmp/tool.tgz https://example.com/tool-v1.2.3.tar.gz`,
    good: md`
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates curl && curl -fsSL -o /tmp/tool.tgz https://example.com/tool-v1.2.3.tar.gz`,
  },
  fix: "none",
  equivalents: [],
  tags: ["security"],
  precision: "very-high",
  check(model, ctx) {
    const seen = new Set<number>();
    const report = (r: Report) => {
      if (seen.has(r.at.start)) return;
      seen.add(r.at.start);
      ctx.report(r);
    };
    const reportBinding = (binding: Binding | undefined, v: (typeof VARIABLES)[number]) => {
      if (!binding?.at || binding.value === undefined || !v.off(binding.value)) return;
      if (binding.kind !== "arg" && binding.kind !== "env" && binding.kind !== "inline" && binding.kind !== "export") return;
      report({ at: binding.at, message: variableMessage(binding, v) });
    };
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        for (const command of run.commands) {
          for (const r of checkCommand(stage, command)) report(r);
          for (const v of VARIABLES) reportBinding(command.env.get(v.name), v);
        }
      }
      // An ENV stays in the image: the container's own git, node or pip runs with it too (an ARG does not).
      for (const v of VARIABLES) {
        const binding = stage.endScope.get(v.name);
        if (binding?.kind === "env") reportBinding(binding, v);
      }
    }
  },
});
