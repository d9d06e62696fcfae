import { LAB_SCHEMA_VERSION, type Edge, type Entity, type LabGraph, type SourceSnapshot, type SourceStatus } from '../../schemas/lab.ts';
import type { Mode } from '../../schemas/common.ts';
import { byLocale, mergeEdges, mergeSightings } from './combine.ts';
import { GraphIndex } from './graph-index.ts';
import { hostOf, isSharedAddress, normalizeHostName, unifyHosts } from './host-identity.ts';
import { inferBackups, inferMonitoredContainers, inferRoutes, inferSharedNetworks, resolveDnsServers } from './infer.ts';
import { inferSegments } from './segments.ts';

/** What a document declares about an entity (`content/services/*.md`): its mode and dependencies. */
export interface Declaration {
  entity: string;
  mode?: Mode;
  dependsOn: string[];
  /** The file that says so, relative to the project. */
  file: string;
}

export interface MergeInput {
  snapshots: SourceSnapshot[];
  statuses: SourceStatus[];
  hostAliases: Record<string, string[]>;
  declarations?: Declaration[];
}

/**
 * Which guests (`vm:pve1/101` from Proxmox, `vm:cluster/web01` from NetBox) are machines other
 * sources see as hosts: matched by name and aliases (addresses, configured aliases). Guests seen
 * only by hypervisors and inventories are unified with each other by name. Returns vm id → id.
 */
function guestsAsHosts(vms: Entity[], hostByAlias: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const vm of [...vms].sort((a, b) => a.id.localeCompare(b.id))) {
    const keys = [vm.name, ...vm.aliases].filter((k) => k && !isSharedAddress(k)).map(normalizeHostName);
    const host = keys.map((k) => hostByAlias.get(k)).find(Boolean);
    if (host) {
      out.set(vm.id, host);
      continue;
    }
    const twin = keys.map((k) => byName.get(k)).find(Boolean);
    if (twin) out.set(vm.id, twin);
    for (const k of keys) if (!byName.has(k)) byName.set(k, twin ?? vm.id);
  }
  return out;
}

/**
 * The lab graph from every source's snapshot: one entity per machine however many sources saw
 * it, edges rewritten to the merged ids, then the edges only the whole graph shows (DNS servers,
 * backups covering volumes, routes to containers, shared networks) and what documents declare.
 */
export function mergeGraph(input: MergeInput): LabGraph {
  const all = input.snapshots.flatMap((s) => s.entities);
  const hosts = all.filter((e) => e.kind === 'host');
  const hostMap = unifyHosts(hosts, input.hostAliases);
  // Sources may name a host only by an address or alias (a Prometheus instance, a backup's host).
  const byAlias = new Map<string, string>();
  for (const h of hosts) for (const key of [h.name, ...h.aliases]) if (!isSharedAddress(key)) byAlias.set(normalizeHostName(key), hostMap.get(h.id)!);
  for (const [canonical, aliases] of Object.entries(input.hostAliases)) for (const a of aliases) byAlias.set(normalizeHostName(a), `host:${normalizeHostName(canonical)}`);
  const guests = guestsAsHosts(all.filter((e) => e.kind === 'vm'), byAlias);
  const rename = (id: string): string => {
    const guest = guests.get(id);
    if (guest) return guest;
    const h = hostOf(id);
    if (!h) return id;
    const canonical = hostMap.get(`host:${h.host}`) ?? byAlias.get(normalizeHostName(h.host));
    return canonical ? h.rebuild(canonical.slice('host:'.length)) : id;
  };

  const sightings = new Map<string, Entity[]>();
  for (const e of all) {
    const id = rename(e.id);
    // A guest that is also seen as a machine (host collector, Tailscale, Ansible) becomes that host:
    // one entity, kind host, with the hypervisor's facts (vmid, node) among its attributes.
    const kind = id.startsWith('host:') ? 'host' : e.kind;
    const moved: Entity = { ...e, id, kind, aliases: id !== e.id ? [...e.aliases, e.name, e.id] : e.aliases };
    const list = sightings.get(id);
    if (list) list.push(moved);
    else sightings.set(id, [moved]);
  }
  const byId = new Map<string, Entity>();
  for (const [id, list] of sightings) byId.set(id, mergeSightings(list));
  // A machine is shown by the name sources.yaml gives it, the one its documents use; the name a
  // source reported (the box may call itself "vm") stays an alias.
  for (const canonical of Object.keys(input.hostAliases)) {
    const host = byId.get(`host:${normalizeHostName(canonical)}`);
    if (host && host.name !== canonical) byId.set(host.id, { ...host, name: canonical, aliases: [...new Set([...host.aliases, host.name])].sort() });
  }
  for (const d of input.declarations ?? []) {
    const target = byId.get(rename(d.entity));
    if (target && d.mode) target.mode = d.mode;
  }

  let edges = input.snapshots.flatMap((s) => s.edges).map((e) => ({ ...e, from: rename(e.from), to: rename(e.to) }));
  const declared: Edge[] = (input.declarations ?? []).flatMap((d) =>
    d.dependsOn.map((to) => ({ from: rename(d.entity), to: rename(to), type: 'depends-on' as const, evidence: [{ kind: 'declared' as const, file: d.file }] })),
  );
  const index = new GraphIndex([...byId.values()], edges);
  const dns = resolveDnsServers(index, edges);
  edges = [...dns.edges, ...inferBackups(index), ...inferRoutes(index), ...inferSharedNetworks(index, dns.edges), ...inferMonitoredContainers(index, dns.edges), ...inferSegments([...byId.values()]), ...declared];
  // A resolver address that turned out to be a container or host of ours is no longer an entity of its own.
  if (dns.resolved.size) {
    const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
    for (const id of dns.resolved) if (!linked.has(id)) byId.delete(id);
  }

  return {
    schemaVersion: LAB_SCHEMA_VERSION,
    generatedBy: 'scarbook merge',
    sources: [...input.statuses].sort((a, b) => byLocale(a.name, b.name)),
    entities: [...byId.values()].sort((a, b) => byLocale(a.id, b.id)),
    edges: mergeEdges(edges),
  };
}
