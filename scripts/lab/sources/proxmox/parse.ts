import type { Observation, RawOutput } from '../../collector.ts';
import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { ids, normalizeHostName } from '../../identity.ts';
import { FILES, type ProxmoxConfig } from './config.ts';
import { guestNetworks, guestNics, mergeVlans, nodeNetworks, type NodeIface } from './network.ts';

/** One entry of `/cluster/status` or `/cluster/resources` (only the fields read here). */
interface Item {
  type?: string;
  id?: string;
  name?: string;
  node?: string;
  ip?: string;
  online?: number | boolean;
  nodeid?: number;
  quorate?: number | boolean;
  nodes?: number;
  version?: number;
  status?: string;
  vmid?: number | string;
  maxcpu?: number;
  maxmem?: number;
  maxdisk?: number;
  template?: number | string | boolean;
  tags?: string;
  storage?: string;
  plugintype?: string;
  shared?: number | boolean;
  content?: string;
  hastate?: string;
  pool?: string;
}
interface HaResource { sid?: string; state?: string; group?: string }
interface BackupJob { id?: string; schedule?: string; storage?: string; vmid?: string; all?: number | boolean; enabled?: number | boolean; mode?: string; node?: string; exclude?: string }

function list<T>(raw: RawOutput, file: string, config: ProxmoxConfig, required: boolean): T[] {
  const text = raw[file];
  if (text === undefined) {
    if (required) throw new Error(`proxmox source ${config.name}: raw output has no ${file}`);
    return [];
  }
  const doc = JSON.parse(text) as { data?: unknown };
  if (!doc || !Array.isArray(doc.data)) throw new Error(`proxmox source ${config.name}: ${file} has no "data" list`);
  return doc.data as T[];
}

/**
 * A per-node or per-guest answer: the API's `{"data": …}`, or the bare value `pvesh get … --output-format
 * json` prints. Missing (not fetched, refused) → undefined; anything else unreadable is an error naming the file.
 */
function optionalData(raw: RawOutput, file: string, config: ProxmoxConfig): unknown {
  const text = raw[file];
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`proxmox source ${config.name}: ${file} is not valid JSON (${(error as Error).message}); pull again.`, { cause: error });
  }
  return doc && typeof doc === 'object' && !Array.isArray(doc) && 'data' in doc ? (doc as { data: unknown }).data : doc;
}

const flag = (v: unknown): boolean => v === true || v === 1 || v === '1';
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
const seg = (s: string) => s.trim().replace(/\s+/g, '-');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** PVE tags: `;` separated today, `,`, `+` or spaces in older or hand-written ones. */
export function splitTags(tags: string | undefined): string[] {
  return [...new Set((tags ?? '').split(/[;,+\s]+/).map((t) => t.trim()).filter(Boolean))];
}

function guestStatus(s: string | undefined): 'running' | 'stopped' | 'paused' | 'unknown' {
  return s === 'running' || s === 'stopped' || s === 'paused' ? s : 'unknown';
}

/** `vm:100`/`ct:100` (older `100`) → the guest's vmid. */
function haVmid(sid: string | undefined): string | undefined {
  return /^(?:(?:vm|ct):)?(\d+)$/.exec(sid ?? '')?.[1];
}

/**
 * The cluster as `service:proxmox/<cluster>` (a standalone node: its own name), nodes as hosts
 * `member-of` it, QEMU guests as `vm` and LXC guests as `container` (`<kind>:<node>/<vmid>`)
 * `runs-on` their node, storages as `volume:<node>/<storage>` `runs-on` their node. Only sizes and
 * states are kept, never usage (cpu, mem, disk, uptime, net): they change on every pull.
 */
export function parseProxmox(raw: RawOutput, config: ProxmoxConfig): Observation {
  const status = list<Item>(raw, FILES.status, config, true);
  const resources = list<Item>(raw, FILES.resources, config, true);
  const ha = new Map(list<HaResource>(raw, FILES.ha, config, false).flatMap((h) => { const v = haVmid(h.sid); return v ? [[v, h] as const] : []; }));
  const jobs = list<BackupJob>(raw, FILES.backup, config, false);
  const notes = raw[FILES.notes] ? (JSON.parse(raw[FILES.notes]!) as { skipped?: Record<string, string> }).skipped ?? {} : {};
  const entities: EntityInput[] = [];
  const edges: Edge[] = [];
  const evidence = (via: string) => [{ kind: 'observed' as const, source: config.name, via }];

  const clusterEntry = status.find((s) => s.type === 'cluster');
  const statusNodes = status.filter((s) => s.type === 'node' && s.name);
  const resourceNodes = resources.filter((r) => r.type === 'node' && r.node);
  const nodeNames = [...new Set([...statusNodes.map((n) => n.name!), ...resourceNodes.map((n) => n.node!)])].sort(cmp);
  const local = statusNodes.find((n) => flag((n as { local?: unknown }).local))?.name ?? nodeNames[0];
  const clusterName = clusterEntry?.name ?? local ?? config.name;
  const cluster = `service:proxmox/${seg(clusterName)}`;
  entities.push({
    id: cluster, kind: 'service', name: clusterName, sources: [config.name], aliases: [],
    status: clusterEntry ? (flag(clusterEntry.quorate) ? 'up' : 'down') : 'up',
    attributes: {
      platform: 'proxmox-ve',
      standalone: !clusterEntry,
      quorate: clusterEntry ? flag(clusterEntry.quorate) : null,
      nodes: num(clusterEntry?.nodes) ?? nodeNames.length,
      version: num(clusterEntry?.version),
      ...(Object.keys(notes).length ? { unavailable: Object.keys(notes).sort(cmp) } : {}),
    },
  });

  for (const name of nodeNames) {
    const s = statusNodes.find((n) => n.name === name);
    const r = resourceNodes.find((n) => n.node === name);
    const up = s?.online !== undefined ? flag(s.online) : r?.status === 'online' ? true : r?.status === 'offline' ? false : undefined;
    const id = ids.host(name);
    entities.push({
      id, kind: 'host', name, status: up === undefined ? 'unknown' : up ? 'up' : 'down', sources: [config.name],
      aliases: s?.ip ? [s.ip] : [],
      attributes: { platform: 'proxmox-ve', nodeid: num(s?.nodeid), cpus: num(r?.maxcpu), memoryBytes: num(r?.maxmem) },
    });
    edges.push({ from: id, to: cluster, type: 'member-of', evidence: evidence('cluster/status') });
    const ifaces = optionalData(raw, FILES.network(name), config);
    if (ifaces === undefined) continue;
    if (!Array.isArray(ifaces)) throw new Error(`proxmox source ${config.name}: ${FILES.network(name)} is not a list of interfaces; pull again.`);
    const net = nodeNetworks(name, ifaces as NodeIface[], config.vlanSite, config.name);
    entities.push(...net.entities);
    edges.push(...net.edges);
    const node = entities.find((e) => e.id === id)!;
    node.aliases = [...new Set([...(node.aliases ?? []), ...net.nodeAliases])].sort(cmp);
  }

  const guests = new Map<string, string>(); // vmid → entity id, for HA and backup jobs
  for (const g of resources.filter((r) => (r.type === 'qemu' || r.type === 'lxc') && r.node && num(r.vmid) !== null)) {
    const vmid = num(g.vmid)!;
    const node = normalizeHostName(g.node!);
    const kind = g.type === 'qemu' ? 'vm' : 'container';
    const id = `${kind}:${node}/${vmid}`;
    const name = g.name?.trim() || `${g.type === 'qemu' ? 'VM' : 'CT'} ${vmid}`;
    const h = ha.get(String(vmid));
    guests.set(String(vmid), id);
    const attributes: Record<string, Json> = {
      vmid, node: g.node!, type: g.type!, cpus: num(g.maxcpu), memoryBytes: num(g.maxmem), diskBytes: num(g.maxdisk),
      template: flag(g.template), tags: splitTags(g.tags),
    };
    if (g.pool) attributes['pool'] = g.pool;
    if (h || g.hastate) attributes['ha'] = { state: h?.state ?? g.hastate ?? null, group: h?.group ?? null };
    const guestConfig = optionalData(raw, FILES.guestConfig(g.type!, vmid), config);
    const nics = guestConfig && typeof guestConfig === 'object' ? guestNics(guestConfig as Record<string, unknown>) : [];
    if (nics.length) attributes['nics'] = nics.map((n) => ({ key: n.key, bridge: n.bridge, tag: n.tag, mac: n.mac, model: n.model }));
    const aliases = [...(g.name?.trim() ? [g.name.trim()] : []), ...nics.flatMap((n) => n.addresses)];
    entities.push({ id, kind, name, status: guestStatus(g.status), sources: [config.name], aliases: [...new Set(aliases)], attributes });
    edges.push({ from: id, to: ids.host(g.node!), type: 'runs-on', evidence: evidence('cluster/resources') });
    const plugged = guestNetworks(id, normalizeHostName(g.node!), nics, config.vlanSite, config.name, `${g.type}/${vmid}/config`);
    entities.push(...plugged.entities);
    edges.push(...plugged.edges);
  }

  const volumes = new Map<string, string[]>(); // storage name → volume ids on each node
  for (const s of resources.filter((r) => r.type === 'storage' && r.node && r.storage)) {
    const id = ids.volume(s.node!, s.storage!);
    volumes.set(s.storage!, [...(volumes.get(s.storage!) ?? []), id]);
    entities.push({
      id, kind: 'volume', name: s.storage!, status: s.status === 'available' ? 'up' : 'unknown', sources: [config.name], aliases: [],
      attributes: {
        storage: s.storage!, node: s.node!, plugintype: s.plugintype ?? null, shared: flag(s.shared),
        content: (s.content ?? '').split(',').map((c) => c.trim()).filter(Boolean).sort(cmp), sizeBytes: num(s.maxdisk),
      },
    });
    edges.push({ from: id, to: ids.host(s.node!), type: 'runs-on', evidence: evidence('cluster/resources') });
  }

  for (const j of jobs.filter((j) => j.id)) {
    const id = `backup:vzdump:${seg(clusterName)}/${seg(j.id!)}`;
    const all = flag(j.all);
    const listed = (j.vmid ?? '').split(/[,\s]+/).filter(Boolean);
    const excluded = new Set((j.exclude ?? '').split(/[,\s]+/).filter(Boolean));
    entities.push({
      id, kind: 'backup', name: j.id!, status: j.enabled === undefined || flag(j.enabled) ? 'up' : 'down', sources: [config.name], aliases: [],
      attributes: { tool: 'vzdump', schedule: j.schedule ?? null, storage: j.storage ?? null, mode: j.mode ?? null, all, vmids: listed, node: j.node ?? null },
    });
    const covered = all ? [...guests.keys()].filter((v) => !excluded.has(v)) : listed;
    for (const v of covered) {
      const guest = guests.get(v);
      if (guest) edges.push({ from: guest, to: id, type: 'backed-up-by', evidence: evidence('cluster/backup') });
    }
    for (const vol of j.storage ? volumes.get(j.storage) ?? [] : []) {
      edges.push({ from: id, to: vol, type: 'stores-on', evidence: evidence('cluster/backup') });
    }
  }

  const merged = mergeVlans(entities).sort((a, b) => cmp(a.id, b.id));
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.type, b.type) || cmp(a.to, b.to));
  // A node with two interfaces on one VLAN is one membership.
  return { entities: merged, edges: [...new Map(edges.map((e) => [`${e.from} ${e.type} ${e.to}`, e])).values()] };
}
