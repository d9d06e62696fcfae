import type { Edge, Entity, Evidence } from '../../schemas/lab.ts';

const evidenceKey = (e: Evidence) => (e.kind === 'observed' ? `o:${e.source}:${e.via ?? ''}` : `d:${e.file}`);
export const edgeKey = (e: Pick<Edge, 'from' | 'to' | 'type'>) => `${e.from}\u0000${e.to}\u0000${e.type}`;
/**
 * The order `a.localeCompare(b)` gives, from one collator: much cheaper per comparison than
 * `localeCompare`, which matters when sorting 150,000 entities and 300,000 edges.
 */
export const byLocale = new Intl.Collator().compare;
export const uniqSorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Joins what two sightings of one entity say: sources and aliases add up; later attributes win per key. */
export function mergeEntity(a: Entity, b: Entity): Entity {
  return mergeSightings([a, b]);
}

/**
 * Joins every sighting of one entity at once, in order: the same result as folding `mergeEntity`
 * over them, but sources and aliases are collected in sets and sorted once. A Compose service
 * seen on 7,000 hosts made the fold re-sort a growing list 7,000 times.
 */
export function mergeSightings(sightings: readonly Entity[]): Entity {
  const [first, ...rest] = sightings;
  if (!first) throw new Error('mergeSightings: no sightings to merge');
  if (!rest.length) return first;
  let merged: Entity = { ...first };
  const sources = new Set(first.sources);
  const aliases = new Set(first.aliases);
  const ids = new Set([first.id]);
  const attributes = { ...first.attributes };
  for (const b of rest) {
    merged = { ...merged, ...b, name: merged.name || b.name, status: b.status ?? merged.status, mode: b.mode ?? merged.mode };
    for (const s of b.sources) sources.add(s);
    for (const a of b.aliases) aliases.add(a);
    ids.add(b.id);
    Object.assign(attributes, b.attributes);
  }
  return { ...merged, sources: uniqSorted(sources), aliases: uniqSorted(aliases).filter((x) => !ids.has(x)), attributes };
}

/** Same edge seen twice (two sources, two clues): one edge with both pieces of evidence. */
export function mergeEdges(edges: Edge[]): Edge[] {
  // Evidence collected per edge and sorted once at the end (not at every repeat sighting).
  const byKey = new Map<string, { edge: Edge; evidence: Map<string, Evidence> }>();
  for (const edge of edges) {
    const key = edgeKey(edge);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { edge, evidence: new Map() }));
    for (const e of edge.evidence) entry.evidence.set(evidenceKey(e), e);
  }
  return [...byKey.entries()]
    .sort(([x], [y]) => byLocale(x, y))
    .map(([, { edge, evidence }]) => ({
      from: edge.from, to: edge.to, type: edge.type,
      evidence: [...evidence.entries()].sort(([x], [y]) => byLocale(x, y)).map(([, e]) => e),
    }));
}
