import { defineRule, md } from "../src/engine/rule.js";
import { imageFacts } from "../src/images/knowledge.js";
import { parseImageRef } from "../src/images/ref.js";
import { stagesNeeded } from "../src/model/build.js";
import type { DockerfileModel, Stage } from "../src/model/types.js";
import type { Span } from "../src/text/source.js";
import { editDistance } from "../src/text/distance.js";

export default defineRule({
  id: "RT005",
  name: "copy-from-unknown-stage",
  severity: "error",
  summary: "`COPY --from` names a stage index out of range, the stage itself, a misspelt stage name, or a stage further down",
  rationale: md`
    \`--from\` takes a stage name, a stage index or an image. An index past the stages, or the stage itself
    (a cycle), fails the build; a misspelt stage name is worse: Docker takes it for an image name and
    tries to pull it, so the build fails with a confusing "pull access denied" or, if such an image
    exists, copies the wrong file. A stage defined further down is a warning: BuildKit resolves every
    stage first and builds it, but the classic builder fails and readers expect stages in build order.`,
  examples: {
    bad: md`
      FROM golang:1.23-alpine AS builder
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=biulder /out/app /app`,
    good: md`
      FROM golang:1.23-alpine AS builder
      RUN CGO_ENABLED=0 go build -o /out/app .
      FROM scratch
      COPY --from=builder /out/app /app`,
  },
  problems: {
    index: "a stage index out of range",
    self: "the stage itself",
    misspelt: "a name close to an earlier stage's, which Docker would pull as an image",
    "later-stage": "a stage further down (BuildKit builds it; the classic builder fails)",
    cycle: "a stage further down that needs this stage (a cycle)",
  },
  fix: "none",
  equivalents: ["DL3022", "DL3023"],
  tags: ["correctness"],
  precision: "high",
  check(model, ctx) {
    // BuildKit registers every stage before it resolves `--from`, so a stage further down builds, unless it
    // needs this stage itself (a cycle); the classic builder takes the name for an image and fails.
    const reportLaterStage = (at: Span, from: string, later: Stage, stage: Stage) => {
      if (dependsOn(later, stage, model)) {
        ctx.report({
          problem: "cycle",
          at,
          message:
            `\`--from=${from}\` names stage ${later.index}, which itself needs this stage (stage ${stage.index}): ` +
            `BuildKit stops with "circular dependency detected". Copy from a stage that does not build on this one.`,
        });
      } else {
        ctx.report({
          problem: "later-stage",
          at,
          severity: "warning",
          message:
            `\`--from=${from}\` names stage ${later.index}${
              later.name !== undefined && later.name !== from.toLowerCase() ? ` (\`${later.name}\`)` : ""
            }, defined further down: BuildKit builds it, but the classic builder only knows the stages above and fails, ` +
            `and readers expect stages in build order. Move that stage above this one.`,
        });
      }
    };
    // First stage of each name, and the distinct names: look-ups stay linear in the file's size.
    const firstNamed = new Map<string, Stage>();
    for (const stage of model.stages) if (stage.name !== undefined && !firstNamed.has(stage.name)) firstNamed.set(stage.name, stage);
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        const flag = copy.fromFlag;
        const from = copy.from;
        if (!flag || from === undefined || copy.fromStage || /\$/.test(from)) continue;
        if (/^\d+$/.test(from)) {
          const index = Number(from);
          const target = model.stages[index];
          if (target && target.index > stage.index) {
            reportLaterStage(flag.span, from, target, stage);
            continue;
          }
          const what = target
            ? `stage ${index} is this stage itself`
            : `there are only ${model.stages.length} stages (0–${model.stages.length - 1})`;
          ctx.report({
            problem: target ? "self" : "index",
            at: flag.span,
            message:
              `\`--from=${from}\` cannot be used: ${what}, so the build fails. Name an earlier stage, e.g. ` +
              `\`--from=${model.stages[0]?.name ?? "0"}\`.`,
          });
          continue;
        }
        const name = from.toLowerCase();
        const later = firstNamed.get(name);
        if (later && later.index === stage.index) {
          ctx.report({
            problem: "self",
            at: flag.span,
            message:
              `\`--from=${from}\` names this stage itself, which cannot copy from its own result, so the build fails. ` +
              `Copy from the stage that produces the file, or use a plain \`COPY\` from the build context.`,
          });
          continue;
        }
        if (later && later.index > stage.index) {
          reportLaterStage(flag.span, from, later, stage);
          continue;
        }
        // A reference that parses as an image slimlint knows is an image, not a typo.
        const ref = parseImageRef(from);
        if (/[/:.@]/.test(from) || (ref && imageFacts(ref).family !== "unknown")) continue;
        // A stage whose name contains the written one (`set` → `license-set`) is the likelier meaning than a near spelling.
        const earlier = [...firstNamed.values()].filter((s) => s.index < stage.index);
        const closest =
          earlier.find((s) => (s.name as string).includes(name)) ?? earlier.find((s) => editDistance(s.name as string, name) <= 2);
        if (!closest || name.length < 3) continue;
        ctx.report({
          problem: "misspelt",
          at: flag.span,
          message:
            `\`--from=${from}\` is no stage, so Docker will try to pull an image called "${from}": ` +
            `did you mean stage \`${closest.name}\`? Write \`--from=${closest.name}\`.`,
        });
      }
    }
  },
});

/** The stage builds on `target`, copies from it or mounts it, directly or through the stages it needs. */
function dependsOn(stage: Stage, target: Stage, model: DockerfileModel): boolean {
  const mounted = (s: Stage): Stage[] => {
    const stages: Stage[] = [];
    for (const run of s.runs) {
      for (const mount of run.mounts) {
        const from = mount.from === undefined ? undefined : model.stageNamed(mount.from, s.index);
        if (from) stages.push(from);
      }
    }
    return stages;
  };
  return stagesNeeded(stage, mounted).has(target);
}
