import { createRandom, type Random } from '../random.ts';
import { MONITORING, STACKS, type ServiceSpec } from './stacks.ts';

/**
 * The synthetic lab every raw output is derived from: sites, hosts (Proxmox nodes and Docker
 * hosts, most of them VMs on those nodes), containers from real-looking Compose stacks. Each
 * source's raw output is a view of this one plan, so the sources agree the way real ones do,
 * including the small disagreements (drift) that real inventories have.
 */
export interface LabSize {
  hosts: number;
  sites: number;
  containers: number;
  seed: string;
}

export interface PlannedContainer {
  name: string;
  project: string;
  spec: ServiceSpec;
  status: 'running' | 'exited';
}

export interface PlannedHost {
  name: string;
  site: string;
  rack: string;
  ip: string;
  role: 'pve' | 'docker';
  /** A Docker host that is a QEMU guest of one of its site's Proxmox nodes. */
  vm?: { node: string; vmid: number };
  containers: PlannedContainer[];
  /** Listed in NetBox (a few live hosts are not: drift). */
  inNetbox: boolean;
  /** On the tailnet. */
  tailscale: boolean;
}

export interface PlannedSite {
  slug: string;
  name: string;
  /** Second octet of the site's 10.x.0.0/16. */
  octet: number;
  cluster: string;
}

export interface LabPlan {
  size: LabSize;
  sites: PlannedSite[];
  hosts: PlannedHost[];
  /** NetBox devices no live source sees any more (decommissioned, never removed: drift). */
  retired: { name: string; site: string; ip: string }[];
  /** The machine `tailscale status` was run on. */
  tailscaleSelf: string;
}

const CITIES = ['ams', 'fra', 'lon', 'par', 'mad', 'mil', 'sto', 'waw', 'vie', 'zrh', 'dub', 'bru', 'cph', 'hel', 'osl', 'lis', 'prg', 'buc', 'ath', 'sof', 'nyc', 'sfo', 'sea', 'chi', 'tor'];
const ROLES = ['app', 'web', 'db', 'cache', 'ci', 'mon', 'edge', 'batch', 'stor', 'mq'];

/** `n` split into `parts` near-equal integers, larger ones first. */
export function spread(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

function containersFor(quota: number, rng: Random): PlannedContainer[] {
  const out: PlannedContainer[] = [];
  const addStack = (project: string, services: ServiceSpec[]) => {
    for (const spec of services) {
      if (out.length >= quota) return;
      out.push({ name: `${project}-${spec.service}-1`, project, spec, status: rng.chance(0.03) ? 'exited' : 'running' });
    }
  };
  addStack(MONITORING.project, MONITORING.services);
  for (const stack of rng.shuffle(STACKS)) {
    if (out.length >= quota) break;
    addStack(stack.project, stack.services);
  }
  // More than the catalogue holds: extra workers of the busiest kind, as scaled-out services are.
  for (let i = 2; out.length < quota; i++) {
    out.push({ name: `queue-worker-${i}`, project: 'queue', spec: STACKS.find((s) => s.project === 'queue')!.services[1]!, status: 'running' });
  }
  if (out.length > quota) out.length = quota;
  return out;
}

export function planLab(size: LabSize): LabPlan {
  const rng = createRandom(`${size.seed}/lab`);
  const sites: PlannedSite[] = Array.from({ length: size.sites }, (_, i) => {
    const city = CITIES[i % CITIES.length]!;
    const slug = `${city}${Math.floor(i / CITIES.length) + 1}`;
    return { slug, name: `${city.toUpperCase()} ${Math.floor(i / CITIES.length) + 1}`, octet: 16 + (i % 200), cluster: `pve-${slug}` };
  });
  const hosts: PlannedHost[] = [];
  const perSite = spread(size.hosts, size.sites);
  sites.forEach((site, s) => {
    const count = perSite[s]!;
    const nodes = Math.max(1, Math.min(count - 1, Math.round(count * 0.06)));
    let vmid = 100;
    for (let i = 0; i < count; i++) {
      const pve = i < nodes;
      const name = pve ? `${site.slug}-pve${String(i + 1).padStart(2, '0')}` : `${site.slug}-${ROLES[i % ROLES.length]}${String(i - nodes + 1).padStart(4, '0')}`;
      const ip = `10.${site.octet}.${Math.floor(i / 250)}.${(i % 250) + 2}`;
      const host: PlannedHost = {
        name, site: site.slug, rack: `r${String(Math.floor(i / 40) + 1).padStart(2, '0')}`, ip, role: pve ? 'pve' : 'docker',
        containers: [], inNetbox: pve || !rng.chance(0.01), tailscale: pve || rng.chance(0.1),
      };
      // Two in three Docker hosts are VMs: the guest and the machine are one entity after merge.
      if (!pve && nodes > 0 && rng.chance(0.66)) host.vm = { node: `${site.slug}-pve${String(((i - nodes) % nodes) + 1).padStart(2, '0')}`, vmid: vmid++ };
      hosts.push(host);
    }
  });
  const dockerHosts = hosts.filter((h) => h.role === 'docker');
  const quotas = spread(size.containers, Math.max(1, dockerHosts.length));
  dockerHosts.forEach((h, i) => (h.containers = containersFor(quotas[i] ?? 0, rng)));
  const retired = Array.from({ length: Math.ceil(size.hosts / 100) }, (_, i) => {
    const site = sites[i % sites.length]!;
    return { name: `${site.slug}-old${String(i + 1).padStart(3, '0')}`, site: site.slug, ip: `10.${site.octet}.250.${(i % 250) + 2}` };
  });
  return { size, sites, hosts, retired, tailscaleSelf: 'ops-laptop' };
}

/** Counts a test can check the replayed snapshots against. */
export function planCounts(plan: LabPlan) {
  const containers = plan.hosts.reduce((n, h) => n + h.containers.length, 0);
  return {
    hosts: plan.hosts.length,
    pveNodes: plan.hosts.filter((h) => h.role === 'pve').length,
    dockerHosts: plan.hosts.filter((h) => h.role === 'docker').length,
    vms: plan.hosts.filter((h) => h.vm).length,
    containers,
    tailscalePeers: plan.hosts.filter((h) => h.tailscale).length,
    netboxDevices: plan.hosts.filter((h) => h.inNetbox && !h.vm).length + plan.retired.length,
    netboxVms: plan.hosts.filter((h) => h.inNetbox && h.vm).length,
  };
}
