import type { Edge, Entity, LabGraph } from '../../../schemas/lab.ts';

export interface FleetOptions {
  hosts?: number;
  sites?: number;
  racksPerSite?: number;
  containersPerHost?: number;
}

const observed = (via: string) => [{ kind: 'observed' as const, source: 'synthetic', via }];

/**
 * A made-up fleet for size tests and benchmarks (never shown as real data): sites with racks of
 * hosts, each host running containers with volumes; one DNS server per site that every host of the
 * site resolves with, one database per rack its apps depend on, a route per rack, a Tailscale mesh.
 * Deterministic: the same options give the same graph.
 */
export function syntheticFleet(options: FleetOptions = {}): LabGraph {
  const hosts = options.hosts ?? 7000;
  const sites = options.sites ?? 5;
  const racksPerSite = options.racksPerSite ?? 14;
  const perHost = options.containersPerHost ?? 3;
  const entities: Entity[] = [];
  const edges: Edge[] = [];
  const add = (id: string, kind: Entity['kind'], name: string, extra: Partial<Entity> = {}) =>
    entities.push({ id, kind, name, sources: ['synthetic'], aliases: [], attributes: {}, ...extra });
  const link = (from: string, type: Edge['type'], to: string, via: string) => edges.push({ from, to, type, evidence: observed(via) });

  add('network:tailnet/example.ts.net', 'network', 'example.ts.net', { attributes: { driver: 'tailscale' } });
  for (let s = 0; s < sites; s++) {
    add(`site:s${s}`, 'site', `site ${s} “Zürich #${s}”`);
    for (let r = 0; r < racksPerSite; r++) add(`site:s${s}/r${r}`, 'site', `rack ${r} <b>${s}</b>`), link(`site:s${s}/r${r}`, 'member-of', `site:s${s}`, 'rack in site');
  }
  for (let h = 0; h < hosts; h++) {
    const s = h % sites;
    const r = Math.floor(h / sites) % racksPerSite;
    const host = `host:h${h}`;
    add(host, 'host', `h${h}.example`, { status: h % 97 === 0 ? 'down' : 'up' });
    link(host, 'member-of', `site:s${s}/r${r}`, 'netbox rack');
    for (let c = 0; c < perHost; c++) {
      const id = `container:h${h}/c${c}`;
      add(id, 'container', c === 0 ? `app "${h}" | [x]` : `svc-${h}-${c}`, { mode: c === 0 ? 'production' : 'sandbox', status: 'running' });
      link(id, 'runs-on', host, 'docker inspect');
      const vol = `volume:h${h}/v${c}`;
      add(vol, 'volume', `v${c}`, { attributes: { hostPath: `/var/lib/docker/volumes/v${c}` } });
      link(id, 'stores-on', vol, 'volume mount');
    }
    // The first host of each site runs its DNS; the first host of each rack its database.
    if (h < sites) add(`container:h${h}/dns`, 'container', 'dns', { mode: 'production' }), link(`container:h${h}/dns`, 'runs-on', host, 'docker inspect');
    if (h < sites * racksPerSite) add(`container:h${h}/db`, 'container', 'db', { mode: 'production' }), link(`container:h${h}/db`, 'runs-on', host, 'docker inspect');
    link(host, 'depends-on', `container:h${s}/dns`, 'resolv.conf nameserver 10.0.0.53 → serves DNS at 10.0.0.53');
    const rackHost = s + sites * r;
    if (rackHost < hosts) link(`container:h${h}/c0`, 'depends-on', `container:h${rackHost}/db`, 'env DB_HOST');
    if (h < 40) link(host, 'member-of', 'network:tailnet/example.ts.net', 'tailscale mesh'), h > 0 && link('host:h0', 'connects-to', host, 'tailscale mesh');
  }
  for (let r = 0; r < Math.min(hosts, sites * racksPerSite); r++) {
    add(`route:app${r}.example`, 'route', `app${r}.example`, { attributes: { server: `h${r}`, upstreams: [`h${r}:80`] } });
    link(`route:app${r}.example`, 'routes-to', `container:h${r}/c0`, 'upstream');
  }
  return { schemaVersion: 1, generatedBy: 'synthetic fleet', sources: [], entities, edges };
}
