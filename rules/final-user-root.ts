import { defineRule, md } from "../src/engine/rule.js";
import { stageChain } from "../src/model/stages.js";
import { runsScript } from "../src/model/purpose.js";
import type { Stage, UserInfo } from "../src/model/types.js";

/** The distroless tag that keeps the image's variant and runs as nonroot: `:debug` has busybox, `:nonroot` would lose it. */
function nonrootTag(stage: Stage): string {
  const root = stageChain(stage).at(-1);
  return /(^|-)debug(-|$)/.test(root?.image?.tag ?? "") ? ":debug-nonroot" : ":nonroot";
}

/** Packages whose job is to start a service as root and switch it to another user. */
const PRIVILEGE_DROP = new Set(["gosu", "su-exec", "s6", "s6-overlay", "runit", "chpst", "setpriv", "dumb-init-su"]);

/**
 * System daemons an entrypoint script starts with `service`/init scripts, which need root (they bind low
 * ports, write /var/run and /var/lib, and drop privileges themselves).
 */
const SYSTEM_DAEMONS = new Set([
  "nginx",
  "nginx-light",
  "nginx-full",
  "apache2",
  "httpd",
  "lighttpd",
  "haproxy",
  "squid",
  "redis-server",
  "redis",
  "memcached",
  "postgresql",
  "mariadb-server",
  "mysql-server",
  "mongodb-org",
  "rabbitmq-server",
  "openssh-server",
  "dropbear",
  "cron",
  "cronie",
  "dcron",
  "supervisor",
  "rsyslog",
  "syslog-ng",
  "dbus",
  "avahi-daemon",
  "dnsmasq",
  "bind9",
  "postfix",
  "exim4",
  "systemd",
  "openrc",
]);

/** Daemons that start as root and switch to their own user (nginx workers, sshd's privilege separation, crond). */
const ROOT_STARTED_DAEMONS = new Set([
  "nginx",
  "httpd",
  "apache2",
  "apache2ctl",
  "apachectl",
  "sshd",
  "crond",
  "cron",
  "supervisord",
  "haproxy",
  "squid",
  "dnsmasq",
  "named",
  "rsyslogd",
  "init",
  "systemd",
]);

const isRoot = (user: string) => user === "root" || user === "0";

export default defineRule({
  id: "SE001",
  name: "final-user-root",
  severity: "warning",
  summary: "The final image runs as root",
  rationale: md`
    A Go service needs no privileges inside its container. Running as root means that a bug which lets an
    attacker run code hands them root in the container, with write access to everything in it and a short
    step to any host mount or kernel weakness. distroless images ship a \`nonroot\` user (65532) and
    scratch accepts any numeric ID; use one.

    Judges runtime images only (the final image runs a service): dev containers (\`.devcontainer/\`,
    \`Dockerfile.dev\`), toolchain images (CI images that run \`go test\` or linters) and scratch export
    stages are left alone. An entrypoint script in an image that installs gosu, su-exec or s6 (it drops
    privileges itself) or system daemons such as nginx, redis-server, openssh-server or cron (it starts them,
    which needs root) is left alone too, as is an image whose ENTRYPOINT or CMD is such a daemon (nginx, sshd,
    crond, supervisord), which starts as root and switches to its own user. A GitHub container action \
(\`.github/actions/…\`, \`github-action/…\`) must run as root, so it is
    left alone too.`,
  examples: {
    bad: md`
      FROM gcr.io/distroless/static-debian13
      COPY app /app
      ENTRYPOINT ["/app"]`,
    good: md`
      FROM gcr.io/distroless/static-debian13:nonroot
      COPY app /app
      ENTRYPOINT ["/app"]`,
  },
  fix: "none",
  equivalents: ["DL3002"],
  tags: ["security"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    if (!final || model.purpose !== "runtime") return;
    // GitHub runs Docker container actions as root and requires it (GITHUB_WORKSPACE is root-owned).
    if (model.path !== undefined && /(^|\/)(\.github\/actions|github-actions?)\//.test(model.path.replace(/\\/g, "/"))) return;
    // An entrypoint script with gosu, su-exec or s6 starts as root to drop privileges itself.
    // An image that runs such a daemon itself (`CMD ["nginx", "-g", "daemon off;"]`) needs root to start it.
    const program = (final.entrypoint ?? final.cmd)?.program;
    if (program !== undefined && ROOT_STARTED_DAEMONS.has(program.slice(program.lastIndexOf("/") + 1))) return;
    // One that starts system daemons (nginx, redis, sshd, cron) needs root to start them.
    if (
      runsScript(final) &&
      stageChain(final).some((s) => s.packages.some((p) => PRIVILEGE_DROP.has(p.name) || SYSTEM_DAEMONS.has(p.name)))
    )
      return;
    let last: UserInfo | undefined;
    for (const stage of stageChain(final)) {
      last = stage.users[stage.users.length - 1];
      if (last) break;
    }
    // A process that writes into its WORKDIR (or anywhere root owns) fails once it stops being root.
    const writable = " (if the program writes files, give that user a directory it owns: `COPY --chown` or a WORKDIR it created)";
    // A user the final image's stages create is the one to name; else the base's non-root user, or a numeric id.
    const created = stageChain(final)
      .flatMap((s) => (s.createdUsers === "unknown" ? [] : [...s.createdUsers]))
      .find((u) => !isRoot(u));
    const suggestion =
      created !== undefined
        ? `\`USER ${created}\``
        : final.base.family === "scratch"
          ? "`USER 65532:65532`"
          : final.base.users?.includes("nonroot")
            ? "`USER nonroot:nonroot`"
            : "a non-root `USER` (e.g. `USER 65532:65532`, or a user created with adduser)";
    // The USER as written, with its value when a variable gives it.
    const written = (info: UserInfo) =>
      info.word && info.word.value !== info.user && info.word.hasExpansion
        ? `\`USER ${info.word.value}\` (${info.user})`
        : `\`USER ${info.word?.value ?? info.user}\``;
    if (last) {
      if (last.user === undefined || !isRoot(last.user)) return;
      if (model.stageOf(last.instruction) !== final) {
        ctx.report({
          at: final.imageWord?.span ?? final.from.keyword.span,
          message:
            `The final image runs as root: it inherits ${written(last)} from line ${last.instruction.line}. ` +
            `A compromised process then has root in the container. Add ${suggestion} to the final stage${writable}.`,
        });
        return;
      }
      ctx.report({
        at: last.word?.span ?? last.instruction.keyword.span,
        // Written on purpose, perhaps over a base's non-root user: the process may need root (crond does), so the
        // advice leaves room for that.
        message:
          `The final image runs as root (${written(last)}): a compromised process then has root in the container. ` +
          `Switch to an unprivileged user (${suggestion}) if the program does not need root${writable}; ` +
          `if it does, say why above this line: \`# slimlint ignore=SE001 -- <reason>\`.`,
      });
      return;
    }
    if (final.base.defaultUser !== "root") return;
    // The base's nonroot tag would run the final image's RUNs (`ln -s /busybox/sh /bin/sh`) as a user that
    // cannot write where they do: offered only when the image has no RUN.
    const nonrootBaseWorks = final.base.family.startsWith("distroless") && stageChain(final).every((s) => s.runs.length === 0);
    ctx.report({
      at: final.imageWord?.span ?? final.from.keyword.span,
      message:
        `The final image runs as root: no USER is set and ${final.base.family} runs as root by default, ` +
        `so a compromised process has root in the container. Add ${suggestion} to the final ` +
        `stage${nonrootBaseWorks ? `, or use the \`${nonrootTag(final)}\` tag` : ""}${writable}.`,
    });
  },
});
