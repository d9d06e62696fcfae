import { SURVIVAL_ORDER, worstSurvival, type Survival } from '../../drills/survival.ts';
import type { HostGroup } from '../../lab/group-hosts.ts';
import type { ArchEntity } from '../arch-graph.ts';
import { hostGroups } from '../placement.ts';
import { capped, hostStatus, MAX_NODES, nameOf, plural, type ViewContext } from './context.ts';
import { flowchart, gridEdges, type Diagram, type DiagramEdge, type DiagramGroup, type DiagramNode } from './mermaid-text.ts';

type Group = HostGroup<ArchEntity>;
const UNPLACED = 'Not placed in a site';

const running = (h: ArchEntity) => h.in.filter((e) => e.type === 'runs-on').length;
const worstOfHosts = (ctx: ViewContext, hosts: readonly ArchEntity[]) => worstSurvival(hosts.map((h) => hostStatus(ctx, h.id)));
const hostNode = (ctx: ViewContext, h: ArchEntity, group?: string): DiagramNode => ({
  key: h.id, label: `${h.name} · ${running(h)} running`, status: hostStatus(ctx, h.id), href: ctx.urls.entity(h.id), shape: 'round', ...(group ? { group } : {}),
});

/** The sites of the lab, each with its rack/cluster groups (hosts in no site form site ''). */
export function sitesOf(ctx: ViewContext): { site: string; groups: Group[] }[] {
  const bySite = new Map<string, Group[]>();
  for (const g of hostGroups(ctx.findings.facts.graph).groups) {
    const list = bySite.get(g.site);
    if (list) list.push(g);
    else bySite.set(g.site, [g]);
  }
  return [...bySite.entries()].map(([site, groups]) => ({ site, groups }));
}

const siteLabel = (ctx: ViewContext, site: string) => (site ? nameOf(ctx, site) : UNPLACED);
const racksWord = (n: number) => `${n} ${n === 1 ? 'rack/cluster' : 'racks/clusters'}`;
const hostCount = (groups: readonly Group[]) => groups.reduce((n, g) => n + g.hosts.length, 0);

/**
 * Lab overview: sites → racks/clusters → hosts, each coloured by the worst status inside. It
 * shows as much detail as fits in MAX_NODES: every host, else racks with counts, else sites.
 */
export function overviewDiagram(ctx: ViewContext): Diagram {
  const sites = sitesOf(ctx);
  const racks = sites.flatMap((s) => s.groups.filter((g) => g.group));
  const hosts = hostCount(sites.flatMap((s) => s.groups));
  const base = { anchor: 'overview', title: 'Lab overview: sites, racks and clusters, hosts' };
  if (sites.length + racks.length + hosts <= MAX_NODES) return placedDiagram(ctx, sites, base);
  const loose = sites.filter((s) => s.groups.some((g) => !g.group)).length;
  if (sites.length + racks.length + loose <= MAX_NODES) return rackDiagram(ctx, sites, base);
  const { nodes } = capped(
    [...sites].sort((a, b) => SURVIVAL_ORDER.indexOf(worstOfHosts(ctx, a.groups.flatMap((g) => g.hosts))) - SURVIVAL_ORDER.indexOf(worstOfHosts(ctx, b.groups.flatMap((g) => g.hosts)))),
    MAX_NODES,
    (s) => ({
      key: `site:${s.site}`, label: `${siteLabel(ctx, s.site)} · ${racksWord(s.groups.filter((g) => g.group).length)} · ${plural(hostCount(s.groups), 'host')}`,
      status: worstOfHosts(ctx, s.groups.flatMap((g) => g.hosts)), href: ctx.urls.site(s.site), shape: 'stadium',
    }),
    (rest) => ({ key: 'more-sites', label: `${plural(rest.length, 'more site')}`, status: worstSurvival(rest.map((s) => worstOfHosts(ctx, s.groups.flatMap((g) => g.hosts)))), href: ctx.urls.page('#sites'), shape: 'stadium' }),
  );
  return flowchart({ ...base, direction: 'TB', nodes });
}

/** One site: its racks/clusters and hosts, collapsed to racks with counts when they do not fit. */
export function siteDiagram(ctx: ViewContext, site: string): Diagram {
  const entry = sitesOf(ctx).find((s) => s.site === site) ?? { site, groups: [] };
  const base = { anchor: 'site', title: `Site ${siteLabel(ctx, site)}: racks, clusters and hosts` };
  const racks = entry.groups.filter((g) => g.group).length;
  if (1 + racks + hostCount(entry.groups) <= MAX_NODES) return placedDiagram(ctx, [entry], base);
  return rackDiagram(ctx, [entry], base);
}

/** One rack or cluster: its hosts, or (when they do not fit) one node per status with a count. */
export function groupDiagram(ctx: ViewContext, group: Group): Diagram {
  const base = { anchor: 'group', title: `${nameOf(ctx, group.group)}: hosts` };
  if (group.hosts.length <= MAX_NODES) return flowchart({ ...base, direction: 'TB', nodes: group.hosts.map((h) => hostNode(ctx, h)), edges: gridEdges(group.hosts.map((h) => h.id)) });
  const byStatus = new Map<Survival, number>();
  for (const h of group.hosts) byStatus.set(hostStatus(ctx, h.id), (byStatus.get(hostStatus(ctx, h.id)) ?? 0) + 1);
  const nodes = SURVIVAL_ORDER.filter((s) => byStatus.has(s)).map((s): DiagramNode => ({
    key: `${group.group}#${s}`, label: `${plural(byStatus.get(s)!, 'host')} ${s.replace('-', ' ')}`, status: s, href: ctx.urls.group(group.group) + '#hosts', shape: 'stadium',
  }));
  return flowchart({ ...base, nodes });
}

function placedDiagram(ctx: ViewContext, sites: { site: string; groups: Group[] }[], base: { anchor: string; title: string }): Diagram {
  const groups: DiagramGroup[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  for (const s of sites) {
    const siteKey = `site:${s.site}`;
    groups.push({ key: siteKey, label: `${siteLabel(ctx, s.site)} · ${plural(hostCount(s.groups), 'host')}`, ...(s.site ? { href: ctx.urls.site(s.site) } : {}) });
    for (const g of s.groups) {
      const parent = g.group ? `group:${g.group}` : siteKey;
      if (g.group) groups.push({ key: parent, label: `${nameOf(ctx, g.group)} · ${plural(g.hosts.length, 'host')}`, href: ctx.urls.group(g.group), parent: siteKey });
      nodes.push(...g.hosts.map((h) => hostNode(ctx, h, parent)));
      edges.push(...gridEdges(g.hosts.map((h) => h.id), g.group ? 3 : 6));
    }
  }
  return flowchart({ ...base, direction: 'TB', nodes, groups, edges });
}

function rackDiagram(ctx: ViewContext, sites: { site: string; groups: Group[] }[], base: { anchor: string; title: string }): Diagram {
  const groups: DiagramGroup[] = [];
  const nodes: DiagramNode[] = [];
  const budget = Math.max(1, Math.floor((MAX_NODES - sites.length) / Math.max(1, sites.length)));
  for (const s of sites) {
    const siteKey = `site:${s.site}`;
    groups.push({ key: siteKey, label: `${siteLabel(ctx, s.site)} · ${plural(hostCount(s.groups), 'host')}`, ...(s.site ? { href: ctx.urls.site(s.site) } : {}) });
    const loose = s.groups.filter((g) => !g.group).flatMap((g) => g.hosts);
    const racks = s.groups.filter((g) => g.group);
    const items: (Group | 'loose')[] = [...racks, ...(loose.length ? ['loose' as const] : [])];
    nodes.push(...capped(items, budget,
      (g) => g === 'loose'
        ? { key: `${siteKey}#loose`, label: `${plural(loose.length, 'host')} in no rack or cluster`, status: worstOfHosts(ctx, loose), href: ctx.urls.site(s.site) + '#hosts', shape: 'stadium', group: siteKey }
        : { key: `group:${g.group}`, label: `${nameOf(ctx, g.group)} · ${plural(g.hosts.length, 'host')}`, status: worstOfHosts(ctx, g.hosts), href: ctx.urls.group(g.group), shape: 'stadium', group: siteKey },
      (rest) => ({ key: `${siteKey}#more`, label: `${plural(rest.length, 'more rack')}`, status: worstSurvival(rest.map((g) => worstOfHosts(ctx, g === 'loose' ? loose : g.hosts))), href: ctx.urls.site(s.site) + '#groups', shape: 'stadium', group: siteKey }),
    ).nodes);
  }
  return flowchart({ ...base, direction: 'TB', nodes, groups });
}
