import { defineRule, md } from "../src/engine/rule.js";
import { goBuilds, isShipped } from "../src/golang/build.js";
import { stageChain } from "../src/model/stages.js";
import { isWithin } from "../src/model/paths.js";

export default defineRule({
  id: "RT004",
  name: "tzdata-missing",
  severity: "warning",
  summary: "`ENV TZ=…` in a scratch-based final image with no zoneinfo copied and no `-tags timetzdata` build",
  rationale: md`
    Go's \`time\` package reads time zones from \`/usr/share/zoneinfo\`; scratch has none. With \`TZ\` set,
    \`time.Local\` silently falls back to UTC and \`time.LoadLocation("Europe/Paris")\` returns an error at
    run time. Compile the database into the binary with \`-tags timetzdata\` (or \`import _ "time/tzdata"\`),
    or copy /usr/share/zoneinfo from a builder stage that installed tzdata: the golang alpine images do not
    ship it.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      ENV TZ=Europe/Paris
      COPY --from=build /out/app /app`,
    good: md`
      FROM golang:1.23-alpine AS build
      RUN CGO_ENABLED=0 go build -tags timetzdata -o /out/app .
      FROM scratch
      ENV TZ=Europe/Paris
      COPY --from=build /out/app /app`,
  },
  fix: "none",
  equivalents: [],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    const final = model.finalStage;
    if (final?.base.family !== "scratch") return;
    const chain = stageChain(final);
    // The TZ the image's environment holds at the end (ENV through the stages it is built on).
    const tz = final.endEnv.get("TZ");
    if (!tz?.at || tz.value === undefined || /^(UTC|Etc\/UTC|)$/.test(tz.value)) return;
    const zoneinfo = chain.some((s) =>
      s.copies.some(
        (c) =>
          c.destinationPath === undefined ||
          isWithin(c.destinationPath, "/usr/share/zoneinfo") ||
          isWithin("/usr/share/zoneinfo", c.destinationPath) ||
          c.sources.some((x) => x.value === undefined || /zoneinfo/.test(x.value)),
      ),
    );
    if (zoneinfo) return;
    const builds = goBuilds(model).filter((b) => isShipped(b, model));
    // Tags we cannot read may hold timetzdata.
    if (builds.some((b) => b.flag("tags")?.unknown)) return;
    if (builds.some((b) => /(^|[ ,])timetzdata([ ,]|$)/.test(b.flag("tags")?.value ?? ""))) return;
    ctx.report({
      at: tz.at,
      message:
        `\`TZ=${tz.value}\` is set, but this scratch image has no /usr/share/zoneinfo and the binary is not built with ` +
        `\`-tags timetzdata\`: Go silently falls back to UTC and LoadLocation fails. Build with \`go build -tags timetzdata\` (it ` +
        `embeds the database, about 450 KB), or install tzdata in a builder stage (\`apk add tzdata\` / \`apt-get install tzdata\`) ` +
        `and copy its /usr/share/zoneinfo into this image.`,
    });
  },
});
