import type { LabEntity } from './lab-content.ts';
import { formatDate } from './format.ts';

interface Mount { type: string; source: string; destination: string; readOnly?: boolean }

/** For each container mount: what holds the data, and whether (and when last) it is backed up. */
export function mountsWithBackups(container: LabEntity, byId: Map<string, LabEntity>) {
  const mounts = (container.attributes.mounts as Mount[] | undefined) ?? [];
  return mounts.map((m) => {
    const store = container.out.filter((e) => e.type === 'stores-on').map((e) => byId.get(e.to)).find((s) => s && (s.name === m.source || s.attributes.hostPath === m.source));
    const backups = (store?.out ?? []).filter((e) => e.type === 'backed-up-by').map((e) => byId.get(e.to)).filter((b): b is LabEntity => !!b);
    const latest = backups.map((b) => String(b.attributes.latest ?? '')).filter(Boolean).sort().pop();
    return { ...m, store, backups, latest: latest ? formatDate(new Date(latest)) : null };
  });
}

/** When Ansible gathered a host's facts, and whether that is older than the source allows. */
function factsAge(value: unknown): string | undefined {
  const age = value as { gatheredAt?: string; stale?: boolean } | undefined;
  if (!age?.gatheredAt) return undefined;
  return `${formatDate(new Date(age.gatheredAt))}${age.stale ? ' (stale: older than the source allows)' : ''}`;
}

/** Facts worth a row of their own on an entity page; the rest go in the "all facts" table. */
export function headlineFacts(e: LabEntity): [string, string][] {
  const a = e.attributes as Record<string, unknown>;
  const rows: [string, unknown][] = [
    ['Image', a.image], ['Image digest', a.imageDigest], ['Restart policy', (a.restartPolicy as { name?: string } | undefined)?.name],
    ['Persistence', a.persistence], ['OS', (a.os as { name?: string } | undefined)?.name ?? a.os], ['Kernel', a.kernel],
    ['Memory', typeof a.memoryBytes === 'number' ? `${(a.memoryBytes / 2 ** 30).toFixed(1)} GiB` : undefined],
    ['Upstreams', Array.isArray(a.upstreams) ? a.upstreams.join(', ') : undefined], ['Latest backup', a.latest], ['Path', a.hostPath ?? a.path],
    ['Last scrape error', a.lastError || undefined],
    ['Unreachable', (a.unreachable as { message?: string } | undefined)?.message],
    ['Virtualization', a.virtualization ? Object.values(a.virtualization as Record<string, string>).join(' ') : undefined],
    ['Facts gathered', factsAge(a.factsAge)],
  ];
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
