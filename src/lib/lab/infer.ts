import type { Edge, Entity } from '../../schemas/lab.ts';
import { GraphIndex } from './graph-index.ts';

const observed = (source: string, via: string) => [{ kind: 'observed' as const, source, via }];

/**
 * `dns-server:<address>` endpoints (a host's resolvers) become whatever really answers DNS
 * there: a container publishing port 53 on that address, else the host with that address.
 * This is how "the container someone tidied up was the only DNS server" shows in the graph.
 */
export function resolveDnsServers(idx: GraphIndex, edges: Edge[]): { edges: Edge[]; resolved: Set<string> } {
  const resolved = new Set<string>();
  const out = edges.flatMap((e) => {
    const target = idx.byId.get(e.to);
    if (target?.kind !== 'dns-server') return [e];
    const address = String(target.attributes.address ?? target.name);
    const host = idx.hostAt(address);
    const servers = host ? idx.publishing(host, 53, address) : [];
    const to = servers.length ? servers.map((s) => s.id) : host ? [host] : [];
    if (!to.length || to.includes(e.from)) return [e];
    resolved.add(target.id);
    return to.map((id) => ({ ...e, to: id, evidence: e.evidence.map((x) => (x.kind === 'observed' ? { ...x, via: `${x.via ?? 'resolver'} → serves DNS at ${address}` } : x)) }));
  });
  return { edges: out, resolved };
}

/** Volumes and bind mounts whose host path lies inside a backed-up path of the same host. */
export function inferBackups(idx: GraphIndex): Edge[] {
  const edges: Edge[] = [];
  // Stores grouped by the host in their id once, so each backup looks only at its own host's.
  const storesByHost = new Map<string, Entity[]>();
  for (const store of [...idx.of('volume'), ...idx.of('bind-mount')]) {
    const key = `host:${store.id.match(/^[a-z-]+:([^/:]+)/)?.[1]}`;
    const list = storesByHost.get(key);
    if (list) list.push(store);
    else storesByHost.set(key, [store]);
  }
  for (const backup of idx.of('backup')) {
    const host = idx.hostAt(String(backup.attributes.host ?? ''));
    const root = String(backup.attributes.path ?? '').replace(/\/+$/, '');
    if (!host || !root) continue;
    for (const store of storesByHost.get(host) ?? []) {
      const hostPath = String(store.attributes.hostPath ?? '').replace(/\/+$/, '');
      if (!hostPath) continue;
      if (hostPath === root || hostPath.startsWith(`${root}/`) || root === '') {
        edges.push({ from: store.id, to: backup.id, type: 'backed-up-by', evidence: observed(backup.sources[0] ?? 'backup', `backup path ${root || '/'} covers ${hostPath}`) });
      }
    }
  }
  return edges;
}

/** A proxy route's upstreams (`pihole:80`, `127.0.0.1:8080`) → the container or host behind them. */
export function inferRoutes(idx: GraphIndex): Edge[] {
  const edges: Edge[] = [];
  for (const route of idx.of('route')) {
    const server = typeof route.attributes.server === 'string' ? idx.hostAt(route.attributes.server.replace(/^host:/, '')) : undefined;
    for (const dial of (route.attributes.upstreams as string[] | undefined) ?? []) {
      const m = /^(?:[a-z]+:\/\/)?\[?([^\]]+?)\]?:(\d+)$/.exec(dial) ?? /^(?:[a-z]+:\/\/)?([^:/]+)$/.exec(dial);
      if (!m) continue;
      const [, hostPart = '', portText] = m;
      const port = Number(portText ?? 80);
      const loopback = /^(127\.|localhost$|::1$)/.test(hostPart);
      const host = loopback ? server : idx.hostAt(hostPart);
      const byName = !host ? idx.containerNamed(hostPart, server) : undefined;
      const targets = byName ? [byName] : host ? idx.publishing(host, port, loopback ? undefined : hostPart) : [];
      const to = targets.length ? targets.map((t) => t.id) : host ? [host] : [];
      for (const id of to) edges.push({ from: route.id, to: id, type: 'routes-to', evidence: observed(route.sources[0] ?? 'proxy', `upstream ${dial}`) });
    }
  }
  return edges;
}

/**
 * Containers on the same user-defined network can reach each other: a `connects-to` link.
 * The direction of a dependency is not visible from the network alone, so it is not depends-on.
 */
export function inferSharedNetworks(idx: GraphIndex, edges: Edge[]): Edge[] {
  const members = new Map<string, string[]>();
  for (const e of edges) {
    if (e.type !== 'member-of' || idx.byId.get(e.to)?.kind !== 'network' || idx.byId.get(e.from)?.kind !== 'container') continue;
    const list = members.get(e.to);
    if (list) list.push(e.from);
    else members.set(e.to, [e.from]);
  }
  const out: Edge[] = [];
  for (const [network, list] of members) {
    const sorted = [...new Set(list)].sort();
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) {
      out.push({ from: sorted[i]!, to: sorted[j]!, type: 'connects-to', evidence: observed(idx.byId.get(network)!.sources[0] ?? 'docker', `shared network ${idx.byId.get(network)!.name}`) });
    }
  }
  return out;
}

/** A scrape target on a host port that a container publishes monitors that container too. */
export function inferMonitoredContainers(idx: GraphIndex, edges: Edge[]): Edge[] {
  return edges.flatMap((e) => {
    if (e.type !== 'monitored-by' || idx.byId.get(e.from)?.kind !== 'host') return [];
    const port = Number(/:(\d+)$/.exec(String(idx.byId.get(e.to)?.attributes.instance ?? ''))?.[1]);
    if (!port) return [];
    return idx.publishing(e.from, port).map((c) => ({ from: c.id, to: e.to, type: 'monitored-by' as const, evidence: observed(e.evidence[0]?.kind === 'observed' ? e.evidence[0].source : 'prometheus', `target port ${port} is published by ${c.name}`) }));
  });
}

export type { Entity };
