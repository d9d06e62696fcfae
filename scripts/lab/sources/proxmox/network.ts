import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { isSharedAddress } from '../../../../src/lib/lab/host-identity.ts';
import { subnetOf } from '../../../../src/lib/lab/subnet.ts';
import { ids } from '../../identity.ts';

/** One entry of `GET /nodes/{node}/network` (only the fields read here; PVE gives numbers or strings). */
export interface NodeIface {
  iface?: string;
  type?: string;
  active?: number | string | boolean;
  cidr?: string;
  cidr6?: string;
  address?: string;
  netmask?: string;
  gateway?: string;
  bridge_ports?: string;
  bridge_vlan_aware?: number | string | boolean;
  bridge_vids?: string;
  'vlan-id'?: number | string;
  'vlan-raw-device'?: string;
  comments?: string;
}

/** One `netN` of a guest config: `virtio=BC:24:…,bridge=vmbr0,tag=20` (QEMU) or `name=eth0,bridge=vmbr0,ip=…` (LXC). */
export interface GuestNic { key: string; bridge: string | null; tag: number | null; mac: string | null; model: string | null; addresses: string[] }

const flag = (v: unknown) => v === true || v === 1 || v === '1';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const vidOf = (v: unknown) => (/^\d{1,4}$/.test(String(v ?? '')) ? Number(v) : null);
/** `192.168.1.5/24` → `192.168.1.5`, for aliases; `dhcp`, `manual`, shared addresses → none. */
const hostAddress = (cidr: string | undefined) => {
  const a = cidr?.split('/')[0]?.trim();
  return a && /[.:]/.test(a) && !isSharedAddress(a) ? a : undefined;
};

/** `key=value,key=value` with a bare first word (`virtio,bridge=vmbr0`) allowed. */
function properties(text: string): Map<string, string> {
  return new Map(text.split(',').map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [part.trim(), ''] as const : [part.slice(0, i).trim(), part.slice(i + 1).trim()] as const;
  }));
}

const MODELS = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3', 'i82551', 'i82557b', 'i82559er', 'ne2k_isa', 'ne2k_pci', 'pcnet', 'e1000-82540em', 'e1000-82544gc', 'e1000-82545em'];

/**
 * The NICs of a guest config (`GET /nodes/{node}/qemu|lxc/{vmid}/config`): bridge, VLAN tag, MAC
 * and static addresses (LXC `ip=`/`ip6=` on the NIC, QEMU cloud-init `ipconfigN`).
 */
export function guestNics(config: Record<string, unknown>): GuestNic[] {
  const nics: GuestNic[] = [];
  for (const key of Object.keys(config).filter((k) => /^net\d+$/.test(k)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))) {
    const p = properties(String(config[key] ?? ''));
    const model = [...p.keys()].find((k) => MODELS.includes(k)) ?? p.get('model') ?? (p.has('name') ? 'veth' : null);
    const cloudInit = properties(String(config[`ipconfig${key.slice(3)}`] ?? ''));
    const addresses = [p.get('ip'), p.get('ip6'), cloudInit.get('ip'), cloudInit.get('ip6')].map(hostAddress).filter((a): a is string => !!a);
    nics.push({
      key,
      bridge: p.get('bridge') || null,
      tag: vidOf(p.get('tag')),
      mac: (model && p.get(model)) || p.get('hwaddr') || p.get('macaddr') || null,
      model,
      addresses: [...new Set(addresses)],
    });
  }
  return nics;
}

export interface NetworkParts { entities: EntityInput[]; edges: Edge[]; nodeAliases: string[] }

/**
 * One node's bridges and VLAN interfaces as network entities. A bridge is `network:<node>/<bridge>`
 * (per node: the same name on two nodes may be wired to different switches); a VLAN is one
 * segment for the whole cluster, `network:vlan/<vlanSite>/<vid>`, the id NetBox's VLANs have, so
 * the two merge. The node is `member-of` each bridge or VLAN it has an address on.
 */
export function nodeNetworks(node: string, ifaces: NodeIface[], vlanSite: string, source: string): NetworkParts {
  const entities: EntityInput[] = [];
  const edges: Edge[] = [];
  const nodeAliases: string[] = [];
  const host = ids.host(node);
  const evidence = [{ kind: 'observed' as const, source, via: `nodes/${node}/network` }];
  for (const i of [...ifaces].filter((x) => x.iface).sort((a, b) => cmp(a.iface!, b.iface!))) {
    const addresses = [hostAddress(i.cidr ?? i.address), hostAddress(i.cidr6)].filter((a): a is string => !!a);
    const subnets = [i.cidr, i.cidr6].map((c) => (c ? subnetOf(c) : null)).filter((s): s is string => !!s);
    nodeAliases.push(...addresses);
    const vid = i.type === 'vlan' ? vidOf(i['vlan-id']) ?? vidOf(/\.(\d+)$/.exec(i.iface!)?.[1]) : null;
    if (vid !== null) {
      entities.push({
        id: ids.vlan(vlanSite, vid), kind: 'network', name: `VLAN ${vid}`, sources: [source], aliases: [],
        attributes: { type: 'vlan', vid, subnets, interfaces: [`${node}/${i.iface}${i['vlan-raw-device'] ? ` on ${i['vlan-raw-device']}` : ''}`] },
      });
      if (addresses.length) edges.push({ from: host, to: ids.vlan(vlanSite, vid), type: 'member-of', evidence });
      continue;
    }
    if (i.type !== 'bridge' && i.type !== 'OVSBridge') continue;
    const id = ids.network(node, i.iface!);
    const attributes: Record<string, Json> = {
      driver: i.type === 'OVSBridge' ? 'ovs-bridge' : 'linux-bridge', node, active: flag(i.active),
      ports: (i.bridge_ports ?? '').split(/\s+/).filter(Boolean), vlanAware: flag(i.bridge_vlan_aware),
      subnets, gateway: i.gateway ?? null,
    };
    if (i.bridge_vids) attributes['vlanIds'] = i.bridge_vids;
    entities.push({ id, kind: 'network', name: i.iface!, status: flag(i.active) ? 'up' : 'down', sources: [source], aliases: [], attributes });
    edges.push({ from: id, to: host, type: 'runs-on', evidence });
    if (addresses.length) edges.push({ from: host, to: id, type: 'member-of', evidence });
  }
  return { entities, edges, nodeAliases };
}

/** A guest's NICs as `member-of` edges: to the VLAN when tagged, else to its node's bridge. */
export function guestNetworks(guest: string, node: string, nics: GuestNic[], vlanSite: string, source: string, via: string): { entities: EntityInput[]; edges: Edge[] } {
  const entities: EntityInput[] = [];
  const edges: Edge[] = [];
  const evidence = [{ kind: 'observed' as const, source, via }];
  for (const nic of nics) {
    if (nic.tag !== null) {
      const id = ids.vlan(vlanSite, nic.tag);
      // The VLAN may exist nowhere else (no node address on it): the guest's tag is evidence enough.
      entities.push({ id, kind: 'network', name: `VLAN ${nic.tag}`, sources: [source], aliases: [], attributes: { type: 'vlan', vid: nic.tag } });
      edges.push({ from: guest, to: id, type: 'member-of', evidence });
    } else if (nic.bridge) {
      edges.push({ from: guest, to: ids.network(node, nic.bridge), type: 'member-of', evidence });
    }
  }
  return { entities, edges };
}

/** A VLAN seen on several nodes (or by a guest tag) is one entity: its subnets and interfaces add up. */
export function mergeVlans(entities: EntityInput[]): EntityInput[] {
  const out = new Map<string, EntityInput>();
  for (const e of entities) {
    const prev = out.get(e.id);
    if (!prev) { out.set(e.id, e); continue; }
    const a = (prev.attributes ?? {}) as Record<string, Json>;
    const b = (e.attributes ?? {}) as Record<string, Json>;
    const union = (k: string) => [...new Set([...((a[k] as string[] | undefined) ?? []), ...((b[k] as string[] | undefined) ?? [])])].sort(cmp);
    out.set(e.id, { ...prev, attributes: { ...a, ...b, subnets: union('subnets'), interfaces: union('interfaces') } });
  }
  return [...out.values()];
}
