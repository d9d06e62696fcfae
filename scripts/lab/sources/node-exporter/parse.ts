import type { Observation, RawOutput } from '../../collector.ts';
import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { isSharedAddress } from '../../../../src/lib/lab/host-identity.ts';
import { ids, normalizeHostName } from '../../identity.ts';
import { stripUrlCredentials } from '../../redact.ts';
import { instanceHost } from '../prometheus.ts';
import { isPseudo } from '../linux-host/filesystems.ts';
import { rawFile, safeJson, type Metric } from './query.ts';

type Labels = Record<string, string>;
interface Series { metric: Labels; value: number }

/** What Prometheus knows about one scrape target (`instance`), gathered from the five answers. */
interface Instance {
  instance: string;
  jobs: Set<string>;
  upJobs: Set<string>;
  uname?: Labels;
  os?: Labels;
  memoryBytes?: number;
  filesystems: Map<string, { source: string; mount: string; fstype: string; sizeBytes: number | null }>;
  up?: boolean;
}

/** The samples of one recorded answer; no schema library: 7,000 hosts' file systems are ~35,000 series. */
function vector(raw: RawOutput, metric: Metric, source: string): Series[] {
  const file = rawFile(metric);
  const text = raw[file];
  if (text === undefined) throw new Error(`node-exporter source ${source}: raw output has no ${file}; re-record it.`);
  const doc = safeJson(text) as { status?: unknown; data?: { resultType?: unknown; result?: unknown } } | undefined;
  if (doc?.status !== 'success' || doc.data?.resultType !== 'vector' || !Array.isArray(doc.data.result)) {
    throw new Error(`node-exporter source ${source}: ${file} is not a successful instant-query answer (status "success", resultType "vector"); re-record it.`);
  }
  const out: Series[] = [];
  for (const s of doc.data.result as { metric?: unknown; value?: unknown }[]) {
    if (!s || typeof s.metric !== 'object' || s.metric === null || !Array.isArray(s.value)) continue;
    out.push({ metric: s.metric as Labels, value: Number(s.value[1]) });
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One host per target of a node-exporter job: named by the exporter's `nodename` (the machine's own
 * host name, as linux-host names it), or by the instance's host when the target is down and sent
 * nothing. Linear in the number of series: everything is looked up by instance in one Map.
 */
export function parseNodeExporter(raw: RawOutput, config: { name: string; job?: string | undefined }): Observation {
  const byInstance = new Map<string, Instance>();
  const at = (labels: Labels): Instance | undefined => {
    const instance = stripUrlCredentials(labels['instance'] ?? '');
    if (!instance) return undefined;
    let found = byInstance.get(instance);
    if (!found) byInstance.set(instance, (found = { instance, jobs: new Set(), upJobs: new Set(), filesystems: new Map() }));
    if (labels['job']) found.jobs.add(labels['job']);
    return found;
  };
  for (const s of vector(raw, 'node_uname_info', config.name)) { const i = at(s.metric); if (i) i.uname = s.metric; }
  for (const s of vector(raw, 'node_os_info', config.name)) { const i = at(s.metric); if (i) i.os = s.metric; }
  for (const s of vector(raw, 'node_memory_MemTotal_bytes', config.name)) {
    const i = at(s.metric);
    if (i && Number.isFinite(s.value)) i.memoryBytes = s.value;
  }
  for (const s of vector(raw, 'node_filesystem_size_bytes', config.name)) {
    const { device = '', mountpoint = '', fstype = '' } = s.metric;
    const i = mountpoint && !isPseudo(fstype) ? at(s.metric) : undefined;
    const previous = i?.filesystems.get(mountpoint);
    // One mount point twice (stacked mounts): keep one, the same one every pull.
    if (i && (!previous || device < previous.source)) {
      i.filesystems.set(mountpoint, { source: device, mount: mountpoint, fstype, sizeBytes: Number.isFinite(s.value) ? s.value : null });
    }
  }
  // Without a configured job, `up` lists every target Prometheus has (itself, cAdvisor, blackbox…):
  // only jobs that delivered node_* series are node-exporter jobs.
  const nodeJobs = new Set<string>();
  for (const i of byInstance.values()) for (const j of i.jobs) nodeJobs.add(j);
  for (const s of vector(raw, 'up', config.name)) {
    const job = s.metric['job'] ?? '';
    if (config.job === undefined && !nodeJobs.has(job)) continue;
    const i = at(s.metric);
    if (!i) continue;
    i.upJobs.add(job);
    i.up = i.up === true || s.value === 1; // scraped by two jobs: reachable if either scrape works
  }

  const hosts = new Map<string, EntityInput>();
  const edges: Edge[] = [];
  for (const i of [...byInstance.values()].sort((a, b) => cmp(a.instance, b.instance))) {
    const address = instanceHost(i.instance);
    const nodename = i.uname?.['nodename']?.trim() || undefined;
    const named = nodename ?? address;
    if (!named) continue;
    const id = ids.host(named);
    const name = normalizeHostName(named);
    const jobs = [...(i.upJobs.size ? i.upJobs : i.jobs)].sort(cmp);
    const aliases = [nodename?.toLowerCase(), address && !isSharedAddress(address) ? address.toLowerCase() : undefined]
      .filter((a): a is string => Boolean(a) && a !== name);
    // Unknown facts are left out, not null: the merge lets later sources win per key, and a
    // down exporter must not blank what linux-host saw.
    const attributes: Record<string, Json> = {};
    if (nodename) attributes['hostname'] = nodename;
    if (i.os) attributes['os'] = osOf(i.os);
    if (i.uname?.['release']) attributes['kernel'] = i.uname['release'];
    if (i.uname?.['machine']) attributes['arch'] = i.uname['machine'];
    if (i.memoryBytes !== undefined) attributes['memoryBytes'] = i.memoryBytes;
    if (i.filesystems.size) attributes['filesystems'] = [...i.filesystems.values()].sort((a, b) => cmp(a.mount, b.mount));
    attributes['exporter'] = { instance: i.instance, job: jobs[0] ?? null, up: i.up ?? null };
    const host: EntityInput = {
      id, kind: 'host', name,
      status: i.up === undefined ? 'unknown' : i.up ? 'up' : 'down',
      sources: [config.name], aliases, attributes,
    };
    const same = hosts.get(id);
    // Two targets, one machine (scraped by name and by address, or cloned VMs keeping a host name):
    // one host, the live sighting's facts, every name.
    if (!same || (same.status !== 'up' && host.status === 'up')) hosts.set(id, same ? { ...host, aliases: [...new Set([...host.aliases!, ...same.aliases!])].sort(cmp) } : host);
    else same.aliases = [...new Set([...same.aliases!, ...aliases])].sort(cmp);
    for (const job of jobs) {
      edges.push({ from: id, to: ids.target(job, i.instance), type: 'monitored-by', evidence: [{ kind: 'observed', source: config.name, via: 'node exporter' }] });
    }
  }
  return {
    entities: [...hosts.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)),
  };
}

/** Like linux-host's os-release reading: NAME, else PRETTY_NAME; VERSION_ID, else VERSION. */
function osOf(labels: Labels): Json {
  return {
    id: labels['id'] || null,
    name: labels['name'] || labels['pretty_name'] || null,
    version: labels['version_id'] || labels['version'] || null,
  };
}
