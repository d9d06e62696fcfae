import type { Entity } from '../../schemas/lab.ts';

type WithEdges = Entity & { out: { type: string; to: string }[] };

export interface HostGroup<T extends WithEdges = WithEdges> {
  /** The site (`site:home`), or '' when no source places the host anywhere. */
  site: string;
  /** The rack or cluster inside the site (`site:home/rack1`, `service:proxmox/homelab`), or ''. */
  group: string;
  hosts: T[];
}

/**
 * Hosts arranged site → cluster/rack → host for the overview, from their member-of edges:
 * NetBox racks and sites, Proxmox and Kubernetes clusters. A host in none is listed apart.
 */
export function groupHosts<T extends WithEdges>(entities: T[]): HostGroup<T>[] {
  const byId = new Map(entities.map((e) => [e.id, e]));
  const siteOf = (id: string): string => {
    const parent = byId.get(id)?.out.find((e) => e.type === 'member-of' && byId.get(e.to)?.kind === 'site')?.to;
    return parent ?? (byId.get(id)?.kind === 'site' ? id : '');
  };
  const groups = new Map<string, HostGroup<T>>();
  for (const host of entities.filter((e) => e.kind === 'host')) {
    const memberships = host.out.filter((e) => e.type === 'member-of').map((e) => byId.get(e.to)).filter((x): x is T => !!x);
    const container = memberships.find((m) => m.kind === 'site' && m.id.includes('/')) ?? memberships.find((m) => m.kind === 'service' && /^service:(proxmox|k8s)\//.test(m.id)) ?? memberships.find((m) => m.kind === 'site');
    const site = container ? (container.kind === 'site' && !container.id.includes('/') ? container.id : siteOf(container.id)) : '';
    const group = container && container.id !== site ? container.id : '';
    const key = `${site}\u0000${group}`;
    if (!groups.has(key)) groups.set(key, { site, group, hosts: [] });
    groups.get(key)!.hosts.push(host);
  }
  // Placed hosts first (by site, then group); the unplaced at the end.
  return [...groups.values()].sort((a, b) => Number(!a.site && !a.group) - Number(!b.site && !b.group) || a.site.localeCompare(b.site) || a.group.localeCompare(b.group));
}
