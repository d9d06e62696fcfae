import { isIP } from 'node:net';
import type { Edge, Entity } from '../../schemas/lab.ts';
import { isSharedAddress } from './host-identity.ts';
import { inSubnet } from './subnet.ts';

/**
 * The subnets a network segment covers: a Proxmox bridge or VLAN (`subnets`), a NetBox prefix or
 * the prefixes of a NetBox VLAN. Docker networks are left out on purpose: every Docker host has an
 * address on its own bridges, which says nothing about where the machine is plugged in.
 */
export function segmentSubnets(network: Entity): string[] {
  const a = network.attributes as { subnets?: unknown; netbox?: { prefix?: unknown; prefixes?: { prefix?: unknown }[] } };
  const own = Array.isArray(a.subnets) ? a.subnets.filter((s): s is string => typeof s === 'string') : [];
  const nb = [a.netbox?.prefix, ...(a.netbox?.prefixes ?? []).map((p) => p.prefix)].filter((s): s is string => typeof s === 'string');
  // A host route (/32, /128) is one machine's own address, not a segment others share.
  return [...new Set([...own, ...nb])].filter((s) => !/\/(32|128)$/.test(s));
}

/**
 * Hosts and VMs whose addresses lie in a segment's subnets are `member-of` that segment: this is
 * how a host the hypervisor or NetBox never tagged still shows on its VLAN (trust, IoT, lab) in
 * the network view.
 */
export function inferSegments(entities: Entity[]): Edge[] {
  // A node's own bridge (`network:pve2/vmbr0`) is that node's port, not a segment to put other machines on.
  const segments = entities.filter((e) => e.kind === 'network' && !String(e.attributes.driver ?? '').endsWith('bridge')).map((n) => ({ n, subnets: segmentSubnets(n) })).filter((s) => s.subnets.length);
  const edges: Edge[] = [];
  for (const machine of entities.filter((e) => e.kind === 'host' || e.kind === 'vm')) {
    const addresses = machine.aliases.filter((a) => isIP(a) && !isSharedAddress(a));
    for (const { n, subnets } of segments) {
      const hit = addresses.flatMap((a) => subnets.filter((s) => inSubnet(a, s)).map((s) => `address ${a} in ${s}`))[0];
      if (hit) edges.push({ from: machine.id, to: n.id, type: 'member-of', evidence: [{ kind: 'observed', source: n.sources[0] ?? 'lab', via: hit }] });
    }
  }
  return edges;
}
