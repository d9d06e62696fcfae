import type { Entity, SourceSnapshot } from '../../schemas/lab.ts';

/** Source types that say what is MEANT to exist rather than what runs. */
export const DECLARING_TYPES = new Set(['netbox', 'compose-file']);

export interface Drift {
  entity: Entity;
  /** `declared-only`: declared, no live source sees it. `undeclared`: live, the inventory does not list it. */
  kind: 'declared-only' | 'undeclared';
  message: string;
}

/**
 * Where what is meant to exist and what runs disagree: a device in NetBox (or a service in a
 * Compose file) that no live source sees, and a live host that the inventory does not know.
 * The second is only asked when some inventory is configured. Findings, not errors.
 */
export function findDrift(entities: Entity[], snapshots: Pick<SourceSnapshot, 'source'>[]): Drift[] {
  const declaring = new Set(snapshots.filter((s) => DECLARING_TYPES.has(s.source.type)).map((s) => s.source.name));
  if (declaring.size === 0) return [];
  const inventories = new Set(snapshots.filter((s) => s.source.type === 'netbox').map((s) => s.source.name));
  const drift: Drift[] = [];
  for (const e of entities) {
    if (!['host', 'vm', 'container', 'service'].includes(e.kind)) continue;
    const declaredBy = e.sources.filter((s) => declaring.has(s));
    const liveBy = e.sources.filter((s) => !declaring.has(s));
    if (declaredBy.length && !liveBy.length) {
      drift.push({ entity: e, kind: 'declared-only', message: `${e.kind} ${e.id} is declared by ${declaredBy.join(', ')} but no live source sees it` });
    } else if (inventories.size && (e.kind === 'host' || e.kind === 'vm') && liveBy.length && !e.sources.some((s) => inventories.has(s))) {
      drift.push({ entity: e, kind: 'undeclared', message: `${e.kind} ${e.id} runs (seen by ${liveBy.join(', ')}) but ${[...inventories].join(', ')} does not list it` });
    }
  }
  return drift.sort((a, b) => a.entity.id.localeCompare(b.entity.id));
}
