import { isPseudo, type Filesystem } from '../linux-host/filesystems.ts';
import type { OsInfo } from '../linux-host/system.ts';
import { isObject, NOT_A_DISK, type Facts } from './facts.ts';

/** Host attributes from facts, in linux-host's shapes so both sources describe a host alike. */

/** Ansible writes `NA` (or `N/A`, `unknown`) where a fact could not be read. */
export function fact(facts: Facts, key: string): string | null {
  const v = facts[`ansible_${key}`];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' || /^(NA|N\/A|unknown)$/i.test(t) ? null : t;
}

function num(facts: Facts, key: string): number | null {
  const n = Number(fact(facts, key));
  return fact(facts, key) !== null && Number.isFinite(n) ? n : null;
}

/** Ansible's distribution names → os-release IDs where they differ (what linux-host reports). */
const OS_IDS: Record<string, string> = { redhat: 'rhel', amazon: 'amzn', oraclelinux: 'ol', archlinux: 'arch', 'opensuse leap': 'opensuse-leap', 'opensuse tumbleweed': 'opensuse-tumbleweed' };

export function osOf(facts: Facts): OsInfo {
  const name = fact(facts, 'distribution') ?? fact(facts, 'os_name') ?? fact(facts, 'system');
  const lower = name?.toLowerCase() ?? null;
  return {
    id: lower === null ? null : (OS_IDS[lower] ?? lower.replace(/\s+/g, '-')),
    name,
    version: fact(facts, 'distribution_version') ?? fact(facts, 'distribution_major_version'),
  };
}

/** CPU vendor ids that `ansible_processor` lists before the model name. */
const VENDOR = /^(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls|GenuineTMx86|Shanghai|VIA VIA VIA)$/;

export function cpuOf(facts: Facts): { model: string | null; cores: number | null } {
  const list = Array.isArray(facts['ansible_processor']) ? facts['ansible_processor'].filter((x): x is string => typeof x === 'string') : [];
  const model = list.find((x) => !/^\d+$/.test(x) && !VENDOR.test(x.trim()))?.trim() ?? null;
  // Logical CPUs, like linux-host's count of /proc/cpuinfo `processor` lines.
  const product = [num(facts, 'processor_count'), num(facts, 'processor_cores'), num(facts, 'processor_threads_per_core')];
  const cores = num(facts, 'processor_vcpus') ?? num(facts, 'processor_nproc') ?? (product.every((n) => n !== null) ? product.reduce((a, b) => a! * b!, 1) : null);
  return { model, cores };
}

/** `ansible_memtotal_mb` is MemTotal in MiB (rounded down). */
export function memoryBytesOf(facts: Facts): number | null {
  const mb = num(facts, 'memtotal_mb');
  return mb === null ? null : mb * 1024 * 1024;
}

export interface Disk {
  name: string;
  sizeBytes: number | null;
  model: string | null;
}

const UNITS: Record<string, number> = { bytes: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

function deviceBytes(d: Record<string, unknown>): number | null {
  // `sectors` is /sys/block/X/size: always 512-byte units, whatever the logical sector size.
  const sectors = Number(d['sectors']);
  if (d['sectors'] !== undefined && d['sectors'] !== '' && Number.isFinite(sectors)) return sectors * 512;
  const m = typeof d['size'] === 'string' ? /^([\d.]+)\s*([a-z]+)$/i.exec(d['size'].trim()) : null;
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? Math.round(Number(m[1]) * unit) : null;
}

export function disksOf(facts: Facts): Disk[] {
  const devices = facts['ansible_devices'];
  if (!isObject(devices)) return [];
  return Object.entries(devices)
    .filter(([name, d]) => !NOT_A_DISK.test(name) && isObject(d))
    .map(([name, d]) => {
      const dev = d as Record<string, unknown>;
      const model = typeof dev['model'] === 'string' ? dev['model'].trim() : '';
      return { name, sizeBytes: deviceBytes(dev), model: model && model !== 'NA' ? model : null };
    })
    .filter((d) => d.sizeBytes !== 0) // an empty CD drive or card reader
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Docker bind-mounts these files into every container; Ansible lists them as mounts. */
const CONTAINER_FILES = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);

export function filesystemsOf(facts: Facts): Filesystem[] {
  const mounts = Array.isArray(facts['ansible_mounts']) ? facts['ansible_mounts'].filter(isObject) : [];
  const byMount = new Map<string, Filesystem>();
  for (const m of mounts) {
    const mount = typeof m['mount'] === 'string' ? m['mount'] : null;
    const fstype = typeof m['fstype'] === 'string' ? m['fstype'] : '';
    if (!mount || isPseudo(fstype) || CONTAINER_FILES.has(mount)) continue;
    const size = typeof m['size_total'] === 'number' ? m['size_total'] : null;
    const available = typeof m['size_available'] === 'number' ? m['size_available'] : null;
    // statvfs: used = total - available to non-root, so it includes ext4's reserved blocks (df's Used does not).
    byMount.set(mount, { source: typeof m['device'] === 'string' ? m['device'] : '', mount, fstype, sizeBytes: size, usedBytes: size !== null && available !== null ? size - available : null });
  }
  return [...byMount.values()].sort((a, b) => (a.mount < b.mount ? -1 : a.mount > b.mount ? 1 : 0));
}

/** `{role: guest, type: kvm}`; nothing when Ansible could not tell (`NA`). */
export function virtualizationOf(facts: Facts): { role: string; type: string } | null {
  const role = fact(facts, 'virtualization_role');
  const type = fact(facts, 'virtualization_type');
  return role && type ? { role, type } : null;
}

/** The hypervisor a guest names in the custom fact `ansible_local.scarbook.hypervisor`, if any. */
export function hypervisorOf(facts: Facts): string | null {
  const local = facts['ansible_local'];
  const h = isObject(local) && isObject(local['scarbook']) ? local['scarbook']['hypervisor'] : null;
  return typeof h === 'string' && h.trim() ? h.trim() : null;
}

/** When the facts were gathered: `ansible_date_time.epoch`, else its iso8601, else the file's mtime. */
export function gatheredAt(facts: Facts, mtime: string | null): string | null {
  const dt = isObject(facts['ansible_date_time']) ? facts['ansible_date_time'] : {};
  const epoch = Number(dt['epoch']);
  if (/^\d+$/.test(String(dt['epoch'])) && epoch > 0) return new Date(epoch * 1000).toISOString();
  const iso = typeof dt['iso8601'] === 'string' ? Date.parse(dt['iso8601']) : NaN;
  if (Number.isFinite(iso)) return new Date(iso).toISOString();
  return mtime;
}
