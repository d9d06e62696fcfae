import type { Edge } from '../../schemas/lab.ts';
import { hostOfEntity, type ArchGraph } from './arch-graph.ts';

/** How a failure travels: sitting on the dead thing (placement) or needing it (dependency). */
export type FailureLink = 'runs-on' | 'stores-on' | 'located-on' | 'depends-on' | 'routes-to';
export const PLACEMENT: ReadonlySet<FailureLink> = new Set(['runs-on', 'stores-on', 'located-on']);

/** One group of things an entity needs: it fails when every member of the group has failed. */
interface Requirement {
  members: string[];
  link: FailureLink;
}

/** Per entity id, the (entity, requirement) pairs that name it: who to notify when it fails. */
export interface FailureModel {
  dependents: Map<string, { id: string; req: number; size: number; link: FailureLink }[]>;
}

/**
 * Resolvers are alternatives: a host with two DNS servers survives the loss of one. Everything
 * else an entity depends on is needed (an app needs its database AND its cache).
 */
const isResolver = (e: Edge) => e.evidence.some((x) => x.kind === 'observed' && /nameserver|serves DNS/i.test(x.via ?? ''));

/** The requirements of every entity, from its out-edges, built once per graph: O(V + E). */
export function failureModel(graph: ArchGraph): FailureModel {
  const cached = models.get(graph);
  if (cached) return cached;
  const dependents: FailureModel['dependents'] = new Map();
  for (const entity of graph.entities) {
    const reqs: Requirement[] = [];
    const resolvers: string[] = [];
    const upstreams: string[] = [];
    let placed = false;
    for (const e of entity.out) {
      if (!graph.byId.has(e.to) || e.to === entity.id) continue; // a missing target or a self-loop cannot fail anyone
      if (e.type === 'runs-on' || e.type === 'stores-on') {
        reqs.push({ members: [e.to], link: e.type });
        placed ||= e.type === 'runs-on';
      } else if (e.type === 'depends-on') {
        if (isResolver(e)) resolvers.push(e.to);
        else reqs.push({ members: [e.to], link: 'depends-on' });
      } else if (e.type === 'routes-to') upstreams.push(e.to);
    }
    if (resolvers.length) reqs.push({ members: resolvers, link: 'depends-on' });
    if (upstreams.length) reqs.push({ members: upstreams, link: 'routes-to' });
    // Volumes and bind mounts have no runs-on edge: their id names the host that holds them.
    if (!placed && (entity.kind === 'volume' || entity.kind === 'bind-mount')) {
      const host = hostOfEntity(graph, entity.id);
      if (host && host !== entity.id) reqs.push({ members: [host], link: 'located-on' });
    }
    reqs.forEach((req, i) => {
      const members = [...new Set(req.members)];
      for (const m of members) {
        const list = dependents.get(m) ?? [];
        list.push({ id: entity.id, req: i, size: members.length, link: req.link });
        dependents.set(m, list);
      }
    });
  }
  const model = { dependents };
  models.set(graph, model);
  return model;
}
const models = new WeakMap<ArchGraph, FailureModel>();

export interface Failure {
  id: string;
  /** The failed entity whose loss finished this one off. */
  because: string;
  link: FailureLink;
  /** Only through placement from the seed (it ran or was stored there): "directly". */
  direct: boolean;
  depth: number;
}

/**
 * Everything that fails when `seeds` fail, breadth first. Each requirement keeps a countdown of
 * its living members, created when first touched, so the cost is the in-degree of what fails:
 * output-sensitive, never a scan of the whole graph. Cycles end because a failed entity is final.
 */
export function propagateFailure(model: FailureModel, seeds: readonly string[]): Failure[] {
  const failed = new Map<string, Failure>();
  for (const s of seeds) failed.set(s, { id: s, because: s, link: 'located-on', direct: true, depth: 0 });
  const queue = [...failed.values()];
  const remaining = new Map<string, number>();
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const d of model.dependents.get(at.id) ?? []) {
      if (failed.has(d.id)) continue;
      const key = `${d.id}\u0000${d.req}`;
      const left = (remaining.get(key) ?? d.size) - 1;
      remaining.set(key, left);
      if (left > 0) continue;
      const f: Failure = { id: d.id, because: at.id, link: d.link, direct: at.direct && PLACEMENT.has(d.link), depth: at.depth + 1 };
      failed.set(d.id, f);
      queue.push(f);
    }
  }
  return queue.filter((f) => f.depth > 0);
}
