import { EdgeSchema, EntitySchema, type Edge, type Entity } from '../../src/schemas/lab.ts';
import { mergeEdges, mergeEntity, uniqSorted } from '../../src/lib/lab/combine.ts';
import type { Observation } from './collector.ts';

/**
 * Validates an observation against the lab schema and puts it in canonical order: entities by
 * id (duplicates merged), edges by (from, to, type), so two pulls of an unchanged lab are equal.
 */
export function normalizeObservation(obs: Observation, source: string): { entities: Entity[]; edges: Edge[] } {
  const byId = new Map<string, Entity>();
  for (const [i, input] of obs.entities.entries()) {
    const parsed = EntitySchema.safeParse(input);
    if (!parsed.success) throw new Error(`source ${source} produced an invalid entity #${i} (${JSON.stringify(input).slice(0, 120)}): ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    const e = { ...parsed.data, sources: uniqSorted(parsed.data.sources), aliases: uniqSorted(parsed.data.aliases) };
    const prev = byId.get(e.id);
    byId.set(e.id, prev ? mergeEntity(prev, e) : e);
  }
  const edges = obs.edges.map((edge, i) => {
    const parsed = EdgeSchema.safeParse(edge);
    if (!parsed.success) throw new Error(`source ${source} produced an invalid edge #${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
  return { entities: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), edges: mergeEdges(edges) };
}
