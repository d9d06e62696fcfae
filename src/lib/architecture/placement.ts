import { groupHosts, type HostGroup } from '../lab/group-hosts.ts';
import { hostOfEntity, type ArchEntity, type ArchGraph } from './arch-graph.ts';

export interface Placement {
  /** Site id, or '' when no source places the host anywhere. */
  site: string;
  /** Rack or cluster id inside the site, or ''. */
  group: string;
}

const cache = new WeakMap<ArchGraph, { groups: HostGroup<ArchEntity>[]; byHost: Map<string, Placement> }>();

/** Hosts arranged site → rack/cluster → host (the lab overview's grouping), computed once per graph. */
export function hostGroups(graph: ArchGraph) {
  let c = cache.get(graph);
  if (!c) {
    const groups = groupHosts<ArchEntity>(graph.entities);
    const byHost = new Map<string, Placement>();
    for (const g of groups) for (const h of g.hosts) byHost.set(h.id, { site: g.site, group: g.group });
    cache.set(graph, (c = { groups, byHost }));
  }
  return c;
}

/** Where an entity is: the site and rack/cluster of the host it lives on. */
export function placementOf(graph: ArchGraph, id: string): Placement {
  const host = hostOfEntity(graph, id);
  return (host && hostGroups(graph).byHost.get(host)) || { site: '', group: '' };
}
