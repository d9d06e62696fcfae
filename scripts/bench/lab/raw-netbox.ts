import type { RawOutput } from '../../lab/collector.ts';
import { compact, ENDPOINTS, fileOf, type Endpoint } from '../../lab/sources/netbox/compact.ts';
import type { Random } from '../random.ts';
import type { LabPlan } from './plan.ts';

const API = 'https://netbox.lab.example/api';

/**
 * NetBox 4 list results for the plan (sites, racks, devices, VMs, interfaces, addresses, VLANs,
 * prefixes), passed through the collector's own `compact` exactly as `fetch` does before writing
 * them: the raw files are byte-for-byte what a pull of such a NetBox would record.
 */
export function netboxRaw(plan: LabPlan, rng: Random): RawOutput {
  let nextId = 1;
  const id = () => nextId++;
  const ref = (kind: string, obj: { id: number; name: string; slug?: string }) => ({ ...obj, url: `${API}/${kind}/${obj.id}/`, display: obj.name });
  const active = { value: 'active', label: 'Active' };
  const sites = plan.sites.map((s) => ({ id: id(), name: s.name, slug: s.slug, status: active, region: ref('dcim/regions', { id: 1, name: 'Europe', slug: 'eu' }), facility: `DC ${s.name}`, custom_fields: {}, tags: [], created: '2024-01-10T09:00:00Z' }));
  const siteRef = new Map(sites.map((s) => [s.slug, ref('dcim/sites', { id: s.id, name: s.name, slug: s.slug })]));
  const racks = new Map<string, { id: number; name: string; site: unknown }>();
  const rackOf = (site: string, rack: string) => {
    const key = `${site}/${rack}`;
    if (!racks.has(key)) racks.set(key, { id: id(), name: rack, site: siteRef.get(site) });
    return ref('dcim/racks', racks.get(key)!);
  };
  const devices: Record<string, unknown>[] = [];
  const vms: Record<string, unknown>[] = [];
  const interfaces: Record<string, unknown>[] = [];
  const ips: Record<string, unknown>[] = [];
  const vlans = plan.sites.flatMap((s) => ['servers', 'storage', 'management'].map((name, i) => ({ id: id(), vid: 100 + i * 10, name: `${s.slug}-${name}`, site: siteRef.get(s.slug), status: active, group: null, role: null })));
  const serverVlan = new Map(plan.sites.map((s, i) => [s.slug, vlans[i * 3]!]));
  const roleOf = (name: string) => name.replace(/^[a-z0-9]+-/, '').replace(/\d+$/, '');
  const device = (name: string, site: string, rack: string, ip: string, pve: boolean, status = active) => {
    const d = {
      id: id(), name, display: name, role: ref('dcim/device-roles', { id: pve ? 2 : 3, name: pve ? 'Hypervisor' : 'Server', slug: pve ? 'hypervisor' : 'server' }),
      device_type: { id: 4, model: pve ? 'PowerEdge R750' : 'PowerEdge R650', manufacturer: ref('dcim/manufacturers', { id: 1, name: 'Dell', slug: 'dell' }), url: `${API}/dcim/device-types/4/` },
      platform: ref('dcim/platforms', { id: 1, name: pve ? 'Proxmox VE 8' : 'Debian 12', slug: pve ? 'pve8' : 'debian12' }), status, site: siteRef.get(site),
      location: null, rack: rackOf(site, rack), position: rng.int(1, 42), face: { value: 'front', label: 'Front' }, serial: rng.hex(7).toUpperCase(),
      primary_ip4: { id: 0, address: `${ip}/24`, family: 4, url: `${API}/ipam/ip-addresses/0/` }, primary_ip6: null, cluster: null,
      custom_fields: { warranty_until: '2028-01-01' }, comments: '', tags: [], config_context: {},
    };
    const iface = { id: id(), name: 'eno1', device: { id: d.id, name, url: `${API}/dcim/devices/${d.id}/` }, mode: { value: 'access', label: 'Access' }, untagged_vlan: { id: serverVlan.get(site)!.id, vid: 100, name: serverVlan.get(site)!.name }, tagged_vlans: [] };
    const addr = { id: id(), address: `${ip}/24`, status: active, dns_name: `${name}.${site}.lab.example`, assigned_object_type: 'dcim.interface', assigned_object: { id: iface.id, name: 'eno1', device: { id: d.id, name } }, vrf: null };
    d.primary_ip4.id = addr.id;
    devices.push(d);
    interfaces.push(iface);
    ips.push(addr);
  };
  for (const h of plan.hosts) {
    if (!h.inNetbox) continue;
    if (!h.vm) {
      device(h.name, h.site, h.rack, h.ip, h.role === 'pve');
      continue;
    }
    const site = plan.sites.find((s) => s.slug === h.site)!;
    const vm = {
      id: id(), name: h.name, status: active, site: siteRef.get(h.site), cluster: ref('virtualization/clusters', { id: site.octet, name: site.cluster }),
      role: ref('dcim/device-roles', { id: 5, name: roleOf(h.name), slug: roleOf(h.name) }), platform: ref('dcim/platforms', { id: 1, name: 'Debian 12', slug: 'debian12' }),
      primary_ip4: { id: 0, address: `${h.ip}/24`, family: 4 }, primary_ip6: null, vcpus: rng.pick([2, 4, 8]), memory: rng.pick([4096, 8192, 16384]), disk: rng.pick([32, 64, 128]),
    };
    const addr = { id: id(), address: `${h.ip}/24`, status: active, dns_name: `${h.name}.${h.site}.lab.example`, assigned_object_type: 'virtualization.vminterface', assigned_object: { id: id(), name: 'eth0', virtual_machine: { id: vm.id, name: h.name } }, vrf: null };
    vm.primary_ip4.id = addr.id;
    vms.push(vm);
    ips.push(addr);
  }
  // Retired machines nobody removed from NetBox: still listed, no live source sees them (drift).
  for (const r of plan.retired) device(r.name, r.site, 'r99', r.ip, false, { value: 'decommissioning', label: 'Decommissioning' });
  const prefixes = plan.sites.flatMap((s, i) => [
    { id: id(), prefix: `10.${s.octet}.0.0/16`, site: siteRef.get(s.slug), vlan: null, vrf: null, status: active, role: null, description: `${s.name} site range` },
    { id: id(), prefix: `10.${s.octet}.0.0/22`, site: siteRef.get(s.slug), vlan: { id: vlans[i * 3]!.id, vid: 100, name: vlans[i * 3]!.name }, vrf: null, status: active, role: null, description: 'servers' },
  ]);
  const lists: Record<Endpoint, unknown[]> = {
    'dcim/sites': sites, 'dcim/racks': [...racks.values()].map((r) => ({ ...r, status: active, location: null, role: null, u_height: 42 })),
    'dcim/devices': devices, 'virtualization/virtual-machines': vms, 'dcim/interfaces': interfaces, 'ipam/ip-addresses': ips, 'ipam/vlans': vlans, 'ipam/prefixes': prefixes,
  };
  return Object.fromEntries(ENDPOINTS.map((e) => [fileOf(e), `${JSON.stringify(lists[e].map((item) => compact(e, item)), null, 2)}\n`]));
}
