import type { Observation, RawOutput } from '../../collector.ts';
import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { ids } from '../../identity.ts';
import type { NetboxConfig } from '../netbox.ts';
import {
  ENDPOINTS, fileOf, statusOf, type Endpoint, type NbDevice, type NbInterface, type NbIp, type NbPrefix, type NbRack,
  type NbSite, type NbVlan, type NbVm, type Ref,
} from './compact.ts';

function read<T>(raw: RawOutput, endpoint: Endpoint, config: NetboxConfig): T[] {
  const file = fileOf(endpoint);
  const text = raw[file];
  if (text === undefined) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`netbox source ${config.name}: ${file} is not valid JSON (${(error as Error).message}); pull again`, { cause: error });
  }
  // A raw file is the concatenated `results`; a whole page (`{results: […]}`) is read too.
  const list = Array.isArray(doc) ? doc : (doc as { results?: unknown } | null)?.results;
  if (!Array.isArray(list)) throw new Error(`netbox source ${config.name}: ${file} is not a list of NetBox objects`);
  return list.filter((x): x is T => !!x && typeof x === 'object');
}

const seg = (s: string) => s.trim().replace(/\s+/g, '-');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** `10.0.1.1/32` → `10.0.1.1`; `2001:db8::1/64` → `2001:db8::1`. */
const bare = (address: string | undefined) => (address ? address.split('/')[0]!.trim() : undefined);
const nameOf = (r: Ref | null | undefined) => r?.name ?? r?.slug ?? null;
/** A nested device/VM matched by id AND name, so two NetBox objects never mix. */
const key = (r: Ref | null | undefined) => (r && r.name ? `${r.id ?? ''}/${r.name}` : undefined);

export const siteId = (slug: string) => `site:${seg(slug)}`;
export const rackId = (siteSlug: string, rack: string) => `site:${seg(siteSlug)}/${seg(rack)}`;
/** The id Proxmox gives a VLAN tag too (its `vlanSite`), so both sources' sightings are one segment. */
export const vlanId = (site: string | undefined, vid: number) => ids.vlan(site ?? 'global', vid);
export const prefixId = (prefix: string) => `network:prefix/${seg(prefix)}`;
export const vmId = (cluster: string | null | undefined, name: string) => `vm:${seg(cluster ?? 'netbox')}/${seg(name)}`;

/**
 * NetBox is declared state: what is meant to exist. Every entity carries `attributes.declared: true`
 * and its NetBox facts under `attributes.netbox`; entity `status` stays unset (NetBox observes
 * nothing); every edge's evidence is `{ kind: 'declared', file: 'netbox <source name>' }`.
 */
export function parseNetbox(raw: RawOutput, config: NetboxConfig): Observation {
  const [sites, racks, devices, vms, interfaces, ips, vlans, prefixes] = ENDPOINTS.map((e) => read<unknown>(raw, e, config)) as
    [NbSite[], NbRack[], NbDevice[], NbVm[], NbInterface[], NbIp[], NbVlan[], NbPrefix[]];
  const evidence = [{ kind: 'declared' as const, file: `netbox ${config.name}` }];
  const entities = new Map<string, EntityInput>();
  const edges = new Map<string, Edge>();
  const add = (id: string, kind: EntityInput['kind'], name: string, netbox: Record<string, Json>, aliases: string[] = []) => {
    entities.set(id, { id, kind, name, sources: [config.name], aliases: [...new Set(aliases)].sort(cmp), attributes: { declared: true, netbox } });
  };
  const edge = (from: string, to: string, type: Edge['type']) => {
    if (entities.has(from) && entities.has(to)) edges.set(`${from} ${type} ${to}`, { from, to, type, evidence });
  };

  /** A site or rack only referenced (its list filtered by permissions, or pulled mid-change) still gets an entity. */
  const site = (r: Ref | null | undefined): string | undefined => {
    if (!r?.slug) return undefined;
    const id = siteId(r.slug);
    if (!entities.has(id)) add(id, 'site', r.name ?? r.slug, { type: 'site', id: r.id ?? null, slug: r.slug, referencedOnly: true });
    return id;
  };

  // Addresses assigned to interfaces, by device and by VM (2.x: `interface.device`; 2.9+: `assigned_object`).
  const addrs = new Map<string, string[]>();
  for (const ip of ips) {
    const owner = ip.assigned_object ?? ip.interface;
    const k = owner?.device ? `device:${key(owner.device)}` : owner?.virtual_machine ? `vm:${key(owner.virtual_machine)}` : undefined;
    const a = bare(ip.address);
    if (k && a) addrs.set(k, [...(addrs.get(k) ?? []), a]);
  }
  const primaries = (o: { primary_ip4?: Ref | null; primary_ip6?: Ref | null }) =>
    [bare(o.primary_ip4?.address), bare(o.primary_ip6?.address)].filter((a): a is string => !!a);

  for (const s of sites) {
    if (!s.slug) continue;
    add(siteId(s.slug), 'site', s.name ?? s.slug, { type: 'site', id: s.id ?? null, slug: s.slug, status: statusOf(s.status), region: nameOf(s.region), facility: s.facility || null });
  }
  for (const r of racks) {
    if (!r.name || !r.site?.slug) continue;
    const id = rackId(r.site.slug, r.name);
    add(id, 'site', r.name, { type: 'rack', id: r.id ?? null, site: r.site.slug, location: nameOf(r.location), status: statusOf(r.status), role: nameOf(r.role), uHeight: r.u_height ?? null });
    edge(id, site(r.site)!, 'member-of');
  }
  const hostOf = new Map<string, string>();
  for (const d of devices) {
    // Unnamed devices (patch panels, blanks: NetBox allows them) have no host identity.
    if (!d.name) continue;
    const id = ids.host(d.name);
    hostOf.set(`${d.id ?? ''}/${d.name}`, id);
    add(id, 'host', d.name, {
      type: 'device', id: d.id ?? null, role: nameOf(d.role ?? d.device_role), platform: nameOf(d.platform), status: statusOf(d.status),
      site: d.site?.slug ?? null, location: nameOf(d.location), rack: nameOf(d.rack), position: d.position ?? null, serial: d.serial || null,
      deviceType: d.device_type?.model ?? null, manufacturer: nameOf(d.device_type?.manufacturer), cluster: nameOf(d.cluster),
    }, [...primaries(d), ...(addrs.get(`device:${d.id ?? ''}/${d.name}`) ?? [])]);
    const siteOf = site(d.site);
    if (siteOf && d.rack?.name) {
      const rack = rackId(d.site!.slug!, d.rack.name);
      if (!entities.has(rack)) {
        add(rack, 'site', d.rack.name, { type: 'rack', id: d.rack.id ?? null, site: d.site!.slug!, referencedOnly: true });
        edge(rack, siteOf, 'member-of');
      }
      edge(id, rack, 'member-of');
    } else if (siteOf) edge(id, siteOf, 'member-of');
  }
  for (const v of vms) {
    if (!v.name) continue;
    const id = vmId(nameOf(v.cluster), v.name);
    add(id, 'vm', v.name, {
      type: 'virtual-machine', id: v.id ?? null, status: statusOf(v.status), cluster: nameOf(v.cluster), site: v.site?.slug ?? null,
      role: nameOf(v.role), platform: nameOf(v.platform), vcpus: v.vcpus === undefined || v.vcpus === null ? null : Number(v.vcpus), memoryMb: v.memory ?? null, diskGb: v.disk ?? null,
    }, [v.name, ...primaries(v), ...(addrs.get(`vm:${v.id ?? ''}/${v.name}`) ?? [])]);
    const siteOf = site(v.site);
    if (siteOf) edge(id, siteOf, 'member-of');
  }
  const vlanById = new Map<number, string>();
  for (const v of vlans) {
    if (typeof v.vid !== 'number') continue;
    const id = vlanId(v.site?.slug, v.vid);
    if (v.id !== undefined) vlanById.set(v.id, id);
    add(id, 'network', v.name ?? String(v.vid), { type: 'vlan', id: v.id ?? null, vid: v.vid, name: v.name ?? null, group: nameOf(v.group), site: v.site?.slug ?? null, status: statusOf(v.status), role: nameOf(v.role), prefixes: [] });
    const siteOf = site(v.site);
    if (siteOf) edge(id, siteOf, 'member-of');
  }
  for (const p of prefixes) {
    if (!p.prefix) continue;
    const facts = { prefix: p.prefix, status: statusOf(p.status), vrf: nameOf(p.vrf), role: nameOf(p.role), description: p.description || null };
    const onVlan = p.vlan?.id !== undefined ? entities.get(vlanById.get(p.vlan.id) ?? '') : undefined;
    if (onVlan) {
      const nb = (onVlan.attributes as { netbox: { prefixes: Json[] } }).netbox;
      nb.prefixes = [...nb.prefixes, facts];
      continue;
    }
    const id = prefixId(p.prefix);
    add(id, 'network', p.prefix, { type: 'prefix', id: p.id ?? null, site: p.site?.slug ?? null, ...facts });
    const siteOf = site(p.site);
    if (siteOf) edge(id, siteOf, 'member-of');
  }
  // A device whose interface carries a VLAN (untagged or tagged) is a member of that VLAN.
  for (const i of interfaces) {
    const host = hostOf.get(key(i.device) ?? '');
    if (!host) continue;
    for (const v of [i.untagged_vlan, ...(i.tagged_vlans ?? [])]) {
      const net = v?.id !== undefined ? vlanById.get(v.id) : undefined;
      if (net) edge(host, net, 'member-of');
    }
  }
  for (const e of entities.values()) {
    const nb = (e.attributes as { netbox: { prefixes?: { prefix: string }[] } }).netbox;
    nb.prefixes?.sort((a, b) => cmp(a.prefix, b.prefix));
  }
  return {
    entities: [...entities.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.type, b.type) || cmp(a.to, b.to)),
  };
}
