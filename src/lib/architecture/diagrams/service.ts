import { worstSurvival } from '../../drills/survival.ts';
import { declaredOnly, hostOfEntity, type ArchEntity } from '../arch-graph.ts';
import { PROTECTION_WORDS } from '../data-protection.ts';
import { capped, nameOf, plural, type ViewContext } from './context.ts';
import { flowchart, type Diagram, type DiagramEdge, type DiagramNode } from './mermaid-text.ts';

// 1 + host + 10 up + 10 down + 5 routes with proxies + 5 stores with 2 backups each ≤ MAX_NODES.
const BUDGET = 10;
const SMALL = 5;

/**
 * One service: what it depends on and what depends on it, the route from URL through the
 * proxy to it, where it runs, and its data → backups → last restore test.
 */
export function serviceDiagram(ctx: ViewContext, id: string): Diagram {
  const { facts, storeById: byStore } = ctx.findings;
  const e = facts.graph.byId.get(id);
  const url = (x: string) => ctx.urls.entity(x);
  const entityNode = (x: string, group?: string): DiagramNode => ({ key: x, label: nameOf(ctx, x), status: facts.survival(x), href: facts.graph.byId.has(x) ? url(x) : undefined, ...(group ? { group } : {}) });
  const nodes: DiagramNode[] = [{ ...entityNode(id), label: `${e?.name ?? id}${e?.mode === 'production' ? ' · production' : ''}`, shape: 'round' }];
  const edges: DiagramEdge[] = [];
  const out = e?.out ?? [];
  const inn = e?.in ?? [];
  const more = (key: string, what: string, group: string) => (rest: { id: string }[]): DiagramNode => ({
    key: `${id}#${key}`, label: `${plural(rest.length, `more ${what}`)}`, status: worstSurvival(rest.map((r) => facts.survival(r.id))), href: `${url(id)}#${key}`, shape: 'stadium', group,
  });

  const host = hostOfEntity(facts.graph, id);
  if (host && host !== id) {
    nodes.push({ ...entityNode(host), label: `${nameOf(ctx, host)} (host)`, shape: 'round' });
    edges.push({ from: id, to: host, label: 'runs on' });
  }
  const section = (list: { id: string; dashed: boolean }[], key: string, what: string, group: string, dir: 'out' | 'in', label: string) => {
    const c = capped(list, BUDGET, (x) => entityNode(x.id, group), more(key, what, group));
    nodes.push(...c.nodes.filter((n) => !nodes.some((m) => m.key === n.key)));
    for (const [x, k] of c.keyOf) edges.push(dir === 'out' ? { from: id, to: k, label, dashed: x.dashed } : { from: k, to: id, label, dashed: x.dashed });
  };
  section(out.filter((x) => x.type === 'depends-on').map((x) => ({ id: x.to, dashed: declaredOnly(x) })), 'depends-on', 'upstream', 'up', 'out', 'depends on');
  section(inn.filter((x) => x.type === 'depends-on').map((x) => ({ id: x.from, dashed: declaredOnly(x) })), 'needed-by', 'downstream', 'down', 'in', 'depends on');

  // URL → proxy → service.
  const routes = inn.filter((x) => x.type === 'routes-to').map((x) => facts.graph.byId.get(x.from)).filter((r): r is ArchEntity => !!r).slice(0, SMALL);
  for (const r of routes) {
    const scheme = r.attributes.tls === false ? 'http' : 'https';
    nodes.push({ key: r.id, label: `${scheme}://${r.name}`, status: facts.survival(r.id), href: url(r.id), shape: 'hexagon', group: 'route' });
    const server = typeof r.attributes.server === 'string' ? facts.resolve(`host:${r.attributes.server.replace(/^host:/, '')}`) : undefined;
    const proxyKey = `proxy:${r.sources[0] ?? 'proxy'}@${server ?? ''}`;
    if (!nodes.some((n) => n.key === proxyKey)) {
      nodes.push({ key: proxyKey, label: `${r.sources[0] ?? 'proxy'}${server ? ` on ${nameOf(ctx, server)}` : ''}`, status: server ? facts.survival(server) : undefined, href: server ? url(server) : undefined, group: 'route' });
    }
    edges.push({ from: r.id, to: proxyKey, label: 'served by' }, { from: proxyKey, to: id, label: 'routes to' });
  }

  // Data → backups → last restore test.
  for (const x of out.filter((x) => x.type === 'stores-on').slice(0, SMALL)) {
    const s = byStore.get(x.to);
    nodes.push({ key: x.to, label: `${nameOf(ctx, x.to)} · ${s ? PROTECTION_WORDS[s.protection] : 'data'}`, status: facts.survival(x.to), href: url(x.to), shape: 'cylinder', group: 'data' });
    edges.push({ from: id, to: x.to, label: 'stores on' });
    for (const b of (s?.backups ?? []).slice(0, 2)) {
      const tested = b.restore ? `restore tested ${b.restore.ageDays} d ago${b.restore.verified ? '' : ', failed'}` : 'never restore-tested';
      if (!nodes.some((n) => n.key === b.backup.id)) nodes.push({ key: b.backup.id, label: `${String(b.backup.attributes.tool ?? 'backup')} · ${tested}`, status: facts.survival(b.backup.id), href: url(b.backup.id), shape: 'cylinder', group: 'data' });
      edges.push({ from: x.to, to: b.backup.id, label: 'backed up by' });
    }
  }
  const groups = [
    { key: 'up', label: 'It depends on' },
    { key: 'down', label: 'Depends on it' },
    { key: 'route', label: 'How it is reached' },
    { key: 'data', label: 'Its data' },
  ].filter((g) => nodes.some((n) => n.group === g.key));
  // A picture earns its render when it shows a path: through the service (something depends on
  // it and it depends on something), or beyond it (URL → proxy, data → backup). A one-level star
  // of neighbours is the lists beneath, status badges included. On the 1,000-runbook benchmark,
  // 209 of 230 container views were such stars: ~13 s of Chromium in a ~40 s build.
  const touches = (edge: DiagramEdge) => edge.from === id || edge.to === id;
  const throughIt = nodes.some((n) => n.group === 'up') && nodes.some((n) => n.group === 'down');
  const worthDrawing = throughIt || edges.some((edge) => !touches(edge));
  return flowchart({ anchor: 'service-diagram', title: `${e?.name ?? id}: dependencies, route and data`, direction: 'LR', nodes, groups, edges, worthDrawing });
}
