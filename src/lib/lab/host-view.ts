import type { Edge, Entity } from '../../schemas/lab.ts';

type WithEdges = Entity & { out: Edge[]; in: Edge[] };

export interface Link { id: string; name: string; status?: string; detail: string }
export interface PeerLink extends Link { mesh: 'tailscale' | 'wireguard'; state: 'up' | 'down' | 'unknown' }

/** What a host page shows about where a machine sits: cluster, hypervisor, guests, pods, mesh peers, networks. */
export interface HostView {
  clusters: Link[];
  hypervisor: Link | null;
  guests: Link[];
  pods: Link[];
  peers: PeerLink[];
  networks: Link[];
}

const link = (e: Entity, detail: string): Link => ({ id: e.id, name: e.name, ...(e.status ? { status: e.status } : {}), detail });
const byName = (a: Link, b: Link) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** `VLAN 20 · 192.168.20.0/24`, `bridge on pve2, ports eno1`, `NetBox prefix` … in a few words. */
function networkDetail(n: Entity): string {
  const a = n.attributes as { type?: string; vid?: number; subnets?: string[]; driver?: string; node?: string; ports?: string[]; netbox?: { type?: string; vid?: number; prefix?: string; role?: string | null; prefixes?: { prefix: string }[] } };
  const subnets = [...(a.subnets ?? []), ...(a.netbox?.prefix ? [a.netbox.prefix] : []), ...(a.netbox?.prefixes ?? []).map((p) => p.prefix)];
  const vid = a.vid ?? a.netbox?.vid;
  const what = vid !== undefined ? `VLAN ${vid}` : a.driver?.endsWith('bridge') ? `bridge on ${a.node ?? 'its node'}${a.ports?.length ? `, ports ${a.ports.join(' ')}` : ''}`
    : a.netbox?.type === 'prefix' ? 'prefix' : a.driver ?? 'network';
  return [what, a.netbox?.role ? `role ${a.netbox.role}` : '', [...new Set(subnets)].join(', ')].filter(Boolean).join(' · ');
}

/** The peer's link state as its mesh reports it: Tailscale's `online`, WireGuard's handshake within 3 minutes. */
function peerState(self: WithEdges, peer: Entity, byId: Map<string, WithEdges>): Omit<PeerLink, keyof Link> & { detail: string } {
  const ts = (peer.attributes as { tailscale?: { online?: boolean; os?: string; exitNode?: boolean; relay?: string } }).tailscale;
  // Either end may be the hub: the spoke has the public key, the hub's interface lists its peers' handshakes.
  for (const [hub, spoke] of [[self, peer], [peer, self]] as const) {
    const key = (spoke.attributes as { wireguard?: { publicKey?: string } }).wireguard?.publicKey;
    const hubEdges = byId.get(hub.id)?.out ?? [];
    const iface = key ? hubEdges.filter((e) => e.type === 'member-of').map((e) => byId.get(e.to)).find((n) => n?.attributes.driver === 'wireguard') : undefined;
    const p = ((iface?.attributes.peers as { publicKey: string; handshake: string; state: string; endpoint: string | null }[] | undefined) ?? []).find((x) => x.publicKey === key);
    if (p) {
      const words = p.handshake === 'recent' ? 'handshake within 3 minutes' : p.handshake === 'never' ? 'no handshake ever' : 'last handshake over 3 minutes ago';
      return { mesh: 'wireguard', state: p.state === 'up' ? 'up' : 'down', detail: `WireGuard ${iface!.name}: ${words}${p.endpoint ? `, endpoint ${p.endpoint}` : ''}` };
    }
  }
  if (ts) {
    return { mesh: 'tailscale', state: ts.online ? 'up' : 'down', detail: `Tailscale: ${ts.online ? 'online' : 'offline'}${ts.os ? `, ${ts.os}` : ''}${ts.exitNode ? ', exit node' : ''}${ts.relay ? `, relay ${ts.relay}` : ''}` };
  }
  return { mesh: 'wireguard', state: 'unknown', detail: 'mesh link, state not reported' };
}

/** The host page's view of one host, from its edges in the merged graph. */
export function hostView(host: WithEdges, byId: Map<string, WithEdges>): HostView {
  const out = (type: string) => host.out.filter((e) => e.type === type).map((e) => byId.get(e.to)).filter((x): x is WithEdges => !!x);
  const into = (type: string) => host.in.filter((e) => e.type === type).map((e) => byId.get(e.from)).filter((x): x is WithEdges => !!x);
  const clusters = out('member-of').filter((e) => e.kind === 'service' && /^service:(proxmox|k8s)\//.test(e.id))
    .map((c) => link(c, `${c.id.startsWith('service:k8s/') ? 'Kubernetes' : 'Proxmox VE'} cluster${typeof c.attributes.nodes === 'number' ? ` of ${c.attributes.nodes} nodes` : ''}`));
  const hyper = out('runs-on').find((e) => e.kind === 'host');
  const vmid = host.attributes.vmid;
  const running = into('runs-on');
  const guests = running.filter((e) => e.attributes.vmid !== undefined)
    .map((g) => link(g, `${g.attributes.type === 'lxc' ? 'LXC container' : 'VM'} ${String(g.attributes.vmid)}${g.attributes.template ? ', template' : ''}`));
  const pods = running.filter((e) => e.kind === 'container' && typeof e.attributes.namespace === 'string')
    .map((p) => link(p, `pod in ${String(p.attributes.namespace)}`));
  const peerIds = new Set([...host.out, ...host.in].filter((e) => e.type === 'connects-to').map((e) => (e.from === host.id ? e.to : e.from)));
  const peers = [...peerIds].map((id) => byId.get(id)).filter((p): p is WithEdges => !!p && p.kind === 'host').map((p) => ({ ...link(p, ''), ...peerState(host, p, byId) }));
  const networks = out('member-of').filter((e) => e.kind === 'network').map((n) => link(n, networkDetail(n)));
  return {
    clusters: clusters.sort(byName),
    hypervisor: hyper ? link(hyper, `${typeof vmid === 'number' ? `as ${host.attributes.type === 'lxc' ? 'LXC container' : 'VM'} ${vmid}` : 'guest'}`) : null,
    guests: guests.sort(byName),
    pods: pods.sort(byName),
    peers: peers.sort(byName),
    networks: networks.sort(byName),
  };
}
