import type { RawOutput } from '../../lab/collector.ts';
import type { Random } from '../random.ts';
import type { LabPlan, PlannedSite } from './plan.ts';

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;
const GiB = 1024 ** 3;

/**
 * `/cluster/status`, `/cluster/resources`, `/cluster/ha/resources` and `/cluster/backup` of one
 * site's Proxmox VE cluster, as the API answers them (the shape of the go-proxmox recording in
 * scripts/lab/sources/__recorded__/proxmox, usage counters included: parse must ignore them).
 */
export function proxmoxRaw(plan: LabPlan, site: PlannedSite, rng: Random): RawOutput {
  const nodes = plan.hosts.filter((h) => h.site === site.slug && h.role === 'pve');
  const guests = plan.hosts.filter((h) => h.site === site.slug && h.vm);
  const status = [
    { type: 'cluster', version: 4 + nodes.length, quorate: 1, name: site.cluster, id: 'cluster', nodes: nodes.length },
    ...nodes.map((n, i) => ({ name: n.name, nodeid: i + 1, id: `node/${n.name}`, online: 1, type: 'node', ip: n.ip, local: i === 0 ? 1 : 0, level: '' })),
  ];
  const resources = [
    ...guests.map((g) => {
      const maxmem = rng.pick([4, 8, 16]) * GiB;
      const running = rng.chance(0.97);
      return {
        id: `qemu/${g.vm!.vmid}`, type: 'qemu', vmid: g.vm!.vmid, name: g.name, node: g.vm!.node, status: running ? 'running' : 'stopped', template: 0,
        maxcpu: rng.pick([2, 4, 8]), maxmem, maxdisk: rng.pick([32, 64, 128]) * GiB, cpu: running ? Number(rng.next().toFixed(4)) : 0,
        mem: running ? Math.floor(maxmem * rng.next()) : 0, disk: 0, diskread: rng.int(0, 1e10), diskwrite: rng.int(0, 1e10),
        netin: rng.int(0, 1e10), netout: rng.int(0, 1e10), uptime: running ? rng.int(1000, 9e6) : 0, tags: rng.pick(['', 'docker', 'docker;prod', 'docker;staging']),
      };
    }),
    ...nodes.map((n) => ({
      id: `node/${n.name}`, type: 'node', node: n.name, status: 'online', level: '', 'cgroup-mode': 2, maxcpu: 64, maxmem: 512 * GiB,
      maxdisk: 960 * GiB, cpu: Number(rng.next().toFixed(4)), mem: rng.int(64, 400) * GiB, disk: rng.int(5, 50) * GiB, uptime: rng.int(1e5, 9e6),
    })),
    ...nodes.flatMap((n) => [
      { id: `storage/${n.name}/local`, type: 'storage', storage: 'local', node: n.name, status: 'available', plugintype: 'dir', shared: 0, content: 'iso,vztmpl,backup', maxdisk: 100 * GiB, disk: rng.int(1, 90) * GiB },
      { id: `storage/${n.name}/local-zfs`, type: 'storage', storage: 'local-zfs', node: n.name, status: 'available', plugintype: 'zfspool', shared: 0, content: 'images,rootdir', maxdisk: 860 * GiB, disk: rng.int(10, 800) * GiB },
      { id: `storage/${n.name}/pbs`, type: 'storage', storage: 'pbs', node: n.name, status: 'available', plugintype: 'pbs', shared: 1, content: 'backup', maxdisk: 20000 * GiB, disk: rng.int(100, 19000) * GiB },
    ]),
  ];
  const ha = guests.filter((_, i) => i % 5 === 0).map((g) => ({ sid: `vm:${g.vm!.vmid}`, state: 'started', group: `${site.slug}-ha`, type: 'vm', digest: rng.hex(40) }));
  const backup = [{ id: `backup-${rng.hex(8)}-${rng.hex(4)}`, type: 'vzdump', schedule: '02:30', storage: 'pbs', all: 1, enabled: 1, mode: 'snapshot', 'notes-template': '{{guestname}}' }];
  return {
    'backup-jobs.json': json({ data: backup }),
    'cluster-resources.json': json({ data: resources }),
    'cluster-status.json': json({ data: status }),
    'ha-resources.json': json({ data: ha }),
  };
}
