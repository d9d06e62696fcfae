import { archGraph, isProduction, type ArchGraph, type LabLike } from './arch-graph.ts';
import { failureModel, propagateFailure, type Failure } from './failure-model.ts';

export interface Casualty extends Failure {
  kind: string;
  name: string;
  production: boolean;
}

export interface BlastRadius {
  entity: string;
  /** What goes down with it: what runs or is stored on it (direct), then what needs that. */
  down: Casualty[];
  direct: Casualty[];
  /** Down only through a dependency (depends-on, a route's upstreams): the surprises. */
  transitive: Casualty[];
  production: Casualty[];
}

/**
 * If `entityId` dies, what goes down with it: directly (it runs or is stored there) and
 * transitively through depends-on and routes. Cost: the in-degree of what fails. An unknown id
 * has an empty radius.
 */
export function blastRadius(lab: LabLike | ArchGraph, entityId: string): BlastRadius {
  const graph = archGraph(lab);
  const down: Casualty[] = graph.byId.has(entityId)
    ? propagateFailure(failureModel(graph), [entityId]).map((f) => {
        const e = graph.byId.get(f.id)!;
        return { ...f, kind: e.kind, name: e.name, production: isProduction(e) };
      })
    : [];
  return {
    entity: entityId,
    down,
    direct: down.filter((c) => c.direct),
    transitive: down.filter((c) => !c.direct),
    production: down.filter((c) => c.production),
  };
}
