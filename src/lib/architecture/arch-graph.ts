import type { Edge, EdgeType, Entity } from '../../schemas/lab.ts';
import { hostOf } from '../lab/host-identity.ts';

/** What every graph algorithm here reads: the merged lab's entities and edges. */
export interface LabLike {
  entities: readonly Entity[];
  edges: readonly Edge[];
}

/** An entity with the edges that leave and reach it, as the lab collection stores it. */
export type ArchEntity = Entity & { out: Edge[]; in: Edge[] };

/**
 * The lab graph with its adjacency computed once (O(V + E)): every algorithm walks `out`/`in`
 * of the entities it visits and never scans all edges per node. Edges whose target is not an
 * entity (a declared dependency on something gone) stay in `out` and in `dangling`.
 */
export interface ArchGraph {
  entities: ArchEntity[];
  byId: Map<string, ArchEntity>;
  edges: Edge[];
  dangling: Edge[];
}

const built = new WeakMap<object, ArchGraph>();

/** Builds (or returns the cached) ArchGraph for a lab; an ArchGraph is returned as is. */
export function archGraph(lab: LabLike | ArchGraph): ArchGraph {
  if (isArchGraph(lab)) return lab;
  const cached = built.get(lab);
  if (cached) return cached;
  const entities: ArchEntity[] = lab.entities.map((e) => ({ ...e, out: [], in: [] }));
  const byId = new Map(entities.map((e) => [e.id, e]));
  const dangling: Edge[] = [];
  for (const edge of lab.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    from?.out.push(edge);
    to?.in.push(edge);
    if (!from || !to) dangling.push(edge);
  }
  const graph: ArchGraph = { entities, byId, edges: [...lab.edges], dangling };
  built.set(lab, graph);
  return graph;
}

function isArchGraph(x: LabLike | ArchGraph): x is ArchGraph {
  return 'byId' in x && 'dangling' in x;
}

export const ofType = (edges: readonly Edge[], ...types: EdgeType[]) => edges.filter((e) => types.includes(e.type));

/** Only a document says so: no source has seen it (drawn dashed). */
export const declaredOnly = (edge: Edge) => edge.evidence.every((x) => x.kind === 'declared');

export const isProduction = (e: Pick<Entity, 'mode'> | undefined) => e?.mode === 'production';

/** Kinds that do work someone relies on: the "services" of the findings. */
export const SERVICE_KINDS: ReadonlySet<string> = new Set(['container', 'vm', 'service', 'host']);

const hostCache = new WeakMap<ArchGraph, Map<string, string | null>>();

/**
 * The host an entity lives on: up its runs-on chain (container → vm → host), else the host its
 * id names (`volume:nas/x`, `bind-mount:nas:/srv`). Memoised per graph, so all hosts cost O(V + E).
 */
export function hostOfEntity(graph: ArchGraph, id: string): string | null {
  let memo = hostCache.get(graph);
  if (!memo) hostCache.set(graph, (memo = new Map()));
  const seen = new Set<string>();
  const walk = (at: string): string | null => {
    if (memo.has(at)) return memo.get(at)!;
    const entity = graph.byId.get(at);
    if (!entity || seen.has(at)) return null;
    seen.add(at);
    let host: string | null = null;
    if (entity.kind === 'host') host = at;
    else {
      const up = entity.out.find((e) => e.type === 'runs-on' && graph.byId.has(e.to));
      if (up) host = walk(up.to);
      else {
        const named = entity.kind === 'backup' ? null : hostOf(at);
        host = named && graph.byId.get(`host:${named.host}`)?.kind === 'host' ? `host:${named.host}` : null;
      }
    }
    memo.set(at, host);
    return host;
  };
  return walk(id);
}
