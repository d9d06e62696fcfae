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

/** A route's TLS certificate in one line: "expiring: until 2026-12-01, issued by R11". */
function certificate(value: unknown): string | undefined {
  const c = value as { expiry?: string; validTo?: string; issuer?: string | null; selfSigned?: boolean; trusted?: boolean; error?: string } | undefined;
  if (!c) return undefined;
  if (!c.validTo) return c.error ? `no certificate read: ${c.error}` : undefined;
  const trust = c.selfSigned ? ', self-signed' : c.trusted === false ? ', not trusted here' : '';
  return `${c.expiry ?? 'unknown'}: valid until ${formatDate(new Date(c.validTo))}, issued by ${c.issuer ?? 'unknown'}${trust}`;
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
    ['Certificate', certificate(a.certificate)],
  ];
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
