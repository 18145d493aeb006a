// How stages relate: the chain a stage is built on, the stages built on it, who copies from whom, and how
// a stage is named in messages. Facts of the stage graph that rules and the Go analysis share.
import type { CopyInfo, DockerfileModel, Stage } from "./types.js";

/** A stage and the stages it is built on, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  return chain;
}

/** How a stage is named in COPY --from and messages: its name, or its index when unnamed. */
export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** A stage in prose: "the final stage" or "stage `builder`". */
export function describeStage(stage: Stage, model: DockerfileModel): string {
  return stage === model.finalStage ? "the final stage" : `stage \`${stageLabel(stage)}\``;
}

/** The final stage and the stages it is built on, as a set (computed once per model). */
export function finalChain(model: DockerfileModel): ReadonlySet<Stage> {
  return model.view("final-chain", () => new Set(model.finalStage ? stageChain(model.finalStage) : []));
}

export interface StageGraph {
  /** COPY --from instructions by the stage they copy from. */
  readonly copiesFrom: ReadonlyMap<Stage, readonly CopyInfo[]>;
  /** Stages by the stage they are built on. */
  readonly children: ReadonlyMap<Stage, readonly Stage[]>;
}

/** The stage graph's edges the other way round than the model keeps them (computed once per model). */
export function stageGraph(model: DockerfileModel): StageGraph {
  return model.view("stage-graph", () => {
    const copiesFrom = new Map<Stage, CopyInfo[]>();
    const children = new Map<Stage, Stage[]>();
    for (const stage of model.stages) {
      if (stage.parent) append(children, stage.parent, stage);
      for (const copy of stage.copies) if (copy.fromStage) append(copiesFrom, copy.fromStage, copy);
    }
    return { copiesFrom, children };
  });
}

/** A stage and every stage built on it (directly or through others). */
export function stagesBuiltOn(stage: Stage, model: DockerfileModel): Stage[] {
  const children = stageGraph(model).children;
  const out: Stage[] = [];
  const queue = [stage];
  while (queue.length > 0) {
    const next = queue.pop() as Stage;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Adds `value` to the list `map` keeps under `key`. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
