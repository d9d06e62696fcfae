import { isIP } from 'node:net';
import type { Entity } from '../../schemas/lab.ts';

/** Lower-case, no trailing dot, no domain (`NAS.lab.example.` → `nas`); addresses unchanged. */
export function normalizeHostName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  return isIP(n) ? n : (n.split('.')[0] ?? n);
}

/** Addresses every machine has: never evidence that two sightings are the same machine. */
export function isSharedAddress(a: string): boolean {
  return /^(127\.|0\.0\.0\.0$|::1$|::$|fe80:|169\.254\.)/i.test(a) || a === 'localhost';
}

/** The host part of an id (`container:nas/pihole` → `nas`), and a function to put another host in. */
export function hostOf(id: string): { host: string; rebuild: (host: string) => string } | null {
  const m =
    /^(host):(.+)$/.exec(id) ??
    /^(container|volume|network|vm):([^/]+)(\/.*)$/.exec(id) ??
    /^(bind-mount):([^:]+)(:.*)$/.exec(id) ??
    /^(backup:[^:]+:.*\/)([^/:]+)(:.*)$/.exec(id);
  if (!m) return null;
  const [, head, host, rest = ''] = m;
  const sep = head!.endsWith('/') ? '' : ':';
  return { host: host!, rebuild: (h: string) => `${head}${sep}${h}${rest}` };
}

/**
 * Decides which host entities are one machine: the same normalised name, a shared address or
 * FQDN, or an alias from `sources.yaml`. Returns old host id → canonical host id.
 */
export function unifyHosts(hosts: Entity[], configured: Record<string, string[]>): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)].sort();
    if (ra !== rb) parent.set(rb!, ra!);
  };
  const byKey = new Map<string, string>();
  const claim = (key: string, id: string) => {
    const k = key.toLowerCase();
    if (byKey.has(k)) union(byKey.get(k)!, id);
    else byKey.set(k, id);
  };
  for (const h of hosts) parent.set(h.id, h.id);
  // Configured aliases first, so the canonical name from sources.yaml wins the id.
  for (const [canonical, aliases] of Object.entries(configured)) {
    const id = `host:${normalizeHostName(canonical)}`;
    if (!parent.has(id)) parent.set(id, id);
    for (const a of [canonical, ...aliases]) {
      claim(normalizeHostName(a), id);
      claim(a, id);
    }
  }
  for (const h of hosts) {
    claim(normalizeHostName(h.name), h.id);
    claim(h.id.slice('host:'.length), h.id);
    for (const a of h.aliases) if (!isSharedAddress(a)) claim(isIP(a) ? a : normalizeHostName(a), h.id);
  }
  const configuredIds = new Set(Object.keys(configured).map((c) => `host:${normalizeHostName(c)}`));
  // Within each group, a configured canonical name beats alphabetical order.
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const members = groups.get(root);
    if (members) members.push(id);
    else groups.set(root, [id]);
  }
  const result = new Map<string, string>();
  for (const members of groups.values()) {
    const canonical = members.find((m) => configuredIds.has(m)) ?? [...members].sort()[0]!;
    for (const m of members) result.set(m, canonical);
  }
  return result;
}
