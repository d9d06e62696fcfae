import type { Entity } from '../../schemas/lab.ts';

export interface LabChange {
  added: Entity[];
  removed: Entity[];
  /** Same entity, different facts: `image scarbook/pihole:2024.07 → 2025.02`. */
  changed: { entity: Entity; field: string; from: string; to: string }[];
  /** Same kind and name, on another host now. */
  moved: { entity: Entity; from: string; to: string }[];
}

/** Facts whose change is news to a reader: state, image, version, kernel. */
const WATCHED: [string, (e: Entity) => unknown][] = [
  ['status', (e) => e.status],
  ['mode', (e) => e.mode],
  ['image', (e) => e.attributes.image],
  ['image digest', (e) => e.attributes.imageDigest],
  ['kernel', (e) => e.attributes.kernel],
  ['os', (e) => (e.attributes.os as { version?: string } | undefined)?.version ?? e.attributes.os],
  ['restart policy', (e) => (e.attributes.restartPolicy as { name?: string } | undefined)?.name],
  ['latest backup', (e) => e.attributes.latest],
  ['health', (e) => e.attributes.health],
];

const show = (v: unknown) => (v === undefined || v === null ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));
const hostPart = (id: string) => /^[a-z-]+:([^/:]+)[/:]/.exec(id)?.[1] ?? '';
const movable = (e: Entity) => `${e.kind}\u0000${e.name}`;

/** What appeared, disappeared, changed or moved between two views of the lab. */
export function diffEntities(before: Entity[], after: Entity[]): LabChange {
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  let added = after.filter((e) => !old.has(e.id));
  let removed = before.filter((e) => !now.has(e.id));
  const moved: LabChange['moved'] = [];
  for (const a of [...added]) {
    const r = removed.find((x) => movable(x) === movable(a) && hostPart(x.id) && hostPart(x.id) !== hostPart(a.id));
    if (r && (a.kind === 'container' || a.kind === 'vm')) {
      moved.push({ entity: a, from: hostPart(r.id), to: hostPart(a.id) });
      added = added.filter((x) => x !== a);
      removed = removed.filter((x) => x !== r);
    }
  }
  const changed: LabChange['changed'] = [];
  for (const [id, e] of now) {
    const prev = old.get(id);
    if (!prev) continue;
    for (const [field, get] of WATCHED) {
      const [from, to] = [show(get(prev)), show(get(e))];
      if (from !== to) changed.push({ entity: e, field, from, to });
    }
  }
  return { added, removed, changed, moved };
}

/** One line for a commit message or a summary: "3 containers added on nas, pihole image 2024.07 → 2025.02". */
export function summarize(change: LabChange): string {
  const parts: string[] = [];
  const group = (list: Entity[], verb: string) => {
    const byKind = new Map<string, Entity[]>();
    for (const e of list) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    for (const [kind, es] of byKind) {
      const hosts = [...new Set(es.map((e) => hostPart(e.id)).filter(Boolean))];
      parts.push(`${es.length} ${kind}${es.length === 1 ? '' : 's'} ${verb}${hosts.length === 1 ? ` on ${hosts[0]}` : ''}`);
    }
  };
  group(change.added, 'added');
  group(change.removed, 'removed');
  for (const m of change.moved) parts.push(`${m.entity.name} moved ${m.from} → ${m.to}`);
  for (const c of change.changed) parts.push(`${c.entity.name} ${c.field} ${c.from} → ${c.to}`);
  return parts.join(', ') || 'no change in the lab';
}
