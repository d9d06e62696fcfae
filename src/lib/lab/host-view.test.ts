import { describe, expect, it } from 'vitest';
import type { Edge, Entity } from '../../schemas/lab.ts';
import { hostView } from './host-view.ts';

type E = Entity & { out: Edge[]; in: Edge[] };
const ev = [{ kind: 'observed' as const, source: 's' }];

/** Entities with their edges attached, as the lab collection gives them to pages. */
function graph(entities: Omit<Entity, 'sources' | 'aliases'>[], edges: [string, Edge['type'], string][]): Map<string, E> {
  const all = edges.map(([from, type, to]) => ({ from, to, type, evidence: ev }));
  return new Map(entities.map((e) => [e.id, { sources: ['s'], aliases: [], ...e, out: all.filter((x) => x.from === e.id), in: all.filter((x) => x.to === e.id) }]));
}

describe('hostView', () => {
  const byId = graph([
    { id: 'service:proxmox/home', kind: 'service', name: 'home', attributes: { nodes: 3 } },
    { id: 'host:pve2', kind: 'host', name: 'pve2', status: 'up', attributes: {} },
    { id: 'host:minikube', kind: 'host', name: 'minikube', status: 'running', attributes: { vmid: 100, type: 'qemu' } },
    { id: 'container:pve2/201', kind: 'container', name: 'unifi', status: 'stopped', attributes: { vmid: 201, type: 'lxc' } },
    { id: 'container:minikube/default/web-1', kind: 'container', name: 'web-1', status: 'running', attributes: { namespace: 'default' } },
    { id: 'network:vlan/home/20', kind: 'network', name: 'IoT', attributes: { declared: true, netbox: { type: 'vlan', vid: 20, role: 'iot', prefixes: [{ prefix: '10.20.0.0/24' }] } } },
    { id: 'network:pve2/vmbr0', kind: 'network', name: 'vmbr0', attributes: { driver: 'linux-bridge', node: 'pve2', ports: ['eno1'], subnets: ['192.168.1.0/24'] } },
    { id: 'host:edge', kind: 'host', name: 'edge', attributes: {} },
    { id: 'network:edge/wg0', kind: 'network', name: 'wg0', attributes: { driver: 'wireguard', peers: [{ publicKey: 'K1', handshake: 'stale', state: 'down', endpoint: '198.51.100.7:51820' }] } },
    { id: 'host:phone', kind: 'host', name: 'phone', status: 'down', attributes: { tailscale: { online: false, os: 'iOS' } } },
  ], [
    ['host:pve2', 'member-of', 'service:proxmox/home'], ['host:pve2', 'member-of', 'network:pve2/vmbr0'],
    ['host:minikube', 'runs-on', 'host:pve2'], ['container:pve2/201', 'runs-on', 'host:pve2'], ['host:minikube', 'member-of', 'network:vlan/home/20'],
    ['container:minikube/default/web-1', 'runs-on', 'host:minikube'],
    ['host:edge', 'member-of', 'network:edge/wg0'], ['host:edge', 'connects-to', 'host:pve2'], ['host:pve2', 'connects-to', 'host:phone'],
  ]);
  // pve2 is edge's WireGuard peer K1 in this graph.
  byId.get('host:pve2')!.attributes = { wireguard: { publicKey: 'K1' } };

  it('a hypervisor node: its cluster, guests, mesh peers with link state, and its bridge', () => {
    const v = hostView(byId.get('host:pve2')!, byId);
    expect(v.clusters).toEqual([{ id: 'service:proxmox/home', name: 'home', detail: 'Proxmox VE cluster of 3 nodes' }]);
    expect(v.hypervisor).toBeNull();
    expect(v.guests.map((g) => `${g.name}: ${g.detail}`)).toEqual(['minikube: VM 100', 'unifi: LXC container 201']);
    expect(v.peers).toEqual([
      { id: 'host:edge', name: 'edge', mesh: 'wireguard', state: 'down', detail: 'WireGuard wg0: last handshake over 3 minutes ago, endpoint 198.51.100.7:51820' },
      { id: 'host:phone', name: 'phone', status: 'down', mesh: 'tailscale', state: 'down', detail: 'Tailscale: offline, iOS' },
    ]);
    expect(v.networks).toEqual([{ id: 'network:pve2/vmbr0', name: 'vmbr0', detail: 'bridge on pve2, ports eno1 · 192.168.1.0/24' }]);
  });

  it('a guest: the hypervisor it runs on, its pods and its VLAN', () => {
    const v = hostView(byId.get('host:minikube')!, byId);
    expect(v.hypervisor).toEqual({ id: 'host:pve2', name: 'pve2', status: 'up', detail: 'as VM 100' });
    expect(v.pods).toEqual([{ id: 'container:minikube/default/web-1', name: 'web-1', status: 'running', detail: 'pod in default' }]);
    expect(v.networks).toEqual([{ id: 'network:vlan/home/20', name: 'IoT', detail: 'VLAN 20 · role iot · 10.20.0.0/24' }]);
  });
});
