import { worstSurvival } from '../../drills/survival.ts';
import { hostOfEntity } from '../arch-graph.ts';
import { PROTECTION_WORDS, type DataStore, type Protection } from '../data-protection.ts';
import { MAX_NODES, nameOf, plural, type ViewContext } from './context.ts';
import { flowchart, type Diagram, type DiagramEdge, type DiagramNode } from './mermaid-text.ts';

/**
 * Every volume and bind mount → its backups → the last restore test. Beyond MAX_NODES, stores
 * collapse to one node per host and protection ("12 volumes on nas: no backup").
 */
export function dataDiagram(ctx: ViewContext): Diagram {
  const { facts, stores } = ctx.findings;
  const base = { anchor: 'data-diagram', title: 'Data, backups and restore tests' };
  const backups = new Set(stores.flatMap((s) => s.backups.map((b) => b.backup.id)));
  if (stores.length + backups.size <= MAX_NODES) {
    const nodes: DiagramNode[] = stores.map((s) => ({ key: s.store.id, label: `${s.store.name} · ${PROTECTION_WORDS[s.protection]}`, status: facts.survival(s.store.id), href: ctx.urls.entity(s.store.id), shape: 'cylinder' }));
    const edges: DiagramEdge[] = [];
    for (const id of backups) {
      const b = stores.flatMap((s) => s.backups).find((x) => x.backup.id === id)!;
      const tested = b.restore ? `restore tested ${b.restore.ageDays} d ago${b.restore.verified ? '' : ', failed'}` : 'never restore-tested';
      nodes.push({ key: id, label: `${String(b.backup.attributes.tool ?? 'backup')} · ${tested}`, status: facts.survival(id), href: ctx.urls.entity(id), shape: 'cylinder' });
    }
    for (const s of stores) for (const b of s.backups) edges.push({ from: s.store.id, to: b.backup.id, label: 'backed up by' });
    return flowchart({ ...base, nodes, edges });
  }
  const buckets = new Map<string, { host: string; protection: Protection; list: DataStore[] }>();
  for (const s of stores) {
    const host = hostOfEntity(facts.graph, s.store.id) ?? '';
    const key = `${host}#${s.protection}`;
    const b = buckets.get(key);
    if (b) b.list.push(s);
    else buckets.set(key, { host, protection: s.protection, list: [s] });
  }
  const all = [...buckets.entries()];
  const nodes = all.slice(0, MAX_NODES - 1).map(([key, b]): DiagramNode => ({
    key: `data:${key}`, label: `${plural(b.list.length, 'store')} on ${b.host ? nameOf(ctx, b.host) : 'no host'}: ${PROTECTION_WORDS[b.protection]}`,
    status: worstSurvival(b.list.map((s) => facts.survival(s.store.id))), href: ctx.urls.page('data/#stores'), shape: 'cylinder',
  }));
  if (all.length > nodes.length) nodes.push({ key: 'data:more', label: plural(all.length - nodes.length, 'more group'), href: ctx.urls.page('data/#stores'), shape: 'stadium' });
  return flowchart({ ...base, nodes });
}
