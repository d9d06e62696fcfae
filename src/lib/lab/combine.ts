import type { Edge, Entity, Evidence } from '../../schemas/lab.ts';

const evidenceKey = (e: Evidence) => (e.kind === 'observed' ? `o:${e.source}:${e.via ?? ''}` : `d:${e.file}`);
export const edgeKey = (e: Pick<Edge, 'from' | 'to' | 'type'>) => `${e.from}\u0000${e.to}\u0000${e.type}`;
export const uniqSorted = (xs: string[]) => [...new Set(xs)].sort();

/** Joins what two sightings of one entity say: sources and aliases add up; later attributes win per key. */
export function mergeEntity(a: Entity, b: Entity): Entity {
  return {
    ...a,
    ...b,
    name: a.name || b.name,
    status: b.status ?? a.status,
    mode: b.mode ?? a.mode,
    sources: uniqSorted([...a.sources, ...b.sources]),
    aliases: uniqSorted([...a.aliases, ...b.aliases]).filter((x) => x !== a.id && x !== b.id),
    attributes: { ...a.attributes, ...b.attributes },
  };
}

/** Same edge seen twice (two sources, two clues): one edge with both pieces of evidence. */
export function mergeEdges(edges: Edge[]): Edge[] {
  const byKey = new Map<string, Edge>();
  for (const edge of edges) {
    const prev = byKey.get(edgeKey(edge));
    const evidence = [...(prev?.evidence ?? []), ...edge.evidence];
    const unique = [...new Map(evidence.map((e) => [evidenceKey(e), e])).values()].sort((x, y) => evidenceKey(x).localeCompare(evidenceKey(y)));
    byKey.set(edgeKey(edge), { from: edge.from, to: edge.to, type: edge.type, evidence: unique });
  }
  return [...byKey.values()].sort((x, y) => edgeKey(x).localeCompare(edgeKey(y)));
}

