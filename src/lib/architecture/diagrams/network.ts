import { worstSurvival } from '../../drills/survival.ts';
import type { ArchEntity } from '../arch-graph.ts';
import { MAX_NODES, plural, type ViewContext } from './context.ts';
import { flowchart, type Diagram, type DiagramEdge, type DiagramNode } from './mermaid-text.ts';

const MESH = new Set(['tailscale', 'wireguard']);
export const isMesh = (n: ArchEntity) => MESH.has(String(n.attributes.driver ?? ''));

/** A link's state: the peer's (Tailscale online, WireGuard handshake recent), as the source saw it. */
export function linkState(peer: ArchEntity | undefined): 'up' | 'down' | 'unknown' {
  if (peer?.status === 'up' || peer?.status === 'running') return 'up';
  if (peer?.status === 'down') return 'down';
  return 'unknown';
}

/** Members of a network (member-of edges into it). */
export const membersOf = (ctx: ViewContext, network: ArchEntity) =>
  network.in.filter((e) => e.type === 'member-of').map((e) => ctx.findings.facts.graph.byId.get(e.from)).filter((x): x is ArchEntity => !!x);

/** Mesh links between hosts (connects-to seen by a Tailscale or WireGuard source), once per pair. */
export function meshLinks(ctx: ViewContext): { from: ArchEntity; to: ArchEntity; via: string; state: ReturnType<typeof linkState> }[] {
  const { graph } = ctx.findings.facts;
  const out = [];
  for (const e of graph.edges) {
    if (e.type !== 'connects-to') continue;
    const via = e.evidence.map((x) => (x.kind === 'observed' ? x.via ?? '' : '')).find((v) => /tailscale|wireguard/i.test(v));
    const from = graph.byId.get(e.from);
    const to = graph.byId.get(e.to);
    if (via && from && to) out.push({ from, to, via, state: linkState(to) });
  }
  return out;
}

/**
 * Mesh peers with their link state, and every network with who is on it. Each network is one
 * group of its members while everything fits; otherwise each network collapses to a count.
 */
export function networkDiagram(ctx: ViewContext): Diagram {
  const { facts } = ctx.findings;
  const networks = facts.graph.entities.filter((e) => e.kind === 'network');
  const memberLists = networks.map((n) => ({ network: n, members: membersOf(ctx, n) }));
  const distinct = new Set(memberLists.flatMap((m) => m.members.map((x) => x.id)));
  const base = { anchor: 'network-diagram', title: 'Networks, mesh peers and link state' };
  const memberNode = (x: ArchEntity): DiagramNode => ({ key: x.id, label: `${x.name}${x.kind === 'host' ? '' : ` (${x.kind})`}`, status: facts.survival(x.id), href: ctx.urls.entity(x.id), shape: x.kind === 'host' ? 'round' : 'box' });
  if (networks.length + distinct.size <= MAX_NODES) {
    const nodes: DiagramNode[] = networks.map((n) => ({ key: n.id, label: `${n.name} · ${String(n.attributes.driver ?? 'network')}`, href: ctx.urls.entity(n.id), shape: 'hexagon' }));
    const edges: DiagramEdge[] = [];
    for (const x of [...distinct].map((id) => facts.graph.byId.get(id)!)) nodes.push(memberNode(x));
    for (const { network, members } of memberLists) for (const m of members) edges.push({ from: m.id, to: network.id, label: 'on' });
    for (const l of meshLinks(ctx)) edges.push({ from: l.from.id, to: l.to.id, label: `link ${l.state}`, dashed: l.state !== 'up' });
    return flowchart({ ...base, nodes, edges });
  }
  const shown = memberLists.slice(0, MAX_NODES - 1);
  const nodes = shown.map(({ network, members }): DiagramNode => {
    const down = members.filter((m) => linkState(m) === 'down').length;
    return {
      key: network.id, label: `${network.name} · ${plural(members.length, 'member')}${isMesh(network) && down ? `, ${down} down` : ''}`,
      status: worstSurvival(members.map((m) => facts.survival(m.id))), href: ctx.urls.entity(network.id), shape: 'hexagon',
    };
  });
  if (memberLists.length > shown.length) nodes.push({ key: 'more-networks', label: plural(memberLists.length - shown.length, 'more network'), href: ctx.urls.page('network/#networks'), shape: 'stadium' });
  return flowchart({ ...base, nodes });
}
