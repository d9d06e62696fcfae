import { describe, expect, it } from 'vitest';
import type { Entity } from '../../schemas/lab.ts';
import { inferSegments, segmentSubnets } from './segments.ts';

const entity = (id: string, kind: Entity['kind'], aliases: string[] = [], attributes: Entity['attributes'] = {}): Entity =>
  ({ id, kind, name: id.split(':')[1]!, sources: ['src'], aliases, attributes });

describe('network segments', () => {
  const bridge = entity('network:vlan/home/1', 'network', [], { type: 'vlan', subnets: ['192.168.1.0/24'] });
  const nodeBridge = entity('network:pve2/vmbr0', 'network', [], { driver: 'linux-bridge', subnets: ['192.168.1.0/24'] });
  const iot = entity('network:vlan/home/30', 'network', [], { declared: true, netbox: { type: 'vlan', prefixes: [{ prefix: '10.30.0.0/24' }] } });
  const prefix = entity('network:prefix/10.40.0.0/24', 'network', [], { netbox: { type: 'prefix', prefix: '10.40.0.0/24' } });
  const docker = entity('network:nas/homelab_default', 'network', [], { driver: 'bridge', subnet: '10.20.0.0/24' });
  const hostRoute = entity('network:vlan/global/2', 'network', [], { subnets: ['192.168.2.50/32'] });

  it('reads Proxmox subnets and NetBox prefixes, never Docker networks or host routes', () => {
    expect([bridge, iot, prefix, docker, hostRoute].map(segmentSubnets)).toEqual([['192.168.1.0/24'], ['10.30.0.0/24'], ['10.40.0.0/24'], [], []]);
  });

  it('puts each host and VM on the segments its addresses lie in, saying which address', () => {
    const edges = inferSegments([
      bridge, nodeBridge, iot, prefix, docker, hostRoute,
      entity('host:nas', 'host', ['192.168.1.10', '10.20.0.1', '127.0.0.1']),
      entity('vm:pve/201', 'vm', ['10.30.0.7', 'unifi']),
      entity('host:phone', 'host', ['100.64.0.3']),
    ]);
    expect(edges.map((e) => `${e.from} → ${e.to} (${e.evidence[0]!.kind === 'observed' ? e.evidence[0]!.via : ''})`)).toEqual([
      'host:nas → network:vlan/home/1 (address 192.168.1.10 in 192.168.1.0/24)',
      'vm:pve/201 → network:vlan/home/30 (address 10.30.0.7 in 10.30.0.0/24)',
    ]);
  });
});
